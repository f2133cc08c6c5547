"""Search as a reader uses it, in Debian chromium over the real index of the fixture site."""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.browser

TERMS = ["法律援助", "行政复议", "荔湾", "调解成功率"]


class _BodyText(HTMLParser):
    """What search indexes: text inside data-search-body, less ignored parts, a line per block
    (a cell, a paragraph, a heading), as a reader sees the words run on or break."""

    VOID = {"br", "img", "input", "meta", "link", "hr"}
    BLOCKS = {"p", "div", "li", "td", "th", "tr", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd",
              "section", "table", "ul", "ol", "header", "article", "nav", "br", "small", "blockquote"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[bool, bool]] = []  # (inside body, inside ignored)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n")
        if tag in self.VOID:
            return
        body, ignored = self.stack[-1] if self.stack else (False, False)
        names = {name for name, _ in attrs}
        self.stack.append((body or "data-search-body" in names, ignored or "data-search-ignore" in names))

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.parts.append("\n")
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == (True, False):
            self.parts.append(data)


def indexed_texts(site: Path) -> dict[str, str]:
    """Every searchable page's text, by URL: reports, bureaus and comparisons."""
    texts = {}
    for page in sorted(site.rglob("index.html")):
        html = page.read_text("utf-8")
        if "data-search-body" in html:
            parser = _BodyText()
            parser.feed(html)
            texts["/" + str(page.parent.relative_to(site)) + "/"] = re.sub(r"[^\S\n]+", "", "".join(parser.parts))
    return texts


def containing(texts: dict[str, str], term: str) -> set[str]:
    return {url for url, text in texts.items() if term in text}


def path_of(href: str) -> str:
    return unquote(urlsplit(href).path)


def run_search(page, site_url: str, query: str) -> dict[str, list[str]]:
    """Open the search page with this query string; every result shown, main and loose."""
    page.goto(f"{site_url}/search/?{query}")
    page.wait_for_selector("#results[aria-busy=false]", state="attached")
    # The loose results follow the first page of main ones: wait until the page knows them.
    page.wait_for_selector("#results[data-loose]", state="attached")
    loose = page.locator("details.loose-results")
    if loose.count() and not loose.get_attribute("open"):
        loose.locator("summary").click()
    # The loose results first: otherwise their arrival could pass for the next page of main results.
    page.wait_for_function("() => !document.querySelector('details.loose-results') ||"
                           " document.querySelectorAll('details.loose-results .result').length > 0")
    for _ in range(100):
        more = page.locator("button.more-results:visible")
        if not more.count():
            break
        shown = page.locator(".result").count()
        more.first.click()
        page.wait_for_function("n => document.querySelectorAll('.result').length > n && "
                               "document.getElementById('results').getAttribute('aria-busy') === 'false'", arg=shown)

    def links(selector: str) -> list[str]:
        return [path_of(h) for h in page.eval_on_selector_all(selector, "as => as.map(a => a.getAttribute('href'))")]

    return {"main": links("#results > div > ol.results > li.result .result-title a"),
            "loose": links("details.loose-results .result-title a")}


@pytest.mark.parametrize("term", TERMS)
def test_pages_containing_the_term_come_first_and_only_they(page, site_url, built_site, term):
    expected = containing(indexed_texts(built_site), term)
    assert len(expected) >= 2, f"few pages contain {term}; the test would prove little"
    found = run_search(page, site_url, f"q={term}")
    assert set(found["main"]) == expected
    assert not set(found["loose"]) & expected


