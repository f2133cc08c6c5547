"""View models: the typed domain turned into display-ready, immutable data for the templates.

Numbers become text here (numbers.py), Markdown becomes safe HTML here, and every
`url` is a site-relative path from urls.py; templates apply the base URL.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace

from markupsafe import Markup

from .. import urls
from ..domain import model as m
from ..domain.findings import RATE_LIMITS, Finding, findings, scoring_sums
from ..domain.numbers import grouped, plain
from ..domain.targets import indicator_met
from ..kinds import ReportKind
from ..loading.history import History
from ..loading.sources import SourceDocument
from ..memo import Memo
from ..processes import in_workers
from . import markdown
from .original import Download, blocks, downloads, locate
from .pairing import Pairing, pair_indicators, partner_of
from .projects import ProjectYear, compared_figures, project_funds, project_years

STATUS_LABELS = {"met": "已达成", "missed": "未达成", "unjudged": "无法判断", "unreported": "未报告"}


def _md(text: str | None) -> Markup | None:
    return Markup(markdown.render(text)) if text else None


def _md_inline(text: str | None) -> Markup | None:
    return Markup(markdown.render_inline(text)) if text else None


@dataclass(frozen=True)
class BureauLink:
    id: str
    name: str
    short_name: str
    level: str
    url: str
    label: str = ""  # what tables of many bureaus print: the short name, or more where two share it

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.short_name)


@dataclass(frozen=True)
class Check:
    """A place where published figures disagree, with the computed difference."""

    anchor: str
    level: str  # "notice" within rounding, "finding" otherwise
    kind: str
    text: str
    figure_ids: tuple[str, ...]


@dataclass(frozen=True)
class FigureRow:
    id: str
    label: str
    shown: str  # the value as printed, with its unit once
    prose: bool  # the value is printed as a phrase, not a number: it may wrap
    origin: str | None  # its sentence in the original text
    note: Markup | None
    check_anchors: tuple[str, ...]
    compare_url: str | None = None  # its bureau's row on the page comparing its measure


@dataclass(frozen=True)
class FigureTable:
    id: str
    caption: str
    note: Markup | None
    rows: tuple[FigureRow, ...]
    has_notes: bool  # whether the 说明 column is needed
    kind: str = "figures"


@dataclass(frozen=True)
class GridCell:
    id: str
    text: str  # with its unit unless the column header carries it
    origin: str | None
    check_anchors: tuple[str, ...]


@dataclass(frozen=True)
class GridRow:
    label: str
    cells: tuple[GridCell | None, ...]


@dataclass(frozen=True)
class GridTable:
    id: str
    caption: str
    note: Markup | None
    columns: tuple[str, ...]  # with the column's unit where all its cells share one
    rows: tuple[GridRow, ...]
    kind: str = "grid"


@dataclass(frozen=True)
class IndicatorRow:
    level1: str
    level1_span: int  # rows spanned; 0 where the cell is covered by the row above
    level2: str
    level2_span: int
    name: str | None  # None: the source lists no indicator under this heading
    period_target: str | None
    target: str | None
    actual: str | None
    status: str
    status_label: str
    note: Markup | None
    nature: str | None = None  # a project form's columns
    unit: str | None = None
    weight: str | None = None
    points: str | None = None
    deviation: Markup | None = None
    anchor: str = ""  # where comparisons link to it: indicator-<n>, counted over the report's indicators


@dataclass(frozen=True)
class KeyTask:
    number: str
    name: str
    content: Markup | None
    funds: str | None
    expected: Markup | None


@dataclass(frozen=True)
class ScoringRow:
    group: str
    name: str
    max: str
    awarded: str
    note: Markup | None


@dataclass(frozen=True)
class Scoring:
    caption: str
    rows: tuple[ScoringRow, ...]
    bonus: tuple[ScoringRow, ...]
    computed_total: str
    total_reported: str


@dataclass(frozen=True)
class Score:
    value: str
    max: str
    grade: str


@dataclass(frozen=True)
class ListEntry:
    title: str | None
    text: Markup


@dataclass(frozen=True)
class Section:
    heading: str
    level: int
    body: Markup | None
    anchor: str


@dataclass(frozen=True)
class KeyFigure:
    """One figure of a report page's summary, linking to where the page shows it."""

    label: str
    value: str
    unit: str
    anchor: str
    detail: str = ""


