"""Cross-district comparison: measures lined up by bureau and year, as published.

Nothing here changes a published figure. A figure a report does not disclose is
未披露 and a year with no report is 未收录; neither ever becomes 0, and neither
counts in a median. Medians are taken per year within a level group (districts
and counties apart from cities), so levels are never silently mixed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, partial
from statistics import median
from typing import TYPE_CHECKING

from .. import urls
from ..domain import model as m
from ..domain.numbers import exact, grouped, plain
from ..memo import Memo
from .site import STATUS_LABELS, BureauLink, ReportHead, ReportRef, Site, ref

if TYPE_CHECKING:  # project_compare builds on this module
    from .project_compare import ProjectComparison

NOT_DISCLOSED = "未披露"
NOT_COLLECTED = "未收录"
LEVEL_GROUPS = {"区": "区县级", "县": "区县级", "市": "市级", "市本级": "市级", "省": "省级"}
THEMES = {"money": "资金", "score": "绩效得分", "service": "服务成效"}
CENT = Decimal("0.01")
RATE_UNITS = ("%", "‰")  # printed against their number, as in the reports


@dataclass(frozen=True)
class Cell:
    text: str  # as published, thousands separators added
    value: Decimal
    unit: str
    url: str  # the figure on its report page
    notes: tuple[str, ...]  # why this value is not like the others
    check_url: str | None  # where the report page explains a disagreement
    position: str = ""  # against the peer median of its year and level group


@dataclass(frozen=True)
class Gap:
    """An empty cell: 未披露 (the report is silent) or 未收录 (no report that year)."""

    text: str
    title: str


@dataclass(frozen=True)
class Row:
    bureau: BureauLink
    group: str
    cells: tuple[Cell | Gap, ...]


@dataclass(frozen=True)
class Median:
    year: int
    group: str
    value: Decimal | None
    count: int

    @property
    def text(self) -> str:
        return grouped(self.value) if self.value is not None else NOT_DISCLOSED


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int  # of the label; the bar is drawn under it
    percent: str  # of the chart's width, so the drawing needs no scaling and text keeps its size


@dataclass(frozen=True)
class Chart:
    """Bars of comparable values only: one year, one level group, sorted largest first."""

    year: int
    group: str
    height: int
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Dot:
    x: str  # per cent of the plot's width
    y: str  # per cent of its height, from the top
    title: str  # the bureau, year and value, for a reader who points at it
    bureau: str  # its id, so a reader's chosen bureau can be picked out


@dataclass(frozen=True)
class MedianLine:
    group: str
    points: str  # "x,y x,y …" in the plot's 0–100 box


@dataclass(frozen=True)
class BureauLine:
    bureau: str  # its id, so a reader's chosen bureau can be picked out
    points: str  # "x,y x,y …": one run of years disclosed one after another


@dataclass(frozen=True)
class OverTime:
    """Every disclosed value as a dot over the years, each bureau's years joined by a faint
    line, and each level group's median as a bold one: the measure's shape at a glance, before
    any table."""

    years: tuple[tuple[str, int], ...]  # (x, year) of each tick
    top: str  # the value at the top of the plot, as printed
    bottom: str
    dots: tuple[Dot, ...]
    lines: tuple[MedianLine, ...]
    bureaus: tuple[BureauLine, ...] = ()


@dataclass(frozen=True)
class Latest:
    """A bureau's most recent disclosed value, and the year it is from."""

    bureau: BureauLink
    group: str
    year: int
    cell: Cell


@dataclass(frozen=True)
class MeasureTable:
    id: str
    name: str
    unit: str
    better: str
    theme: str
    definition: str
    years: tuple[int, ...]
    rows: tuple[Row, ...]  # every bureau with reports, every year: what open data holds
    medians: tuple[Median, ...]  # only where MIN_PEERS values make one meaningful
    charts: tuple[Chart, ...]
    notes: tuple[str, ...]
    latest: tuple[Latest, ...]  # the default view
    silent: tuple[BureauLink, ...]  # bureaus whose reports never disclose it
    over_time: OverTime | None = None  # where two years or more have values
    positions: tuple[tuple[str, str, str], ...] = ()  # (report id, figure id, where it stands) of each value

    @property
    def url(self) -> str:
        return urls.measure(self.id)

    @property
    def disclosed(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if isinstance(cell, Cell))

    @cached_property
    def grid_years(self) -> tuple[int, ...]:
        """The years some bureau disclosed it: the grid collapses the rest."""
        return tuple(y for i, y in enumerate(self.years) if any(isinstance(r.cells[i], Cell) for r in self.rows))

    @property
    def empty_years(self) -> tuple[int, ...]:
        return tuple(y for y in self.years if y not in self.grid_years)

    @cached_property
    def grid(self) -> tuple[Row, ...]:
        """The bureau × year grid: bureaus that disclosed it, years someone did."""
        keep = [self.years.index(y) for y in self.grid_years]
        return tuple(Row(r.bureau, r.group, tuple(r.cells[i] for i in keep))
                     for r in self.rows if any(isinstance(c, Cell) for c in r.cells))


