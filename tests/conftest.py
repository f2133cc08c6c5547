"""Shared fixtures: one real build of the fixed test corpus, served on localhost for the browser.

Tests build tests/fixtures/content, never content/: an editor who adds a valid report
must not turn the suite red. test_content.py checks content/ by invariants alone.
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path

import pytest

from generator.build import build
from generator.serve import SiteHandler, SiteServer

from .fixtures_support import FIXTURE_CONTENT


@pytest.fixture(scope="session", autouse=True)
def validation_cache(tmp_path_factory):
    """Validation caches go to a temporary folder, never the tester's own ~/.cache."""
    os.environ["DISCLOSURE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The fixture corpus, built once, search index included."""
    out = tmp_path_factory.mktemp("built") / "site"
    build(FIXTURE_CONTENT, out, base="/", site_url="https://example.org")
    return out


@pytest.fixture(scope="session")
def site_url(built_site):
    handler = functools.partial(SiteHandler, directory=str(built_site))
    server = SiteServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()
