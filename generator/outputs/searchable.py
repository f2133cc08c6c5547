"""What search reads from a written page: the parts marked `data-search-body` (minus those marked
`data-search-ignore`), their title (`data-search-title`), filters (`data-search-filter="名:值"`),
the text as a reader sees it, and where each section (a heading with an id) starts in it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

BLOCKS = frozenset("address article aside blockquote br caption dd details div dl dt figcaption figure footer "
                   "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot "
                   "th thead tr ul".split())
HEADINGS = frozenset(("h2", "h3", "h4", "h5", "h6"))
SKIPPED = frozenset(("script", "style", "template"))
_SPACES = re.compile(r"\s+")
_PARSER = etree.HTMLParser()  # plain elements: lxml.html's own classes cost a lookup per element
_MARKED = etree.XPath("//*[@data-search-body or @data-search-title or @data-search-filter]")  # one pass, not three


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    start: int  # where its heading starts in the page's text


@dataclass(frozen=True)
class SearchPage:
    url: str
    title: str
    filters: tuple[tuple[str, str], ...]  # (name, value), as the page declares them
    text: str
    sections: tuple[Section, ...]


_MARK = "\ufdd0"  # where a section's heading starts: a noncharacter, taken out of the page first


def read_searchable(page_html: str, url: str) -> SearchPage | None:
    """The page as search sees it; None if no part of it is marked for search."""
    root = etree.fromstring(page_html.replace(_MARK, ""), _PARSER)
    marked = _MARKED(root) if root is not None else []
    bodies = [element for element in marked if element.get("data-search-body") is not None]
    if not bodies:
        return None
    parts: list[str] = []
    headings: list[tuple[str, str]] = []
    for body in bodies:
        _walk(body, parts, headings)
    pieces = _SPACES.sub(" ", "".join(parts)).strip().split(_MARK)
    pieces = [pieces[0].rstrip(), *(p.strip() for p in pieces[1:])]  # a heading's text starts its section
    text, sections = pieces[0], []
    for (id, heading), piece in zip(headings, pieces[1:], strict=True):
        text += " " if text and piece else ""
        sections.append(Section(id, heading, len(text)))
        text += piece
    titled = [element for element in marked if element.get("data-search-title") is not None]
    title = " ".join("".join(titled[0].itertext()).split()) if titled else ""
    filters = []
    for element in marked:
        name, _, value = (element.get("data-search-filter") or "").partition(":")
        if name and value:
            filters.append((name, value))
    return SearchPage(url, title, tuple(filters), text, tuple(sections))


def _walk(element: etree._Element, parts: list[str], headings: list[tuple[str, str]]) -> None:
    tag = element.tag
    if isinstance(tag, str) and tag not in SKIPPED and element.get("data-search-ignore") is None:
        block = tag in BLOCKS
        if block:
            parts.append(" ")
        if tag in HEADINGS and element.get("id"):
            headings.append((element.get("id"), " ".join("".join(element.itertext()).split())))
            parts.append(_MARK)
        text = element.text  # each read of .text or .tail makes a new string
        if text:
            parts.append(text)
        for child in element:
            _walk(child, parts, headings)
        if block:
            parts.append(" ")
    tail = element.tail
    if tail:
        parts.append(tail)
