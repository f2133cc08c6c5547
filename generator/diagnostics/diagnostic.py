"""A diagnostic: one located problem in a content file, its level taken from its code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from .codes import CODES, Level


class Pos(NamedTuple):
    """A place in a file: 1-based line and column (in characters)."""

    line: int
    column: int


# Where a value stands: (line, column), 1-based. Plain tuples, so that the positions of a
# whole corpus load fast from a cache; Pos names the two fields where code reads them.
Where = tuple[int, int]

START: Where = (1, 1)


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    level: Level
    code: str
    message: str

    def as_json(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "column": self.column,
                "level": self.level.value, "code": self.code, "message": self.message}


def diagnostic(path: str, pos: Where, code: str, message: str) -> Diagnostic:
    """The one way to make a diagnostic: its level comes from the code's registry entry."""
    entry = CODES.get(code)
    if entry is None:
        raise ValueError(f"unregistered diagnostic code {code!r}: add it to generator/diagnostics/codes.py")
    return Diagnostic(path, pos[0], pos[1], entry.level, code, message)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.level is Level.ERROR for d in diagnostics)


def summary(diagnostics: Iterable[Diagnostic], files: int) -> str:
    counts = {level: 0 for level in Level}
    for d in diagnostics:
        counts[d.level] += 1
    return (
        f"检查了 {files} 个文件：{counts[Level.ERROR]} 个错误，"
        f"{counts[Level.WARNING]} 个警告，{counts[Level.NOTICE]} 个提示"
    )
