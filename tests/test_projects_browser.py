"""Project forms in Debian chromium at a phone's and a desktop's width: the form's page, the
targets beside the results, a bureau's projects and the comparison of one project type."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SELF = "/reports/guangzhou-liwan/2023-project-self-evaluation-legal-aid/"


def no_sideways_scroll(page, width: int) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {width}px"


@pytest.mark.parametrize("width", [1280, 375])
def test_a_project_self_evaluation_reads_on_a_phone_and_a_desktop(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + SELF)
    assert page.locator("h1").inner_text() == "2023年度法律援助经费项目支出绩效自评表"
    assert page.locator("#fig-execution-rate").inner_text().strip() == "97.70%"
    assert page.locator("#fig-spent-total").is_visible()
    row = page.locator("#fig-indicator-5")  # 法律援助政策群众知晓率: short of its target, with the reason
    assert "未达成" in row.locator("td[data-label='达成情况']").inner_text()
    assert row.locator("td[data-label='偏差原因分析及改进措施']").inner_text().startswith("社区宣传覆盖面不足")
    assert row.locator("td[data-label='得分']").is_visible()
    no_sideways_scroll(page, width)


@pytest.mark.parametrize("width", [1280, 375])
def test_the_targets_beside_the_results_and_the_link_between_the_forms(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + SELF + "#pairing")
    table = page.locator("table.pairing")
    assert table.is_visible()
    renamed = table.locator("tr.pair-renamed")
    assert renamed.count() == 1 and "名称有改动" in renamed.inner_text()
    assert table.locator("tr.pair-dropped").count() == 1
    no_sideways_scroll(page, width)
    page.locator("#pairing ~ p a, h2#pairing + p a").first.click()
    page.wait_for_url("**/2023-project-targets-legal-aid/")
    assert page.locator("table.pairing tr.pair-dropped").count() == 1


@pytest.mark.parametrize("width", [1280, 375])
def test_a_bureau_page_lists_its_projects_and_the_type_comparison_is_readable(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + "/bureaus/guangzhou-liwan/")
    projects = page.locator("table.projects").first
    assert projects.is_visible() and "97.70%" in projects.inner_text()
    assert page.locator("p.coverage").first.is_visible()
    no_sideways_scroll(page, width)
    page.goto(site_url + "/compare/")
    page.locator("a[href='/compare/projects/legal-aid/']").click()
    page.wait_for_url("**/compare/projects/legal-aid/")
    page.locator("details.by-year", has=page.locator("#legal-aid-rate-by-year")).locator("summary").click()
    grid = page.locator("#legal-aid-rate-compare-table")
    assert grid.is_visible()
    assert grid.locator("tbody tr").count() == 2
    grid.locator("tbody tr").nth(1).locator("a").last.click()
    page.wait_for_url(f"**{SELF}#fig-execution-rate")
    assert page.locator("#fig-execution-rate").is_visible()
    no_sideways_scroll(page, width)