@dataclass(frozen=True)
class MeasureEntry:
    id: str
    name: str
    unit: str
    definition: str
    disclosed: int

    @property
    def url(self) -> str:
        return urls.measure(self.id)


@dataclass(frozen=True)
class MoneyRow:
    report: ReportRef
    cells: tuple[Cell | Gap, ...]  # in the order of MONEY_COLUMNS
    grade: str


@dataclass(frozen=True)
class Achievement:
    report: ReportRef
    counts: dict[str, int]
    total: int


@dataclass(frozen=True)
class TrendRow:
    measure_id: str
    name: str
    cells: tuple[Cell | Gap, ...]
    bars: tuple[int, ...]  # bar heights in px, 0 where nothing was disclosed

    @property
    def url(self) -> str:
        return urls.measure(self.measure_id)


@dataclass(frozen=True)
class Trend:
    """One bureau's comparable figures over the years it has reports for."""

    years: tuple[int, ...]
    rows: tuple[TrendRow, ...]


@dataclass(frozen=True)
class Comparison:
    measures: tuple[MeasureTable, ...]
    money_columns: tuple[str, ...]
    money: tuple[MoneyRow, ...]
    achievements: tuple[Achievement, ...]
    trends: dict[str, Trend]
    projects: tuple[ProjectComparison, ...] = ()  # one per project type (views/project_compare.py)

    def by_theme(self) -> tuple[tuple[str, tuple[MeasureEntry, ...]], ...]:
        """What the list of measures shows, theme by theme."""
        return tuple((label, tuple(MeasureEntry(t.id, t.name, t.unit, t.definition, t.disclosed)
                                   for t in self.measures if t.theme == key)) for key, label in THEMES.items())

    def measure(self, measure_id: str) -> MeasureTable:
        return next(t for t in self.measures if t.id == measure_id)

    @cached_property
    def peers(self) -> dict[str, dict[str, str]]:
        """By report id, by figure id: where each compared figure stands against its peers."""
        found: dict[str, dict[str, str]] = {}
        for table in self.measures:
            for report_id, figure_id, position in table.positions:
                found.setdefault(report_id, {})[figure_id] = position
        return found


# ---- gathering ---------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class _Found:
    report: ReportHead
    figure: m.Figure

    @cached_property
    def shown(self) -> tuple[object, ...]:
        """All a comparison shows of this figure: another edit to its report leaves it equal."""
        report, figure = self.report, self.figure
        return (report.bureau, report.year, report.kind, report.url, report.check_anchor(figure.id),
                figure.id, figure.value, figure.unit, figure.written)

    def __eq__(self, other: object) -> bool:
        return self is other or isinstance(other, _Found) and self.shown == other.shown

    def __hash__(self) -> int:
        return hash(self.shown)


def _report_found(report: ReportHead) -> tuple[_Found, ...]:
    """One report's figures that name a measure, its score among them."""
    return tuple(_Found(report, figure) for figure in report.compared)


def _cell(found: _Found, measure: m.Measure, position: str = "") -> Cell:
    figure, report = found.figure, found.report
    notes = []
    if figure.unit != measure.unit:
        notes.append(f"原文单位：{figure.unit}")
    if report.bureau.level == "市本级":
        notes.append("市本级报告")
    if report.kind.budget_figures:
        notes.append("预算数")
    text = figure.written or grouped(figure.value)
    check = report.check_anchor(figure.id)
    return Cell(text, figure.value, figure.unit, urls.with_anchor(report.url, urls.figure_anchor(figure.id)),
                tuple(notes), urls.with_anchor(report.url, check) if check else None, position)


_SILENT_YEAR = Gap(NOT_DISCLOSED, "该年度报告未披露此数字")
_NO_REPORT = Gap(NOT_COLLECTED, "本站未收录该机构该年度的报告")


def _gap(collected: frozenset[tuple[str, int]], bureau_id: str, year: int) -> Gap:
    return _SILENT_YEAR if (bureau_id, year) in collected else _NO_REPORT


