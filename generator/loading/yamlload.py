"""Strict YAML reading: plain data with a line and column for every value.

PyYAML's own constructors follow YAML 1.1, which silently turns `no` into False,
`012` into 10 and `1:20` into 80. We build values from the event stream ourselves,
so that every one of those surprises becomes an error instead, numbers with a
fraction become Decimal (never float), and anchors, aliases and tags are refused
before anything could expand or execute.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from ..diagnostics import Diagnostic, Pos, diagnostic
from . import syntax
from .characters import char_name

# libyaml's C parser when PyYAML was built with it: the same events, many times faster.
EventLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAPPING_START, _SEQUENCE_START = yaml.MappingStartEvent, yaml.SequenceStartEvent
_MAPPING_END, _SEQUENCE_END = yaml.MappingEndEvent, yaml.SequenceEndEvent

MAX_BYTES = 512 * 1024
MAX_DEPTH = 24
# Far beyond any budget (a trillion 亿元 has 17 digits in 万元), and small enough that every sum
# and ratio is exact in domain.numbers' context.
MAX_WHOLE_DIGITS = 20
MAX_FRACTION_DIGITS = 10

JsonPath = tuple[str | int, ...]

_INT = re.compile(r"-?(0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+")
_BOOL_11 = re.compile(r"y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|True|TRUE|False|FALSE")
_NULL_11 = re.compile(r"Null|NULL")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+(\.[0-9]*)?|0[oO][0-7]+|0[xX][0-9a-fA-F]+|0[bB][01]+")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
# Written so that no string can be split two ways: every pattern here runs in linear time.
_OTHER_NUMBER = re.compile(
    r"[-+]?(?:[0-9_]+|(?:[0-9][0-9_]*)?\.[0-9_]+)(?:[eE][-+]?[0-9]+)?|\+[0-9]+(?:\.[0-9]+)?|[0-9]+\."
)
# Zero-width, bidi-control and line-separator characters: invisible in editors, and the
# separators make YAML count lines differently from them. (A BOM at the start is fine.)
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u2028\u2029\u0085]")
_SEPARATORS = "\u2028\u2029\u0085"  # YAML counts these as line breaks, editors do not
_GROUPED = re.compile(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
# Every number pattern above starts with one of these; the words are all the others match.
_NUMBER_STARTS = frozenset("-+.0123456789")
_SPECIAL_WORDS = frozenset(["", "~", "null", "true", "false", "Null", "NULL", *_BOOL_11.pattern.split("|")])


@dataclass
class LoadedYaml:
    """The data of one file and where each value and each mapping key stands in it."""

    data: Any = None
    positions: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    strings: list[tuple[JsonPath, str]] = field(default_factory=list)  # every text value, in order

    def locate(self, path: JsonPath) -> tuple[int, int]:
        """Line and column of the value at path, or of its nearest located ancestor."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def locate_key(self, path: JsonPath) -> tuple[int, int]:
        return self.key_positions.get(tuple(path)) or self.locate(path)


class _Problems(Exception):
    """Raised to stop reading after a problem that leaves nothing sensible to read."""


def _mark(mark: Any) -> tuple[int, int]:
    """A 1-based position from a PyYAML or libyaml mark (they are different classes)."""
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _position_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, column