@dataclass(frozen=True)
class ReportHead:
    """What the rest of the site shows of a report (lists, bureau pages, comparisons, the feed,
    open data): kept for every report while each report's full view is made only as its page is."""

    id: str
    url: str
    bureau: BureauLink
    year: int
    kind: ReportKind
    title: str
    source: m.Source
    history: History | None  # from git: first published, last changed, corrections
    original: str | None  # the page of its original text
    downloads: tuple[Download, ...]  # its original documents
    score: Score | None
    indicator_counts: Mapping[str, int]
    has_indicators: bool  # its targets hold an indicator table, even one with empty headings only
    checks: tuple[Check, ...]
    key_figures: tuple[KeyFigure, ...]
    compared: tuple[m.Figure, ...]  # its figures that name a measure, in order, then its score as one
    project: m.Project | None
    fund_figures: tuple[m.Figure | None, m.Figure | None, m.Figure | None]  # a project form's budget, spent, rate
    project_compared: tuple[tuple[str, m.Figure], ...]  # what a project self-evaluation offers to compare

    def check_anchor(self, figure_id: str) -> str | None:
        """The first 数字核对 entry that involves a figure."""
        return self.first_checks.get(figure_id)

    @functools.cached_property
    def first_checks(self) -> dict[str, str]:
        first: dict[str, str] = {}
        for check in self.checks:
            for figure_id in check.figure_ids:
                first.setdefault(figure_id, check.anchor)
        return first


@dataclass(frozen=True)
class Report(ReportHead):
    """A report's page: its head and everything else it shows."""

    scope: str | None
    source_notes: Markup | None
    overview: Markup | None
    functions: tuple[tuple[str, Markup], ...]
    units: tuple[m.Unit, ...]
    staffing: FigureTable | GridTable | None
    funds: GridTable | None  # a project form's funds table
    money: tuple[FigureTable | GridTable, ...]
    targets_overall: Markup | None
    indicators: tuple[IndicatorRow, ...]
    has_period_targets: bool
    indicator_columns: frozenset[str]  # the project form's columns any indicator fills
    key_tasks: tuple[KeyTask, ...]
    results: tuple[FigureTable | GridTable, ...]
    scoring: Scoring | None
    problems: tuple[ListEntry, ...]
    measures: tuple[ListEntry, ...]
    narrative: tuple[Section, ...]
    partner: Partner | None = None  # its targets form, or the self-evaluation against its targets


@dataclass(frozen=True)
class Partner:
    """The paired report, and the indicators of both side by side."""

    url: str
    title: str
    kind: ReportKind
    pairing: Pairing


@dataclass(frozen=True)
class ReportRef:
    """A report named by bureau, year and kind, as tables of many reports name it."""

    id: str
    url: str
    year: int
    kind: ReportKind
    bureau: BureauLink


@dataclass(frozen=True)
class ReportSummary(ReportRef):
    """What lists of reports show: it changes only when a title, year, kind or bureau does."""

    title: str


def summary(report: ReportHead) -> ReportSummary:
    return ReportSummary(report.id, report.url, report.year, report.kind, report.bureau, report.title)


def ref(report: ReportHead) -> ReportRef:
    return ReportRef(report.id, report.url, report.year, report.kind, report.bureau)


@dataclass(frozen=True)
class Bureau:
    link: BureauLink
    region: str
    parent: BureauLink | None
    reports: tuple[ReportSummary, ...]  # newest first
    projects: tuple[ProjectYear, ...] = ()  # its project forms by year, newest first
    province: str = ""
    city: str | None = None


@dataclass(frozen=True)
class Site:
    bureaus: tuple[Bureau, ...]
    reports: tuple[ReportHead, ...]  # newest first
    summaries: tuple[ReportSummary, ...]  # of reports, in the same order
    pages: tuple[ReportPage, ...]  # what each report's page is made from, in the same order

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({r.year for r in self.summaries}, reverse=True))


# ---- building ------------------------------------------------------------

def _check(finding: Finding) -> Check:
    return Check(finding.anchor, "notice" if finding.status == "rounding" else "finding", finding.kind,
                 finding.page_text, finding.figure_ids)


