"""Arithmetic findings on a report: do parts add up, do rates agree, where do figures disagree.

Computed once and worded once in Chinese: the validator's message and the report
page's 数字核对 entry both come from `findings()`. Published values are never changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from .. import urls
from ..diagnostics import Where
from .model import Figure, Report, Scoring
from .numbers import exact, grouped, plain
from .projects import cells_in, fund_columns

# Amounts and rates are published rounded; counts are exact.
ROUNDED_UNITS = {"万元", "亿元", "%", "‰"}
RATE_LIMITS = {"%": Decimal(100), "‰": Decimal(1000)}

Kind = Literal["sum", "ratio", "conflict", "score-total", "execution-score", "over-weight", "points-total",
               "weights-total"]
POINTS, WEIGHTS = "points", "weights"  # what a record of the project form's totals names
Status = Literal["ok", "rounding", "mismatch"]


def unit_compatible(part_unit: str, total_unit: str) -> bool:
    """件 and 次 may add up to 件/次; otherwise units must match."""
    return part_unit == total_unit or part_unit in total_unit.split("/")


@dataclass(frozen=True)
class Finding:
    """One arithmetic check of a report, whatever its outcome."""

    kind: Kind
    status: Status
    subject: Figure | None  # the total, the rate or the first conflicting figure; None for the score
    figure_ids: tuple[str, ...]  # every figure involved, subject first
    recorded: bool  # the editors recorded it under discrepancies
    sentence: str  # what was published and what it computes to, in Chinese
    recorded_note: str  # what the editors recorded about it
    tolerance: Decimal = Decimal(0)
    where: Where | None = None  # where to point an editor when there is no subject figure

    @property
    def anchor(self) -> str:
        return urls.check_anchor(self.figure_ids[0], self.kind)

    @property
    def shown(self) -> bool:
        """Listed under 数字核对 on the report page."""
        return self.status != "ok"

    @property
    def page_text(self) -> str:
        return self.sentence + self.recorded_note


@exact
def rounding_bound(figures: list[Figure]) -> Decimal:
    """How far a rounded total and its rounded parts can drift apart: half a unit of each one's
    last published digit, added up (0.005 × (n + 1) for n parts published to 0.01)."""
    bound = Decimal(0)
    for figure in figures:
        exponent = figure.value.as_tuple().exponent
        bound += Decimal(5).scaleb((exponent if isinstance(exponent, int) else 0) - 1)
    return bound


def _status(gap: Decimal, tolerance: Decimal) -> Status:
    return "ok" if gap == 0 else "rounding" if gap <= tolerance else "mismatch"


def _notes(report: Report, kind: str, figure_id: str) -> str:
    return "".join(d.note for d in report.recorded(kind, figure_id))


@exact
def sum_findings(report: Report) -> Iterator[Finding]:
    """One per figure that declares parts whose ids all exist."""
    by_id = report.figures_by_id
    for total in report.figures():
        if not total.parts or not all(p.id in by_id for p in total.parts):
            continue
        parts = [by_id[p.id] for p in total.parts]
        computed = sum((p.value for p in parts), Decimal(0))
        difference = total.value - computed
        tolerance = rounding_bound([total, *parts]) if total.unit in ROUNDED_UNITS else Decimal(0)
        status = _status(abs(difference), tolerance)
        unit = total.unit
        sentence = (f"「{total.label}」原文为 {grouped(total.value)} {unit}；"
                    f"{' + '.join(f'{p.label} {grouped(p.value)}' for p in parts)} = "
                    f"{grouped(computed)} {unit}，相差 {plain(difference)} {unit}。")
        if status == "rounding":
            sentence += "差额在舍入误差范围内。"
        yield Finding("sum", status, total, (total.id, *(p.id for p in parts)),
                      bool(report.recorded("sum", total.id)), sentence, _notes(report, "sum", total.id), tolerance)


@exact
def ratio_findings(report: Report) -> Iterator[Finding]:
    """A published rate against numerator ÷ denominator, at the rate's own precision."""
    by_id = report.figures_by_id
    for rate in report.figures():
        ids = [r.id for r in rate.ratio]
        if not ids or rate.unit not in RATE_LIMITS or not all(i in by_id for i in ids):
            continue
        numerator, denominator = (by_id[i] for i in ids)
        if denominator.value == 0:
            continue
        scale = Decimal(1000 if rate.unit == "‰" else 100)
        exponent = rate.value.as_tuple().exponent
        step = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
        computed = (numerator.value / denominator.value * scale).quantize(step, rounding=ROUND_HALF_UP)
        difference = rate.value - computed
        status = _status(abs(difference), step)
        unit = rate.unit
        if unit == "%":
            sentence = (f"「{rate.label}」原文为 {grouped(rate.value)}{unit}；按「{numerator.label}」"
                        f"{grouped(numerator.value)} ÷「{denominator.label}」{grouped(denominator.value)} 计算为 "
                        f"{grouped(computed)}{unit}，相差 {plain(difference)} 个百分点。")
        else:
            sentence = (f"「{rate.label}」原文为 {grouped(rate.value)}{unit}；按分子分母计算为 "
                        f"{grouped(computed)}{unit}，相差 {plain(difference)}{unit}。")
        if status == "rounding":
            sentence += "差额在末位舍入范围内。"
        yield Finding("ratio", status, rate, (rate.id, numerator.id, denominator.id),
                      bool(report.recorded("ratio", rate.id)), sentence, _notes(report, "ratio", rate.id), step)


