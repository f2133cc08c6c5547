"""Rules that one file can be checked by on its own, on its typed model. One small function per rule.

Rules that need other files (does the bureau exist, is the report a duplicate) are in crossfile.py."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from ..diagnostics import Diagnostic, diagnostic
from ..domain import findings as fnd
from ..domain.model import Bureau, Dictionary, Figure, GridTable, Report, is_slug
from ..domain.numbers import plain
from ..domain.targets import indicator_met
from ..loading.files import SourceFile
from . import wording

PLACEHOLDER = "【待填写"
RESERVED_MEASURE_IDS = {"money", "indicators", "projects"}  # pages of their own under /compare/


# ---- every file, before the schema ------------------------------------------

def placeholders(source: SourceFile) -> Iterator[Diagnostic]:
    """Runs on every readable file, before the schema: a scaffold is full of these."""
    for path, value in source.yaml.strings:
        if PLACEHOLDER in value:
            yield diagnostic(source.shown, source.yaml.locate(path), "placeholder",
                             f"还有待填写的内容：{value.strip()[:40]}")


# ---- bureaus and measures ------------------------------------------------------

MAX_BUREAU_ID = 64  # the id names folders and files of the site, whose names file systems limit


def bureau_id_is_slug(bureau: Bureau) -> Iterator[Diagnostic]:
    if len(bureau.id) > MAX_BUREAU_ID:
        yield diagnostic(bureau.shown, bureau.pos, "unsafe-id",
                         f"文件名（机构 id）有 {len(bureau.id)} 个字符，超过上限 {MAX_BUREAU_ID}；请用更短的 id")
    elif not is_slug(bureau.id):
        odd = wording.odd_characters(bureau.id, wording.SLUG_CHARS)
        yield diagnostic(bureau.shown, bureau.pos, "unsafe-id",
                         f"文件名「{bureau.id[:40]}」就是机构 id，只能用小写字母、数字和单个连字符"
                         + ("；" + "，".join(odd[:3]) if odd else ""))


def dictionary_ids_unique(dictionary: Dictionary, shown: str) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for measure in dictionary.measures:
        if measure.id in seen or measure.id in RESERVED_MEASURE_IDS:
            yield diagnostic(shown, measure.where("id"), "duplicate-id",
                             f"指标 id「{measure.id}」重复或为保留字（money、indicators、projects）")
        seen.add(measure.id)
    types: set[str] = set()
    for project_type in dictionary.project_types:
        if project_type.id in types:
            yield diagnostic(shown, project_type.where("id"), "duplicate-id", f"项目类型 id「{project_type.id}」重复")
        types.add(project_type.id)


# ---- reports -----------------------------------------------------------------------

def ids_unique(report: Report) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for figure in report.figures():
        if figure.id in seen:
            yield diagnostic(report.shown, figure.where("id"), "duplicate-id", f"数字 id「{figure.id}」在本报告中重复")
        seen.add(figure.id)
    for indicator in report.indicators():
        if indicator.id is not None:
            if indicator.id in seen:
                yield diagnostic(report.shown, indicator.where("id"), "duplicate-id",
                                 f"id「{indicator.id}」在本报告中重复")
            seen.add(indicator.id)


PAGE_SECTIONS = {"organisation", "money", "targets", "key-tasks", "results", "score", "checks", "narrative",
                 "problems", "measures", "source", "main"}  # ids the report page already uses


def table_ids_unique(report: Report) -> Iterator[Diagnostic]:
    """Each table is an anchor on its page: two with one id would make links ambiguous."""
    seen: set[str] = set()
    for table in report.tables():
        if table.id is None:
            continue
        if table.id in seen or table.id in PAGE_SECTIONS:
            yield diagnostic(report.shown, table.where("id"), "duplicate-id",
                             f"表的 id「{table.id}」在本报告中重复，或与页面栏目同名；请换一个")
        seen.add(table.id)


def dates_are_real(report: Report) -> Iterator[Diagnostic]:
    written = report.source.date_written
    if written is None:
        return
    try:
        date.fromisoformat(written)
    except ValueError:
        yield diagnostic(report.shown, report.source_at("date_written"), "impossible-date",
                         f"「{written[:20]}」不是真实存在的日期；请按原文核对年、月、日")


def grids_are_rectangular(report: Report) -> Iterator[Diagnostic]:
    for table in report.tables():
        if not isinstance(table, GridTable):
            continue
        for row in table.rows:
            if len(row.cells) != len(table.columns):
                yield diagnostic(report.shown, row.where("cells"), "grid-shape",
                                 f"这一行有 {len(row.cells)} 格，表头有 {len(table.columns)} 列；空白处请写 null")


# ---- reports: references ------------------------------------------------------

def references_known(report: Report) -> Iterator[Diagnostic]:
    by_id = report.figures_by_id
    for figure in report.figures():
        for refs, role in ((figure.parts, "分项"), (figure.ratio, "比率的分子或分母")):
            for ref in refs:
                if ref.id not in by_id:
                    yield diagnostic(report.shown, ref.pos, "unknown-figure",
                                     f"{role}「{ref.id}」不存在{wording.nearest(ref.id, by_id)}")
                elif ref.id == figure.id:
                    yield diagnostic(report.shown, ref.pos, "unknown-figure", "数字不能引用自己")
    for entry in report.discrepancies:
        scored = {line.key for line in fnd.scored_lines(report)} if entry.kind == "over-weight" else set()
        for ref in entry.figures:
            if ref.id not in by_id and ref.id not in scored and ref.id != _PSEUDO_IDS.get(entry.kind):
                yield diagnostic(report.shown, ref.pos, "unknown-figure",
                                 f"数字「{ref.id}」不存在{wording.nearest(ref.id, by_id)}")
    for indicator in report.indicators():
        actual = indicator.actual_figure
        if actual is not None and actual.id not in by_id:
            yield diagnostic(report.shown, actual.pos, "unknown-figure",
                             f"数字「{actual.id}」不存在{wording.nearest(actual.id, by_id)}")


# ---- reports: arithmetic ---------------------------------------------------------

def parts_share_unit(report: Report) -> Iterator[Diagnostic]:
    by_id = report.figures_by_id
    for figure in report.figures():
        for ref in figure.parts:
            part = by_id.get(ref.id)
            if part is not None and not fnd.unit_compatible(part.unit, figure.unit):
                yield diagnostic(report.shown, ref.pos, "unit-mismatch",
                                 f"分项「{ref.id}」的单位「{part.unit}」与合计的单位「{figure.unit}」不同")


_PSEUDO_IDS = {"score-total": "scoring", "points-total": fnd.POINTS, "weights-total": fnd.WEIGHTS}


def _instruction(finding: fnd.Finding) -> str:
    named = _PSEUDO_IDS.get(finding.kind) or (finding.figure_ids[0] if finding.kind == "over-weight" else "")
    figures = f", figures: [{named}]" if named else ""
    return f"请核对原文，若原文如此，请在 discrepancies 中记录（kind: {finding.kind}{figures}）"


_UNFOUNDED = {
    "sum": "记录了合计不一致，但「{}」分项之和相符",
    "ratio": "记录了比率不一致，但「{}」与分子分母相符",
    "score-total": "记录了评分不一致，但评分表合计相符",
    "execution-score": "记录了预算执行得分不符，但「{}」与 分值 × 执行率 相符",
    "points-total": "记录了得分合计不符，但各项得分之和等于总分",
    "weights-total": "记录了分值合计不符，但各项分值之和为 100",
}
# A finding's kind → its codes: <code>-rounding, <code>-recorded, and the mismatch's own code.
_CODES = {"sum": "sum", "ratio": "ratio", "score-total": "score", "execution-score": "execution-score",
          "over-weight": "over-weight", "points-total": "points", "weights-total": "weights"}
_MISMATCH = {"score-total": "score-total", "over-weight": "over-weight"}


def arithmetic_agrees(report: Report) -> Iterator[Diagnostic]:
    """Sums, rates and the scoring table, worded as on the page: rounding and recorded
    gaps are notices, an unrecorded gap an error, a record of a gap that is not there an error."""
    for finding in fnd.findings(report):
        if finding.kind == "conflict":
            continue  # recorded conflicts are checked with the measures, below
        subject = finding.subject
        pos = (finding.where or (subject.where("value") if subject else
                                 report.scoring.where("total_reported")))  # type: ignore[union-attr]
        code = _CODES[finding.kind]
        sentence = finding.sentence
        if finding.status == "rounding":
            yield diagnostic(report.shown, pos, f"{code}-rounding", sentence)
        elif finding.status == "mismatch" and finding.recorded:
            yield diagnostic(report.shown, pos, f"{code}-recorded", f"{sentence}已记录为原文不一致。")
        elif finding.status == "mismatch":
            rounded = finding.kind in ("sum", "points-total") and finding.tolerance
            beyond = f"超出舍入范围 ±{plain(finding.tolerance)}。" if rounded else ""
            yield diagnostic(report.shown, pos, _MISMATCH.get(finding.kind, f"{code}-mismatch"),
                             f"{sentence}{beyond}{_instruction(finding)}")
        elif finding.recorded:
            yield diagnostic(report.shown, pos, "discrepancy-unfounded",
                             _UNFOUNDED[finding.kind].format(subject.label if subject else ""))


def score_matches_scoring(report: Report) -> Iterator[Diagnostic]:
    if report.score and report.scoring and report.score.value != report.scoring.total_reported:
        yield diagnostic(report.shown, report.score.where("value"), "score-mismatch",
                         f"得分 {plain(report.score.value)} 与评分表总分 {plain(report.scoring.total_reported)} 不一致")


def sum_records_have_parts(report: Report) -> Iterator[Diagnostic]:
    by_id = report.figures_by_id
    for entry in report.discrepancies:
        if entry.kind != "sum":
            continue
        for ref in entry.figures:
            if ref.id in by_id and not by_id[ref.id].parts:
                yield diagnostic(report.shown, ref.pos, "discrepancy-unfounded",
                                 f"数字「{ref.id}」没有列出分项（parts），无法核对合计")


def rates_in_range(report: Report) -> Iterator[Diagnostic]:
    for figure in report.figures():
        limit = fnd.RATE_LIMITS.get(figure.unit)
        if limit is None:
            continue
        shown = f"{plain(figure.value)}{figure.unit}"
        if figure.value < 0:
            yield diagnostic(report.shown, figure.where("value"), "rate-out-of-range", f"比率 {shown} 不能为负数")
        elif figure.value > limit and not figure.over_100:
            yield diagnostic(report.shown, figure.where("value"), "rate-out-of-range",
                             f"比率 {shown} 超出 0–{limit}{figure.unit}；若原文确实如此，请标注 over_100: true")


def conflicts_recorded(report: Report) -> Iterator[Diagnostic]:
    """Recorded conflicts are shown; one measure with two values must be recorded."""
    by_id = report.figures_by_id
    for entry in report.discrepancies:
        if entry.kind == "conflict" and len(entry.figures) < 2:
            yield diagnostic(report.shown, entry.where("figures"), "schema-empty", "前后不一至少涉及两个数字")
    covered = []
    for finding in fnd.conflict_findings(report):
        assert finding.subject is not None
        pos = finding.subject.where("value")
        covered.append(frozenset(finding.figure_ids))
        if len({by_id[i].unit for i in finding.figure_ids}) > 1:
            yield diagnostic(report.shown, pos, "unit-mismatch", "记录为前后不一的数字单位不同，无法比较")
        elif finding.status == "ok":
            values = "、".join(plain(by_id[i].value) for i in finding.figure_ids)
            yield diagnostic(report.shown, pos, "discrepancy-unfounded", f"记录为前后不一，但数值相同（{values}）")
        else:
            yield diagnostic(report.shown, pos, "conflict-recorded", finding.sentence)
    by_measure: dict[str, list[Figure]] = defaultdict(list)
    for figure in report.figures():
        if figure.measure is not None:
            by_measure[figure.measure].append(figure)
    for measure, found in by_measure.items():
        ids = frozenset(f.id for f in found)
        if len({f.value for f in found}) > 1 and not any(ids <= c for c in covered):
            yield diagnostic(report.shown, found[1].where("value"), "measure-conflict",
                             f"可比指标「{measure}」在本报告中有不同的数值；若原文如此，"
                             "请在 discrepancies 中记录（kind: conflict）")


_CHINESE_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")}
_FIRST_NUMBER = re.compile(r"[-−]?(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?")
_FIRST_CHINESE = re.compile("[零一二三四五六七八九十]+")


def _chinese_number(text: str) -> str | None:
    """零 … 九十九 as digits (第五, 十二); None for anything longer."""
    tens, _, units = text.partition("十")
    if "十" not in text:
        return str(_CHINESE_DIGITS[text]) if len(text) == 1 else None
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return None
    return str(_CHINESE_DIGITS.get(tens, 1) * 10 + _CHINESE_DIGITS.get(units, 0))


def number_in_written(written: str) -> str | None:
    """The first number a written value states, as digits: thousands separators dropped,
    full-width digits folded; a Chinese numeral (名列第五) only where no digit is written."""
    folded = unicodedata.normalize("NFKC", written)
    found = _FIRST_NUMBER.search(folded)
    if found:
        return found[0].replace(",", "").replace("−", "-")
    chinese = _FIRST_CHINESE.search(folded)
    return _chinese_number(chinese[0]) if chinese else None


def written_matches_value(report: Report) -> Iterator[Diagnostic]:
    """What the page prints (written) must state the number every sum and comparison uses (value):
    the same digits, with the source's own words (约, 余, 多, 以上, 第 …) around them."""
    for figure in report.figures():
        if figure.written is None:
            continue
        number = number_in_written(figure.written)
        if number != plain(figure.value):
            stated = f"写的数字是 {number[:24]}" if number else "里没有数字"
            yield diagnostic(report.shown, figure.where("written"), "written-mismatch",
                             f"原文写法「{figure.written[:30]}」{stated}，与数值 {plain(figure.value)[:24]} 不同")