def _anchors(checks: list[Check], figure_id: str) -> tuple[str, ...]:
    return tuple(c.anchor for c in checks if figure_id in c.figure_ids)


PROSE_LENGTH = 12  # a value printed in more characters than this is a phrase, not a number


def with_unit(figure: m.Figure, unit_in_header: bool = False) -> str:
    """The value as printed, its unit written once: not after 约820万元 or 超过1.7亿元 (a phrase
    that ends in its own word keeps it), not where the column header has it."""
    if figure.written is not None:
        text = figure.written
        return f"{text} {figure.unit}" if text[-1:].isdigit() and not unit_in_header else text
    number = grouped(figure.value)
    if unit_in_header:
        return number
    return number + figure.unit if figure.unit in RATE_LIMITS else f"{number} {figure.unit}"


Origins = Mapping[str, str]  # figure id → the URL of its sentence in the original


def _grid(table: m.GridTable, checks: list[Check], fallback_id: str, origins: Origins) -> GridTable:
    columns, header_units = [], []
    for c, name in enumerate(table.columns):
        units = {cell.unit for row in table.rows if (cell := row.cells[c]) is not None}
        # Rates keep their sign beside each number, as printed; other shared units go in the header.
        shared = len(units) == 1 and not units & RATE_LIMITS.keys()
        header_units.append(shared)
        columns.append(f"{name}（{next(iter(units))}）" if shared else name)
    rows = tuple(GridRow(row.label, tuple(
        None if cell is None else GridCell(cell.id, with_unit(cell, header_units[c]), origins.get(cell.id),
                                           _anchors(checks, cell.id))
        for c, cell in enumerate(row.cells))) for row in table.rows)
    return GridTable(table.id or fallback_id, table.caption, _md(table.note), tuple(columns), rows)


def _table(table: m.Table, checks: list[Check], fallback_id: str, origins: Origins,
           compared: Mapping[str, str] | None = None) -> FigureTable | GridTable:
    """compared: by figure id, where its measure's comparison shows this bureau's row."""
    if isinstance(table, m.GridTable):
        return _grid(table, checks, fallback_id, origins)
    compared = compared or {}
    rows = tuple(FigureRow(id=f.id, label=f.label, shown=with_unit(f),
                           prose=len(f.written or "") > PROSE_LENGTH, origin=origins.get(f.id),
                           note=_md_inline(f.note), check_anchors=_anchors(checks, f.id),
                           compare_url=compared.get(f.id))
                 for f in table.figures)
    return FigureTable(table.id or fallback_id, table.caption, _md(table.note), rows,
                       any(r.note or r.check_anchors for r in rows))


def _status(item: m.Indicator, measures: Mapping[str, m.Measure]) -> str:
    met = item.met if item.met is not None else indicator_met(item, measures)
    if met is not None:
        return "met" if met else "missed"
    return "unjudged" if item.actual is not None else "unreported"


def _indicator_rows(targets: m.Targets | None, measures: Mapping[str, m.Measure]) -> list[IndicatorRow]:
    rows: list[IndicatorRow] = []
    counted = 0
    for block in targets.indicators if targets else ():
        block_rows: list[IndicatorRow] = []
        for group in block.groups:
            items: list[m.Indicator | None] = list(group.items) or [None]
            for n, item in enumerate(items):
                status = "none" if item is None else _status(item, measures)
                counted += item is not None
                block_rows.append(IndicatorRow(
                    level1=block.level1, level1_span=0,
                    level2=group.level2 or "", level2_span=len(items) if n == 0 else 0,
                    name=item.name if item else None,
                    period_target=item.period_target if item else None,
                    target=item.target if item else None,
                    actual=item.actual if item else None,
                    status=status, status_label=STATUS_LABELS.get(status, ""),
                    note=_md_inline(item.note) if item else None,
                    nature=item.nature if item else None, unit=item.unit if item else None,
                    weight=plain(item.weight) if item and item.weight is not None else None,
                    points=plain(item.points) if item and item.points is not None else None,
                    deviation=_md_inline(item.deviation) if item else None,
                    anchor=urls.figure_anchor(f"indicator-{counted}") if item else "",
                ))
        if block_rows:
            block_rows[0] = replace(block_rows[0], level1_span=len(block_rows))
        rows += block_rows
    return rows