@exact
def conflict_findings(report: Report) -> Iterator[Finding]:
    """Figures the source gives for one quantity with different values, as recorded."""
    by_id = report.figures_by_id
    for entry in report.discrepancies:
        ids = tuple(r.id for r in entry.figures)
        if entry.kind != "conflict" or len(ids) < 2 or not all(i in by_id for i in ids):
            continue
        figures = [by_id[i] for i in ids]
        unit = figures[0].unit
        values = [f.value for f in figures]
        difference = max(values) - min(values)
        shown = "、".join(f"「{f.label}」{grouped(f.value)} {unit}" for f in figures)
        sentence = f"原文对同一数字前后给出不同数值：{shown}，相差 {plain(difference)} {unit}。"
        yield Finding("conflict", "ok" if difference == 0 else "mismatch", figures[0], ids, True,
                      sentence, entry.note)


@exact
def scoring_sums(scoring: Scoring) -> tuple[Decimal, Decimal]:
    """The awarded points of the scoring table's items, and of its bonus lines."""
    return (sum((i.awarded for i in scoring.items), Decimal(0)),
            sum((b.points for b in scoring.bonus), Decimal(0)))


@exact
def score_finding(report: Report) -> Finding | None:
    scoring = report.scoring
    if scoring is None:
        return None
    items, bonus = scoring_sums(scoring)
    computed = items + bonus
    difference = scoring.total_reported - computed
    sentence = (f"评分表各项得分合计 {plain(items)} 分，加分 {plain(bonus)} 分，共 {plain(computed)} 分；"
                f"原文报告总分 {plain(scoring.total_reported)} 分，相差 {plain(difference)} 分。")
    return Finding("score-total", "ok" if difference == 0 else "mismatch", None, ("scoring",),
                   bool(report.recorded("score-total", "scoring")), sentence,
                   _notes(report, "score-total", "scoring"))


# ---- a project form's scores ---------------------------------------------------------

def _step(value: Decimal) -> Decimal:
    exponent = value.as_tuple().exponent
    return Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)


@dataclass(frozen=True)
class Scored:
    """One scored line of a project form: the budget execution row or an indicator."""

    key: str  # the id a record names: the score figure's, or the indicator's
    label: str
    weight: Decimal | None
    points: Decimal | None
    where: Where  # of the points, or of the weight where no points are given
    weight_where: Where
    figure: Figure | None  # the funds table's score cell


def scored_lines(report: Report) -> list[Scored]:
    """The budget execution score (the funds table's first row) and every indicator, in order."""
    lines = []
    funds = report.funds
    if funds is not None and funds.rows:
        roles, row = fund_columns(funds.columns), funds.rows[0]
        weight, score = cells_in(row.cells, roles.weight, roles.score)
        if weight is not None or score is not None:
            located = score or weight
            assert located is not None
            lines.append(Scored(located.id, "预算执行率", weight.value if weight else None,
                                score.value if score else None, located.where("value"),
                                (weight or located).where("value"), score))
    for n, indicator in enumerate(report.indicators()):
        if indicator.weight is not None or indicator.points is not None:
            lines.append(Scored(indicator.id or f"indicator-{n + 1}", indicator.name, indicator.weight,
                                indicator.points, indicator.where("points" if indicator.points is not None
                                                                  else "weight"), indicator.where("weight"), None))
    return lines


