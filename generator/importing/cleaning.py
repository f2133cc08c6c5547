"""The noise of extraction removed, nothing else: page numbers, running headers and footers,
LaTeX remnants, spaces between Chinese characters, and lines broken inside a sentence joined.
The words themselves are left as written."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .documents import Document, Line, Table

_PAGE_NUMBER = re.compile(r"[-—–\s]*(第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}(\s*/\s*\d{1,4})?"
                          r"|[-—–]\s*\d{1,4}\s*[-—–])[-—–\s]*")
_CJK = "\u3400-\u9fff\uf900-\ufaff"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}，。；：、“”（）《》！？])[ \u3000]+(?=[{_CJK}，。；：、“”（）《》！？])")
_LATEX = [(re.compile(r"\$\s*\\geq?\s*"), "≥"), (re.compile(r"\$\s*\\leq?\s*"), "≤"), (re.compile(r"\\%\s*\$"), "%"),
          (re.compile(r"\\%"), "%"), (re.compile(r"\$"), "")]
_ENDS_SENTENCE = tuple("。！？；：:;!?”」』）)")
# Outline markers: 一、 （一） 1. 1、 (1) （1） ① and their full-width variants.
HEADING_MARK = re.compile(r"([一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]"
                          r"|\d{1,2}[.．、](?!\d)"
                          r"|[（(]\d{1,2}[）)]|[①-⑳])\s*")


@dataclass(frozen=True)
class Para:
    text: str
    page: int
    heading: bool  # marked as a heading by the document (a # line) or short after an outline mark


def _repeated(document: Document) -> set[str]:
    """Lines on most pages of a long document: running headers and footers."""
    if document.pages < 3:
        return set()
    pages_of: Counter[str] = Counter()
    for text in {(b.text.strip(), b.page) for b in document.blocks if isinstance(b, Line)}:
        pages_of[re.sub(r"\d+", "#", text[0])] += 1
    return {t for t, n in pages_of.items() if t and n >= max(3, document.pages // 2)}


def tidy(text: str) -> str:
    for pattern, replacement in _LATEX:
        text = pattern.sub(replacement, text)
    return _CJK_SPACE.sub("", text.strip())


def looks_like_heading(text: str) -> bool:
    mark = HEADING_MARK.match(text)
    if mark is None:
        return False
    rest = text[mark.end():].rstrip("。：:")
    # 部门概况。 is a heading; a whole sentence with its full stop (承担…日常工作。) is a list item.
    longest = 10 if text.endswith("。") else 24
    return 0 < len(rest) <= longest and not re.search("[。；;，,]", rest)


def clean(document: Document) -> list[Para | Table]:
    repeated = _repeated(document)
    out: list[Para | Table] = []
    open_line = False  # the last paragraph may continue on the next line
    seen_heading = False  # a cover page's lines (title, unit, date) stand alone
    for block in document.blocks:
        if isinstance(block, Table):
            out.append(Table(tuple(tuple(tidy(c) for c in row) for row in block.rows if any(c.strip() for c in row)),
                             block.page))
            open_line = False
            continue
        raw = block.text.strip()
        if not raw or _PAGE_NUMBER.fullmatch(raw) or re.sub(r"\d+", "#", raw) in repeated:
            continue
        marked = raw.startswith("#")
        text = tidy(raw.lstrip("#").strip())
        if not text:
            continue
        heading = marked or looks_like_heading(text)
        starts_new = heading or HEADING_MARK.match(text) is not None
        last = out[-1] if out else None
        if open_line and isinstance(last, Para) and not starts_new:
            out[-1] = Para(tidy(last.text + text), last.page, False)
        else:
            out.append(Para(text, block.page, heading))
        current = out[-1]
        seen_heading = seen_heading or heading
        open_line = (seen_heading and isinstance(current, Para) and not current.heading
                     and not current.text.endswith(_ENDS_SENTENCE))
    return out
