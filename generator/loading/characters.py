"""Naming characters an editor cannot tell apart by eye: by name and code point."""

from __future__ import annotations

import unicodedata

_NAMED = {
    "\u3000": "全角空格", "\u00a0": "不换行空格", "\u200b": "零宽空格", "\u200c": "零宽非连接符",
    "\u200d": "零宽连接符", "\u200e": "从左到右标记", "\u200f": "从右到左标记", "\u2060": "词连接符",
    "\ufeff": "零宽不换行空格", "\u2028": "行分隔符", "\u2029": "段分隔符", "\u0085": "下一行控制符",
    "\u202a": "从左到右嵌入", "\u202b": "从右到左嵌入", "\u202c": "方向格式结束", "\u202d": "从左到右覆盖",
    "\u202e": "从右到左覆盖", "\u2066": "从左到右隔离", "\u2067": "从右到左隔离", "\u2068": "首强隔离",
    "\u2069": "方向隔离结束", "\u2013": "短破折号", "\u2014": "长破折号", "\u2212": "减号",
    "\uff0d": "全角连字符", "\u2010": "连字符",
}


def char_name(char: str) -> str:
    """「T」 for a plain character; 零宽空格（U+200B） for one that cannot be told apart."""
    if char.isascii() and char.isprintable():
        return f"大写字母「{char}」" if char.isupper() else f"「{char}」"
    name = _NAMED.get(char)
    if name is None:
        if unicodedata.category(char) in ("Cf", "Zs", "Cc", "Zl", "Zp"):
            name = "看不见的字符"
        elif unicodedata.east_asian_width(char) == "F":
            name = f"全角字符「{char}」"
        else:
            name = f"「{char}」"
    return f"{name}（U+{ord(char):04X}）"