class _Reader:
    def __init__(self, shown_path: str) -> None:
        self.shown_path = shown_path
        self.lines: list[str] = []
        self.problems: list[Diagnostic] = []
        self.result = LoadedYaml()

    def problem(self, where: tuple[int, int], code: str, message: str) -> None:
        self.problems.append(diagnostic(self.shown_path, where, code, message))

    def scalar(self, event: yaml.ScalarEvent, where: tuple[int, int]) -> Any:
        text = event.value
        if event.style:  # quoted or block scalars are always text (plain: None, or "" from libyaml)
            return text
        if text[:1] not in _NUMBER_STARTS and text not in _SPECIAL_WORDS:
            return text  # most values: words that no pattern below could match
        if text in ("", "~", "null"):
            return None
        if text == "true":
            return True
        if text == "false":
            return False
        if _INT.fullmatch(text) or _DECIMAL.fullmatch(text):
            return self.number(text, where)
        if _BOOL_11.fullmatch(text):
            self.problem(where, "yaml-ambiguous-boolean",
                         f"「{text}」在 YAML 1.1 中会被读成真假值；真假值请写 true 或 false，文字请加引号")
        elif _NULL_11.fullmatch(text):
            self.problem(where, "yaml-ambiguous-null", f"「{text}」含义不明；空值请写 null，文字请加引号")
        elif _GROUPED.fullmatch(text):
            self.problem(where, "yaml-number-format",
                         f"数字「{text}」不能带千位分隔符，请写作 {text.replace(',', '')}")
        elif _LEADING_ZERO.fullmatch(text):
            self.problem(where, "yaml-octal",
                         f"「{text}」以 0 开头，YAML 1.1 会按八进制或其他进制读取；编号请加引号，数字请去掉前导 0")
        elif _SEXAGESIMAL.fullmatch(text):
            self.problem(where, "yaml-base60",
                         f"「{text}」在 YAML 1.1 中会被读成六十进制数；时间或比例请加引号")
        elif _SPECIAL_FLOAT.fullmatch(text):
            self.problem(where, "yaml-special-float", f"不接受「{text}」这样的特殊数值")
        elif _OTHER_NUMBER.fullmatch(text):
            self.problem(where, "yaml-number-format",
                         f"数字「{text}」写法不规范；请写成 123 或 123.45 的形式")
        return text

    def number(self, text: str, where: tuple[int, int]) -> Any:
        """A number as published; one too long to be a figure, or a sign on zero, is a problem."""
        whole, _, fraction = text.lstrip("-").partition(".")
        if len(whole) > MAX_WHOLE_DIGITS or len(fraction) > MAX_FRACTION_DIGITS:
            self.problem(where, "number-too-long",
                         f"数字「{text[:20]}…」有 {len(whole)} 位整数、{len(fraction)} 位小数，超过上限"
                         f"（{MAX_WHOLE_DIGITS} 位整数、{MAX_FRACTION_DIGITS} 位小数）；请按原文核对")
            return text
        if text == "-0":
            self.problem(where, "yaml-number-format", "「-0」就是 0：请写 0（原文的 -0.00 这类写法可以照录）")
            return text
        return Decimal(text) if fraction else int(text)

    def comment_after(self, value: str, end: Any) -> None:
        """`title: 报告 #2` silently loses `#2` to a comment: say so instead."""
        line = self.lines[end.line] if end.line < len(self.lines) else ""
        if "#" not in line:
            return
        match = re.match(r"\s+#", line[end.column:])
        if match:
            self.problem((end.line + 1, end.column + match.end()), "yaml-comment-in-value",
                         f"「{line[end.column + match.end() - 1:][:20]}」被当作注释丢掉了；若它是原文的一部分，"
                         "请给整段文字加引号；注释请单独写一行")

    def key_slip(self, key: str, where: tuple[int, int]) -> syntax.Slip | None:
        """A key that parsed, but only because of a slip: odd spaces before it, Chinese quotes around it."""
        if not key or (key[0] not in syntax.SPACE_NAMES and not key[0].isspace() and key[0] not in "“”‘’「」『』"):
            return None
        line = self.lines[where[0] - 1] if where[0] <= len(self.lines) else ""
        return syntax.odd_indentation(line, where[0]) or syntax.key_slip(line, where[0])

    def block_start(self, where: tuple[int, int]) -> tuple[int, int]:
        """A `|` or `>` scalar is located at its first line of text, not at the indicator."""
        line = where[0] + 1
        if line <= len(self.lines):
            content = self.lines[line - 1]
            return line, len(content) - len(content.lstrip(" ")) + 1
        return where

    def read(self, text: str) -> LoadedYaml:
        self.lines = text.split("\n")
        positions, key_positions, strings = self.result.positions, self.result.key_positions, self.result.strings
        # Each frame: [container, path, pending key or None, orphan: under a duplicate key]
        stack: list[list[Any]] = []
        documents = 0
        root_set = False
        event: Any  # dispatched on its exact type below, which mypy cannot follow
        try:
            for event in yaml.parse(text, Loader=EventLoader):
                kind = type(event)  # one lookup per event: this loop is most of a cold check
                if kind is _MAPPING_END or kind is _SEQUENCE_END:
                    stack.pop()
                    continue
                is_scalar = kind is yaml.ScalarEvent
                if not is_scalar and kind is not _MAPPING_START and kind is not _SEQUENCE_START:
                    if kind is yaml.DocumentStartEvent:
                        documents += 1
                        if documents > 1:
                            self.problem(_mark(event.start_mark), "yaml-multiple-documents",
                                         "一个文件只能有一个 YAML 文档")
                            raise _Problems
                    elif kind is yaml.AliasEvent:
                        self.problem(_mark(event.start_mark), "yaml-alias",
                                     f"不允许使用别名（*{event.anchor}）；请把内容写完整")
                        raise _Problems
                    continue
                mark = event.start_mark
                where = (mark.line + 1, mark.column + 1)
                if event.anchor is not None:
                    self.problem(where, "yaml-anchor", f"不允许使用锚点（&{event.anchor}）；请把内容写完整")
                    raise _Problems
                if event.tag is not None and event.tag != "!":
                    self.problem(where, "yaml-tag", f"不允许使用 YAML 标签（{event.tag}）；文字请加引号")
                    raise _Problems
                frame = stack[-1] if stack else None

                # A new node: either a mapping key, or a value placed at a path.
                if frame is not None and frame[2] is None and type(frame[0]) is dict:
                    if not is_scalar:
                        self.problem(where, "yaml-complex-key", "键必须是简单文字")
                        raise _Problems
                    key = sys.intern(event.value)  # one object for every "label", "value", … of a site
                    if slip := self.key_slip(key, where):
                        self.problems.append(diagnostic(self.shown_path, slip.pos, slip.code, slip.message))
                    if key in frame[0]:
                        first = key_positions[frame[1] + (key,)]
                        self.problem(where, "yaml-duplicate-key",
                                     f"键「{key}」重复，第一次出现在第 {first[0]} 行")
                        key = _Duplicate(key)
                    else:
                        key_positions[frame[1] + (key,)] = where
                    frame[2] = key
                    continue

                if frame is None:
                    path: JsonPath = ()
                elif type(frame[0]) is dict:
                    key, frame[2] = frame[2], None
                    path = frame[1] + (key,)
                else:
                    path = frame[1] + (len(frame[0]),)

                if is_scalar:
                    style = event.style
                    if style == "|" or style == ">":
                        where = self.block_start(where)
                    elif not style and event.end_mark and event.end_mark.line > where[0] - 1:
                        slip = syntax.continued_list_item(self.lines, Pos(*where), event.end_mark.line + 1)
                        if slip:
                            self.problems.append(diagnostic(self.shown_path, slip.pos, slip.code, slip.message))
                    value: Any = self.scalar(event, where)
                    if type(value) is str and len(value) <= 8:
                        value = sys.intern(value)  # units, levels, kinds: thousands of copies otherwise
                    if not style and type(value) is str and event.end_mark:
                        self.comment_after(value, event.end_mark)
                else:
                    if len(stack) >= MAX_DEPTH:
                        self.problem(where, "yaml-too-deep", f"嵌套超过 {MAX_DEPTH} 层")
                        raise _Problems
                    value = {} if kind is _MAPPING_START else []

                orphan = frame is not None and (frame[3] or type(path[-1]) is _Duplicate)
                if not orphan:
                    positions[path] = where
                    if type(value) is str:
                        strings.append((path, value))
                    if frame is None:
                        self.result.data = value
                        root_set = True
                    elif type(frame[0]) is dict:
                        frame[0][path[-1]] = value
                    else:
                        frame[0].append(value)
                if not is_scalar:
                    stack.append([value, path, None, orphan])
        except yaml.MarkedYAMLError as exc:
            problem_at = Pos(*_mark(exc.problem_mark or exc.context_mark))
            context_at = Pos(*_mark(exc.context_mark)) if exc.context_mark else None
            slip = syntax.explain(self.lines, exc.problem or "", exc.context or "", problem_at, context_at)
            self.problems.append(diagnostic(self.shown_path, slip.pos, slip.code, slip.message))
        except yaml.YAMLError:
            self.problem((1, 1), "yaml-syntax", "YAML 语法错误：请检查缩进、冒号和引号")
        except _Problems:
            pass
        if not root_set:
            self.result.positions[()] = (1, 1)
        return self.result


