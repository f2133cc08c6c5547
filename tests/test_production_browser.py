"""The built site behind its production headers: search works and the CSP reports nothing."""

from __future__ import annotations

import functools
import threading

import pytest

from generator.build import build
from generator.serve import SiteServer

from .fixtures_support import FIXTURE_CONTENT
from .netlify_support import production_handler

pytestmark = pytest.mark.browser


def serve(directory, prefix=""):
    handler = production_handler(str(directory))
    if prefix:
        class SubPath(handler.func):
            def translate_path(self, path):
                return super().translate_path(path.removeprefix(prefix.rstrip("/")) or "/")
        handler = functools.partial(SubPath, directory=str(directory))
    server = SiteServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


@pytest.fixture(scope="module")
def production(built_site):
    server, url = serve(built_site)
    yield url
    server.shutdown()
    server.server_close()


def watch_console(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def test_search_and_sorting_work_under_the_production_csp(page, production):
    problems = watch_console(page)
    response = page.goto(production + "/search/?q=法律援助")
    assert "script-src 'self';" in response.headers["content-security-policy"]  # no WebAssembly, no eval
    page.wait_for_selector("#results[aria-busy=false]", state="attached")  # results arrive one by one
    assert page.locator(".result-title a").count() >= 2
    assert page.locator(".result mark").count() >= 2  # excerpts built and marked under the CSP
    page.goto(production + "/compare/mediation-cases/")
    page.locator("details.by-year summary").click()  # the year grid is one click away
    page.locator("#compare-table thead th").nth(0).locator("button").click()
    assert page.locator("#compare-table thead th").nth(0).get_attribute("aria-sort") == "ascending"
    for path in ["/", "/reports/zhanjiang/2020-self-evaluation/", "/bureaus/", "/data/", "/no/such/page/"]:
        page.goto(production + path)
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    assert not [p for p in problems if "404" not in p], problems


def test_search_and_links_work_under_a_sub_path(page, tmp_path):
    out = tmp_path / "site"
    build(FIXTURE_CONTENT, out, base="/jixiao/")
    server, url = serve(out, "/jixiao/")
    try:
        problems = watch_console(page)
        page.goto(url + "search/?q=荔湾")
        page.wait_for_selector("#results[aria-busy=false]", state="attached")  # its first page of results, whole
        links = page.locator(".result-title a")
        hrefs = [links.nth(i).get_attribute("href").split("?")[0] for i in range(links.count())]
        assert {"/jixiao/bureaus/guangzhou-liwan/", "/jixiao/reports/guangzhou-liwan/2022-self-evaluation/",
                "/jixiao/reports/guangzhou-liwan/2023-self-evaluation/"} <= set(hrefs)
        assert all(h.startswith(("/jixiao/bureaus/guangzhou-liwan/", "/jixiao/reports/guangzhou-liwan/"))
                   for h in hrefs)
        link = links.nth(hrefs.index("/jixiao/reports/guangzhou-liwan/2023-self-evaluation/"))
        link.click()
        page.wait_for_selector("h1")
        assert "荔湾区司法局" in page.locator("h1").inner_text()
        assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px"  # CSS loaded
        assert not problems, problems
    finally:
        server.shutdown()
        server.server_close()
