"""The typed domain model: bureaus, measures and reports as frozen data.

Built once from files that passed their schema (see reading.py). Values are
`Decimal` as published, and every object knows where it stands in its file:
`pos` for the object itself and `where(field)` for each of its fields, so rules
can point an editor at the exact line and column.
"""

from __future__ import annotations

import json
import pickle
import re
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import Any, ClassVar

from .. import urls
from ..diagnostics import Where
from ..kinds import ReportKind
from ..loading.sources import SourceDocument
from .numbers import as_text, plain

SCORE_MEASURE = "self-assessed-score"  # the score is compared like a figure of this measure
SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"  # ids that become URLs and file names
_SLUG = re.compile(SLUG_PATTERN)


def is_slug(text: str) -> bool:
    return bool(_SLUG.fullmatch(text))


class Positions(Mapping[str, Where]):
    """Where each field of an object stands, compactly: a report's model holds thousands of
    these, and as a dict of (line, column) tuples each they were a third of its memory. The field
    names are one tuple shared by every object with the same fields; the numbers are one array."""

    __slots__ = ("names", "numbers")
    _shared: ClassVar[dict[tuple[str, ...], tuple[str, ...]]] = {}

    def __init__(self, found: Mapping[str, Where]) -> None:
        names = tuple(found)
        self.names = self._shared.setdefault(names, names)
        self.numbers = array("I", [n for where in found.values() for n in where])

    def __getitem__(self, name: str) -> Where:
        try:
            i = 2 * self.names.index(name)
        except ValueError:
            raise KeyError(name) from None
        return self.numbers[i], self.numbers[i + 1]

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def __reduce__(self) -> tuple[object, ...]:  # unpickled names are shared again
        return _positions, (self.names, self.numbers)


def _positions(names: tuple[str, ...], numbers: array) -> Positions:
    positions = Positions.__new__(Positions)
    positions.names, positions.numbers = Positions._shared.setdefault(names, names), numbers
    return positions


@dataclass(frozen=True, slots=True)
class Located:
    """Where an object stands in its file, and where each of its fields does."""

    pos: Where = field(kw_only=True)
    at: Mapping[str, Where] = field(kw_only=True, repr=False, compare=False)

    def where(self, name: str) -> Where:
        return self.at.get(name, self.pos)


@dataclass(frozen=True, slots=True)
class Ref:
    """An id that points at something else (a figure, a bureau), where it was written."""

    id: str
    pos: Where


# ---- bureaus and measures ------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Region:
    province: str
    city: str | None
    district: str | None

    def parts(self) -> tuple[str, ...]:
        return tuple(p for p in (self.province, self.city, self.district) if p)


@dataclass(frozen=True, slots=True)
class Bureau(Located):
    id: str  # its file name
    shown: str  # its path as printed in diagnostics
    name: str
    short_name: str
    level: str  # 市, 区, 县, 市本级 …
    region: Region
    parent: Ref | None


@dataclass(frozen=True, slots=True)
class Measure(Located):
    """A comparable measure from metrics.yaml."""

    id: str
    name: str
    unit: str
    equivalent_units: tuple[str, ...]
    better: str  # higher, lower or neither
    theme: str
    definition: str

    def accepts_unit(self, unit: str) -> bool:
        return unit == self.unit or unit in self.equivalent_units


@dataclass(frozen=True, slots=True)
class ProjectType(Located):
    """A recurring kind of project (法律援助经费 …) from metrics.yaml: project forms of one type compare."""

    id: str
    name: str
    definition: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Dictionary:
    """metrics.yaml: the comparable measures and the project types."""

    measures: tuple[Measure, ...]
    project_types: tuple[ProjectType, ...]


# ---- figures and tables ----------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Figure(Located):
    id: str
    label: str
    value: Decimal
    unit: str
    written: str | None  # the text as printed when it says more than the number (约, 余)
    parts: tuple[Ref, ...]  # figures whose sum is this one
    ratio: tuple[Ref, ...]  # (numerator, denominator) of this rate
    measure: str | None
    note: str | None
    over_100: bool


@dataclass(frozen=True, slots=True)
class FigureTable(Located):
    id: str | None
    caption: str
    note: str | None
    figures: tuple[Figure, ...]

    def all_figures(self) -> Iterator[Figure]:
        yield from self.figures


@dataclass(frozen=True, slots=True)
class GridRow(Located):
    label: str
    cells: tuple[Figure | None, ...]  # None where the source leaves the cell blank