MIN_PEERS = 3  # fewer values make no median worth showing: of two, it is just their average


@exact
def peer_median(values: list[Decimal]) -> Decimal | None:
    """The median of disclosed values, in decimals; None when there are too few to mean anything."""
    return median(values) if len(values) >= MIN_PEERS else None


def _position(value: Decimal, med: Median, unit: str) -> str:
    """Where a value stands against its year's and level group's median, in words and the median."""
    if med.value is None:
        return ""
    median = grouped(med.value) + (unit if unit in RATE_UNITS else f" {unit}")
    if value == med.value:
        return f"等于同级中位数 {median}"
    return f"{'高于' if value > med.value else '低于'}同级中位数 {median}"


BAR_SHARE = Decimal(72)  # per cent of the chart's width the longest bar takes; its value is printed after it
BAR_STEP = 44  # px per bar: its label line, then the bar


@exact
def _charts(rows: tuple[Row, ...], years: tuple[int, ...]) -> tuple[Chart, ...]:
    """One chart per year (newest first) and level group with two values or more: a city is
    never ranked against districts, nor one year against another."""
    charts = []
    for i in reversed(range(len(years))):
        by_group: dict[str, list[tuple[Row, Cell]]] = {}
        for row in rows:
            cell = row.cells[i]
            if isinstance(cell, Cell):
                by_group.setdefault(row.group, []).append((row, cell))
        for group, entries in sorted(by_group.items()):
            if len(entries) < 2:
                continue
            entries.sort(key=lambda e: (-e[1].value, e[0].bureau.label))
            top = max((c.value for _, c in entries if c.value > 0), default=Decimal(1))
            bars = tuple(Bar(row.bureau.label, cell.text + ("" if cell.unit in RATE_UNITS else " ") + cell.unit,
                             n * BAR_STEP,
                             str((max(cell.value, Decimal(0)) / top * BAR_SHARE).quantize(Decimal("0.1"))))
                         for n, (row, cell) in enumerate(entries))
            charts.append(Chart(years[i], group, len(bars) * BAR_STEP, bars))
    return tuple(charts)


@exact
def _over_time(rows: tuple[Row, ...], years: tuple[int, ...], medians: list[Median]) -> OverTime | None:
    shown = [i for i in range(len(years)) if any(isinstance(r.cells[i], Cell) for r in rows)]
    if len(shown) < 2:
        return None
    values = [c.value for r in rows for c in r.cells if isinstance(c, Cell)]
    low, high = min(values), max(values)  # zoomed to the values: rates of 90–100 would be one flat line from 0
    span = (high - low) or Decimal(1)

    def x(i: int) -> Decimal:
        return (Decimal(shown.index(i)) / (len(shown) - 1) * 90 + 5).quantize(Decimal("0.1"))

    def y(value: Decimal) -> Decimal:
        return ((high - value) / span * 90 + 5).quantize(Decimal("0.1"))  # dots at the edges stay whole

    dots = tuple(Dot(str(x(i)), str(y(cell.value)), f"{row.bureau.label} {years[i]} 年度：{cell.text} {cell.unit}",
                     row.bureau.id)
                 for row in rows for i in shown for cell in [row.cells[i]] if isinstance(cell, Cell))
    bureaus = []
    for row in rows:
        run: list[str] = []
        for i in [*shown, None]:  # a year not disclosed ends a run: the line never bridges a gap
            cell = row.cells[i] if i is not None else None
            if i is not None and isinstance(cell, Cell):
                run.append(f"{x(i)},{y(cell.value)}")
                continue
            if len(run) >= 2:
                bureaus.append(BureauLine(row.bureau.id, " ".join(run)))
            run = []
    lines = []
    for group in sorted({med.group for med in medians if med.value is not None}):
        points = [f"{x(years.index(med.year))},{y(med.value)}" for med in medians
                  if med.group == group and med.value is not None and years.index(med.year) in shown]
        if len(points) >= 2:
            lines.append(MedianLine(group, " ".join(points)))
    return OverTime(tuple((str(x(i)), years[i]) for i in shown), grouped(high), grouped(low), dots, tuple(lines),
                    tuple(bureaus))


def _latest(rows: tuple[Row, ...], years: tuple[int, ...]) -> tuple[Latest, ...]:
    """Each bureau's newest disclosed value; level groups apart, largest first within each."""
    latest = []
    for row in rows:
        for i in reversed(range(len(years))):
            cell = row.cells[i]
            if isinstance(cell, Cell):
                latest.append(Latest(row.bureau, row.group, years[i], cell))
                break
    return tuple(sorted(latest, key=lambda x: (x.group, -x.cell.value, x.bureau.label)))


