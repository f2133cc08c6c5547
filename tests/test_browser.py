"""What only a browser shows: search, filters, and report tables, in Debian chromium."""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

TERMS = ["法律援助", "行政复议", "荔湾", "调解成功率"]


class _BodyText(HTMLParser):
    """What Pagefind indexes: text inside data-pagefind-body, less nav and ignored parts."""

    VOID = {"br", "img", "input", "meta", "link", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[bool, bool]] = []  # (inside body, inside ignored)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        body, ignored = self.stack[-1] if self.stack else (False, False)
        names = {name for name, _ in attrs}
        self.stack.append((body or "data-pagefind-body" in names,
                           ignored or tag == "nav" or "data-pagefind-ignore" in names))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == (True, False):
            self.parts.append(data)


def report_texts(site: Path) -> dict[str, str]:
    texts = {}
    for page in sorted(site.glob("reports/*/*/index.html")):
        parser = _BodyText()
        parser.feed(page.read_text("utf-8"))
        texts["/" + str(page.parent.relative_to(site)) + "/"] = "".join(parser.parts)
    return texts


def ui_results(page, site_url: str, term: str) -> list[str]:
    page.goto(f"{site_url}/search/?q={term}")
    page.wait_for_selector(".pagefind-ui__result-link, .pagefind-ui__message:has-text('没有找到')")
    more = page.locator(".pagefind-ui__button:has-text('更多')")
    while more.count():
        shown = page.locator(".pagefind-ui__result").count()
        more.click()
        # The next page of results arrives asynchronously: wait for it before looking again.
        page.wait_for_function("n => document.querySelectorAll('.pagefind-ui__result').length > n", arg=shown)
    # Each result fills in its link once its fragment has loaded.
    page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__result').length"
                           " === document.querySelectorAll('.pagefind-ui__result-link').length")
    links = page.locator(".pagefind-ui__result-link")
    return [links.nth(i).get_attribute("href") for i in range(links.count())]


@pytest.mark.parametrize("term", TERMS)
def test_search_finds_every_report_containing_the_term(page, site_url, built_site, term):
    texts = report_texts(built_site)
    expected = {url for url, text in texts.items() if term in text}
    assert expected, f"no report contains {term}; the test would prove nothing"
    found = ui_results(page, site_url, term)
    assert expected <= set(found)
    without_term = [url for url in found if term not in texts.get(url, "")]
    print(f"\n[search] {term}: {len(expected)} pages contain it, {len(found)} results, "
          f"{len(without_term)} without the term")


def test_search_recall_on_random_terms(page, site_url, built_site):
    """300 substrings of 2–4 characters drawn from the reports: every containing page is found."""
    texts = report_texts(built_site)
    runs = re.findall(r"[\u4e00-\u9fff]{2,}", "".join(texts.values()))
    rng = random.Random(2024)
    terms: set[str] = set()
    while len(terms) < 300:
        run, n = rng.choice(runs), rng.choice([2, 2, 3, 4])
        if len(run) >= n:
            start = rng.randrange(len(run) - n + 1)
            terms.add(run[start:start + n])
    page.goto(f"{site_url}/search/")
    results = page.evaluate("""async (terms) => {
        const pagefind = await import('/pagefind/pagefind.js');
        await pagefind.init();
        const out = {};
        for (const term of terms) {
            const search = await pagefind.search(term);
            out[term] = (await Promise.all(search.results.map(r => r.data()))).map(d => d.url);
        }
        return out;
    }""", sorted(terms))
    missed = {t: sorted({u for u, text in texts.items() if t in text} - set(results[t])) for t in terms}
    missed = {t: urls for t, urls in missed.items() if urls}
    extra = sum(1 for t in terms for u in results[t] if t not in texts.get(u, ""))
    hits = sum(1 for t in terms for text in texts.values() if t in text)
    print(f"\n[search] random terms: {len(terms)} terms, {hits} expected hits, "
          f"{sum(map(len, missed.values()))} missed, {extra} results without the term")
    assert missed == {}


