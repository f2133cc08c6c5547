"""Validation pipeline: read → placeholders → schema → rules, collecting every problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .content import SourceFile, read_content
from .diagnostics import Diagnostic, has_errors
from .rules import check_rules, placeholders
from .schemas import check_schema


@dataclass(frozen=True)
class Validation:
    sources: tuple[SourceFile, ...]  # files that passed their schema
    diagnostics: tuple[Diagnostic, ...]
    files_checked: int

    @property
    def ok(self) -> bool:
        return not has_errors(list(self.diagnostics))


def validate(content_dir: Path) -> Validation:
    read, problems = read_content(content_dir)
    passed: list[SourceFile] = []
    for source in read:
        marked = list(placeholders(source))
        where = {(d.line, d.column) for d in marked}
        schema_problems = check_schema(source)
        problems += marked
        # A placeholder also breaks the schema at the same spot; say it once.
        problems += [d for d in schema_problems if (d.line, d.column) not in where]
        if not schema_problems:
            passed.append(source)
    bureau_ids = {s.path.stem for s in read if s.type == "bureau"}
    problems += check_rules(passed, bureau_ids)
    files = len({d.path for d in problems} | {s.shown for s in read})
    return Validation(tuple(passed), tuple(sorted(set(problems))), files)