def measure_table(measure: m.Measure, found: tuple[_Found, ...], years: tuple[int, ...],
                  bureaus: tuple[BureauLink, ...], collected: frozenset[tuple[str, int]]) -> MeasureTable:
    """found: the measure's figures in report order; years: oldest first; bureaus: those with
    reports; collected: the (bureau, year) pairs the site has a report for."""
    by_key: dict[tuple[str, int], _Found] = {}
    for f in found:
        by_key.setdefault((f.report.bureau.id, f.report.year), f)
    peers: dict[tuple[int, str], list[Decimal]] = {}
    for (_, year), f in by_key.items():
        peers.setdefault((year, LEVEL_GROUPS[f.report.bureau.level]), []).append(f.figure.value)
    medians = []
    for year in years:
        for group in sorted({LEVEL_GROUPS[b.level] for b in bureaus}):
            values = peers.get((year, group), [])
            medians.append(Median(year, group, peer_median(values), len(values)))
    median_of = {(x.year, x.group): x for x in medians}
    positions: list[tuple[str, str, str]] = []  # (report, figure, where it stands)
    rows = []
    for bureau in bureaus:
        group = LEVEL_GROUPS[bureau.level]
        cells: list[Cell | Gap] = []
        for year in years:
            disclosed = by_key.get((bureau.id, year))
            if disclosed is None:
                cells.append(_gap(collected, bureau.id, year))
                continue
            position = _position(disclosed.figure.value, median_of[(year, group)], measure.unit)
            cells.append(_cell(disclosed, measure, position))
            if position:
                positions.append((disclosed.report.id, disclosed.figure.id, position))
        rows.append(Row(bureau, group, tuple(cells)))
    groups = {r.group for r in rows if any(isinstance(c, Cell) for c in r.cells)}
    notes = []
    if len(groups) > 1:
        notes.append("表中既有区县级也有市级机构：中位数按层级分别计算，不同层级的数字不宜直接比较。")
    if any("原文单位" in n for r in rows for c in r.cells if isinstance(c, Cell) for n in c.notes):
        notes.append(f"部分数字原文单位与本指标单位（{measure.unit}）写法不同，含义相同，已在数字旁注明。")
    rows_t = tuple(rows)
    latest = _latest(rows_t, years)
    if len({x.year for x in latest}) > 1:
        notes.append("各机构最新的数字来自不同年度，年度已注明；同一年度的比较见下方按年度排列的表和图。")
    named = {x.bureau.id for x in latest}
    return MeasureTable(measure.id, measure.name, measure.unit, measure.better, measure.theme,
                        measure.definition, years, rows_t, tuple(med for med in medians if med.value is not None),
                        _charts(rows_t, years), tuple(notes), latest,
                        tuple(r.bureau for r in rows_t if r.bureau.id not in named),
                        _over_time(rows_t, years, medians), tuple(positions))


# ---- money and achievement -----------------------------------------------------

MONEY_COLUMNS = ("收入总额（万元）", "支出总额（万元）", "本年支出（万元）", "基本支出（万元）", "项目支出（万元）",
                 "基本支出占比（%，本站计算）", "项目支出占比（%，本站计算）", "预算执行率（%）", "自评得分（分）")
_MONEY_MEASURES = ("total-income", "total-expenditure", "current-year-expenditure")


@exact
def share(part: Decimal, whole: Decimal) -> Decimal:
    """part ÷ whole in per cent, two decimals, rounded half up: computed in decimals only."""
    return (part / whole * 100).quantize(CENT, rounding=ROUND_HALF_UP)


