"""What only a browser shows: report tables, sorting and charts, in Debian chromium (search: test_search.py)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

@pytest.mark.parametrize("width", [1280, 375])
def test_report_page_shows_figures_in_tables(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + "/reports/guangzhou-liwan/2023-self-evaluation/")
    row = page.locator("#fig-current-year-expenditure")
    assert row.locator("th").inner_text().startswith("本年支出")
    link = row.locator("th a.compare-link")  # to this bureau's row where the measure is compared
    assert link.get_attribute("href") == ("/compare/current-year-expenditure/?bureau=guangzhou-liwan"
                                          "#bureau-guangzhou-liwan")
    assert row.locator("td.num").inner_text() == "6,928.97 万元"  # the unit once, beside its value
    assert page.locator("#fig-mediation-success-rate td.num").inner_text() == "99.94%"
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
    assert page.locator("#compare-table td.num:not(.gap)").count() >= 2
    assert page.locator("#latest-table tbody tr").count() >= 2
    assert page.locator(".chart svg rect").count() >= 2  # charts are drawn without scripts
    context.close()


def test_a_report_page_opens_with_its_figures_and_keeps_boilerplate_and_full_text_folded(page, site_url):
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(site_url + "/reports/guangzhou-liwan/2023-self-evaluation/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 12000, f"{height}px at 375px"
    order = page.eval_on_selector_all("article > section > h2", "hs => hs.map(h => h.id)")
    assert order.index("money") < order.index("results") < order.index("organisation") < order.index("narrative")
    narrative = page.locator("details.narrative")
    assert not narrative.get_attribute("open") and narrative.locator("h3, h4").count() > 3  # folded, not gone
    functions = page.locator("details.boilerplate", has_text="部门职能")
    assert not functions.get_attribute("open")
    functions.locator("summary").click()
    assert functions.locator("li").first.is_visible()
    assert page.locator("#source dt", has_text="数据最后更改").count() == 0  # said once, in the header


def test_a_compared_figure_leads_to_its_bureau_on_the_comparison(page, site_url):
    page.goto(site_url + "/reports/guangzhou-liwan/2023-self-evaluation/")
    page.locator("#fig-current-year-expenditure a.compare-link").click()
    page.wait_for_url("**/compare/current-year-expenditure/?bureau=guangzhou-liwan#bureau-guangzhou-liwan")
    row = page.locator("tr:target")
    assert row.count() == 1 and "荔湾区司法局" in row.inner_text()
    assert page.evaluate("getComputedStyle(document.querySelector('tr:target > td')).backgroundColor") != \
        "rgba(0, 0, 0, 0)"


@pytest.mark.parametrize("width", [375, 1280])
def test_a_reader_finds_a_district_by_province_and_city(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + "/")
    province = page.locator("details.region", has_text="广东省")
    if province.get_attribute("open") is None:  # a site of one province shows it unfolded
        province.locator("summary").click()
    province.locator("a", has_text="广州市").click()
    page.wait_for_url("**/bureaus/#city-1-1")
    city = page.locator("details.city:has(#city-1-1)")
    assert city.get_attribute("open") is not None  # the city the reader chose is unfolded
    names = city.locator("li > a").all_inner_texts()
    assert names[0] == "广州市司法局" and "广州市荔湾区司法局" in names  # the city's own bureau first
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


@pytest.mark.parametrize("width", [375, 1280])
def test_the_money_comparison_fits_a_phone_newest_year_first_with_a_download(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + "/compare/money/")
    years = [int(y) for y in column_values(page, "money-table", 1)]
    assert years == sorted(years, reverse=True)
    table_overflow = page.evaluate("(() => { const w = document.querySelector('#money-table').closest('.table-wrap');"
                                   " return w.scrollWidth - w.clientWidth; })()")
    detail = page.locator("#money-table tbody tr").first.locator("details.row-detail")
    if width == 375:
        assert table_overflow <= 0  # one screen of columns
        detail.locator("summary").click()
        assert "预算执行率（%）" in detail.inner_text() and "等级" in detail.inner_text()
    else:
        assert not detail.is_visible() and page.locator("#money-table thead th", has_text="等级").is_visible()
    assert page.locator("a[href='/data/money.csv']").is_visible()


def test_a_bureau_page_opens_a_measure_with_that_bureau_picked_out(page, site_url):
    page.goto(site_url + "/bureaus/guangzhou-liwan/")
    page.locator("table.trend a", has_text="本年支出").click()
    page.wait_for_url("**/compare/current-year-expenditure/?bureau=guangzhou-liwan#bureau-guangzhou-liwan")
    chosen = page.locator("svg.over-time-plot circle.dot.chosen")
    assert chosen.count() == 2  # Liwan's 2022 and 2023, joined by a line
    assert page.locator("svg.over-time-plot polyline.bureau-line.chosen").count() == 1
    others = page.locator("svg.over-time-plot circle.dot:not(.chosen)").count()
    assert others >= 1
    assert "chosen" in page.locator("#bureau-guangzhou-liwan").get_attribute("class")