@dataclass(frozen=True, slots=True)
class GridTable(Located):
    id: str | None
    caption: str
    note: str | None
    columns: tuple[str, ...]
    rows: tuple[GridRow, ...]

    def all_figures(self) -> Iterator[Figure]:
        for row in self.rows:
            yield from (cell for cell in row.cells if cell is not None)


Table = FigureTable | GridTable


# ---- targets and indicators --------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Indicator(Located):
    id: str | None
    name: str
    target: str | None  # as written: ≥90%, 全覆盖 …; None where the form leaves it empty (/, —, *)
    period_target: str | None
    actual: str | None
    actual_figure: Ref | None
    met: bool | None  # as declared; None where the report does not say
    measure: str | None
    note: str | None
    nature: str | None = None  # 指标性质 of a project form: =, ≥, ≤, >, < or 定性
    unit: str | None = None  # 度量单位
    weight: Decimal | None = None  # 分值
    points: Decimal | None = None  # 得分
    deviation: str | None = None  # 偏差原因分析及改进措施


@dataclass(frozen=True, slots=True)
class IndicatorGroup:
    level2: str | None
    items: tuple[Indicator, ...]


@dataclass(frozen=True, slots=True)
class IndicatorBlock:
    level1: str
    groups: tuple[IndicatorGroup, ...]


@dataclass(frozen=True, slots=True)
class Targets:
    overall: str | None
    indicators: tuple[IndicatorBlock, ...]


# ---- the rest of a report -----------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Member:
    name: str
    role: str | None


@dataclass(frozen=True, slots=True)
class Source:
    document: str
    issuer: str
    date_written: str | None
    url: str | None
    attachment_label: str | None
    evaluation_group: tuple[Member, ...]
    notes: str | None


@dataclass(frozen=True, slots=True)
class Unit:
    kind: str
    count: int | None
    names: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class Function:
    number: str
    text: str


@dataclass(frozen=True, slots=True)
class Organisation:
    overview: str | None
    functions: tuple[Function, ...]
    units: tuple[Unit, ...]
    staffing: Table | None


@dataclass(frozen=True, slots=True)
class KeyTask:
    number: str
    name: str
    content: str | None
    funds: Decimal | None
    expected: str | None


@dataclass(frozen=True, slots=True)
class Score(Located):
    value: Decimal
    max: Decimal | None
    grade: str | None


@dataclass(frozen=True, slots=True)
class ScoringItem:
    group: str
    name: str
    max: Decimal | None
    awarded: Decimal
    note: str | None


@dataclass(frozen=True, slots=True)
class Bonus:
    name: str
    points: Decimal
    note: str | None


@dataclass(frozen=True, slots=True)
class Scoring(Located):
    caption: str
    items: tuple[ScoringItem, ...]
    bonus: tuple[Bonus, ...]
    total_reported: Decimal


@dataclass(frozen=True, slots=True)
class ListItem:
    title: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    level: int
    body: str | None


@dataclass(frozen=True, slots=True)
class Discrepancy(Located):
    kind: str  # sum, ratio, conflict, score-total
    figures: tuple[Ref, ...]
    note: str


@dataclass(frozen=True, slots=True)
class Project(Located):
    """The project a project form is about."""

    id: str  # in the file name: <year>-<kind>-<id>.yaml
    name: str
    code: str | None
    type: str | None  # a recurring project type, for comparison across bureaus
    department: str | None  # 主管部门
    implementer: str | None  # 实施单位
    attribute: str | None  # 项目属性
    period: str | None  # 项目期
    manager: str | None
    finance_manager: str | None


@dataclass(frozen=True, slots=True)
class Document:
    """A file's data as read, numbers as their published text, kept as compressed JSON: as
    objects it took a fifth of a report's model, and only the open-data copy reads it."""

    packed: bytes

    @staticmethod
    def of(data: Mapping[str, object]) -> Document:
        text = json.dumps(as_text(data), ensure_ascii=False, separators=(",", ":"))
        return Document(zlib.compress(text.encode("utf-8"), 1))

    def data(self) -> Any:
        return json.loads(zlib.decompress(self.packed))


