"""Project forms (项目支出绩效自评表, 目标申报表) as a reader meets them: their pages, the targets
form beside the self-evaluation, and the preview an editor gets."""

from __future__ import annotations

import shutil
from pathlib import Path

from lxml import html

from generator.build import build
from generator.config import Config
from generator.outputs.preview import preview_reports

from .fixtures_support import FIXTURE_CONTENT

SELF = "reports/guangzhou-liwan/2023-project-self-evaluation-legal-aid/index.html"
TARGETS = "reports/guangzhou-liwan/2023-project-targets-legal-aid/index.html"
LIWAN_REPORT = "reports/guangzhou-liwan/2023-self-evaluation/index.html"


def page(site: Path, path: str) -> html.HtmlElement:
    return html.fromstring((site / path).read_text("utf-8"))


def texts(tree: html.HtmlElement, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in tree.xpath(xpath)]


def test_a_project_self_evaluation_shows_its_project_funds_indicators_and_scores(built_site):
    tree = page(built_site, SELF)
    facts = dict(zip(texts(tree, "//header//dl[@class='facts']/dt"), texts(tree, "//header//dl[@class='facts']/dd"),
                     strict=True))
    assert facts["项目名称"] == "法律援助经费" and facts["实施单位"] == "广州市荔湾区法律援助处"
    assert facts["项目编码"] == "44010324T000000012345"
    funds = tree.xpath("//table[caption[contains(., '项目资金')]]")[0]
    assert texts(funds, ".//thead//th")[1:] == ["年初预算数（万元）", "全年预算数（万元）", "全年执行数（万元）",
                                               "分值（分）", "执行率", "得分（分）"]
    assert texts(funds, ".//tbody/tr[1]/*") == ["年度资金总额", "85.00", "92.50", "90.37", "10", "97.70%", "9.77"]
    row = tree.xpath("//table[contains(@class,'indicators')]//tr[th[@scope='row'][contains(., '知晓率')]]")[0]
    cells = {td.get("data-label"): " ".join(td.text_content().split()) for td in row.xpath("td")}
    assert cells["指标性质"] == "≥" and cells["年度指标值"] == "90%" and cells["实际完成"] == "86%"
    assert cells["分值"] == "15" and cells["得分"] == "13" and cells["达成情况"] == "未达成"
    assert cells["偏差原因分析及改进措施"].startswith("社区宣传覆盖面不足")
    keys = texts(tree, "//section[contains(@class,'key-figures')]//li")
    assert any("全年执行数" in k and "90.37" in k for k in keys) and any("97.70%" in k for k in keys)


def test_a_cell_the_form_leaves_empty_reads_not_given_never_zero(built_site):
    tree = page(built_site, "reports/guangzhou-liwan/2022-project-self-evaluation-legal-aid/index.html")
    row = tree.xpath("//table[contains(@class,'indicators')]//tr[th[@scope='row'][contains(., '受援人满意度')]]")[0]
    assert [td.text_content().strip() for td in row.xpath("td[@data-label='实际完成']")] == ["未填写"]
    funds = tree.xpath("//table[caption[contains(., '项目资金')]]")[0]
    assert texts(funds, ".//tbody/tr[2]/*")[4:] == ["", "", ""]  # 分值、执行率、得分 written /: empty, not 0


def test_the_targets_form_and_the_self_evaluation_are_read_side_by_side(built_site):
    results, targets = page(built_site, SELF), page(built_site, TARGETS)
    for tree, other in ((results, TARGETS), (targets, SELF)):
        section = tree.xpath("//section[h2[@id='pairing']]")[0]
        assert section.xpath(f".//a[@href='/{other.removesuffix('index.html')}']")
        rows = {r[0]: r for r in (texts(tr, "th|td") for tr in section.xpath(".//tbody/tr"))}
        assert rows["法律援助案件数"] == ["法律援助案件数", "≥1200件", "法律援助案件数", "≥1200件", "1356", "一致"]
        assert rows["法律援助政策知晓率"][2:] == ["法律援助政策群众知晓率", "≥90%", "86%", "名称有改动"]
        assert rows["法律援助值班律师驻点数"][1:] == ["≥15个", "—", "—", "—", "自评表中没有"]
    assert not page(built_site, LIWAN_REPORT).xpath("//*[@id='pairing']")  # no targets form for it