@exact
def execution_score_finding(report: Report) -> Finding | None:
    """The form's rule: 得分 = 分值 × 执行率, at most 分值, at the score's own precision."""
    funds = report.funds
    if funds is None or not funds.rows:
        return None
    roles, row = fund_columns(funds.columns), funds.rows[0]
    weight, rate, score = cells_in(row.cells, roles.weight, roles.rate, roles.score)
    if weight is None or rate is None or score is None or rate.unit != "%":
        return None
    step = _step(score.value)
    product = min(weight.value, weight.value * rate.value / 100)
    computed = product.quantize(step, rounding=ROUND_HALF_UP)
    difference = score.value - computed
    status = _status(abs(difference), step)
    rounded = f"，按原文的位数为 {plain(computed)} 分" if computed != product else ""
    sentence = (f"「{score.label}」原文为 {plain(score.value)} 分；按分值 {plain(weight.value)} × 执行率 "
                f"{plain(rate.value)}%（不超过分值）计算为 {plain(product)} 分{rounded}，相差 {plain(difference)} 分。")
    if status == "rounding":
        sentence += "差额在末位舍入范围内。"
    return Finding("execution-score", status, score, (score.id, weight.id, rate.id),
                   bool(report.recorded("execution-score", score.id)), sentence,
                   _notes(report, "execution-score", score.id), step)


def over_weight_findings(report: Report) -> Iterator[Finding]:
    """A line scored above its weight."""
    for line in scored_lines(report):
        if line.weight is None or line.points is None or line.points <= line.weight:
            continue
        sentence = (f"「{line.label}」得分 {plain(line.points)} 分，高于其分值 {plain(line.weight)} 分，"
                    f"超出 {plain(line.points - line.weight)} 分。")
        yield Finding("over-weight", "mismatch", line.figure, (line.key,),
                      bool(report.recorded("over-weight", line.key)), sentence,
                      _notes(report, "over-weight", line.key), where=line.where)


@exact
def project_total_findings(report: Report) -> Iterator[Finding]:
    """The points of every scored line against the 总分, and their weights against 100."""
    lines = scored_lines(report)
    points = [line.points for line in lines if line.points is not None]
    if points and report.score is not None:
        computed = sum(points, Decimal(0))
        total = report.score.value
        difference = total - computed
        # Whole points are exact; a point written to 0.01 may be rounded by half of that.
        tolerance = sum((_step(p) / 2 for p in [*points, total] if _step(p) < 1), Decimal(0))
        status = _status(abs(difference), tolerance)
        sentence = (f"各项得分合计 {plain(computed)} 分（{len(points)} 项）；原文总分 {plain(total)} 分，"
                    f"相差 {plain(difference)} 分。")
        if status == "rounding":
            sentence += "差额在舍入误差范围内。"
        yield Finding("points-total", status, None, (POINTS,), bool(report.recorded("points-total", POINTS)),
                      sentence, _notes(report, "points-total", POINTS), tolerance, report.score.where("value"))
    weights = [line.weight for line in lines if line.weight is not None]
    if weights and len(weights) == len(lines):
        computed = sum(weights, Decimal(0))
        difference = computed - 100
        sentence = f"各项分值合计 {plain(computed)} 分（{len(weights)} 项），应为 100 分，相差 {plain(difference)} 分。"
        yield Finding("weights-total", "ok" if difference == 0 else "mismatch", None, (WEIGHTS,),
                      bool(report.recorded("weights-total", WEIGHTS)), sentence,
                      _notes(report, "weights-total", WEIGHTS), where=lines[0].weight_where)


def findings(report: Report) -> list[Finding]:
    """Every arithmetic check of the report, in the order the page lists them."""
    found = [*sum_findings(report), *ratio_findings(report), *conflict_findings(report)]
    score = score_finding(report)
    if score is not None:
        found.append(score)
    execution = execution_score_finding(report)
    if execution is not None:
        found.append(execution)
    found += [*over_weight_findings(report), *project_total_findings(report)]
    return found
