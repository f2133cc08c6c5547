"""End-to-end build of the real content/: what a reader gets."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.build import BuildFailed, build
from generator.checks.validate import validate
from generator.outputs.links import html_pages

from .fixtures_support import FIXTURE_CONTENT
from .invariants import check_site

LIWAN = "reports/guangzhou-liwan/2023-self-evaluation/index.html"
GUANGZHOU = "reports/guangzhou/2024-budget-targets/index.html"


def text(path: Path) -> str:
    return path.read_text("utf-8")


def test_every_public_page_is_simplified_chinese(built_site):
    pages = html_pages(built_site)
    assert len(pages) >= 11
    for page in pages:
        assert text(page).startswith('<!doctype html>\n<html lang="zh-CN">'), page
        assert '<meta name="viewport"' in text(page)


def test_expected_pages_exist(built_site):
    for path in ["index.html", "search/index.html", "404.html", "bureaus/index.html",
                 "bureaus/guangzhou-liwan/index.html", LIWAN, GUANGZHOU, "sitemap.xml", "robots.txt",
                 "search-index/index.json", "search-index/filters.json", "search-index/pages/0.json",
                 "search-index/text/0.json"]:
        assert (built_site / path).is_file(), path


def test_report_page_tables_show_figures_with_units(built_site):
    page = text(built_site / LIWAN)
    value = r"<td class=\"num\">(?:<a class=\"origin\" [^>]+>)?{}(?:</a>)?</td>"
    compared = r"(?: <a class=\"compare-link\" href=\"[^\"]+\">各地比较</a>)?"
    assert re.search(r"<th scope=\"row\">本年支出" + compared + r"</th>\s*" + value.format("6,928.97 万元"), page)
    assert re.search(r"<th scope=\"row\">调解成功率" + compared + r"</th>\s*" + value.format("99.94%"), page)
    assert "<caption>2023 年度支出</caption>" in page


def test_rounding_gap_is_shown_with_computed_difference(built_site):
    page = text(built_site / LIWAN)
    assert 'id="check-current-year-expenditure"' in page
    assert "基本支出 5,009.03 + 项目支出 1,919.93 = 6,928.96 万元，相差 0.01 万元" in page


def test_indicators_show_targets_and_status(built_site):
    page = text(built_site / LIWAN)
    assert re.search(r"矛盾纠纷调解成功率</th>\s*<td data-label=\"年度指标值\">≥97.5%</td>\s*"
                     r"<td data-label=\"实际完成\">99.94%</td>\s*"
                     r"<td data-label=\"达成情况\"><span class=\"status status-met\">已达成</span>", page)
    assert page.count('class="status status-unreported">未报告</span>') == 7


def test_target_declaration_keeps_both_target_columns(built_site):
    page = text(built_site / GUANGZHOU)
    assert "<th scope=\"col\">实施周期指标值</th>" in page
    assert re.search(r"行政复议案件数量</th>\s*<td data-label=\"实施周期指标值\">≥3000件</td>\s*"
                     r"<td data-label=\"年度指标值\">≥3000件</td>", page)
    assert re.search(r"全力维护社会大局稳定</th>.*?<td class=\"num\" data-label=\"[^\"]+\">9,725.00</td>", page, re.S)
    assert "153,069.97" in page and "0.00" in page
    assert page.count("原文此项未填写指标") == 4  # 成本, 经济效益, 生态效益, 可持续影响


def test_bureau_page_lists_reports_by_year(built_site):
    page = text(built_site / "bureaus/guangzhou-liwan/index.html")
    assert "<h3>2023 年度</h3>" in page and "/reports/guangzhou-liwan/2023-self-evaluation/" in page


def test_sitemap_lists_every_page_absolutely(built_site):
    sitemap = text(built_site / "sitemap.xml")
    assert "<loc>https://example.org/reports/guangzhou/2024-budget-targets/</loc>" in sitemap
    assert sitemap.count("<loc>") == len([p for p in html_pages(built_site) if p.name == "index.html"])
    assert "Sitemap: https://example.org/sitemap.xml" in text(built_site / "robots.txt")


def test_no_inline_script_or_style(built_site):
    for page in html_pages(built_site):
        html = text(page)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), page
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html), page


def test_building_twice_gives_identical_bytes(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    build(FIXTURE_CONTENT, first)
    build(FIXTURE_CONTENT, second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative


def test_failed_build_leaves_previous_site_untouched(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    out = tmp_path / "site"
    build(content, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    report = content / "reports/guangzhou-liwan/2023-self-evaluation.yaml"
    report.write_text(report.read_text("utf-8").replace("value: 5009.03", "value: 5100.03"), "utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(content, out)
    assert [d.code for d in failed.value.validation.diagnostics if d.level.value == "error"] == ["sum-mismatch"]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]  # no staging left behind


def test_hostile_markdown_is_inert_on_the_page(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    report = content / "reports/guangzhou-liwan/2023-self-evaluation.yaml"
    original = report.read_text("utf-8")

    def with_body(hostile):
        report.write_text(original.replace("    body: |\n      通过对整体预算项目绩效",
                                           f"    body: |\n      {hostile}\n\n      通过对整体预算项目绩效"), "utf-8")

    with_body("<script>alert(1)</script> <img src=x onerror=alert(1)> {{ 7*7 }}")
    build(content, tmp_path / "site")
    page = (tmp_path / "site" / LIWAN).read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "{{ 7*7 }}" in page
    # A script link is not quietly turned into text: it stops the build, quoted.
    with_body("[点我](javascript:alert(1))")
    with pytest.raises(BuildFailed) as failed:
        build(content, tmp_path / "site")
    [problem] = [d for d in failed.value.validation.diagnostics if d.level.value == "error"]
    assert problem.code == "unsafe-link" and "javascript:alert(1)" in problem.message


def test_fixture_site_keeps_every_invariant(built_site):
    check_site(built_site, validate(FIXTURE_CONTENT))


