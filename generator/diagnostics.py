"""Diagnostics: one located problem each, and how they are printed."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .codes import CODES


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

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unregistered diagnostic code {self.code!r}: add it to generator/codes.py")

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.level.value} {self.code}: {self.message}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command: an annotation on the file's line."""
        command = {"error": "error", "warning": "warning", "notice": "notice"}[self.level.value]
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return (f"::{command} file={self.path},line={self.line},col={self.column},"
                f"title={self.code}::{message}")

    def as_json(self) -> dict:
        return {"path": self.path, "line": self.line, "column": self.column,
                "level": self.level.value, "code": self.code, "message": self.message}


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