def test_a_department_targets_form_pairs_with_that_years_self_evaluation(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    moved = content / "reports/guangzhou-liwan/2023-budget-targets.yaml"
    (content / "reports/guangzhou/2024-budget-targets.yaml").rename(moved)
    moved.write_text(moved.read_text("utf-8").replace("bureau: guangzhou\n", "bureau: guangzhou-liwan\n")
                     .replace("year: 2024", "year: 2023"), "utf-8")
    build(content, tmp_path / "site")
    tree = page(tmp_path / "site", LIWAN_REPORT)
    section = tree.xpath("//section[h2[@id='pairing']]")[0]
    assert section.xpath(".//a[@href='/reports/guangzhou-liwan/2023-budget-targets/']")
    statuses = texts(section, ".//tbody//span[@class='pair-status']")
    assert "自评表中没有" in statuses and "申报表中没有" in statuses  # two different lists of indicators


def test_an_edited_project_form_is_previewed_with_its_partner_as_the_full_build_makes_it(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    out = tmp_path / "site"
    build(content, out)
    form = content / "reports/guangzhou-liwan/2023-project-self-evaluation-legal-aid.yaml"
    text = form.read_text("utf-8")
    form.write_text(text.replace('target: "1200", unit: 件', 'target: "1300", unit: 件'), "utf-8")
    assert preview_reports([form], Config(content, out)) == [SELF.removesuffix("index.html")]
    previewed = (out / SELF).read_bytes()
    assert "指标值有改动".encode() in previewed
    build(content, tmp_path / "full")
    assert (tmp_path / "full" / SELF).read_bytes() == previewed


def test_a_bureau_page_lists_each_years_projects_and_their_coverage_of_its_project_spending(built_site):
    tree = page(built_site, "bureaus/guangzhou-liwan/index.html")
    table = tree.xpath("//table[caption[contains(., '2023 年度项目支出绩效')]]")[0]
    assert [texts(tr, "th|td") for tr in table.xpath(".//tbody/tr")] == [
        ["法律援助经费", "项目自评表", "92.50 万元", "90.37 万元", "97.70%", "97.77 分"],
        ["法律援助经费", "项目目标申报表", "85.00 万元", "—", "—", "—"]]
    coverage = texts(tree, "//p[@class='coverage']")
    assert coverage[0].startswith("项目表覆盖：本站收录的 1 份项目自评表执行数合计 90.37 万元，"
                                  "占部门整体报告的「项目支出」1,919.93 万元的 4.7%")
    link = tree.xpath("//p[@class='coverage']/a/@href")[0]
    assert link == "/reports/guangzhou-liwan/2023-self-evaluation/#fig-project-expenditure"
    assert len(coverage) == 2  # 2022 as well: its self-evaluation states 项目支出 too


def test_projects_of_one_type_are_compared_across_bureaus_and_years(built_site):
    index = page(built_site, "compare/index.html")
    assert index.xpath("//a[@href='/compare/projects/legal-aid/']")
    tree = page(built_site, "compare/projects/legal-aid/index.html")
    assert texts(tree, "//section/h2") == ["全年执行数（万元）", "预算执行率（%）", "自评总分（分）",
                                           "法律援助案件数（件）", "每件经费，本站计算（元）", "法律援助满意率（%）"]
    grid = tree.xpath("//table[@id='legal-aid-rate-compare-table']")[0]
    assert [texts(tr, "th|td") for tr in grid.xpath(".//tbody/tr")] == [
        ["白云区司法局", "区", "未收录", "98.62%"], ["荔湾区司法局", "区", "88.70%", "97.70%"]]
    per_case = tree.xpath("//table[@id='legal-aid-per-legal-aid-cases-compare-table']")[0]
    assert [texts(tr, "th|td")[2:] for tr in per_case.xpath(".//tbody/tr")] == [["未收录", "729.14 元"],
                                                                                ["597.81 元", "666.45 元"]]
    link = grid.xpath(".//tbody/tr[2]/td[3]//a/@href")[0]
    assert link == "/reports/guangzhou-liwan/2023-project-self-evaluation-legal-aid/#fig-execution-rate"
    department = (built_site / "compare/legal-aid-cases/index.html").read_text("utf-8")
    assert "1623" not in department and "1,623" not in department  # a project's cases are not its bureau's