def test_random_terms_precision_and_recall(page, site_url, built_site):
    """200 seeded 2–4 character terms from the indexed pages: the goals of the search issue."""
    texts = indexed_texts(built_site)
    runs = re.findall(r"[\u4e00-\u9fff]{2,}", "".join(texts.values()))
    rng = random.Random(2024)
    terms: set[str] = set()
    while len(terms) < 200:
        run, n = rng.choice(runs), rng.choice([2, 3, 4])
        if len(run) >= n:
            start = rng.randrange(len(run) - n + 1)
            terms.add(run[start:start + n])
    page.goto(f"{site_url}/search/")
    found = page.evaluate("async terms => { const out = {}; for (const t of terms) out[t] = await SiteSearch.query(t);"
                          " return out; }", sorted(terms))
    top_ok = sum(1 for t in terms if found[t]["main"] and t in texts[found[t]["main"][0]])
    main = [(t, url) for t in terms for url in found[t]["main"]]
    precise = sum(1 for t, url in main if t in texts[url])
    missed = {t: sorted(containing(texts, t) - set(found[t]["main"])) for t in terms}
    missed = {t: urls for t, urls in missed.items() if urls}
    print(f"\n[search] {len(terms)} random terms: top result contains the term for {top_ok / len(terms):.1%}; "
          f"{precise / len(main):.1%} of {len(main)} main results contain it; "
          f"{len(missed)} terms missed a page; loose results {sum(len(found[t]['loose']) for t in terms)}")
    assert missed == {}
    assert top_ok / len(terms) >= 0.99
    assert precise / len(main) >= 0.95


def test_a_bureau_name_offers_its_bureau_page_and_a_measure_name_its_comparison(page, site_url):
    assert run_search(page, site_url, "q=荔湾&type=机构")["main"] == ["/bureaus/guangzhou-liwan/"]
    measures = run_search(page, site_url, "q=调解成功率&type=比较指标")["main"]
    assert measures[0] == "/compare/mediation-success-rate/"
    everything = run_search(page, site_url, "q=调解成功率")["main"]
    assert "/compare/mediation-success-rate/" in everything
    assert any(url.startswith("/reports/") for url in everything)


@pytest.mark.parametrize(("typed", "meant"), [("行政復議", "行政复议"), ("調解成功率", "调解成功率"),
                                              ("２０２２", "2022"), ("６９２８．９７", "6928.97"),
                                              ("6,928.97", "6928.97")])
def test_traditional_and_full_width_input_find_the_same_pages(page, site_url, typed, meant):
    page.goto(f"{site_url}/search/")
    both = page.evaluate("async ([a, b]) => [await SiteSearch.query(a), await SiteSearch.query(b)]", [typed, meant])
    assert set(both[0]["main"]) == set(both[1]["main"])
    assert both[0]["main"], f"{meant} should find something"


def test_filters_or_within_and_across_and_browse_without_a_query(page, site_url, built_site):
    page.goto(f"{site_url}/search/")
    assert page.locator("fieldset.facet input[type=checkbox]").first.is_visible()  # before typing
    years = {url for url in indexed_texts(built_site) if re.search(r"/(2022|2023)-", url)}
    assert len(years) >= 3
    assert set(run_search(page, site_url, "year=2022&year=2023")["main"]) == years
    liwan = run_search(page, site_url, "year=2022&year=2023&bureau=广州市荔湾区司法局")["main"]
    assert set(liwan) == {u for u in years if u.startswith("/reports/guangzhou-liwan/")}
    status = page.locator("#search-status").inner_text()
    assert f"{len(liwan)} 个" in status
    nothing = run_search(page, site_url, "q=法律援助&year=2024&bureau=广州市荔湾区司法局")
    assert nothing["main"] == []
    assert "所选条件下" in page.locator("#search-status").inner_text()  # the filters, not the query, are named


def test_results_sort_by_year(page, site_url):
    run_search(page, site_url, "type=报告&sort=year-asc")
    facts = page.locator("#results .result-facts").all_inner_texts()
    years = [int(re.search(r"(\d{4}) 年度", f).group(1)) for f in facts]
    assert len(years) >= 5 and years == sorted(years)
    run_search(page, site_url, "q=法律援助&sort=year-desc")
    facts = page.locator("#results > div > ol > li .result-facts").all_inner_texts()
    years = [int(m.group(1)) for f in facts if (m := re.search(r"(\d{4}) 年度", f))]
    assert len(years) >= 3 and years == sorted(years, reverse=True)