def test_filters_narrow_the_results(page, site_url, built_site):
    containing = [u for u, text in report_texts(built_site).items() if "法律援助" in text]
    assert len(containing) > 1
    assert set(ui_results(page, site_url, "法律援助")) == set(containing)
    page.locator(".pagefind-ui__filter-name:has-text('机构')").click()
    page.locator("label:has-text('荔湾区司法局')").click()
    liwan = sorted(u for u in containing if u.startswith("/reports/guangzhou-liwan/"))
    page.wait_for_function(f"document.querySelectorAll('.pagefind-ui__result-link').length === {len(liwan)}")
    links = page.locator(".pagefind-ui__result-link")
    assert sorted(links.nth(i).get_attribute("href") for i in range(links.count())) == liwan
    page.locator(".pagefind-ui__filter-name:has-text('年度')").click()
    page.locator("label:has-text('2024')").click()
    page.wait_for_selector(".pagefind-ui__message:has-text('没有找到')")
    assert page.locator(".pagefind-ui__result-link").count() == 0


def test_home_search_box_leads_to_results(page, site_url, built_site):
    containing = {u for u, text in report_texts(built_site).items() if "荔湾" in text}
    page.goto(site_url + "/")
    page.fill("#home-q", "荔湾")
    page.click(".search-form button")
    page.wait_for_selector(".pagefind-ui__result-link")
    assert page.url.endswith("/search/?q=%E8%8D%94%E6%B9%BE")
    assert set(ui_results(page, site_url, "荔湾")) == containing


@pytest.mark.parametrize("width", [1280, 375])
def test_report_page_shows_figures_in_tables(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + "/reports/guangzhou-liwan/2023-self-evaluation/")
    row = page.locator("#fig-current-year-expenditure")
    assert row.locator("th").inner_text() == "本年支出"
    assert row.locator("td.num").inner_text() == "6,928.97"
    assert page.locator("#fig-mediation-success-rate td.num").inner_text() == "99.94"
    assert page.locator("table.indicators .status-met").inner_text().strip().endswith("已达成")
    assert page.locator("#check-current-year-expenditure").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px at {width}px"


def column_values(page, table_id, index):
    return page.eval_on_selector_all(
        f"#{table_id} tbody tr", f"rows => rows.map(r => r.cells[{index}].textContent.trim().split(/\\s/)[0])")


def test_sorting_a_comparison_table(page, site_url):
    page.goto(site_url + "/compare/money/")
    header = page.locator("#money-table thead th").nth(3)  # 支出总额（万元）
    assert header.get_attribute("aria-sort") is None
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    values = column_values(page, "money-table", 3)
    numbers = [float(v.replace(",", "")) for v in values if v != "未披露"]
    assert numbers == sorted(numbers) and len(numbers) >= 2
    assert values[len(numbers):] == ["未披露"] * (len(values) - len(numbers))  # gaps last
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    values = column_values(page, "money-table", 3)
    numbers = [float(v.replace(",", "")) for v in values if v != "未披露"]
    assert numbers == sorted(numbers, reverse=True)
    assert values[len(numbers):] == ["未披露"] * (len(values) - len(numbers))  # still last
    assert page.locator("#money-table thead th[aria-sort]").count() == 1


def test_tables_work_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/compare/mediation-success-rate/")
    assert page.locator("#compare-table tbody tr").count() >= 2
    assert page.locator("#compare-table button").count() == 0
    disclosed = page.locator("#compare-table td.num:not(.gap)").count()
    assert disclosed >= 2
    assert page.locator(".chart svg rect").count() == disclosed  # the chart is drawn without scripts
    context.close()


def test_a_sharded_index_finds_the_same_pages(page, tmp_path, monkeypatch):
    """A large site is indexed in shards merged in the browser: the same search, the same results."""
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    from generator.build import build
    from generator.outputs import search
    from generator.serve import SiteHandler

    from .fixtures_support import FIXTURE_CONTENT

    monkeypatch.setattr(search, "SHARD_PAGES", 2)
    out = tmp_path / "site"
    build(FIXTURE_CONTENT, out)
    bundles = sorted(p.parent.name for p in (out / "pagefind").glob("*/pagefind-entry.json"))
    assert len(bundles) >= 4 and not (out / "pagefind/pagefind-entry.json").exists()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        texts = report_texts(out)
        for term in TERMS:
            expected = {u for u, text in texts.items() if term in text}
            assert expected and expected <= set(ui_results(page, url, term)), term
    finally:
        server.shutdown()
        server.server_close()
