"""How diagnostics are printed, chosen by `--format`: one function per format.

Each returns what goes to standard output and what goes to standard error, so
that `json` stays machine-readable while people still see the summary.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .diagnostic import Diagnostic, summary

# The source text of each file by its shown path, for formats that quote it.
Sources = Mapping[str, str]


@dataclass(frozen=True)
class Printed:
    stdout: str
    stderr: str


Format = Callable[[Sequence[Diagnostic], int, Sources], Printed]


def _lines(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


def text(diagnostics: Sequence[Diagnostic], files: int, sources: Sources) -> Printed:
    return Printed(_lines([one_line(d) for d in diagnostics]), summary(diagnostics, files) + "\n")


def one_line(d: Diagnostic) -> str:
    return f"{d.path}:{d.line}:{d.column}: {d.level.value} {d.code}: {d.message}"


def github(diagnostics: Sequence[Diagnostic], files: int, sources: Sources) -> Printed:
    """GitHub Actions workflow commands: an annotation on each file's line."""
    lines = []
    for d in diagnostics:
        message = d.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        lines.append(f"::{d.level.value} file={d.path},line={d.line},col={d.column},title={d.code}::{message}")
    return Printed(_lines(lines), summary(diagnostics, files) + "\n")


def as_json(diagnostics: Sequence[Diagnostic], files: int, sources: Sources) -> Printed:
    ok = not any(d.level.value == "error" for d in diagnostics)
    document = {"ok": ok, "files_checked": files, "diagnostics": [d.as_json() for d in diagnostics]}
    return Printed(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "")


def _width(text: str) -> int:
    """Columns a terminal gives the text: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def full(diagnostics: Sequence[Diagnostic], files: int, sources: Sources) -> Printed:
    """As compilers do: the message, the offending source line, a caret under the column."""
    lines: list[str] = []
    for d in diagnostics:
        lines.append(one_line(d))
        source = sources.get(d.path)
        source_lines = source.split("\n") if source is not None else []
        if 1 <= d.line <= len(source_lines):
            quoted = source_lines[d.line - 1][:120]
            gutter = f"{d.line:>5} | "
            lines.append(gutter + quoted)
            lines.append(" " * (len(gutter) - 2) + "| " + " " * _width(quoted[:d.column - 1]) + "^")
        lines.append("")
    return Printed(_lines(lines), summary(diagnostics, files) + "\n")


FORMATS: dict[str, Format] = {"text": text, "full": full, "json": as_json, "github": github}
