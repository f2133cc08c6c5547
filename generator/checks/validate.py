"""Validation: read → placeholders → schema → typed model → rules, collecting every problem.

`validate_files` works on bytes in memory; `validate` reads a content directory first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, has_errors
from ..domain.model import Content
from ..domain.reading import read_content
from ..loading.files import ContentFile, SourceFile, discover, parse
from .rules import check_rules, placeholders
from .schemas import check_schema
from .text import check_text


@dataclass(frozen=True)
class Validation:
    content: Content  # the typed model of every file that passed its schema
    diagnostics: tuple[Diagnostic, ...]
    files_checked: int
    texts: Mapping[str, str]  # each file's text by its shown path, for quoting source lines

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def validate_files(files: Iterable[ContentFile], problems: Iterable[Diagnostic] = ()) -> Validation:
    """Check content files held in memory; problems are any found while gathering them."""
    files = list(files)
    read, found = parse(files)
    diagnostics = list(problems) + found
    passed: list[SourceFile] = []
    for source in read:
        marked = list(placeholders(source))
        diagnostics += check_text(source)
        where = {(d.line, d.column) for d in marked}
        schema_problems = check_schema(source)
        diagnostics += marked
        # A placeholder also breaks the schema at the same spot; say it once.
        diagnostics += [d for d in schema_problems if (d.line, d.column) not in where]
        if not schema_problems:
            passed.append(source)
    content = read_content(passed, {s.stem for s in read if s.type == "bureau"})
    diagnostics += check_rules(content)
    checked = len({d.path for d in diagnostics} | {f.shown for f in files})
    return Validation(content, tuple(sorted(set(diagnostics))), checked, {f.shown: f.text for f in files})


def validate(content_dir: Path) -> Validation:
    files, problems = discover(content_dir)
    return validate_files(files, problems)
