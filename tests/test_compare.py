"""Comparison tables and open data: the same numbers as the content, never invented."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import pytest

from generator import urls
from generator.checks.validate import validate
from generator.views import site as site_views
from generator.views.compare import NOT_COLLECTED, NOT_DISCLOSED, build_comparison, peer_median, share
from generator.views.site import build_site

from .fixtures_support import FIXTURE_CONTENT
from .invariants import table_rows


@pytest.fixture(scope="module")
def real():
    validation = validate(FIXTURE_CONTENT)
    site = build_site(validation.content)
    return validation, site, build_comparison(validation.content, site)


def figures_with_measures(validation):
    out = {}
    for report in validation.content.models():
        if report.kind.per_project:
            continue  # a project's figures are not its bureau's: compared with projects of its type
        for f in report.figures():
            if f.measure:
                out.setdefault((f.measure, report.bureau.id, report.year), []).append(f)
        if report.score:
            out[("self-assessed-score", report.bureau.id, report.year)] = [report.score_figure()]
    return out


def test_comparison_values_equal_content_values(real):
    validation, _, comparison = real
    content = figures_with_measures(validation)
    shown = 0
    for table in comparison.measures:
        for row in table.rows:
            for year, cell in zip(table.years, row.cells, strict=True):
                found = content.get((table.id, row.bureau.id, year))
                if cell.text in (NOT_DISCLOSED, NOT_COLLECTED):
                    assert not found, (table.id, row.bureau.id, year)
                    continue
                assert found and cell.value == found[0].value and cell.unit == found[0].unit
                assert cell.url.endswith(f"#fig-{found[0].id}")
                shown += 1
    assert shown == len(content)  # every measured figure reaches its table


def test_not_disclosed_never_becomes_zero(built_site, real):
    _, _, comparison = real
    for table in comparison.measures:
        page = (built_site / table.url / "index.html").read_text("utf-8")
        gaps = re.findall(r'<td class="num gap" title="[^"]+">([^<]*)</td>', page)
        assert all(g in (NOT_DISCLOSED, NOT_COLLECTED) for g in gaps)
        rows = list(csv.reader(io.StringIO((built_site / f"data/compare/{table.id}.csv").read_text("utf-8-sig"))))
        cells = [c for r in rows[1:] for c in r[2:]]
        assert len(gaps) <= sum(c in (NOT_DISCLOSED, NOT_COLLECTED) for c in cells)  # the page collapses empty years
        medians = json.loads((built_site / f"data/compare/{table.id}.json").read_text("utf-8"))["medians"]
        assert all(m["count"] >= 3 for m in medians)  # a median of one or two values is not shown


def test_median_and_shares_are_decimal_arithmetic():
    assert peer_median([Decimal("99.94"), Decimal("99.78")]) is None  # two values make no median
    assert peer_median([Decimal("99.94"), Decimal("99.78"), Decimal("99.80")]) == Decimal("99.80")
    assert peer_median([Decimal("1"), Decimal("2"), Decimal("4"), Decimal("8")]) == Decimal("3")
    assert peer_median([Decimal("0.1"), Decimal("0.2"), Decimal("0.7")]) == Decimal("0.2")
    assert peer_median([]) is None
    # Baiyun publishes 78.52% and 21.48%; computing from its amounts gives the same.
    assert share(Decimal("4764.05"), Decimal("4764.05") + Decimal("1303.61")) == Decimal("78.52")
    assert share(Decimal("1303.61"), Decimal("4764.05") + Decimal("1303.61")) == Decimal("21.48")
    assert share(Decimal("0.1"), Decimal("0.3")) == Decimal("33.33")


def test_open_data_package_is_valid(built_site, real):
    from frictionless import Package

    validation, site, _ = real
    report = Package(str(built_site / "data" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    raw = (built_site / "data/figures.csv").read_bytes()
    assert raw.startswith("\ufeffbureau,".encode())  # the BOM Excel on Chinese Windows needs to read UTF-8
    for measure_csv in (built_site / "data/compare").glob("*.csv"):
        assert measure_csv.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    expected = sum(1 for r in validation.content.models() for _ in r.figures())
    assert len(rows) == expected
    liwan = [r for r in rows if r["bureau"] == "guangzhou-liwan" and r["year"] == "2023"
             and r["figure_id"] == "current-year-expenditure"]
    assert liwan[0]["value"] == "6928.97" and liwan[0]["unit"] == "万元"
    assert liwan[0]["source_page"] == "/reports/guangzhou-liwan/2023-self-evaluation/#fig-current-year-expenditure"
    targets = json.loads((built_site / "data/reports/guangzhou-2024-budget-targets.json").read_text("utf-8"))
    zero = [f for t in targets["money"] for f in t["figures"] if f["id"] == "special-fiscal-funds"]
    assert zero[0]["value"] == "0.00"  # published decimals survive as text


def test_money_comparison_shows_computed_shares_and_gaps(built_site):
    header, *rows = table_rows(built_site / "compare/money/index.html", "money-table")
    by_report = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    baiyun = by_report["白云区司法局 自评报告"]
    assert baiyun["基本支出占比（%，本站计算）"] == "78.52" and baiyun["项目支出占比（%，本站计算）"] == "21.48"
    assert baiyun["自评得分（分）"] == "94.88" and baiyun["预算执行率（%）"] == "100"
    assert by_report["增城区司法局 评价报告"]["收入总额（万元）"] == NOT_DISCLOSED
    assert by_report["增城区司法局 评价报告"]["自评得分（分）"] == "100"


def test_indicator_achievement_counts(built_site):
    rows = {(r[0], r[1]): r[2:] for r in table_rows(built_site / "compare/indicators/index.html",
                                                    "achievement-table")[1:]}
    assert rows[("荔湾区司法局 自评报告", "2023")] == ["8", "1", "0", "7", "0"]
    assert rows[("增城区司法局 评价报告", "2022")] == ["5", "5", "0", "0", "0"]


def test_trend_appears_when_a_bureau_has_two_years(built_site):
    # The fixture corpus holds Liwan for 2022 and 2023, every other bureau for one year.
    liwan = (built_site / "bureaus/guangzhou-liwan/index.html").read_text("utf-8")
    assert "<h2>历年变化</h2>" in liwan and '<svg class="spark"' in liwan
    trend = liwan[liwan.index("<h2>历年变化</h2>"):]
    years = [int(y) for y in re.findall(r'<th scope="col" class="num">(\d{4}) 年度</th>', trend)]
    assert years == sorted(years, reverse=True) and len(years) == 2  # the latest year first
    assert ">99.50</a>" in liwan and ">99.94</a>" in liwan
    baiyun = (built_site / "bureaus/guangzhou-baiyun/index.html").read_text("utf-8")
    assert "历年变化" not in baiyun
    # 2022 has two district values: too few for a median, so no position against one;
    # they share one chart, the city figures none.
    data = json.loads((built_site / "data/compare/mediation-success-rate.json").read_text("utf-8"))
    assert [m for m in data["medians"] if m["year"] == 2022] == []
    page = (built_site / "compare/mediation-success-rate/index.html").read_text("utf-8")
    assert 'id="medians"' not in page
    assert "高于同级中位数" not in page and "仅此一家" not in page
    assert re.findall(r'<h3 class="chart-title"[^>]*>([^<]+)</h3>', page) == ["调解成功率：2022 年度区县级机构"]


def test_a_long_money_table_is_split_into_a_page_per_year(tmp_path, monkeypatch):
    from generator.build import build

    build(FIXTURE_CONTENT, tmp_path / "site", site_url="https://example.org", money_page_rows=2)
    index = (tmp_path / "site/compare/money/index.html").read_text("utf-8")
    assert 'id="money-table"' not in index
    years = re.findall(r'<a href="/compare/money/(\d{4})/">', index)
    assert years == sorted(years, reverse=True) and "2022" in years
    rows = {}
    for year in years:
        header, *body = table_rows(tmp_path / f"site/compare/money/{year}/index.html", "money-table")
        assert {r[1] for r in body} == {year}
        rows[year] = len(body)
    assert sum(rows.values()) == 6 and rows["2022"] == 2  # every report once, in its year


def test_measures_nobody_disclosed_are_listed_apart_not_linked_as_if_they_had_data(real, built_site):
    _, _, comparison = real
    index = (built_site / "compare/index.html").read_text("utf-8")
    silent = [t for t in comparison.measures if not t.disclosed]
    assert silent  # the fixtures have one (法律援助满意率 is only in project forms)
    for table in comparison.measures:
        linked = f'href="/{table.url}"' in index
        assert linked == bool(table.disclosed), table.id
    listed = re.findall(r'<p class="silent-measures">(.*?)</p>', index)
    assert all(any(t.name in line for line in listed) for t in silent)


def test_two_bureaus_with_one_short_name_are_told_apart_wherever_both_are_listed(tmp_path):
    import shutil

    from generator.build import build

    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    (content / "bureaus/zhanjiang-liwan.yaml").write_text(
        "name: 湛江市荔湾区司法局\nshort_name: 荔湾区司法局\nlevel: 区\nregion:\n  province: 广东省\n  city: 湛江市\n"
        "  district: 荔湾区\n", "utf-8")
    twin = content / "reports/zhanjiang-liwan/2023-self-evaluation.yaml"
    twin.parent.mkdir()
    source = (content / "reports/guangzhou-liwan/2023-self-evaluation.yaml").read_text("utf-8")
    twin.write_text(source.replace("bureau: guangzhou-liwan", "bureau: zhanjiang-liwan")
                    .replace("value: 3230, unit: 宗", "value: 2999, unit: 宗"), "utf-8")
    build(content, tmp_path / "site")
    site = tmp_path / "site"
    page = (site / "compare/mediation-cases/index.html").read_text("utf-8")
    for table in re.findall(r"<table.*?</table>", page, re.S):
        names = re.findall(r'<th scope="row"><a href="/bureaus/[^"]+/">([^<]+)</a></th>', table)
        assert len(names) == len(set(names)), names
    assert "广州市荔湾区司法局" in page and "湛江市荔湾区司法局" in page
    charts = re.findall(r'<figure class="chart".*?</figure>', page, re.S)
    assert charts
    for chart in charts:
        bars = re.findall(r'<text[^>]*class="chart-label"[^>]*>([^<]+)</text>', chart)
        assert len(bars) == len(set(bars)), bars
    search = (site / "search/index.html").read_text("utf-8")
    assert 'value="广州市荔湾区司法局"' in search and 'value="湛江市荔湾区司法局"' in search
    assert 'value="白云区司法局"' not in search  # the filter names every bureau in full
    data = (site / urls.measure_csv("mediation-cases")).read_text("utf-8-sig")
    assert "广州市荔湾区司法局" in data and "湛江市荔湾区司法局" in data  # as the page names them


def test_the_money_table_downloads_whole_with_values_as_published(real, built_site):
    _, _, comparison = real
    rows = list(csv.reader(io.StringIO((built_site / urls.money_csv()).read_text("utf-8-sig"))))
    assert rows[0][:4] == ["机构", "机构id", "年度", "报告类型"] and rows[0][-1] == "等级"
    assert len(rows) - 1 == len(comparison.money)
    liwan = next(r for r in rows if r[1] == "guangzhou-liwan" and r[2] == "2023")
    assert liwan[rows[0].index("本年支出（万元）")] == "6928.97" and liwan[-1] == NOT_DISCLOSED
    years = [int(r[2]) for r in rows[1:]]
    assert years == sorted(years, reverse=True)
    records = json.loads((built_site / urls.money_json()).read_text("utf-8"))
    assert len(records) == len(comparison.money) and records[0]["报告"].startswith("/reports/")


def test_the_money_comparison_keeps_level_groups_apart_with_links_between_them(built_site):
    page = (built_site / "compare/money/index.html").read_text("utf-8")
    groups = re.findall(r'<h2 id="(level-\d)">([^<]+)机构</h2>', page)
    assert [g for _, g in groups] == ["区县级", "市级"]
    for anchor, group in groups:
        assert f'<a href="#{anchor}">{group}（' in page
    district = table_rows(built_site / "compare/money/index.html", "money-table")[1:]
    city = table_rows(built_site / "compare/money/index.html", "money-table-2")[1:]
    assert district and city
    assert not any("广州市司法局" in r[0] or "湛江市司法局" in r[0] for r in district)
    assert all(("广州市司法局" in r[0] or "湛江市司法局" in r[0]) for r in city)


def test_each_bureau_is_one_line_over_the_years_it_disclosed_never_across_a_gap():
    from generator.views.compare import Cell, Gap, Row, _over_time
    from generator.views.site import BureauLink

    def cell(value: str) -> Cell:
        return Cell(value, Decimal(value), "%", "", (), None)

    silent = Gap(NOT_DISCLOSED, "")
    years = (2020, 2021, 2022, 2023)
    rows = tuple(Row(BureauLink(b, b, b, "区", f"bureaus/{b}/"), "区县级", cells) for b, cells in (
        ("a", (cell("90"), cell("95"), silent, cell("100"))),  # 2022 not disclosed: two runs, one a lone dot
        ("b", (cell("80"), cell("85"), cell("90"), cell("95"))),
        ("c", (silent, cell("70"), silent, silent))))
    chart = _over_time(rows, years, [])
    assert chart is not None
    assert [(line.bureau, line.points) for line in chart.bureaus] == [
        ("a", "5.0,35.0 35.0,20.0"), ("b", "5.0,65.0 35.0,50.0 65.0,35.0 95.0,20.0")]  # 70 at the foot, 100 at the top
    assert sum(d.bureau == "a" for d in chart.dots) == 3 and sum(d.bureau == "c" for d in chart.dots) == 1


def test_report_heads_made_in_forked_workers_are_the_ones_made_here(real, monkeypatch):
    validation, here, _ = real
    monkeypatch.setattr(site_views, "HEADS_IN_WORKERS_FROM", 1)
    monkeypatch.setattr(site_views, "HEAD_RANGE", 3)  # several ranges, so their order matters
    forked = build_site(validation.content)
    assert len(here.reports) > 6 and forked.reports == here.reports and forked.bureaus == here.bureaus
