"""How checks speak to editors: values, paths and characters as an editor sees them.

No Python spelling reaches a message (None, True, Decimal('1.0'), ['a']); a value
is quoted short; a path names list items by their caption or label; a character
that looks like another or cannot be seen is named by its code point.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from ..domain.numbers import plain
from ..loading.characters import char_name

MAX_QUOTED = 40  # characters of a value a message may quote: CI output is public
SLUG_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-"

def _text(item: Any) -> str:
    if item is None:
        return "null"
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, (int, Decimal)):
        return plain(item)
    if isinstance(item, list):
        return f"{len(item)} 项的列表"
    if isinstance(item, dict):
        return "一组键值"
    text = str(item)
    return text if len(text) <= MAX_QUOTED else text[:MAX_QUOTED] + "…"


def value(item: Any) -> str:
    """A value as the editor wrote it in YAML, quoted short: 「6928.97」, 「null」, 「true」."""
    return f"「{_text(item)}」"


def values(items: Iterable[Any]) -> str:
    return "、".join(_text(i) for i in items)


def odd_characters(text: str, allowed: str) -> list[str]:
    """Each character outside `allowed`, named with its code point and 1-based position."""
    return [f"第 {i} 个字符是{char_name(c)}" for i, c in enumerate(text, start=1) if c not in allowed]


def nearest(wrong: str, known: Iterable[str], count: int = 3) -> str:
    """「你是不是要写：a、b」 for the closest known ids, or nothing."""
    close = difflib.get_close_matches(wrong, sorted(known), n=count, cutoff=0.6)
    return f"；是不是要写：{'、'.join(close)}" if close else ""


def path(data: Any, steps: Sequence[str | int]) -> str:
    """money › 「2023 年度收入」 › figures › 「总收入」 › value: list items by their name."""
    shown: list[str] = []
    node = data
    for step in steps:
        if isinstance(step, int):
            item = node[step] if isinstance(node, list) and step < len(node) else None
            name = next((item[k] for k in ("caption", "label", "name", "heading", "id", "level1", "level2")
                         if isinstance(item, dict) and isinstance(item.get(k), str)), None)
            shown.append(value(name) if name else f"第 {step + 1} 项")
            node = item
        else:
            shown.append(step)
            node = node.get(step) if isinstance(node, dict) else None
    return " › ".join(shown)