def _list(items: tuple[m.ListItem, ...]) -> tuple[ListEntry, ...]:
    return tuple(ListEntry(item.title, Markup(markdown.render_inline(item.text))) for item in items)


def _scoring(scoring: m.Scoring | None) -> Scoring | None:
    if scoring is None:
        return None
    items, bonus = scoring_sums(scoring)
    return Scoring(
        caption=scoring.caption,
        rows=tuple(ScoringRow(i.group, i.name, plain(i.max) if i.max is not None else "", plain(i.awarded),
                              _md_inline(i.note)) for i in scoring.items),
        bonus=tuple(ScoringRow("加分", b.name, "", plain(b.points), _md_inline(b.note)) for b in scoring.bonus),
        computed_total=plain(items + bonus),
        total_reported=plain(scoring.total_reported),
    )


def _first_measured(report: m.Report, *measure_ids: str) -> m.Figure | None:
    """The first figure of the first measure the report has, in the order given."""
    for measure_id in measure_ids:
        for figure in report.figures():
            if figure.measure == measure_id:
                return figure
    return None


def _key_figures(report: m.Report, counts: Mapping[str, int], indicator_total: int,
                 checks: list[Check], measures: Mapping[str, m.Measure]) -> tuple[KeyFigure, ...]:
    """What a reader wants first: spending, execution, score, targets, the 核对 count."""
    keys = []
    spent = _first_measured(report, "total-expenditure", "current-year-expenditure") or next(
        (f for t in report.money for f in t.all_figures() if f.parts and "支出" in f.label), None)  # e.g. 支出预算
    rate = _first_measured(report, "execution-rate")
    if report.funds is not None and report.funds.rows:  # a project form: its funds table's first row
        _, spent, rate = project_funds(report)
    for figure in (spent, rate):
        if figure:
            written = figure.written or grouped(figure.value)
            if figure.unit in RATE_LIMITS and figure.unit not in written:
                written += figure.unit  # a rate's sign stays beside its number
            measure = measures.get(figure.measure or "")  # the same name on every report, not its tag
            keys.append(KeyFigure(measure.name if measure else figure.label, written,
                                  "" if figure.unit in written else figure.unit, urls.figure_anchor(figure.id)))
    if report.score:
        keys.append(KeyFigure("自评得分", plain(report.score.value), "分", urls.SCORE_SECTION,
                              report.score.grade or ""))
    if indicator_total:
        detail = f"已达成 {counts['met']} · 未达成 {counts['missed']} · 未报告实际值 {counts['unreported']}"
        if counts["unjudged"]:
            detail += f" · 无法判断 {counts['unjudged']}"
        keys.append(KeyFigure("绩效指标", str(indicator_total), "项", urls.TARGETS_SECTION,
                              detail if report.kind.reports_actuals else "年度目标值，事前申报"))
    keys.append(KeyFigure("数字核对", str(len(checks)), "处", "checks" if checks else "",
                          "分项与合计不符或前后不一" if checks else "未发现不一致"))
    return tuple(keys)


def report_head(report: m.Report, bureau: BureauLink, measures: Mapping[str, m.Measure],
                documents: tuple[SourceDocument, ...] = (), history: History | None = None,
                has_reader: bool = False) -> ReportHead:
    """has_reader: its text original, if any, can be read (then the report has an original page)."""
    checks = tuple(_check(f) for f in findings(report) if f.shown)
    statuses = [_status(item, measures) for item in report.indicators()]
    counts = {s: statuses.count(s) for s in STATUS_LABELS}
    score, score_figure = report.score, report.score_figure()
    has_text = has_reader and any(d.is_text for d in documents)
    return ReportHead(
        id=report.id, url=urls.report(report.id), bureau=bureau, year=report.year, kind=report.kind,
        title=report.title, source=report.source, history=history,
        original=urls.original(report.id) if has_text else None, downloads=downloads(report.id, documents),
        score=Score(plain(score.value), plain(score.max) if score.max is not None else "", score.grade or "")
        if score else None,
        indicator_counts=counts,
        has_indicators=bool(report.targets and any(block.groups for block in report.targets.indicators)),
        checks=checks, key_figures=_key_figures(report, counts, len(statuses), list(checks), measures),
        compared=tuple(f for f in [*report.figures(), *([score_figure] if score_figure else [])]
                       if f.measure is not None),
        project=report.project, fund_figures=project_funds(report),
        project_compared=tuple(compared_figures(report, measures))
        if report.kind.per_project and report.kind.reports_actuals else ())


