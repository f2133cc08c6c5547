"""Cross-field rules, run only on files that passed their schema. One function per rule."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Any, Callable, Iterator

from . import figures as fig
from . import targets
from .content import SourceFile, report_id
from .diagnostics import Diagnostic, error, notice

PLACEHOLDER = "【待填写"
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class Context:
    """What the rules may look up across files."""

    def __init__(self, sources: list[SourceFile], bureau_ids: set[str]) -> None:
        self.bureaus = bureau_ids
        self.metrics: dict[str, dict[str, Any]] = {}
        for source in sources:
            if source.type == "metrics":
                for metric in source.data["metrics"]:
                    self.metrics.setdefault(metric["id"], metric)
        self.reports = [s for s in sources if s.type == "report"]


def _at(source: SourceFile, path, code: str, message: str, level=error) -> Diagnostic:
    line, col = source.yaml.locate(path)
    return level(source.shown, line, col, code, message)


def _num(value: Decimal) -> str:
    return format(value, "f")


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + _num(value)


# ---- every file ----------------------------------------------------------

def placeholders(source: SourceFile) -> Iterator[Diagnostic]:
    """Runs on every readable file, before the schema: a scaffold is full of these."""
    def walk(value, path):
        if isinstance(value, str) and PLACEHOLDER in value:
            yield _at(source, path, "placeholder", f"还有待填写的内容：{value.strip()[:40]}")
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, path + (index,))
    yield from walk(source.data, ())


# ---- bureaus and metrics -------------------------------------------------

def bureau_id_is_slug(source: SourceFile, ctx: Context) -> Iterator[Diagnostic]:
    if not SLUG.fullmatch(source.path.stem):
        yield _at(source, (), "unsafe-id",
                  f"文件名「{source.path.stem}」就是机构 id，只能用小写字母、数字和单个连字符")


def bureau_parent_known(source: SourceFile, ctx: Context) -> Iterator[Diagnostic]:
    parent = source.data.get("parent")
    if parent is not None and parent not in ctx.bureaus:
        yield _at(source, ("parent",), "unknown-bureau", f"上级机构「{parent}」不存在")


RESERVED_METRIC_IDS = {"money", "indicators"}  # pages of their own under /compare/


def metric_ids_unique(source: SourceFile, ctx: Context) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for index, metric in enumerate(source.data["metrics"]):
        if metric["id"] in seen or metric["id"] in RESERVED_METRIC_IDS:
            yield _at(source, ("metrics", index, "id"), "duplicate-id",
                      f"指标 id「{metric['id']}」重复或为保留字（money、indicators）")
        seen.add(metric["id"])


# ---- reports: identity ---------------------------------------------------

def report_file_name(source: SourceFile, ctx: Context) -> Iterator[Diagnostic]:
    data = source.data
    expected = f"{report_id(data)}.yaml"
    actual = f"{source.path.parent.name}/{source.path.name}"
    if actual != expected:
        yield _at(source, (), "file-name-mismatch",
                  f"文件应命名为 reports/{expected}（与 bureau、year、kind 一致）")


def report_bureau_known(source: SourceFile, ctx: Context) -> Iterator[Diagnostic]:
    if source.data["bureau"] not in ctx.bureaus:
        yield _at(source, ("bureau",), "unknown-bureau",
                  f"机构「{source.data['bureau']}」不存在；请先在 content/bureaus/ 中添加")


def ids_unique(source: SourceFile, ctx: Context) -> Iterator[Diagnostic]:
    seen: dict[str, Any] = {}
    for path, figure in fig.iter_figures(source.data):
        if figure["id"] in seen:
            yield _at(source, path + ("id",), "duplicate-id", f"数字 id「{figure['id']}」在本报告中重复")
        seen.setdefault(figure["id"], path)
    for path, indicator in _indicators(source.data):
        if "id" in indicator:
            if indicator["id"] in seen:
                yield _at(source, path + ("id",), "duplicate-id", f"id「{indicator['id']}」在本报告中重复")
            seen.setdefault(indicator["id"], path)


def grids_are_rectangular(source: SourceFile, ctx: Context) -> Iterator[Diagnostic]:
    for path, table in fig.iter_tables(source.data):
        for r, row in enumerate(table.get("rows", [])):
            if len(row["cells"]) != len(table["columns"]):
                yield _at(source, path + ("rows", r, "cells"), "grid-shape",
                          f"这一行有 {len(row['cells'])} 格，表头有 {len(table['columns'])} 列；空白处请写 null")


def _indicators(report) -> Iterator[tuple[tuple, dict]]:
    for i, block in enumerate(report.get("targets", {}).get("indicators", [])):
        for g, group in enumerate(block["groups"]):
            for n, item in enumerate(group["items"]):
                yield ("targets", "indicators", i, "groups", g, "items", n), item


# ---- reports: references -------------------------------------------------

def references_known(source: SourceFile, ctx: Context) -> Iterator[Diagnostic]:
    by_id = fig.figures_by_id(source.data)
    for path, figure in fig.iter_figures(source.data):
        for field, role in (("parts", "分项"), ("ratio", "比率的分子或分母")):
            for n, ref in enumerate(figure.get(field, [])):
                if ref not in by_id:
                    yield _at(source, path + (field, n), "unknown-figure", f"{role}「{ref}」不存在")
                elif ref == figure["id"]:
                    yield _at(source, path + (field, n), "unknown-figure", "数字不能引用自己")
    for d, entry in enumerate(source.data.get("discrepancies", [])):
        for n, ref in enumerate(entry["figures"]):
            if ref not in by_id and not (entry["kind"] == "score-total" and ref == "scoring"):
                yield _at(source, ("discrepancies", d, "figures", n), "unknown-figure",
                          f"数字「{ref}」不存在")
    for path, indicator in _indicators(source.data):
        ref = indicator.get("actual_figure")
        if ref is not None and ref not in by_id:
            yield _at(source, path + ("actual_figure",), "unknown-figure", f"数字「{ref}」不存在")


def measures_known(source: SourceFile, ctx: Context) -> Iterator[Diagnostic]:
    items = list(fig.iter_figures(source.data)) + list(_indicators(source.data))
    for path, item in items:
        measure = item.get("measure")
        if measure is None:
            continue
        metric = ctx.metrics.get(measure)
        if metric is None:
            yield _at(source, path + ("measure",), "unknown-measure",
                      f"可比指标「{measure}」不在 content/metrics.yaml 中")
        elif "unit" in item and item["unit"] not in [metric["unit"], *metric.get("equivalent_units", [])]:
            yield _at(source, path + ("unit",), "measure-unit",
                      f"单位「{item['unit']}」与可比指标「{metric['name']}」的单位「{metric['unit']}」不一致")


# ---- reports: arithmetic -------------------------------------------------

def parts_share_unit(source: SourceFile, ctx: Context) -> Iterator[Diagnostic]:
    by_id = fig.figures_by_id(source.data)
    for path, figure in fig.iter_figures(source.data):
        for n, part in enumerate(figure.get("parts", [])):
            if part in by_id and not fig.unit_compatible(by_id[part][1]["unit"], figure["unit"]):
                yield _at(source, path + ("parts", n), "unit-mismatch",
                          f"分项「{part}」的单位「{by_id[part][1]['unit']}」与合计的单位「{figure['unit']}」不同")


def _check_outcome(source: SourceFile, path, kind: str, status: str, recorded: bool, said: str,
                   within: str, beyond: str, unfounded: str) -> Iterator[Diagnostic]:
    """Shared by sums and ratios: rounding is a notice, a recorded mismatch a notice,
    an unrecorded mismatch an error, and a record of a mismatch that is not there an error."""
    if status == "rounding":
        yield _at(source, path, f"{kind}-rounding", f"{said}（{within}）", notice)
    elif status == "mismatch" and recorded:
        yield _at(source, path, f"{kind}-recorded", f"{said}；已记录为原文不一致", notice)
    elif status == "mismatch":
        yield _at(source, path, f"{kind}-mismatch",
                  f"{said}{beyond}；请核对原文，若原文如此，请在 discrepancies 中记录（kind: {kind}）")
    elif recorded:
        yield _at(source, path, "discrepancy-unfounded", unfounded)


def sums_add_up(source: SourceFile, ctx: Context) -> Iterator[Diagnostic]:
    by_id = fig.figures_by_id(source.data)
    for check in fig.sum_checks(source.data):
        label = by_id[check.total_id][1]["label"]
        said = (f"「{label}」为 {_num(check.stated)}，分项之和为 {_num(check.computed)}，"
                f"相差 {_signed(check.difference)} {check.unit}")
        yield from _check_outcome(source, by_id[check.total_id][0] + ("value",), "sum", check.status,
                                  "sum" in fig.recorded_kinds(source.data, check.total_id), said,
                                  f"在舍入范围 ±{_num(check.tolerance)} 内",
                                  f"，超出舍入范围 ±{_num(check.tolerance)}",
                                  f"记录了合计不一致，但「{label}」分项之和相符")


def ratios_agree(source: SourceFile, ctx: Context) -> Iterator[Diagnostic]:
    by_id = fig.figures_by_id(source.data)
    for check in fig.ratio_checks(source.data):
        label = by_id[check.rate_id][1]["label"]
        said = (f"「{label}」为 {_num(check.stated)}{check.unit}，由分子分母算得 {_num(check.computed)}{check.unit}，"
                f"相差 {_signed(check.difference)} 个单位")
        yield from _check_outcome(source, by_id[check.rate_id][0] + ("value",), "ratio", check.status,
                                  "ratio" in fig.recorded_kinds(source.data, check.rate_id), said,
                                  "在末位舍入范围内", "", f"记录了比率不一致，但「{label}」与分子分母相符")


def sum_records_have_parts(source: SourceFile, ctx: Context) -> Iterator[Diagnostic]:
    by_id = fig.figures_by_id(source.data)
    for d, entry in enumerate(source.data.get("discrepancies", [])):
        if entry["kind"] != "sum":
            continue
        for n, ref in enumerate(entry["figures"]):
            if ref in by_id and not by_id[ref][1].get("parts"):
                yield _at(source, ("discrepancies", d, "figures", n), "discrepancy-unfounded",
                          f"数字「{ref}」没有列出分项（parts），无法核对合计")


def rates_in_range(source: SourceFile, ctx: Context) -> Iterator[Diagnostic]:
    for path, figure in fig.iter_figures(source.data):
        limit = fig.RATE_LIMITS.get(figure["unit"])
        if limit is None:
            continue
        value = Decimal(figure["value"])
        if value < 0:
            yield _at(source, path + ("value",), "rate-out-of-range", f"比率 {_num(value)}{figure['unit']} 不能为负数")
        elif value > limit and not figure.get("over_100"):
            yield _at(source, path + ("value",), "rate-out-of-range",
                      f"比率 {_num(value)}{figure['unit']} 超出 0–{limit}{figure['unit']}；"
                      "若原文确实如此，请标注 over_100: true")


def conflicts_recorded(source: SourceFile, ctx: Context) -> Iterator[Diagnostic]:
    """Recorded conflicts are shown; one measure with two values must be recorded."""
    by_id = fig.figures_by_id(source.data)
    recorded = fig.recorded_conflicts(source.data)
    for d, entry in enumerate(source.data.get("discrepancies", [])):
        if entry["kind"] == "conflict" and len(entry["figures"]) < 2:
            yield _at(source, ("discrepancies", d, "figures"), "schema-empty", "前后不一至少涉及两个数字")
    for conflict in recorded:
        path = by_id[conflict.figure_ids[0]][0] + ("value",)
        values = "、".join(_num(v) for v in conflict.values)
        if len({by_id[i][1]["unit"] for i in conflict.figure_ids}) > 1:
            yield _at(source, path, "unit-mismatch", "记录为前后不一的数字单位不同，无法比较")
        elif conflict.difference == 0:
            yield _at(source, path, "discrepancy-unfounded", f"记录为前后不一，但数值相同（{values}）")
        else:
            yield _at(source, path, "conflict-recorded",
                      f"原文前后不一：{values}，相差 {_num(conflict.difference)} {conflict.unit}", notice)
    covered = {frozenset(c.figure_ids) for c in recorded}
    by_measure: dict[str, list[tuple]] = defaultdict(list)
    for path, figure in fig.iter_figures(source.data):
        if "measure" in figure:
            by_measure[figure["measure"]].append((path, figure))
    for measure, found in by_measure.items():
        values = {Decimal(f["value"]) for _, f in found}
        ids = frozenset(f["id"] for _, f in found)
        if len(values) > 1 and not any(ids <= c for c in covered):
            path, _ = found[1]
            yield _at(source, path + ("value",), "measure-conflict",
                      f"可比指标「{measure}」在本报告中有不同的数值；若原文如此，"
                      "请在 discrepancies 中记录（kind: conflict）")


def score_adds_up(source: SourceFile, ctx: Context) -> Iterator[Diagnostic]:
    check = fig.score_check(source.data)
    if check is None:
        return
    path = ("scoring", "total_reported")
    recorded = "score-total" in fig.recorded_kinds(source.data, "scoring")
    said = (f"评分表各项 {_num(check.items_total)} 分加加分 {_num(check.bonus_total)} 分，"
            f"合计 {_num(check.computed)} 分，报告总分 {_num(check.reported)} 分，"
            f"相差 {_signed(check.difference)} 分")
    if check.difference != 0 and recorded:
        yield _at(source, path, "score-recorded", f"{said}；已记录为原文不一致", notice)
    elif check.difference != 0:
        yield _at(source, path, "score-total",
                  f"{said}；若原文如此，请在 discrepancies 中记录（kind: score-total, figures: [scoring]）")
    elif recorded:
        yield _at(source, path, "discrepancy-unfounded", "记录了评分不一致，但评分表合计相符")
    score = source.data.get("score")
    if score and Decimal(score["value"]) != check.reported:
        yield _at(source, ("score", "value"), "score-mismatch",
                  f"得分 {_num(Decimal(score['value']))} 与评分表总分 {_num(check.reported)} 不一致")


_CHINESE_NUMERALS = "零一二三四五六七八九十"


def _spelled(value: Decimal) -> set[str]:
    """How a value may appear in published text: digits, or a Chinese numeral up to 十."""
    spelled = {_num(value)}
    if value == value.to_integral_value() and 0 <= value <= 10:
        spelled.add(_CHINESE_NUMERALS[int(value)])
    return spelled


def written_matches_value(source: SourceFile, ctx: Context) -> Iterator[Diagnostic]:
    for path, figure in fig.iter_figures(source.data):
        written = figure.get("written")
        plain = (written or "").replace(",", "")
        if written is not None and not any(s in plain for s in _spelled(Decimal(figure["value"]))):
            yield _at(source, path + ("written",), "written-mismatch",
                      f"原文写法「{written}」中找不到数值 {_num(Decimal(figure['value']))}")


def met_agrees(source: SourceFile, ctx: Context) -> Iterator[Diagnostic]:
    for path, indicator in _indicators(source.data):
        computed = indicator_met(indicator, ctx.metrics)
        declared = indicator.get("met")
        if "met" in indicator and computed is not None and declared != computed:
            yield _at(source, path + ("met",), "met-contradiction",
                      f"标注为{'已' if declared else '未'}达成，但实际值「{indicator.get('actual')}」"
                      f"对照目标「{indicator['target']}」应为{'已' if computed else '未'}达成")


def indicator_met(indicator: dict[str, Any], metrics: dict[str, dict[str, Any]]) -> bool | None:
    """Met or not, from the target and actual values; None where they cannot be compared."""
    if "actual" not in indicator:
        return None
    target, actual = targets.parse(indicator["target"]), targets.parse(indicator["actual"])
    if target is None or actual is None:
        return None
    better = metrics.get(indicator.get("measure", ""), {}).get("better", "neither")
    return targets.is_met(target, actual, better)


def reports_unique(ctx: Context) -> Iterator[Diagnostic]:
    seen: dict[tuple, SourceFile] = {}
    for source in ctx.reports:
        key = (source.data["bureau"], source.data["year"], source.data["kind"])
        if key in seen:
            yield _at(source, (), "duplicate-report",
                      f"同一机构、年度、类型的报告已有：{seen[key].shown}")
        else:
            seen[key] = source


Rule = Callable[[SourceFile, Context], Iterator[Diagnostic]]
RULES: dict[str, list[Rule]] = {
    "bureau": [bureau_id_is_slug, bureau_parent_known],
    "metrics": [metric_ids_unique],
    "report": [
        report_file_name, report_bureau_known, ids_unique, grids_are_rectangular, references_known,
        measures_known, parts_share_unit, sums_add_up, ratios_agree, sum_records_have_parts, rates_in_range, conflicts_recorded,
        score_adds_up, written_matches_value, met_agrees,
    ],
}


def check_rules(sources: list[SourceFile], bureau_ids: set[str]) -> list[Diagnostic]:
    """Rules on schema-valid files; bureau_ids names every bureau file that exists."""
    ctx = Context(sources, bureau_ids)
    found: list[Diagnostic] = []
    for source in sources:
        for rule in RULES[source.type]:
            found.extend(rule(source, ctx))
    found.extend(reports_unique(ctx))
    return found
