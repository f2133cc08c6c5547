"""The traditional → simplified character table the search page folds queries with.

Made at build time from OpenCC's conversion data (its `t2s` configuration), one character at a
time: a query is folded character by character in the browser, so phrase-level conversions
(乾坤 keeps 乾) are out of reach and a character converts to its most common simplified form.
Kept: characters of the basic CJK block that are not themselves simplified characters (not in
GB 2312, so 乾 and 著 stay as typed) and whose simplified form is in GB 2312, the characters
a report is written in. The table stays small enough for the first search.
"""

from __future__ import annotations

import functools
import hashlib
import json

import opencc

from .output import Output


def _common(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@functools.cache
def table() -> str:
    """Pairs of characters, traditional then simplified, as one string."""
    chars = [chr(code) for code in range(0x4E00, 0xA000)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    return "".join(t + s for t, s in zip(chars, converted, strict=True)
                   if t != s and len(s) == 1 and _common(s) and not _common(t))


def t2s_output() -> Output:
    """The table as a fingerprinted JSON file under assets/."""
    text = json.dumps(table(), ensure_ascii=False)
    digest = hashlib.sha256(text.encode()).hexdigest()[:10]
    return Output(f"assets/t2s.{digest}.json", (digest,), lambda: text)
