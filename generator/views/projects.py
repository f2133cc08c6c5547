"""A bureau's projects, year by year: each project form with its funds, execution rate and score,
and how much of the department's 项目支出 the published project forms cover. A coverage is a
figure for readers, not an error: bureaus publish forms only for projects above a threshold."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from .. import urls
from ..domain import model as m
from ..domain.numbers import exact, grouped
from ..domain.projects import cells_in, fund_columns
from ..domain.targets import parse
from ..kinds import ReportKind

if TYPE_CHECKING:  # the report views are made with this module
    from .site import ReportHead

# The department figure a year's project forms add up towards, by the forms' kind.
COVERED_MEASURE = {"project-self-evaluation": "project-expenditure",
                   "project-targets": "budget-project-expenditure"}


@dataclass(frozen=True)
class ProjectLine:
    url: str
    name: str
    kind: ReportKind
    budget: str  # 全年预算数, or a targets form's 年度资金总额, as shown; "" where not given
    spent: str
    rate: str
    score: str


@dataclass(frozen=True)
class Coverage:
    kind: ReportKind  # of the project forms summed
    count: int  # forms with the summed figure
    summed: str  # their sum, as shown
    department: str  # the department report's figure, as shown
    department_label: str
    department_url: str  # the figure on its report page
    share: str  # the sum as a share of the department figure


@dataclass(frozen=True)
class ProjectYear:
    year: int
    lines: tuple[ProjectLine, ...]
    coverage: tuple[Coverage, ...]


COUNT_UNITS = ("件", "宗", "人次", "次", "人")  # a per-unit cost is computed for counts


def project_funds(report: m.Report) -> tuple[m.Figure | None, m.Figure | None, m.Figure | None]:
    """The funds table's first row: budget, spending and execution rate."""
    if report.funds is None or not report.funds.rows:
        return None, None, None
    roles = fund_columns(report.funds.columns)
    budget, spent, rate = cells_in(report.funds.rows[0].cells, roles.budget, roles.spent, roles.rate)
    return budget, spent, rate


def _shown(figure: m.Figure | None) -> str:
    if figure is None:
        return ""
    return figure.written or f"{grouped(figure.value)}{figure.unit if figure.unit == '%' else ' ' + figure.unit}"


def _line(report: ReportHead) -> ProjectLine:
    budget, spent, rate = report.fund_figures
    assert report.project is not None
    return ProjectLine(report.url, report.project.name, report.kind, _shown(budget), _shown(spent), _shown(rate),
                       f"{report.score.value} 分" if report.score else "")


@exact
def _coverage(kind: ReportKind, forms: list[ReportHead], department: Iterable[ReportHead]) -> Coverage | None:
    measure = COVERED_MEASURE.get(kind.id)
    summed_role = 1 if kind.reports_actuals else 0  # spending after the year; the budget before it
    figures = [f for f in (r.fund_figures[summed_role] for r in forms) if f is not None and f.unit == "万元"]
    found = next(((r, f) for r in department if r.kind.reports_actuals == kind.reports_actuals
                  for f in r.compared if f.measure == measure and f.unit == "万元"), None)
    if not figures or found is None or found[1].value <= 0:
        return None
    owner, whole = found
    total = sum((f.value for f in figures), Decimal(0))
    share = (total / whole.value * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Coverage(kind, len(figures), f"{grouped(total)} 万元", _shown(whole), whole.label,
                    urls.with_anchor(urls.report(owner.id), urls.figure_anchor(whole.id)), f"{share}%")


def project_years(reports: Iterable[ReportHead]) -> tuple[ProjectYear, ...]:
    """One bureau's reports → its project forms by year, newest first."""
    by_year: dict[int, list[ReportHead]] = {}
    for report in reports:
        by_year.setdefault(report.year, []).append(report)
    years = []
    for year in sorted(by_year, reverse=True):
        forms = sorted((r for r in by_year[year] if r.kind.per_project and r.project),
                       key=lambda r: (r.kind.id, r.project.name if r.project else ""))
        if not forms:
            continue
        department = [r for r in by_year[year] if not r.kind.per_project]
        coverage = []
        for kind in dict.fromkeys(r.kind for r in forms):
            found = _coverage(kind, [r for r in forms if r.kind == kind], department)
            if found:
                coverage.append(found)
        years.append(ProjectYear(year, tuple(_line(r) for r in forms), tuple(coverage)))
    return tuple(years)


def _figure(figure_id: str, label: str, value: Decimal, unit: str, measure: str, written: str | None,
            pos: m.Where) -> m.Figure:
    return m.Figure(id=figure_id, label=label, value=value, unit=unit, written=written, parts=(), ratio=(),
                    measure=measure, note=None, over_100=False, pos=pos, at={})


@exact
def _per_unit(spent: m.Figure, count: m.Figure) -> Decimal:
    """万元 spent per counted case, in 元 to two decimals: computed here, never published."""
    return (spent.value * 10000 / count.value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def compared_figures(report: m.Report, measures: Mapping[str, m.Measure]) -> list[tuple[str, m.Figure]]:
    """(key, figure) for what a project self-evaluation offers to compare across bureaus: funds,
    rate, score and the indicators whose measure the dictionary knows."""
    _, spent, rate = project_funds(report)
    found = [(k, f) for k, f in (("spent", spent), ("rate", rate)) if f is not None]
    if report.score:
        score = report.score
        found.append(("score", _figure(urls.SCORE_FIGURE, "总分", score.value, "分", "", None, score.pos)))
    for n, indicator in enumerate(report.indicators()):
        measure = measures.get(indicator.measure or "")
        actual = parse(indicator.actual) if indicator.actual else None
        if measure is None or actual is None or actual.op != "=":
            continue
        unit = actual.unit or indicator.unit or measure.unit
        figure = _figure(f"indicator-{n + 1}", indicator.name, actual.number, unit, measure.id, indicator.actual,
                         indicator.pos)
        found.append((measure.id, figure))
        if spent is not None and unit in COUNT_UNITS and measure.accepts_unit(unit) and actual.number > 0:
            cost = _per_unit(spent, figure)
            found.append((f"per-{measure.id}", _figure(spent.id, f"每{unit}经费", cost, "元", "", None, spent.pos)))
    return found