def _money_row(report: ReportHead, found: tuple[_Found, ...], measures: Mapping[str, m.Measure]) -> MoneyRow:
    """found: the report's figures that name a measure, in report order."""
    first_of: dict[str, _Found] = {}
    for each in found:
        first_of.setdefault(each.figure.measure or "", each)

    def first(*measure_ids: str) -> _Found | None:
        return next((first_of[mid] for mid in measure_ids if mid in first_of), None)

    silent = Gap(NOT_DISCLOSED, "该报告未披露此数字")
    cells: list[Cell | Gap] = []
    for measure_id in _MONEY_MEASURES:
        f = first(measure_id)
        cells.append(_cell(f, measures[measure_id]) if f else silent)
    basic = first("basic-expenditure", "budget-basic-expenditure")
    project = first("project-expenditure", "budget-project-expenditure")
    for part in (basic, project):
        cells.append(_cell(part, measures[part.figure.measure or ""]) if part else silent)
    if basic and project:
        b, p = basic.figure.value, project.figure.value
        for value in (share(b, b + p), share(p, b + p)):
            cells.append(Cell(grouped(value), value, "%", urls.with_anchor(report.url, urls.MONEY_SECTION), (), None))
    else:
        cells += [silent, silent]
    rate = first("execution-rate")
    cells.append(_cell(rate, measures["execution-rate"]) if rate else silent)
    score = first(m.SCORE_MEASURE)
    if score:
        value = score.figure.value
        cells.append(Cell(plain(value), value, "分", urls.with_anchor(report.url, urls.SCORE_SECTION), (), None))
    else:
        cells.append(silent)
    return MoneyRow(ref(report), tuple(cells), report.score.grade if report.score else "")


def in_file_order(content: m.Content, site: Site) -> list[ReportHead]:
    """The site's report heads in the files' order: where a bureau has two reports of a year, a
    measure shows the first file's figure."""
    heads = {r.id: r for r in site.reports}
    return [heads[r.id] for r in content.reports]


def build_comparison(content: m.Content, site: Site, memo: Memo | None = None) -> Comparison:
    """memo: tables and rows kept from an earlier build, reused where their inputs are unchanged."""
    memo = memo or Memo()
    # Department-wide reports only: a project's figures and score are not the bureau's.
    department = [r for r in in_file_order(content, site) if not r.kind.per_project]
    found: dict[str, list[_Found]] = {}
    found_in: dict[str, tuple[_Found, ...]] = {}
    for report in department:
        found_in[report.id] = memo.get(("found", report.id), (report,), partial(_report_found, report))
        for f in found_in[report.id]:
            found.setdefault(f.figure.measure or "", []).append(f)
    collected = frozenset((r.bureau.id, r.year) for r in department)
    years = tuple(sorted({r.year for r in department}))
    bureaus = tuple(b.link for b in site.bureaus if any(not r.kind.per_project for r in b.reports))
    measures = tuple(
        memo.get(("measure", mid), (measure, figures, years, bureaus, collected),
                 partial(measure_table, measure, figures, years, bureaus, collected))
        for mid, measure in content.measures.items() for figures in [tuple(found.get(mid, ()))])
    # Newest year first, then by name: what a reader looks for first.
    reports = sorted(department, key=lambda r: (-r.year, r.bureau.label, r.kind.id))
    money = tuple(memo.get(("money", r.id), (r, found_in[r.id], content.measures),
                           partial(_money_row, r, found_in[r.id], content.measures))
                  for r in reports)
    achievements = tuple(Achievement(ref(r), {k: r.indicator_counts[k] for k in STATUS_LABELS},
                                     sum(r.indicator_counts.values()))
                         for r in reports if r.has_indicators and r.kind.reports_actuals)
    return Comparison(measures, MONEY_COLUMNS, money, achievements, _trends(measures, site, memo))


@exact
def _trend(bureau_years: tuple[int, ...], rows: tuple[tuple[MeasureTable, Row], ...]) -> Trend:
    trend_rows = []
    for table, row in rows:
        cells = tuple(row.cells[table.years.index(y)] for y in bureau_years)
        values = [c.value for c in cells if isinstance(c, Cell)]
        if values:
            top = max(max(values), Decimal(1)) if max(values) > 0 else Decimal(1)
            bars = tuple(int((c.value / top * 40).to_integral_value(ROUND_HALF_UP))
                         if isinstance(c, Cell) and c.value > 0 else 0 for c in cells)
            trend_rows.append(TrendRow(table.id, table.name, cells, bars))
    return Trend(bureau_years, tuple(trend_rows))


def _trends(measures: tuple[MeasureTable, ...], site: Site, memo: Memo) -> dict[str, Trend]:
    trends = {}
    rows_of = {t.id: {r.bureau.id: r for r in t.rows} for t in measures}
    for bureau in site.bureaus:
        years = tuple(sorted({r.year for r in bureau.reports if not r.kind.per_project}))
        if len(years) < 2:
            continue
        bid = bureau.link.id
        rows = tuple((t, rows_of[t.id][bid]) for t in measures)
        # Keyed on what the trend shows, so another bureau's edit leaves this one as it was.
        shown = (years, tuple((t.id, t.name, t.years, row.cells) for t, row in rows))
        trends[bid] = memo.get(("trend", bid), shown, partial(_trend, years, rows))
    return trends
