"""The one place a build, a check or a preview learns what the content folder holds: the content
files (found and screened, not yet read: each is read where it is checked, so a large site's
texts are never all in memory at once), the reports' original documents, and the reports'
histories from git. Everything after this step works on what it hands over."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from .files import Entry, entry_for, find, folder_entries
from .history import Compare, History, current_head, read_histories
from .sources import SourceDocument, find_sources, sources_of


@dataclass(frozen=True)
class Inputs:
    entries: tuple[Entry, ...]
    problems: tuple[Diagnostic, ...]  # files found but refused: links, strays, oversized
    sources: Mapping[str, tuple[SourceDocument, ...]]  # each report's originals, by report id
    histories: Mapping[str, History] = field(default_factory=dict)  # by file name; none outside git


@dataclass(frozen=True)
class ReportInputs:
    """What one report's page needs: its file, its bureau's, the measures', its originals and history."""

    report: Entry
    bureau: Entry
    measures: Entry
    sources: tuple[SourceDocument, ...]
    history: History | None
    same_year: tuple[Entry, ...]  # the bureau's other reports of that year: one may pair with it


def gather(content_dir: Path) -> Inputs:
    """Every content file and original; no histories (a check does not need them)."""
    entries, problems = find(content_dir)
    report_ids = (e.name.removeprefix("reports/").removesuffix(".yaml") for e in entries if e.type == "report")
    sources, found = find_sources(content_dir, report_ids)
    return Inputs(tuple(entries), tuple(problems + found), sources)


class Loader:
    """A content folder's inputs, as often as a build or `serve` asks: histories are read again
    only when the checkout's HEAD moves (two git processes for the whole site)."""

    def __init__(self, content_dir: Path, compare: Compare) -> None:
        self.content_dir, self.compare = content_dir, compare
        self.histories: Mapping[str, History] = {}
        self.head: str | None = None  # the commit the histories were read at

    def read(self) -> Inputs:
        head = current_head(self.content_dir)
        if head != self.head or head is None:
            self.histories, self.head = read_histories(self.content_dir, self.compare), head
        inputs = gather(self.content_dir)
        return Inputs(inputs.entries, inputs.problems, inputs.sources, self.histories)

    def report(self, name: str) -> ReportInputs | None:
        """One report file's inputs, looked up by name (reports/<bureau>/<year>-<kind>.yaml);
        None if any file is missing or refused (the full update that follows says why)."""
        bureau_id = name.split("/")[1]
        report = entry_for(self.content_dir, "report", name)
        bureau = entry_for(self.content_dir, "bureau", f"bureaus/{bureau_id}.yaml")
        measures = entry_for(self.content_dir, "metrics", "metrics.yaml")
        if not (isinstance(report, Entry) and isinstance(bureau, Entry) and isinstance(measures, Entry)):
            return None
        report_id = name.removeprefix("reports/").removesuffix(".yaml")
        history = read_histories(self.content_dir, self.compare, (name,)).get(name)
        year = report_id.split("/")[1].split("-")[0]
        others = [entry_for(self.content_dir, "report", f"reports/{bureau_id}/{path.name}")
                  for path, _ in folder_entries(self.content_dir / "reports" / bureau_id)
                  if path.name.startswith(f"{year}-") and path.name != name.rsplit("/", 1)[-1]]
        return ReportInputs(report, bureau, measures, sources_of(self.content_dir, report_id), history,
                            tuple(e for e in others if isinstance(e, Entry)))