def test_query_filters_and_sort_live_in_the_url_and_back_restores_them(page, site_url):
    page.goto(f"{site_url}/search/")
    page.fill("#q", "法律援助")
    page.press("#q", "Enter")
    page.wait_for_selector(".result")
    page.wait_for_selector("#results[aria-busy=false]", state="attached")  # results arrive one by one
    assert "q=%E6%B3%95%E5%BE%8B%E6%8F%B4%E5%8A%A9" in page.url
    first = page.locator("#results .result").count()
    page.locator("fieldset[data-filter='年度'] label:has-text('2023') input").check()
    page.wait_for_function("n => document.querySelectorAll('#results .result').length < n", arg=first)
    assert "year=2023" in page.url
    page.select_option("#sort", "year-asc")
    page.wait_for_function("() => location.search.includes('sort=year-asc')")
    page.reload()
    page.wait_for_selector(".result")
    assert page.input_value("#q") == "法律援助" and page.input_value("#sort") == "year-asc"
    assert page.locator("fieldset[data-filter='年度'] label:has-text('2023') input").is_checked()
    page.go_back()
    page.wait_for_function("() => !location.search.includes('sort=')")
    assert page.input_value("#sort") == ""
    page.go_back()
    page.wait_for_function("() => !location.search.includes('year=')")
    assert not page.locator("fieldset[data-filter='年度'] label:has-text('2023') input").is_checked()
    page.wait_for_function("n => document.querySelectorAll('#results .result').length === n", arg=first)


def test_a_sub_result_leads_into_its_section_with_the_term_highlighted(page, site_url):
    run_search(page, site_url, "q=法律援助")
    sub = page.locator("#results .sub-results a").first
    href = sub.get_attribute("href")
    assert "#" in href and "hl=" in href
    excerpt = sub.locator("xpath=following-sibling::p[contains(@class,'excerpt')]").inner_text().strip("…")
    assert "法律援助" in excerpt and 50 <= len(excerpt) <= 85, excerpt
    sub.click()
    page.wait_for_selector("mark.hit")
    anchor = unquote(href.split("#", 1)[1])
    marks = page.locator("mark.hit")
    assert all(text == "法律援助" for text in marks.all_inner_texts())
    after = page.evaluate("id => { const t = document.getElementById(id);"
                          " return [...document.querySelectorAll('mark.hit')]"
                          ".findIndex(m => t.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING) }", anchor)
    assert after >= 0
    assert marks.nth(after).is_visible()
    box = marks.nth(after).bounding_box()
    assert 0 <= box["y"] <= page.viewport_size["height"]


def test_the_search_page_is_labelled_announced_keyboard_usable_and_does_not_shift(page, site_url):
    page.goto(f"{site_url}/search/?q=法律援助")
    page.wait_for_selector(".result")
    assert page.locator("label[for=q]").inner_text() == "关键词"
    assert page.locator("#search-status").get_attribute("role") == "status"
    assert "法律援助" in page.locator("#search-status").inner_text()
    shift = page.evaluate("""() => new Promise(done => { let sum = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) sum += e.value; })
          .observe({type: 'layout-shift', buffered: true});
        setTimeout(() => done(sum), 500); })""")
    assert shift < 0.01, f"layout shift {shift}"
    page.goto(f"{site_url}/search/")
    page.focus("#q")
    page.keyboard.type("荔湾")
    page.keyboard.press("Enter")
    page.wait_for_selector(".result")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.result-title') !== null"):
            break
    else:
        pytest.fail("Tab never reached a result")
    page.keyboard.press("Enter")
    page.wait_for_selector("mark.hit")


def test_home_search_box_leads_to_results(page, site_url, built_site):
    page.goto(site_url + "/")
    page.fill("#home-q", "荔湾")
    page.click(".search-form button")
    page.wait_for_selector(".result")
    assert page.url.endswith("/search/?q=%E8%8D%94%E6%B9%BE")
    assert set(run_search(page, site_url, "q=荔湾")["main"]) == containing(indexed_texts(built_site), "荔湾")


def test_a_large_site_s_many_small_buckets_find_the_same_pages(page, tmp_path, monkeypatch):
    """A large site's keys are spread over many buckets: the same search, the same results."""
    import functools
    import threading

    from generator.build import build
    from generator.outputs import search
    from generator.serve import SiteHandler, SiteServer

    from .fixtures_support import FIXTURE_CONTENT

    monkeypatch.setattr(search, "BUCKET_BYTES", 64)
    out = tmp_path / "site"
    build(FIXTURE_CONTENT, out)
    assert len(list((out / "search-index/keys").iterdir())) > 1000
    server = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        texts = indexed_texts(out)
        for term in TERMS:
            assert set(run_search(page, url, f"q={term}")["main"]) == containing(texts, term), term
    finally:
        server.shutdown()
        server.server_close()
