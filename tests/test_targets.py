"""Targets as written, and whether an actual value meets them."""

from decimal import Decimal

import pytest

from generator.domain.targets import Parsed, is_met, parse

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("text, expected", [
    ("≥90%", Parsed(">=", Decimal("90"), "%")),
    ("≤2%", Parsed("<=", Decimal("2"), "%")),
    ("低于0.2%", Parsed("<", Decimal("0.2"), "%")),
    ("≥3000件", Parsed(">=", Decimal("3000"), "件")),
    ("15次", Parsed("=", Decimal("15"), "次")),
    ("≥93", Parsed(">=", Decimal("93"), "")),
    ("100%", Parsed("=", Decimal("100"), "%")),
    ("全覆盖", None),
    ("普法短视频148期，在广州普法抖音、快手、视频号等全媒体平台推送", None),
    ("客观题考试机位数量≥每个考场应考人数的105%", None),
])
def test_parse_keeps_wording_and_reads_what_it_can(text, expected):
    assert parse(text) == expected


def test_bare_target_follows_the_better_direction():
    assert is_met(parse("100%"), parse("100%"), "higher") is True
    assert is_met(parse("100%"), parse("98%"), "higher") is False
    assert is_met(parse("0%"), parse("0.1%"), "lower") is False
    assert is_met(parse("≥97.5%"), parse("99.94%")) is True
    assert is_met(parse("低于0.2%"), parse("0.2%")) is False


def test_different_units_cannot_be_judged():
    assert is_met(parse("≥90%"), parse("95件")) is None