def build_report(report: m.Report, bureau: BureauLink, measures: Mapping[str, m.Measure],
                 documents: tuple[SourceDocument, ...] = (), history: History | None = None,
                 read_original: Callable[[SourceDocument], str] | None = None,
                 partner: m.Report | None = None, head: ReportHead | None = None) -> Report:
    """documents: its originals as published; a text among them, read by read_original (the
    loading layer's: views open no file), links each figure to its sentence. partner: the report
    it pairs with (see views/pairing.py). head: report_head's, if made already."""
    head = head or report_head(report, bureau, measures, documents, history, read_original is not None)
    checks = list(head.checks)
    text = next((d for d in documents if d.is_text), None) if read_original else None
    origins = ({fid: o.url(report.id) for fid, o in locate(report, blocks(read_original(text))).items()}
               if text and read_original else {})
    org = report.organisation
    indicators = _indicator_rows(report.targets, measures)
    # A department report's measured figures link to their comparison (a project's are not its bureau's).
    compared = {} if report.kind.per_project else {
        f.id: urls.measure_for(f.measure, report.bureau.id)
        for f in report.figures() if f.measure is not None and f.measure in measures}
    return Report(
        **{f.name: getattr(head, f.name) for f in fields(ReportHead)},
        scope=report.scope, source_notes=_md(report.source.notes),
        overview=_md(org.overview) if org else None,
        functions=tuple((f.number, Markup(markdown.render_inline(f.text))) for f in org.functions) if org else (),
        units=org.units if org else (),
        staffing=_table(org.staffing, checks, "staffing", origins) if org and org.staffing else None,
        funds=_grid(report.funds, checks, "funds", origins) if report.funds else None,
        money=tuple(_table(t, checks, f"money-{i}", origins, compared) for i, t in enumerate(report.money)),
        targets_overall=_md(report.targets.overall) if report.targets else None,
        indicators=tuple(indicators),
        has_period_targets=any(r.period_target for r in indicators),
        indicator_columns=frozenset(c for c in ("nature", "unit", "weight", "points", "deviation")
                                    if any(getattr(r, c) for r in indicators)),
        key_tasks=tuple(KeyTask(k.number, k.name, _md(k.content), grouped(k.funds) if k.funds is not None else None,
                                _md(k.expected)) for k in report.key_tasks),
        results=tuple(_table(t, checks, f"results-{i}", origins, compared) for i, t in enumerate(report.results)),
        scoring=_scoring(report.scoring),
        problems=_list(report.problems), measures=_list(report.measures),
        narrative=tuple(Section(s.heading, s.level, _md(s.body), anchor) for s, anchor in zip(
            report.narrative, urls.heading_anchors(s.heading for s in report.narrative), strict=True)),
        partner=_partner(report, partner),
    )


@dataclass(frozen=True)
class ReportPage:
    """What a report's page is made from. Its view is made as the page is rendered and then let
    go, so a site's report views are never all in memory; it compares equal while its inputs do."""

    head: ReportHead
    report: m.PackedReport
    measures: Mapping[str, m.Measure]
    documents: tuple[SourceDocument, ...]
    partner: m.PackedReport | None
    read_original: Callable[[SourceDocument], str] | None = field(default=None, compare=False)

    def view(self) -> Report:
        return build_report(self.report.model(), self.head.bureau, self.measures, self.documents, self.head.history,
                            self.read_original, self.partner.model() if self.partner else None, self.head)


def _partner(report: m.Report, partner: m.Report | None) -> Partner | None:
    if partner is None:
        return None
    targets, results = (report, partner) if not report.kind.reports_actuals else (partner, report)
    return Partner(urls.report(partner.id), partner.title, partner.kind, pair_indicators(targets, results))


def bureau_link(bureau: m.Bureau, label: str = "") -> BureauLink:
    return BureauLink(bureau.id, bureau.name, bureau.short_name, bureau.level, urls.bureau(bureau.id), label)


