"""Text folded for search, exactly as the browser folds it (templates/static/find.js): full-width
to half-width, traditional to simplified (outputs/t2s.py's table), ASCII lower case, white
space dropped, thousands separators dropped. The index is made of the folded text's keys, the
search page makes a query's keys the same way, so a page holding a term as typed is always
among its candidates."""

from __future__ import annotations

import functools
import re

from .t2s import table

_DROPPED = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u200b"  # JS's \s, and U+200B
# A comma after a digit (white space between dropped) and before three digits and a non-digit.
_THOUSANDS = re.compile(f"([0-9][{_DROPPED}]*),(?=[0-9]{{3}}(?:[^0-9]|$))")
_SPACE = re.compile(f"[{_DROPPED}]+")


@functools.cache
def _mapping() -> dict[int, str]:
    """Each character that folds to another, and what it folds to."""
    pairs = table()
    folded = {pairs[i]: pairs[i + 1] for i in range(0, len(pairs) - 1, 2)}
    folded.update({chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})
    folded = {c: f.lower() if "A" <= f <= "Z" else f for c, f in folded.items()}
    folded.update({chr(code): chr(code).lower() for code in range(ord("A"), ord("Z") + 1)})
    return {ord(c): f for c, f in folded.items()}


@functools.cache
def _folded() -> re.Pattern[str]:
    """Any character that folds to another: most text has few, so finding them beats a
    translation of every character."""
    return re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_mapping())) + "]")


def fold(text: str) -> str:
    mapping = _mapping()
    mapped = _folded().sub(lambda found: mapping[ord(found.group())], text)
    return _SPACE.sub("", _THOUSANDS.sub(r"\1", mapped))
