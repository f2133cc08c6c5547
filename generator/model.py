"""View models: validated content turned into plain, immutable data for the templates."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from . import figures as fig
from . import markdown
from .content import report_id
from .rules import indicator_met
from .validate import Validation

KIND_LABELS = {
    "self-evaluation": "部门整体支出绩效自评报告",
    "evaluation": "部门整体支出绩效评价报告",
    "budget-targets": "部门整体预算绩效目标申报表",
}
KIND_SHORT = {"self-evaluation": "自评报告", "evaluation": "评价报告", "budget-targets": "绩效目标申报表"}
STATUS_LABELS = {"met": "已达成", "missed": "未达成", "unjudged": "无法判断", "unreported": "未报告"}


def format_number(value: Decimal | int) -> str:
    """Thousands separators, and exactly the decimals that were published."""
    return format(Decimal(value), ",f")


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
    value: str  # formatted number
    unit: str
    written: str | None
    note: Markup | None
    check_anchors: tuple[str, ...]


@dataclass(frozen=True)
class FigureTable:
    id: str
    caption: str
    note: Markup | None
    rows: tuple[FigureRow, ...]
    kind: str = "figures"


@dataclass(frozen=True)
class GridCell:
    id: str
    text: str
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
class ListEntry:
    title: str | None
    text: Markup


@dataclass(frozen=True)
class Section:
    heading: str
    level: int
    body: Markup | None


@dataclass(frozen=True)
class Report:
    id: str
    url: str
    bureau: BureauLink
    year: int
    kind: str
    kind_label: str
    kind_short: str
    title: str
    scope: str | None
    source: dict[str, Any]
    source_notes: Markup | None
    overview: Markup | None
    functions: tuple[tuple[str, Markup], ...]
    units: tuple[dict[str, Any], ...]
    staffing: FigureTable | None
    money: tuple[FigureTable | GridTable, ...]
    targets_overall: Markup | None
    indicators: tuple[IndicatorRow, ...]
    has_period_targets: bool
    indicator_counts: dict[str, int]
    key_tasks: tuple[KeyTask, ...]
    results: tuple[FigureTable | GridTable, ...]
    score: dict[str, str] | None
    scoring: Scoring | None
    problems: tuple[ListEntry, ...]
    measures: tuple[ListEntry, ...]
    narrative: tuple[Section, ...]
    checks: tuple[Check, ...]


@dataclass(frozen=True)
class Bureau:
    link: BureauLink
    region: str
    parent: BureauLink | None
    reports: tuple[Report, ...]


@dataclass(frozen=True)
class Site:
    bureaus: tuple[Bureau, ...]
    reports: tuple[Report, ...]  # newest first

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({r.year for r in self.reports}, reverse=True))


# ---- building ------------------------------------------------------------

def _num(value) -> str:
    return format(Decimal(value), "f")


def _recorded_note(data: dict[str, Any], kind: str, figure_id: str) -> str:
    """What the editors recorded about this disagreement, if anything."""
    return "".join(d["note"] for d in data.get("discrepancies", [])
                   if d["kind"] == kind and figure_id in d["figures"])


def _checks(data: dict[str, Any]) -> list[Check]:
    by_id = fig.figures_by_id(data)
    found = []
    for check in fig.sum_checks(data):
        if check.status == "ok":
            continue
        label = by_id[check.total_id][1]["label"]
        parts = " + ".join(f"{by_id[p][1]['label']} {format_number(by_id[p][1]['value'])}"
                           for p in check.part_ids)
        text = (f"「{label}」原文为 {format_number(check.stated)} {check.unit}；{parts} = "
                f"{format_number(check.computed)} {check.unit}，相差 {_num(check.difference)} {check.unit}。")
        if check.status == "rounding":
            text += "差额在舍入误差范围内。"
        text += _recorded_note(data, "sum", check.total_id)
        found.append(Check(f"check-{check.total_id}", "notice" if check.status == "rounding" else "finding",
                           "sum", text, (check.total_id, *check.part_ids)))
    for ratio in fig.ratio_checks(data):
        if ratio.status == "ok":
            continue
        label = by_id[ratio.rate_id][1]["label"]
        num, den = (by_id[i][1] for i in (ratio.numerator_id, ratio.denominator_id))
        text = (f"「{label}」原文为 {format_number(ratio.stated)}{ratio.unit}；按「{num['label']}」"
                f"{format_number(num['value'])} ÷「{den['label']}」{format_number(den['value'])} 计算为 "
                f"{format_number(ratio.computed)}{ratio.unit}，相差 {_num(ratio.difference)} 个百分点。"
                if ratio.unit == "%" else
                f"「{label}」原文为 {format_number(ratio.stated)}{ratio.unit}；按分子分母计算为 "
                f"{format_number(ratio.computed)}{ratio.unit}，相差 {_num(ratio.difference)}{ratio.unit}。")
        if ratio.status == "rounding":
            text += "差额在末位舍入范围内。"
        text += _recorded_note(data, "ratio", ratio.rate_id)
        found.append(Check(f"check-{ratio.rate_id}", "notice" if ratio.status == "rounding" else "finding",
                           "ratio", text, (ratio.rate_id, ratio.numerator_id, ratio.denominator_id)))
    for conflict in fig.recorded_conflicts(data):
        shown = "、".join(f"「{by_id[i][1]['label']}」{format_number(by_id[i][1]['value'])} {conflict.unit}"
                         for i in conflict.figure_ids)
        text = (f"原文对同一数字前后给出不同数值：{shown}，相差 {_num(conflict.difference)} {conflict.unit}。"
                f"{conflict.note}")
        found.append(Check(f"check-{conflict.figure_ids[0]}-conflict", "finding", "conflict", text,
                           conflict.figure_ids))
    score = fig.score_check(data)
    if score and score.difference != 0:
        text = (f"评分表各项得分合计 {_num(score.items_total)} 分，加分 {_num(score.bonus_total)} 分，"
                f"共 {_num(score.computed)} 分；原文报告总分 {_num(score.reported)} 分，"
                f"相差 {_num(score.difference)} 分。{_recorded_note(data, 'score-total', 'scoring')}")
        found.append(Check("check-scoring", "finding", "score-total", text, ("scoring",)))
    return found


def _anchors(checks: list[Check], figure_id: str) -> tuple[str, ...]:
    return tuple(c.anchor for c in checks if figure_id in c.figure_ids)


def _cell_text(cell: dict[str, Any]) -> str:
    """Rates carry their sign in the cell, as printed; other units go in the header."""
    if "written" in cell:
        return cell["written"]
    suffix = cell["unit"] if cell["unit"] in fig.RATE_LIMITS else ""
    return format_number(cell["value"]) + suffix


def _grid(table: dict[str, Any], checks: list[Check], prefix: str) -> GridTable:
    columns = []
    for c, name in enumerate(table["columns"]):
        units = {row["cells"][c]["unit"] for row in table["rows"] if row["cells"][c] is not None}
        unit = units.pop() if len(units) == 1 else None
        columns.append(f"{name}（{unit}）" if unit and unit not in fig.RATE_LIMITS else name)
    rows = tuple(GridRow(row["label"], tuple(
        None if cell is None else GridCell(cell["id"], _cell_text(cell), _anchors(checks, cell["id"]))
        for cell in row["cells"])) for row in table["rows"])
    return GridTable(table.get("id", prefix), table["caption"], _md(table.get("note")), tuple(columns), rows)


def _table(table: dict[str, Any], checks: list[Check], prefix: str) -> FigureTable | GridTable:
    if "columns" in table:
        return _grid(table, checks, prefix)
    rows = []
    for figure in table["figures"]:
        anchors = _anchors(checks, figure["id"])
        rows.append(FigureRow(
            id=figure["id"], label=figure["label"], value=format_number(figure["value"]),
            unit=figure["unit"], written=figure.get("written"), note=_md_inline(figure.get("note")),
            check_anchors=anchors,
        ))
    return FigureTable(table.get("id", prefix), table["caption"], _md(table.get("note")), tuple(rows))


def _indicator_rows(data: dict[str, Any], metrics: dict[str, Any]) -> list[IndicatorRow]:
    rows: list[IndicatorRow] = []
    for block in data.get("targets", {}).get("indicators", []):
        block_rows: list[IndicatorRow] = []
        for group in block["groups"]:
            items = group["items"] or [None]
            for n, item in enumerate(items):
                if item is None:
                    status = "none"
                else:
                    met = item.get("met", indicator_met(item, metrics))
                    if "met" in item or met is not None:
                        status = "met" if met else "missed"
                    else:
                        status = "unjudged" if "actual" in item else "unreported"
                block_rows.append(IndicatorRow(
                    level1=block["level1"], level1_span=0,
                    level2=group.get("level2", ""), level2_span=len(items) if n == 0 else 0,
                    name=item["name"] if item else None,
                    period_target=item.get("period_target") if item else None,
                    target=item["target"] if item else None,
                    actual=item.get("actual") if item else None,
                    status=status, status_label=STATUS_LABELS.get(status, ""),
                    note=_md_inline(item.get("note")) if item else None,
                ))
        if block_rows:
            first = block_rows[0]
            block_rows[0] = IndicatorRow(**{**first.__dict__, "level1_span": len(block_rows)})
        rows += block_rows
    return rows


def _list(items: list) -> tuple[ListEntry, ...]:
    entries = []
    for item in items:
        if isinstance(item, str):
            entries.append(ListEntry(None, _md_inline(item)))
        else:
            entries.append(ListEntry(item.get("title"), _md_inline(item["text"])))
    return tuple(entries)


def build_report(data: dict[str, Any], bureau: BureauLink, metrics: dict[str, Any]) -> Report:
    checks = _checks(data)
    org = data.get("organisation", {})
    indicators = _indicator_rows(data, metrics)
    counts = {s: sum(1 for r in indicators if r.status == s) for s in STATUS_LABELS}
    scoring = None
    if "scoring" in data:
        s = data["scoring"]
        score = fig.score_check(data)
        scoring = Scoring(
            caption=s.get("caption", "评分表"),
            rows=tuple(ScoringRow(i.get("group", ""), i["name"], _num(i["max"]) if "max" in i else "",
                                  _num(i["awarded"]), _md_inline(i.get("note"))) for i in s["items"]),
            bonus=tuple(ScoringRow("加分", b["name"], "", _num(b["points"]), _md_inline(b.get("note")))
                        for b in s.get("bonus", [])),
            computed_total=_num(score.computed),
            total_reported=_num(s["total_reported"]),
        )
    score_view = None
    if "score" in data:
        sc = data["score"]
        score_view = {"value": _num(sc["value"]), "max": _num(sc["max"]) if "max" in sc else "",
                      "grade": sc.get("grade", "")}
    return Report(
        id=report_id(data), url=f"reports/{report_id(data)}/", bureau=bureau, year=data["year"],
        kind=data["kind"], kind_label=KIND_LABELS[data["kind"]], kind_short=KIND_SHORT[data["kind"]],
        title=data["title"], scope=data.get("scope"), source=data["source"],
        source_notes=_md(data["source"].get("notes")),
        overview=_md(org.get("overview")),
        functions=tuple((f.get("number", ""), _md_inline(f["text"])) for f in org.get("functions", [])),
        units=tuple(org.get("units", [])),
        staffing=_table(org["staffing"], checks, "staffing") if "staffing" in org else None,
        money=tuple(_table(t, checks, f"money-{i}") for i, t in enumerate(data.get("money", []))),
        targets_overall=_md(data.get("targets", {}).get("overall")),
        indicators=tuple(indicators),
        has_period_targets=any(r.period_target for r in indicators),
        indicator_counts=counts,
        key_tasks=tuple(KeyTask(k.get("number", ""), k["name"], _md(k.get("content")),
                                format_number(k["funds"]) if "funds" in k else None, _md(k.get("expected")))
                        for k in data.get("key_tasks", [])),
        results=tuple(_table(t, checks, f"results-{i}") for i, t in enumerate(data.get("results", []))),
        score=score_view, scoring=scoring,
        problems=_list(data.get("problems", [])), measures=_list(data.get("measures", [])),
        narrative=tuple(Section(s["heading"], s["level"], _md(s.get("body")))
                        for s in data.get("narrative", [])),
        checks=tuple(checks),
    )


def build_site(validation: Validation) -> Site:
    sources = validation.sources
    metrics = {m["id"]: m for s in sources if s.type == "metrics" for m in s.data["metrics"]}
    raw_bureaus = {s.path.stem: s.data for s in sources if s.type == "bureau"}
    links = {bid: BureauLink(bid, b["name"], b["short_name"], b["level"], f"bureaus/{bid}/")
             for bid, b in raw_bureaus.items()}
    reports = [build_report(s.data, links[s.data["bureau"]], metrics)
               for s in sources if s.type == "report"]
    reports.sort(key=lambda r: (-r.year, r.bureau.id, r.kind))
    bureaus = []
    for bid in sorted(raw_bureaus):
        b = raw_bureaus[bid]
        region = " › ".join(b["region"][k] for k in ("province", "city", "district") if k in b["region"])
        bureaus.append(Bureau(links[bid], region, links.get(b.get("parent", "")),
                              tuple(r for r in reports if r.bureau.id == bid)))
    return Site(tuple(bureaus), tuple(reports))
