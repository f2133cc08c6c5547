"""Everything one content file can be checked for on its own, in one function.

`check_file` is what a cache keeps (its diagnostics and the file's cross-file facts)
and what a process pool runs; it never looks at another file.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..domain import reading
from ..domain.model import Bureau, Dictionary, Measure, PackedReport, Report
from ..loading.files import ContentFile, parse
from . import rules
from .crossfile import ReportFacts
from .schemas import check_schema
from .text import check_text


@dataclass(frozen=True)
class FileResult:
    """What one file says about itself, and what other files' rules need from it."""

    diagnostics: tuple[Diagnostic, ...]
    bureau_id: str | None = None  # a bureau file that could be read, even if it failed its schema
    bureau: Bureau | None = None
    measures: tuple[Measure, ...] | None = None
    project_types: frozenset[str] | None = None  # of the measures file
    report: ReportFacts | None = None


@dataclass(frozen=True)
class Checked:
    result: FileResult
    model: Report | PackedReport | Bureau | Dictionary | None  # the typed model, when it passed its schema


def check_file(file: ContentFile) -> Checked:
    sources, diagnostics = parse([file])
    if not sources:
        return Checked(FileResult(tuple(diagnostics)), None)
    [source] = sources
    marked = list(rules.placeholders(source))
    where = {(d.line, d.column) for d in marked}
    schema_problems = check_schema(source)
    diagnostics += marked + list(check_text(source))
    # A placeholder also breaks the schema at the same spot; say it once.
    diagnostics += [d for d in schema_problems if (d.line, d.column) not in where]
    bureau_id = source.stem if source.type == "bureau" else None
    if schema_problems:
        return Checked(FileResult(tuple(diagnostics), bureau_id), None)
    if source.type == "report":
        report = reading.read_report(source)
        diagnostics += rules.report_rules(report)
        return Checked(FileResult(tuple(diagnostics), report=ReportFacts.of(report)), report)
    if source.type == "bureau":
        bureau = reading.read_bureau(source)
        diagnostics += rules.bureau_id_is_slug(bureau)
        return Checked(FileResult(tuple(diagnostics), bureau_id, bureau=bureau), bureau)
    dictionary = reading.read_dictionary(source)
    diagnostics += rules.dictionary_ids_unique(dictionary, source.shown)
    return Checked(FileResult(tuple(diagnostics), measures=dictionary.measures,
                              project_types=frozenset(t.id for t in dictionary.project_types)), dictionary)


def check_and_pack(file: ContentFile) -> Checked:
    """check_file, a report's model packed: what a build keeps of every file (see PackedReport)."""
    checked = check_file(file)
    if isinstance(checked.model, Report):
        return Checked(checked.result, PackedReport.of(checked.model))
    return checked


def result_only(file: ContentFile) -> FileResult:
    """For a worker process: only what is small enough to send back."""
    return check_file(file).result
