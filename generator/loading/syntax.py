"""Name the slip behind a YAML error, at the line and column where the editor made it.

The parser reports where it gave up, often the line after the mistake, in English.
The slips a Chinese input method produces are few and recognisable from the text:
a full-width colon or space, a missing space after a colon, Chinese quotes around a
key, an unclosed quote or bracket, a list item out of line. Each gets its own code
and a concrete fix; anything else gets a Chinese description of what the parser met.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import Pos

KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_FULLWIDTH_COLON = re.compile(rf"^(\s*(?:- +)?)({KEY})\s*：")
_NO_SPACE = re.compile(rf"^(\s*(?:- +)?)({KEY}):(?=[^\s:/])")
_ODD_SPACES = "\u3000\u00a0\u2002-\u200a\u202f\u205f\ufeff"
_ODD_INDENT = re.compile(rf"^[ {_ODD_SPACES}]*[{_ODD_SPACES}]")
_CHINESE_QUOTED_KEY = re.compile(rf"^(\s*(?:- +)?)[“”‘’「」『』]({KEY})[“”‘’「」『』]\s*[:：]")
_TEXT_WITH_COLON = re.compile(rf"^\s*(?:- +)?{KEY}: +[^\"'\s|>].*: ")

SPACE_NAMES = {"\u3000": "全角空格（U+3000）", "\u00a0": "不换行空格（U+00A0）"}


@dataclass(frozen=True)
class Slip:
    pos: Pos
    code: str
    message: str


def _space_name(char: str) -> str:
    return SPACE_NAMES.get(char, f"特殊空格（U+{ord(char):04X}）")


def odd_indentation(line: str, number: int) -> Slip | None:
    """A full-width or no-break space where YAML needs plain spaces for indentation."""
    match = _ODD_INDENT.match(line)
    if not match:
        return None
    column = next(i for i, c in enumerate(line) if c != " ")
    return Slip(Pos(number, column + 1), "yaml-fullwidth-indent",
                f"缩进里有{_space_name(line[column])}；YAML 只能用半角空格缩进，请删掉它重新用空格键缩进")


def key_slip(line: str, number: int) -> Slip | None:
    """A key followed by a full-width colon, by a colon with no space, or wrapped in Chinese quotes."""
    if match := _CHINESE_QUOTED_KEY.match(line):
        return Slip(Pos(number, len(match[1]) + 1), "yaml-chinese-quotes",
                    f"键「{match[2]}」两边用了中文引号；键不加引号，请写成 {match[2]}: …")
    if match := _FULLWIDTH_COLON.match(line):
        column = line.index("：", len(match[1])) + 1
        return Slip(Pos(number, column), "yaml-fullwidth-colon",
                    f"键「{match[2]}」后面用了全角冒号「：」；请改成半角冒号加一个空格，写成 {match[2]}: …")
    if match := _NO_SPACE.match(line):
        column = len(match[1]) + len(match[2]) + 1
        return Slip(Pos(number, column), "yaml-colon-space",
                    f"键「{match[2]}」的冒号后面少了一个空格；请写成 {match[2]}: …")
    return None


def _described(problem: str) -> str:
    """The parser's complaint, in Chinese and without its English."""
    if "mapping values are not allowed" in problem:
        return "这里不能出现冒号加空格；若这是一段文字，请给整段文字加引号"
    if "could not find expected ':'" in problem:
        return "缺少半角冒号「:」"
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return "这一行的缩进与上面不齐：同一层的键要左端对齐"
    if "unexpected end of stream" in problem:
        return "文件意外结束：可能有引号或括号没有配对"
    if "found character" in problem and "cannot start any token" in problem:
        return "这一行以 YAML 不允许开头的字符起首（如 @ 或 `）；若这是文字，请加引号"
    if "did not find expected" in problem or "expected" in problem:
        return "这里的写法不完整：请检查冒号、引号、括号和缩进"
    return "请检查这一行及上一行的缩进、冒号和引号"


def explain(lines: list[str], problem: str, context: str, problem_at: Pos, context_at: Pos | None) -> Slip:
    """The most likely slip behind a parser error, located where it was made."""
    first = max(1, problem_at.line - 3)
    for number in range(first, min(problem_at.line, len(lines)) + 1):
        if slip := odd_indentation(lines[number - 1], number):
            return slip
    if context_at is not None and "quoted scalar" in context:
        return Slip(context_at, "yaml-unclosed-quote", "这里开始的引号没有配对：请在文字末尾补上同样的引号")
    if context_at is not None and "flow sequence" in context:
        return Slip(context_at, "yaml-unclosed-bracket", "这里开始的方括号「[」没有配对：请在列表末尾补上「]」")
    if context_at is not None and "flow mapping" in context:
        return Slip(context_at, "yaml-unclosed-bracket", "这里开始的花括号「{」没有配对：请在末尾补上「}」")
    for number in range(problem_at.line, first - 1, -1):
        if number <= len(lines) and (slip := key_slip(lines[number - 1], number)):
            return slip
    line = lines[problem_at.line - 1] if problem_at.line <= len(lines) else ""
    if "mapping values" in problem and _TEXT_WITH_COLON.match(line):
        return Slip(problem_at, "yaml-colon-in-text",
                    "文字里有「: 」（冒号加空格）；请给整段文字加引号，如 title: \"…: …\"")
    out_of_line = ("expected <block end>", "did not find expected key", "block sequence")
    if line.lstrip().startswith("- ") and any(words in problem for words in out_of_line):
        return Slip(problem_at, "yaml-list-indent",
                    "这一项「- 」的缩进与同一列表的其他项不同；同一列表的各项要左端对齐")
    return Slip(problem_at, "yaml-syntax", f"YAML 语法错误：{_described(problem)}")


def continued_list_item(lines: list[str], start: Pos, end_line: int) -> Slip | None:
    """A plain value that runs onto a line starting with "- ": a list item indented too deep.

    YAML reads `- a` followed by a deeper `- b` as the single text "a - b"."""
    for number in range(start.line + 1, min(end_line, len(lines)) + 1):
        text = lines[number - 1]
        if text.lstrip().startswith("- "):
            return Slip(Pos(number, len(text) - len(text.lstrip()) + 1), "yaml-list-indent",
                        "这一项「- 」缩进过深，被读成了上一项文字的一部分；同一列表的各项要左端对齐")
    return None
