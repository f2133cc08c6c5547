"""Schema messages are true Chinese sentences with no Python spelling in them."""

from __future__ import annotations

import re

import pytest

from generator.checks.validate import validate_files
from generator.loading.files import ContentFile

pytestmark = pytest.mark.unit

HEAD = ("bureau: b\nyear: 2023\nkind: self-evaluation\ntitle: 测试报告标题\n"
        "source: {document: x.pdf, issuer: 某司法局}\n")


def messages(text: str) -> list[tuple[str, str]]:
    validation = validate_files([ContentFile("report", "reports/b/2023-self-evaluation.yaml", "r.yaml",
                                             text.encode("utf-8"))])
    return [(d.code, d.message) for d in validation.diagnostics]


@pytest.mark.parametrize("body, code, expected", [
    ("score: {value: 5, max: 0}\n", "schema-range", "score › max: 「0」太小：必须大于「0」"),
    ("score: {value: -1}\n", "schema-range", "score › value: 「-1」太小：不能小于「0」"),
    ("narrative:\n  - {heading: 一、概况, level: 7}\n", "schema-range", "「7」太大：不能大于「4」"),
    ("source2: x\n", "schema-unknown-key", "不认识的键「source2」；请检查拼写；是不是要写：source"),
    ("score: {value: \"94.88\"}\n", "schema-type", "应为数字，但「94.88」加了引号，被当作文字；数字不要加引号"),
    ("score: {value: 94.88, grade: null}\n", "schema-type", "应为文字，实际是「null」"),
    ("money:\n  - caption: 资金表\n    figures:\n      - {id: a, label: x, value: 1, unit: 件, over_100: false}\n",
     "schema-enum", "「false」不是允许的取值；这里只能写 true"),
    ("discrepancies:\n  - {kind: sum, figures: [a, a, a], note: x}\n  - {kind: total, figures: [a], note: x}\n",
     "schema-enum", "「total」不是允许的取值；可选：sum、ratio、conflict、score-total"),
])
def test_schema_sentences(body, code, expected):
    found = messages(HEAD + body)
    assert any(c == code and expected in m for c, m in found), found


def test_dates_are_shown_as_an_example_not_a_pattern():
    dated = HEAD.replace("issuer: 某司法局}", "issuer: 某司法局, date_written: 2024年6月10日}")
    [(code, message)] = messages(dated)
    assert code == "schema-pattern" and "如 2023-06-30" in message and "[0-9]" not in message


def test_no_python_spelling_reaches_a_message():
    body = ("score: {value: [1, 2], max: {a: 1}, grade: 5}\n"
            "money:\n  - caption: 资金表\n    figures:\n      - {id: a, label: x, value: true, unit: null}\n")
    for code, message in messages(HEAD + body):
        assert not re.search(r"None|True|False|Decimal|\[|\{|'", message), (code, message)
