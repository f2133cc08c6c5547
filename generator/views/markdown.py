"""Markdown to safe HTML: raw HTML off, links only as the link policy allows (domain/links.py).

Numbered paragraphs (`1. …`) stay lists, but show the number as written: an
HTML list would renumber 12, 14 as 12, 13.

CommonMark will not close `**粗体。**正文` because the closing `**` follows
punctuation and precedes a letter. Chinese has no spaces between words, so bold
lead-ins like that are everywhere in the reports. We relax the flanking test next
to CJK characters, as the markdown-cjk-friendly proposal does, for `*` only.
"""

from __future__ import annotations

import unicodedata

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline.state_inline import Delimiter, StateInline

from ..domain.links import link_problem


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF  # radicals, CJK punctuation, kana, unified ideographs
        or 0xF900 <= code <= 0xFAFF
        or 0xFE30 <= code <= 0xFE4F
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x20000 <= code <= 0x3FFFF
        or char in "“”‘’…—"
    )


def _is_punct(char: str) -> bool:
    return unicodedata.category(char).startswith(("P", "S"))


def _emphasis(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis tokenizer with CJK-aware flanking for `*`."""
    marker = state.src[state.pos]
    if silent or marker not in "*_":
        return False
    start = end = state.pos
    while end < state.posMax and state.src[end] == marker:
        end += 1
    last = state.src[start - 1] if start > 0 else " "
    nxt = state.src[end] if end < state.posMax else " "
    last_space, next_space = last.isspace(), nxt.isspace()
    last_punct, next_punct = _is_punct(last), _is_punct(nxt)
    cjk = marker == "*" and (_is_cjk(last) or _is_cjk(nxt))
    left = not next_space and (not next_punct or last_space or last_punct or cjk)
    right = not last_space and (not last_punct or next_space or next_punct or cjk)
    if marker == "*":
        can_open, can_close = left, right
    else:
        can_open = left and (not right or last_punct)
        can_close = right and (not left or next_punct)
    for _ in range(end - start):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(Delimiter(ord(marker), end - start, len(state.tokens) - 1,
                                          -1, can_open, can_close))
    state.pos = end
    return True


def _ordered_list_open(self, tokens, idx, options, env) -> str:
    return '<ol class="as-written">\n'


def _list_item_open(self, tokens, idx, options, env) -> str:
    """Ordered items keep the number the bureau wrote (lists may skip or repeat numbers)."""
    token = tokens[idx]
    if not token.info:
        return "<li>"
    return f'<li><span class="num-label">{escapeHtml(token.info + token.markup)}</span> '


def _make_renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.inline.ruler.at("emphasis", _emphasis)
    md.validateLink = lambda url: link_problem(url, image=False) is None  # type: ignore[method-assign]
    md.add_render_rule("ordered_list_open", _ordered_list_open)
    md.add_render_rule("list_item_open", _list_item_open)
    return md


_RENDERER = _make_renderer()


def render(text: str) -> str:
    """Markdown to HTML. Callers mark only this output as safe."""
    return _RENDERER.render(text)


def render_inline(text: str) -> str:
    """One line of Markdown without a surrounding paragraph."""
    return _RENDERER.renderInline(text)
