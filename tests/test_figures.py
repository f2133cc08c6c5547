"""Sums are checked in decimals: no float ever touches a published figure."""

from decimal import Decimal

from generator.figures import score_check, sum_checks


def report(*figures, **extra):
    return {"money": [{"caption": "t", "figures": list(figures)}], **extra}


def fig(id, value, unit="万元", parts=None):
    f = {"id": id, "label": id, "value": Decimal(value) if "." in str(value) else value, "unit": unit}
    if parts:
        f["parts"] = parts
    return f


def test_liwan_rounding_gap_is_a_notice_with_exact_difference():
    [check] = sum_checks(report(fig("t", "6928.97", parts=["b", "p"]), fig("b", "5009.03"), fig("p", "1919.93")))
    assert (check.status, check.computed, check.difference) == ("rounding", Decimal("6928.96"), Decimal("0.01"))


def test_float_prone_sums_are_exact():
    # 0.1 + 0.2 != 0.3 in binary floating point; in decimals it is exact.
    [check] = sum_checks(report(fig("t", "0.3", parts=["a", "b"]), fig("a", "0.1"), fig("b", "0.2")))
    assert check.status == "ok" and check.difference == 0


def test_counts_have_no_rounding_tolerance():
    [check] = sum_checks(report(fig("t", 8115, "件", ["a", "b"]), fig("a", 8000, "件"), fig("b", 114, "件")))
    assert check.status == "mismatch" and check.tolerance == 0


def test_scoring_total_can_exceed_reported_total():
    data = {"scoring": {"items": [{"name": "a", "awarded": Decimal("60")}, {"name": "b", "awarded": 40}],
                        "bonus": [{"name": "c", "points": 3}], "total_reported": 100}}
    check = score_check(data)
    assert (check.computed, check.difference) == (Decimal("103"), Decimal("-3"))
