"""Arithmetic findings are computed in decimals and worded once: no float ever touches a figure."""

from decimal import Decimal

import pytest

from generator.checks.validate import validate_files
from generator.domain.findings import findings, score_finding, sum_findings
from generator.loading.files import ContentFile

pytestmark = pytest.mark.unit

HEAD = """bureau: b
year: 2023
kind: self-evaluation
title: 测试报告标题
source: {document: x.pdf, issuer: 某司法局}
"""


def report(body: str):
    """A report read from text in memory, the way an editor's tool would check it."""
    text = HEAD + body
    validation = validate_files([ContentFile("report", "reports/b/2023-self-evaluation.yaml", "r.yaml",
                                             text.encode("utf-8"))])
    [parsed] = validation.content.models()
    return parsed


def money(*rows: str) -> str:
    return "money:\n  - caption: 资金表\n    figures:\n" + "".join(f"      - {row}\n" for row in rows)


def test_liwan_rounding_gap_is_a_notice_with_exact_difference():
    [check] = sum_findings(report(money(
        "{id: t, label: 本年支出, value: 6928.97, unit: 万元, parts: [b, p]}",
        "{id: b, label: 基本支出, value: 5009.03, unit: 万元}",
        "{id: p, label: 项目支出, value: 1919.93, unit: 万元}")))
    assert check.status == "rounding" and check.tolerance == Decimal("0.015")  # 0.005 × (2 parts + 1)
    assert check.sentence == ("「本年支出」原文为 6,928.97 万元；基本支出 5,009.03 + 项目支出 1,919.93 = "
                              "6,928.96 万元，相差 0.01 万元。差额在舍入误差范围内。")


def test_float_prone_sums_are_exact():
    # 0.1 + 0.2 != 0.3 in binary floating point; in decimals it is exact.
    [check] = sum_findings(report(money("{id: t, label: t, value: 0.3, unit: 万元, parts: [a, b]}",
                                        "{id: a, label: a, value: 0.1, unit: 万元}",
                                        "{id: b, label: b, value: 0.2, unit: 万元}")))
    assert check.status == "ok" and not check.shown


def test_counts_have_no_rounding_tolerance():
    [check] = sum_findings(report(money("{id: t, label: t, value: 8115, unit: 件, parts: [a, b]}",
                                        "{id: a, label: a, value: 8000, unit: 件}",
                                        "{id: b, label: b, value: 114, unit: 件}")))
    assert check.status == "mismatch" and check.tolerance == 0 and "相差 1 件" in check.sentence


def test_scoring_total_can_exceed_reported_total():
    check = score_finding(report("scoring:\n  items:\n    - {name: a, awarded: 60}\n    - {name: b, awarded: 40}\n"
                                 "  bonus:\n    - {name: c, points: 3}\n  total_reported: 100\n"))
    assert check is not None and check.status == "mismatch"
    assert "共 103 分；原文报告总分 100 分，相差 -3 分" in check.sentence


def test_ratio_finding_speaks_of_percentage_points():
    [check] = [f for f in findings(report(money(
        "{id: r, label: 结案率, value: 81.33, unit: '%', ratio: [a, b]}",
        "{id: a, label: 结案数, value: 1307, unit: 件}",
        "{id: b, label: 受理数, value: 1656, unit: 件}"))) if f.kind == "ratio"]
    assert check.status == "mismatch" and "计算为 78.93%，相差 2.40 个百分点" in check.sentence


def test_rounding_tolerance_is_what_rounding_explains():
    # Three parts and a total, each rounded to 0.01, can drift apart by at most 0.005 × 4 = 0.02.
    parts = ["{id: a, label: a, value: 1.01, unit: 万元}", "{id: b, label: b, value: 1.01, unit: 万元}",
             "{id: c, label: c, value: 1.01, unit: 万元}"]
    [within] = sum_findings(report(money("{id: t, label: t, value: 3.05, unit: 万元, parts: [a, b, c]}", *parts)))
    [beyond] = sum_findings(report(money("{id: t, label: t, value: 3.06, unit: 万元, parts: [a, b, c]}", *parts)))
    assert (within.status, within.tolerance) == ("rounding", Decimal("0.020"))
    assert beyond.status == "mismatch"  # a 0.03 gap over three parts is more than rounding


def test_a_full_width_percent_is_a_percent():
    [rate] = report(money("{id: r, label: 执行率, value: 103.5, unit: ％}")).figures()
    assert rate.unit == "%"