# ---- reports: project forms -----------------------------------------------------

def project_matches_kind(report: Report) -> Iterator[Diagnostic]:
    """A project form names its project; a department-wide report has neither project nor funds table."""
    if report.kind.per_project and report.project is None:
        yield diagnostic(report.shown, report.where("kind"), "project-missing",
                         f"{report.kind.label}要写 project（项目 id 和名称），文件名末尾是项目 id")
    if not report.kind.per_project:
        for key, name in (("project", "project"), ("funds", "funds")):
            if getattr(report, key) is not None:
                yield diagnostic(report.shown, report.where(key), "project-not-expected",
                                 f"{name} 只用于项目支出绩效表；{report.kind.label}不写 {name}")


def shortfalls_explained(report: Report) -> Iterator[Diagnostic]:
    """An indicator that falls short of its target, by its 指标性质, with no 偏差原因 given."""
    if not (report.kind.per_project and report.kind.reports_actuals):
        return
    for indicator in report.indicators():
        if indicator.deviation or indicator.met is True or indicator_met(indicator, {}) is not False:
            continue
        yield diagnostic(report.shown, indicator.where("actual"), "indicator-shortfall",
                         f"「{indicator.name[:40]}」实际完成值「{(indicator.actual or '')[:20]}」未达到指标值"
                         f"「{(indicator.target or '')[:20]}」，原文的偏差原因请写在 deviation 中")


def over_weight_records_founded(report: Report) -> Iterator[Diagnostic]:
    over = {f.figure_ids[0] for f in fnd.over_weight_findings(report)}
    for entry in report.discrepancies:
        if entry.kind == "over-weight":
            for ref in entry.figures:
                if ref.id not in over:
                    yield diagnostic(report.shown, ref.pos, "discrepancy-unfounded",
                                     f"记录了得分高于分值，但「{ref.id}」的得分没有超过分值")


REPORT_RULES: list[Callable[[Report], Iterable[Diagnostic]]] = [
    ids_unique, table_ids_unique, dates_are_real, grids_are_rectangular, references_known, parts_share_unit,
    arithmetic_agrees, score_matches_scoring, sum_records_have_parts, rates_in_range, conflicts_recorded,
    written_matches_value, project_matches_kind, shortfalls_explained, over_weight_records_founded,
]


def report_rules(report: Report) -> list[Diagnostic]:
    """Every rule that one report can be checked by on its own."""
    return [d for rule in REPORT_RULES for d in rule(report)]
