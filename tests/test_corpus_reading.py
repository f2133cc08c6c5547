"""What a reader meets on a 300-report site made by scripts/corpus.py (districts named alike in
different cities, figures that vary by bureau and year), in chromium at a phone's width."""

from __future__ import annotations

import functools
import importlib.util
import threading
from pathlib import Path

import pytest

from generator.build import build
from generator.serve import SiteHandler, SiteServer

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
MEASURES = ("mediation-success-rate", "total-expenditure", "legal-aid-cases", "self-assessed-score")


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "scripts/corpus.py")
    assert spec and spec.loader
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    where = tmp_path_factory.mktemp("corpus300")
    corpus.make_corpus(where / "content", 300)
    build(where / "content", where / "site")
    server = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(where / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("measure", MEASURES)
def test_a_measure_page_is_chart_first_and_short_on_a_phone(page, corpus_site, measure):
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(f"{corpus_site}/compare/{measure}/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 8000, f"{measure}: {height}px at 375px"
    chart = page.locator("figure.over-time")
    assert chart.bounding_box()["y"] < 900  # on the first screen
    assert chart.locator("circle.dot").count() > 50 and chart.locator("polyline.median-line").count() >= 1
    grid = page.locator("details.by-year")
    assert grid.get_attribute("open") is None  # one click away, and whole
    grid.locator("summary").click()
    assert page.locator("#compare-table tbody tr").count() >= 40


def test_no_table_or_chart_prints_two_bureaus_alike(page, corpus_site):
    for measure in MEASURES:
        page.goto(f"{corpus_site}/compare/{measure}/")
        for table in page.locator("table").all():  # folded tables too: what they hold, shown or not
            names = table.evaluate("t => [...t.querySelectorAll('tbody th[scope=row]')].map(h => h.textContent.trim())")
            assert len(names) == len(set(names)), (measure, [n for n in names if names.count(n) > 1][:3])
        page.locator("details.charts summary").click()
        for chart in page.locator("figure.chart:not(.over-time)").all():
            labels = chart.evaluate("f => [...f.querySelectorAll('text.chart-label')].map(t => t.textContent)")
            assert len(labels) == len(set(labels)), measure


def test_the_money_comparison_is_a_page_a_year_on_a_large_site(page, corpus_site):
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(f"{corpus_site}/compare/money/")
    years = page.locator("ul.year-links a")
    assert years.count() >= 5
    years.first.click()
    page.wait_for_url("**/compare/money/20*/")
    page.wait_for_selector("#money-table")
    assert page.evaluate("document.documentElement.scrollHeight") < 8000
    overflow = page.evaluate("(() => { const w = document.querySelector('#money-table').closest('.table-wrap');"
                             " return w.scrollWidth - w.clientWidth; })()")
    assert overflow <= 0


def test_a_report_says_where_its_figure_stands_as_the_comparison_does(page, corpus_site):
    page.goto(f"{corpus_site}/compare/mediation-success-rate/")
    cell = page.locator("#latest-table td.num", has=page.locator("small.position")).first
    position = cell.locator("small.position").inner_text()
    assert position.startswith(("高于同级中位数", "低于同级中位数", "等于同级中位数"))
    link = cell.locator("a").first.get_attribute("href")
    page.goto(corpus_site + link)
    row = page.locator(f"#{link.split('#')[1]}")
    assert row.locator("small.position").inner_text() == position
    row.locator("a.compare-link").click()
    page.wait_for_url("**/compare/mediation-success-rate/?bureau=*#bureau-*")
    assert page.locator("tr:target small.position").inner_text() == position
