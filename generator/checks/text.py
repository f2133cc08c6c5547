"""Checks on free text before it is rendered: length, Markdown nesting, and the link policy.

Markdown fields are the ones the report schema defines as markdown. Links may be
relative, `#anchors`, `https:` or `mailto:`; anything else (`javascript:`, `data:`,
`file:`, `http:`, `//host`, control characters) is an error that quotes the link,
never silently turned into text. Images may only come from the site itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt

from ..diagnostics import Diagnostic, diagnostic
from ..domain.links import link_problem
from ..loading.files import SourceFile
from ..paths import SCHEMAS_DIR

MAX_TEXT = 20_000  # characters in one Markdown field; the longest real section has about 5,400
MAX_NESTING = 10  # quote and list levels; the renderer stops at 20 and would drop what is deeper
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CHECKER = MarkdownIt("commonmark", {"html": False, "maxNesting": 1000})
_CHECKER.enable("table")
_CHECKER.validateLink = lambda url: True  # type: ignore[method-assign]  # see every link, to judge it here
# Text that may hold a link ([…](…), <scheme:…>), a quote, or a nested list: an indented line,
# or a list marker right after another (`- - x`). Any other text needs no parse to be judged.
_MAY_LINK_OR_NEST = re.compile(r"[\[<>]|^[ \t]|^(?:[-+*]|\d{1,9}[.)])[ \t]+(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)",
                               re.MULTILINE)


@cache
def markdown_keys() -> frozenset[str]:
    """Keys whose values the report schema declares as Markdown."""
    schema = json.loads((SCHEMAS_DIR / "report.schema.json").read_text("utf-8"))
    keys: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, child in node.get("properties", {}).items():
                if isinstance(child, dict) and str(child.get("$ref", "")).endswith("/markdown"):
                    keys.add(key)
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(schema)
    return frozenset(keys)


LIST_KEYS = {"problems", "measures"}  # lists whose plain-string items are Markdown


def _markdown_values(source: SourceFile) -> Iterator[tuple[tuple[str | int, ...], str]]:
    keys = markdown_keys()
    for path, value in source.yaml.strings:
        last = path[-1] if path else None
        if last in keys if isinstance(last, str) else len(path) > 1 and path[-2] in LIST_KEYS:
            yield path, value


def _where(source: SourceFile, path: tuple[str | int, ...], text: str, needle: str) -> tuple[int, int]:
    """The position of needle inside a text value: lines below a block scalar's first line."""
    line, column = source.yaml.locate(path)
    offset = text.find(needle)
    if offset < 0:
        return line, column
    before = text[:offset]
    lines_down = before.count("\n")
    if lines_down == 0:
        return line, column + len(before)
    return line + lines_down, column + len(before) - before.rfind("\n") - 1


def check_text(source: SourceFile) -> Iterator[Diagnostic]:
    """Every Markdown field of a report: not too long, not too deep, every link allowed."""
    if source.type != "report":
        return
    for path, text in _markdown_values(source):
        where = source.yaml.locate(path)
        if len(text) > MAX_TEXT:
            yield diagnostic(source.shown, where, "text-too-long",
                             f"这段文字有 {len(text)} 个字符，超过上限 {MAX_TEXT}；"
                             "请检查是否误粘贴了重复内容，或按原文标题分节")
            continue
        if not _MAY_LINK_OR_NEST.search(text):
            continue
        tokens = _CHECKER.parse(text)
        depth = max((t.level for t in tokens), default=0)
        if depth > 2 * MAX_NESTING:  # each quote or list level opens two token levels
            yield diagnostic(source.shown, where, "markdown-too-deep",
                             f"引用（>）或列表嵌套超过 {MAX_NESTING} 层，更深的内容无法显示；请减少嵌套")
            continue
        for token in tokens:
            for child in token.children or []:
                url = child.attrGet("href") if child.type == "link_open" else (
                    child.attrGet("src") if child.type == "image" else None)
                if not isinstance(url, str):
                    continue
                problem = link_problem(url, child.type == "image")
                if problem:
                    shown = url if len(url) <= 60 else url[:60] + "…"
                    written = unquote(url)[:20]  # as the editor typed it, not as the renderer encoded it
                    yield diagnostic(source.shown, _where(source, path, text, written or "]("), "unsafe-link",
                                     f"链接「{_CONTROL.sub('?', shown)}」：{problem}")