@dataclass(frozen=True)
class Report(Located):
    id: str  # <bureau>/<year>-<kind>, or <bureau>/<year>-<kind>-<project> for a project form: the stem of its path
    file: str  # its path inside content/
    shown: str  # its path as printed in diagnostics
    bureau: Ref
    year: int
    kind: ReportKind
    title: str
    scope: str | None
    source: Source
    organisation: Organisation | None
    project: Project | None
    funds: GridTable | None  # a project form's funds table
    money: tuple[Table, ...]
    targets: Targets | None
    key_tasks: tuple[KeyTask, ...]
    results: tuple[Table, ...]
    score: Score | None
    scoring: Scoring | None
    problems: tuple[ListItem, ...]
    measures: tuple[ListItem, ...]
    narrative: tuple[Section, ...]
    discrepancies: tuple[Discrepancy, ...]
    document: Document = field(repr=False, compare=False)  # as read, for the open-data copy

    def tables(self) -> Iterator[Table]:
        """Funds, money, staffing, results: the order of figures in open data."""
        if self.funds:
            yield self.funds
        yield from self.money
        if self.organisation and self.organisation.staffing:
            yield self.organisation.staffing
        yield from self.results

    def figures(self) -> Iterator[Figure]:
        """Every figure, grid cells included, in table order."""
        for table in self.tables():
            yield from table.all_figures()

    @cached_property
    def figures_by_id(self) -> Mapping[str, Figure]:
        """The first figure for each id (a repeated id is a validation error)."""
        found: dict[str, Figure] = {}
        for figure in self.figures():
            found.setdefault(figure.id, figure)
        return found

    def indicators(self) -> Iterator[Indicator]:
        for block in self.targets.indicators if self.targets else ():
            for group in block.groups:
                yield from group.items

    def recorded(self, kind: str, figure_id: str) -> list[Discrepancy]:
        """What the editors recorded of this kind about this figure."""
        return [d for d in self.discrepancies if d.kind == kind and figure_id in {r.id for r in d.figures}]

    def source_at(self, name: str) -> Where:
        """Where a field of the report's source block stands."""
        return self.at.get(f"source.{name}", self.where("source"))

    def score_figure(self) -> Figure | None:
        """The score as a comparable figure, so comparisons treat it like any other."""
        if self.score is None:
            return None
        return Figure(id=urls.SCORE_FIGURE, label="自评得分", value=self.score.value, unit="分", written=None,
                      parts=(), ratio=(), measure=SCORE_MEASURE, note=None, over_100=False,
                      pos=self.score.pos, at=self.score.at)


@dataclass(frozen=True, slots=True)
class PackedReport:
    """A checked report kept whole but packed (a quarter of its model's memory), with what is
    needed of it without unpacking: who, which year and kind, which project, and its data and
    figures as open data publishes them. Views unpack it one report at a time, so a province's
    models are never in memory at once, and a page shows exactly the model that was checked."""

    id: str
    file: str
    shown: str
    bureau: Ref
    year: int
    kind: ReportKind
    project: Project | None
    document: Document = field(repr=False)
    rows: bytes = field(repr=False)  # compressed JSON: [id, label, measure, value, written, unit] a figure
    packed: bytes = field(repr=False)

    @staticmethod
    def of(report: Report) -> PackedReport:
        figures = [[f.id, f.label, f.measure or "", plain(f.value), f.written or "", f.unit]
                   for f in report.figures()]
        return PackedReport(report.id, report.file, report.shown, report.bureau, report.year, report.kind,
                            report.project, report.document,
                            zlib.compress(json.dumps(figures, ensure_ascii=False).encode("utf-8"), 1),
                            zlib.compress(pickle.dumps(replace(report, document=Document(b"")), 5), 1))

    def model(self) -> Report:
        report: Report = pickle.loads(zlib.decompress(self.packed))  # our own bytes, made by of()
        return replace(report, document=self.document)

    def figure_rows(self) -> list[list[str]]:
        return json.loads(zlib.decompress(self.rows))


def measures_by_id(measures: Iterable[Measure]) -> dict[str, Measure]:
    """The first measure of each id, in file order (a repeated id is a validation error)."""
    first: dict[str, Measure] = {}
    for measure in measures:
        first.setdefault(measure.id, measure)
    return first


def report_id(bureau: str, year: int, kind: str, project: str | None = None) -> str:
    return f"{bureau}/{year}-{kind}-{project}" if project else f"{bureau}/{year}-{kind}"


@dataclass(frozen=True)
class Content:
    """Everything that passed its schema, typed: what views and outputs read."""

    bureaus: Mapping[str, Bureau]
    measures: Mapping[str, Measure]  # the first of each id, in file order
    reports: tuple[PackedReport, ...]  # in file order
    sources: Mapping[str, tuple[SourceDocument, ...]] = field(default_factory=dict)  # originals, by report id
    project_types: Mapping[str, ProjectType] = field(default_factory=dict)

    def models(self) -> Iterator[Report]:
        """Each report's model, unpacked one at a time."""
        return (report.model() for report in self.reports)
