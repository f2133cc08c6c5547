"""Diagnostics: one located problem each, and how they are printed."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Level(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem found in a content file, at a line and column (both 1-based)."""

    path: str
    line: int
    column: int
    level: Level
    code: str
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.level.value} {self.code}: {self.message}"


def error(path: str, line: int, column: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, column, Level.ERROR, code, message)


def notice(path: str, line: int, column: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, column, Level.NOTICE, code, message)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.level is Level.ERROR for d in diagnostics)


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    counts = {level: 0 for level in Level}
    for d in diagnostics:
        counts[d.level] += 1
    return (
        f"检查了 {files} 个文件：{counts[Level.ERROR]} 个错误，"
        f"{counts[Level.WARNING]} 个警告，{counts[Level.NOTICE]} 个提示"
    )