class _Duplicate(str):
    """A repeated key: reported, and its value kept out of the data."""


def load_yaml(raw: bytes, shown_path: str) -> tuple[LoadedYaml, list[Diagnostic]]:
    """Read one YAML document from its bytes; return its data with positions, and every problem.

    Works on bytes in memory, so editors, caches and tests can check text that is not on disk.
    """
    reader = _Reader(shown_path)
    if len(raw) > MAX_BYTES:
        reader.problem((1, 1), "file-too-large",
                       f"文件有 {len(raw)} 字节，超过上限 {MAX_BYTES} 字节")
        return reader.result, reader.problems
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        reader.problem(_position_of_byte(raw, exc.start), "not-utf8", "文件必须是 UTF-8 编码")
        return reader.result, reader.problems
    if "\t" not in text and not _INVISIBLE.search(text):  # the usual file: no line to look at
        return reader.read(text), reader.problems
    positions_break = False  # tabs and line separators make the parser's positions wrong
    for number, line in enumerate(text.split("\n"), start=1):
        column = line.find("\t")
        if column >= 0:
            reader.problem((number, column + 1), "yaml-tab", "不能使用制表符（Tab），请用空格")
            positions_break = True
        positions_break = positions_break or any(c in line for c in _SEPARATORS)
        for match in _INVISIBLE.finditer(line):
            reader.problem((number, match.start() + 1), "invisible-character",
                           f"第 {match.start() + 1} 列有{char_name(match[0])}，看不见但会改变文字或读法；请删除")
    if positions_break:
        return reader.result, reader.problems
    return reader.read(text), reader.problems
