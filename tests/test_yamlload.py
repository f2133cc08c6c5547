"""The strict YAML reader: exact values, positions, and refusals."""

import re
from decimal import Decimal

import pytest
import yaml

from generator.loading import yamlload
from generator.loading.yamlload import MAX_BYTES, load_yaml

pytestmark = pytest.mark.unit


@pytest.fixture(autouse=True, params=["libyaml", "python"])
def parser(request, monkeypatch):
    """Every test runs with libyaml's C parser and with PyYAML's pure-Python fallback."""
    if request.param == "python":
        monkeypatch.setattr(yamlload, "EventLoader", yaml.SafeLoader)
    else:
        assert yamlload.EventLoader is yaml.CSafeLoader


def load(tmp_path, text: str | bytes):
    path = tmp_path / "x.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    loaded, problems = load_yaml(path.read_bytes(), "x.yaml")
    return loaded, [(p.line, p.column, p.code) for p in problems]


def test_numbers_are_exact_decimals_never_floats(tmp_path):
    loaded, problems = load(tmp_path, "a: 6928.97\nb: 0.00\nc: 3230\nd: -0.7563\n")
    assert problems == []
    assert loaded.data == {"a": Decimal("6928.97"), "b": Decimal("0.00"), "c": 3230, "d": Decimal("-0.7563")}
    assert str(loaded.data["b"]) == "0.00"  # published decimals are kept
    assert not any(isinstance(v, float) for v in loaded.data.values())


def test_every_value_has_a_line_and_column(tmp_path):
    loaded, _ = load(tmp_path, "top:\n  list:\n    - x\n    - {k: 5}\n")
    assert loaded.positions[("top", "list", 0)] == (3, 7)
    assert loaded.positions[("top", "list", 1, "k")] == (4, 11)
    assert loaded.key_positions[("top", "list")] == (2, 3)
    assert loaded.locate(("top", "list", 1, "missing")) == (4, 7)


def test_quoted_text_stays_text(tmp_path):
    loaded, problems = load(tmp_path, 'a: "no"\nb: "012"\nc: "1:20"\nd: |\n  yes\n')
    assert problems == []
    assert loaded.data == {"a": "no", "b": "012", "c": "1:20", "d": "yes\n"}


def test_alias_bomb_is_refused_before_expanding(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[n]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    _, problems = load(tmp_path, "\n".join(lines))
    assert problems == [(1, 4, "yaml-anchor")]


def test_oversized_file_is_refused_unread(tmp_path):
    _, problems = load(tmp_path, "a: " + "x" * MAX_BYTES)
    assert problems == [(1, 1, "file-too-large")]


def test_multiple_documents_are_refused(tmp_path):
    _, problems = load(tmp_path, "a: 1\n---\nb: 2\n")
    assert problems == [(2, 1, "yaml-multiple-documents")]


def test_syntax_error_is_located(tmp_path):
    _, problems = load(tmp_path, "x:\n  a: 1\n b: 2\n")
    assert problems == [(3, 2, "yaml-syntax")]


def test_byte_order_mark_is_accepted(tmp_path):
    loaded, problems = load(tmp_path, "\ufeffa: 1\n".encode("utf-8"))
    assert problems == [] and loaded.data == {"a": 1}


def test_surprises_are_reported_by_both_parsers(tmp_path):
    _, problems = load(tmp_path, "a: yes\nb: 012\nc: 1:20\nd: .nan\ne: 1e3\nf: Null\n")
    assert [p[2] for p in problems] == ["yaml-ambiguous-boolean", "yaml-octal", "yaml-base60",
                                        "yaml-special-float", "yaml-number-format", "yaml-ambiguous-null"]


@pytest.mark.parametrize("text, expected", [
    ("title：报告\nyear: 2023\n", (1, 6, "yaml-fullwidth-colon")),
    ("title:报告\nyear: 2023\n", (1, 6, "yaml-colon-space")),
    ("a: 1\n\u3000b: 2\n", (2, 1, "yaml-fullwidth-indent")),
    ("a:\n  b: 1\n\u00a0 c: 2\n", (3, 1, "yaml-fullwidth-indent")),
    ("“title”: 报告\n", (1, 1, "yaml-chinese-quotes")),
    ("title: \"报告\nyear: 2023\n", (1, 8, "yaml-unclosed-quote")),
    ("a: [1, 2\nb: 3\n", (1, 4, "yaml-unclosed-bracket")),
    ("items:\n  - a\n - b\nc: 1\n", (3, 2, "yaml-list-indent")),
    ("items:\n  - a\n   - b\n", (3, 4, "yaml-list-indent")),
    ("title: 报告: 一\n", (1, 10, "yaml-colon-in-text")),
])
def test_input_method_slips_are_named_where_they_were_made(tmp_path, text, expected):
    _, problems = load(tmp_path, text)
    assert problems == [expected]


def test_syntax_messages_are_chinese_without_parser_english(tmp_path):
    from generator.loading.yamlload import load_yaml as read

    for text in ["x:\n  a: 1\n b: 2\n", "a: 1\n  b: 2\n", "a: [1,\n", "key: @x\n", "- a\nb: 1\n"]:
        _, problems = read(text.encode("utf-8"), "x.yaml")
        assert problems, text
        for problem in problems:
            assert not re.search(r"[A-Za-z]{4,}", problem.message.replace("YAML", "")), problem.message
