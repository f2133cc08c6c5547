"""Reading the site on a 375 px phone and a 1280 px screen, in Debian chromium: axe finds no
serious or critical problem, and the width rules hold (labels keep 4 characters a line,
numbers never break, number columns line up, chart text stays readable, wide tables scroll
by keyboard). Screenshots of every page and width are kept in the test's temporary folder."""

from __future__ import annotations

import json

import pytest

from generator.paths import PROJECT_ROOT

pytestmark = pytest.mark.browser

AXE = (PROJECT_ROOT / "node_modules/axe-core/axe.min.js").read_text("utf-8")
PAGES = [
    "/",
    "/reports/guangzhou-liwan/2023-self-evaluation/",
    "/reports/zhanjiang/2020-self-evaluation/",
    "/reports/guangzhou/2024-budget-targets/",
    "/reports/guangzhou-zengcheng/2022-evaluation/",
    "/reports/guangzhou-liwan/2023-self-evaluation/original/",
    "/bureaus/",
    "/bureaus/guangzhou-liwan/",
    "/compare/",
    "/compare/mediation-success-rate/",
    "/compare/legal-aid-cases/",
    "/compare/money/",
    "/compare/indicators/",
    "/data/",
    "/about/",
    "/search/",
]
WIDTHS = [375, 1280]


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    return tmp_path_factory.mktemp("screenshots")


def open_at(browser, site_url, path, width):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site_url + path)
    page.wait_for_load_state("load")
    return context, page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_nothing_serious(browser, site_url, path, width, shots):
    context, page = open_at(browser, site_url, path, width)
    page.screenshot(path=str(shots / f"{path.strip('/').replace('/', '_') or 'home'}-{width}.png"), full_page=True)
    page.evaluate(AXE)  # evaluated, not injected: the site's CSP allows no inline script
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]
               if v["impact"] in ("serious", "critical")]
    context.close()
    assert serious == [], json.dumps(serious, ensure_ascii=False)


# The rules, measured in the page: each returns a list of offenders (empty when all is well).
LABELS_TOO_NARROW = """() => [...document.querySelectorAll('th[scope=row], th[scope=rowgroup]')]
  .filter(th => th.offsetParent !== null)
  .map(th => { const s = getComputedStyle(th);
    const width = th.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    return [th.textContent.trim().slice(0, 12), +(width / parseFloat(s.fontSize)).toFixed(2)]; })
  .filter(([, chars]) => chars < 4)"""

NUMBERS_BROKEN = """() => [...document.querySelectorAll('td.num:not(.prose-value), .key-value')]
  .filter(td => td.offsetParent !== null && td.textContent.trim())
  .map(td => { const first = [...td.childNodes].find(n => n.textContent.trim());
    const range = document.createRange(); range.selectNodeContents(first);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    return [td.textContent.trim().slice(0, 20), tops.size]; })
  .filter(([, lines]) => lines > 1)"""

SCROLLERS_UNREACHABLE = """() => [...document.querySelectorAll('main *')]
  .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
  .filter(e => e.tabIndex < 0 || !e.getAttribute('aria-label'))
  .map(e => e.className)"""

SMALL_CHART_TEXT = """() => [...document.querySelectorAll('.chart text')]
  .map(t => [t.textContent, parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a])
  .filter(([, px]) => px < 12)"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_width_rules(browser, site_url, path, width):
    context, page = open_at(browser, site_url, path, width)
    try:
        assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0, "the page scrolls sideways"
        assert page.evaluate(LABELS_TOO_NARROW) == []
        assert page.evaluate(NUMBERS_BROKEN) == []
        assert page.evaluate(SCROLLERS_UNREACHABLE) == []
        assert page.evaluate(SMALL_CHART_TEXT) == []
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_number_columns_line_up_across_a_report_pages_tables(browser, site_url, width):
    context, page = open_at(browser, site_url, "/reports/zhanjiang/2020-self-evaluation/", width)
    edges = page.evaluate("""[...document.querySelectorAll('table.figures:not(.grid) td.num')]
        .map(td => Math.round(td.getBoundingClientRect().right))""")
    starts = page.evaluate("""[...document.querySelectorAll('table.figures:not(.grid) td.num')]
        .map(td => Math.round(td.getBoundingClientRect().left))""")
    context.close()
    assert len(edges) > 20 and len(set(edges)) == 1, sorted(set(edges))
    if width > 600:
        assert len(set(starts)) == 1  # the same column, not just the same right edge


def test_a_wide_table_says_it_scrolls_and_scrolls_by_keyboard(browser, site_url):
    context, page = open_at(browser, site_url, "/compare/mediation-success-rate/#by-year", 375)  # unfolds it
    wrap = page.locator(".table-wrap", has=page.locator("#compare-table"))
    page.wait_for_function("() => document.querySelector('#compare-table').closest('.table-wrap')"
                           ".classList.contains('scrolls')")
    assert "scrolls" in wrap.get_attribute("class")
    assert "可左右滑动" in page.evaluate("getComputedStyle(document.querySelector('#compare-table caption'), '::after')"
                                        ".content")
    wrap.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Arrow keys scroll smoothly: wait for it rather than read at once. A function, not an expression:
    # the page's CSP (the preview server sends production's) forbids evaluating a string.
    page.wait_for_function("() => document.querySelector('#compare-table').parentElement.scrollLeft > 0",
                           timeout=5000)
    label = page.locator("#compare-table tbody th").first
    assert abs(label.bounding_box()["x"] - wrap.bounding_box()["x"]) < 2  # the label column stays put
    context.close()


def test_the_check_list_is_readable_with_colour_only_as_an_accent(browser, site_url):
    context, page = open_at(browser, site_url, "/reports/guangzhou-zengcheng/2022-evaluation/", 1280)
    colours = page.evaluate("""[...document.querySelectorAll('.checks .check')].map(li =>
        [getComputedStyle(li).color, getComputedStyle(document.body).color])""")
    context.close()
    assert colours and all(text == body for text, body in colours)


def test_a_figure_opens_its_sentence_in_the_original_highlighted(browser, site_url):
    context, page = open_at(browser, site_url, "/reports/guangzhou-liwan/2023-self-evaluation/", 375)
    page.locator("#fig-current-year-expenditure a.origin").click()
    page.wait_for_url("**/original/**")
    sentence = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    target = page.locator(f"[id='{sentence}']")
    assert "6,928.97" in target.inner_text()
    assert target.locator("mark.hit").inner_text().replace(",", "") == "6928.97"
    assert page.evaluate("getComputedStyle(document.querySelector(':target')).outlineStyle") != "none"
    box = target.bounding_box()
    assert -1 < box["y"] < 900  # scrolled into view (to the top, give or take half a pixel)
    context.close()


def test_key_figures_lead_to_their_tables(browser, site_url):
    context, page = open_at(browser, site_url, "/reports/guangzhou-liwan/2023-self-evaluation/", 375)
    keys = page.locator(".key-figures li")
    assert keys.count() >= 3
    assert page.locator(".key-figures").bounding_box()["y"] < 900  # on the first screen of a phone
    keys.first.locator("a").click()
    assert page.evaluate("location.hash") == "#fig-total-expenditure"
    context.close()