def distinct_labels(bureaus: Iterable[m.Bureau]) -> dict[str, str]:
    """Each bureau's label: its short name, unless another bureau has the same one; then its full
    name (湖明市湾源区司法局), with its city and province before it while that still is not enough."""
    bureaus = list(bureaus)
    labels = {b.id: b.short_name for b in bureaus}
    for fuller in (lambda b: b.name, lambda b: _prefixed(b.region.city, b.name),
                   lambda b: _prefixed(b.region.province, _prefixed(b.region.city, b.name)), lambda b: b.id):
        seen: dict[str, int] = {}
        for label in labels.values():
            seen[label] = seen.get(label, 0) + 1
        clashing = [b for b in bureaus if seen[labels[b.id]] > 1]
        if not clashing:
            break
        for b in clashing:
            labels[b.id] = fuller(b)
    return labels


def _prefixed(prefix: str | None, name: str) -> str:
    return name if not prefix or name.startswith(prefix) else prefix + name


def build_site(content: m.Content, memo: Memo | None = None, histories: Mapping[str, History] | None = None,
               read_original: Callable[[SourceDocument], str] | None = None) -> Site:
    """memo: heads kept from an earlier build, reused for every report whose inputs are unchanged.
    histories: each report file's history from git (none outside a checkout). read_original: how
    a text original's words are had (loading.sources.read_text), to link figures into them.
    Each report is unpacked here once for its head; its page unpacks it again."""
    histories = histories or {}
    memo = memo or Memo()
    labels = distinct_labels(content.bureaus.values())
    links = {bid: bureau_link(b, labels[bid]) for bid, b in content.bureaus.items()}
    same_year: dict[tuple[str, int], list[m.PackedReport]] = {}  # each bureau's reports of a year
    for r in content.reports:
        same_year.setdefault((r.bureau.id, r.year), []).append(r)
    wanted = [(("head", r.id), (r, links[r.bureau.id], content.measures, content.sources.get(r.id, ()),
                                 histories.get(r.file), read_original is not None)) for r in content.reports]
    made = [ReportPage(head, r, content.measures, inputs[3], partner_of(r, same_year[(r.bureau.id, r.year)]),
                       read_original)
            for r, (_, inputs), head in zip(content.reports, wanted, memo.get_many(wanted, _heads), strict=True)]
    made.sort(key=lambda p: (-p.head.year, p.head.bureau.id, p.head.kind.id))
    heads = [p.head for p in made]
    # Kept as the same objects while unchanged, so pages listing them compare at once.
    summaries = tuple(memo.get(("summary", r.id), (r,), functools.partial(summary, r)) for r in heads)
    by_bureau: dict[str, list[ReportSummary]] = {}
    for s in summaries:
        by_bureau.setdefault(s.bureau.id, []).append(s)
    heads_of: dict[str, list[ReportHead]] = {}
    for head in heads:
        heads_of.setdefault(head.bureau.id, []).append(head)
    bureaus = []
    for bid in sorted(content.bureaus):
        b = content.bureaus[bid]
        parent = links.get(b.parent.id) if b.parent else None
        parts = (links[bid], " › ".join(b.region.parts()), parent, tuple(by_bureau.get(bid, ())),
                 project_years(heads_of.get(bid, ())), b.region.province, b.region.city)
        bureaus.append(memo.get(("bureau", bid), parts, functools.partial(Bureau, *parts)))
    return Site(tuple(bureaus), tuple(heads), summaries, tuple(made))


HEADS_IN_WORKERS_FROM = 200  # reports: fewer are unpacked in this process
HEAD_RANGE = 250  # reports a worker unpacks at a time

_wanted: list[tuple] = []  # the inputs of the heads being made, which forked workers inherit


def _heads(wanted: list[tuple]) -> list[ReportHead]:
    """Each report's head, on every core when there are many: unpacking the model is most of it."""
    global _wanted
    workers = (os.cpu_count() or 1) if len(wanted) >= HEADS_IN_WORKERS_FROM else 1
    ranges = [(start, min(start + HEAD_RANGE, len(wanted))) for start in range(0, len(wanted), HEAD_RANGE)]
    _wanted = wanted
    try:
        return [head for part in in_workers(_heads_in, ranges, workers) for head in part]
    finally:
        _wanted = []


def _heads_in(start: int, end: int) -> list[ReportHead]:
    return [report_head(report.model(), bureau, measures, documents, history, has_reader)
            for report, bureau, measures, documents, history, has_reader in _wanted[start:end]]
