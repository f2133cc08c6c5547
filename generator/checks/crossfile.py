"""Rules that need more than one file, on small facts a cache can keep for each file.

Each file contributes its facts once (from its typed model, or from the cache when
the file has not changed); these rules then run over all of them, which is cheap.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from ..diagnostics import Diagnostic, Where, diagnostic
from ..domain.model import Bureau, Measure, Ref, Report, measures_by_id
from ..domain.targets import indicator_met
from . import wording


class MeasureUse(NamedTuple):
    """A figure that names a comparable measure: enough to check the measure exists and fits."""

    measure: str
    measure_at: Where
    unit: str
    unit_at: Where


class IndicatorFacts(NamedTuple):
    measure: str | None
    measure_at: Where
    target: str | None
    actual: str | None
    met: bool | None
    met_at: Where
    nature: str | None


@dataclass(frozen=True)
class ReportFacts:
    """What other files' rules need to know of a report: small, so a cache loads it fast."""

    id: str
    file: str
    shown: str
    pos: Where
    bureau: Ref
    measured: tuple[MeasureUse, ...]
    indicators: tuple[IndicatorFacts, ...]
    project_type: Ref | None = None  # a project form's type, from the dictionary

    @staticmethod
    def of(report: Report) -> ReportFacts:
        return ReportFacts(
            report.id, report.file, report.shown, report.pos, report.bureau,
            tuple(MeasureUse(f.measure, f.where("measure"), f.unit, f.where("unit"))
                  for f in report.figures() if f.measure is not None),
            tuple(IndicatorFacts(i.measure, i.where("measure"), i.target, i.actual, i.met, i.where("met"),
                                 i.nature)
                  for i in report.indicators()),
            Ref(report.project.type, report.project.where("type"))
            if report.project and report.project.type else None)


@dataclass(frozen=True)
class Index:
    """Every file's facts, side by side."""

    bureau_files: frozenset[str]  # every bureau file that could be read, valid or not
    bureaus: tuple[Bureau, ...]
    measures: Mapping[str, Measure]
    reports: tuple[ReportFacts, ...]
    project_types: frozenset[str] = frozenset()


def bureau_parent_known(bureau: Bureau, index: Index) -> Iterator[Diagnostic]:
    if bureau.parent is not None and bureau.parent.id not in index.bureau_files:
        hint = wording.nearest(bureau.parent.id, index.bureau_files)
        yield diagnostic(bureau.shown, bureau.parent.pos, "unknown-bureau",
                         f"上级机构「{bureau.parent.id}」不存在{hint}")


def report_file_name(report: ReportFacts, index: Index) -> Iterator[Diagnostic]:
    expected = f"{report.id}.yaml"
    if report.bureau.id not in index.bureau_files:
        return  # the bureau is mistyped: renaming the file to the typo would not help
    if not report.file.endswith("/" + expected):
        yield diagnostic(report.shown, report.pos, "file-name-mismatch",
                         f"文件应命名为 reports/{expected}（与 bureau、year、kind 一致）")


def report_bureau_known(report: ReportFacts, index: Index) -> Iterator[Diagnostic]:
    if report.bureau.id not in index.bureau_files:
        folder = report.file.split("/")[-2] if report.file.count("/") >= 2 else ""
        hint = (f"；文件所在目录是 {folder}，是不是要写 {folder}" if folder in index.bureau_files
                else wording.nearest(report.bureau.id, index.bureau_files))
        yield diagnostic(report.shown, report.bureau.pos, "unknown-bureau",
                         f"机构「{report.bureau.id}」不存在{hint or '；请先在 content/bureaus/ 中添加'}")


def measures_known(report: ReportFacts, index: Index) -> Iterator[Diagnostic]:
    items: list[MeasureUse | IndicatorFacts] = [*report.measured, *report.indicators]
    for item in items:
        if item.measure is None:
            continue
        measure = index.measures.get(item.measure)
        if measure is None:
            yield diagnostic(report.shown, item.measure_at, "unknown-measure",
                             f"可比指标「{item.measure}」不在 content/metrics.yaml 中"
                             f"{wording.nearest(item.measure, index.measures)}")
        elif isinstance(item, MeasureUse) and not measure.accepts_unit(item.unit):
            yield diagnostic(report.shown, item.unit_at, "measure-unit",
                             f"单位「{item.unit}」与可比指标「{measure.name}」的单位「{measure.unit}」不一致")


def met_agrees(report: ReportFacts, index: Index) -> Iterator[Diagnostic]:
    for indicator in report.indicators:
        computed = indicator_met(indicator, index.measures)
        declared = indicator.met
        if declared is not None and computed is not None and declared != computed:
            yield diagnostic(report.shown, indicator.met_at, "met-contradiction",
                             f"标注为{'已' if declared else '未'}达成，但实际值「{indicator.actual}」"
                             f"对照目标「{indicator.target}」应为{'已' if computed else '未'}达成")


def reports_unique(index: Index) -> Iterator[Diagnostic]:
    seen: dict[str, ReportFacts] = {}
    for report in index.reports:
        if report.id in seen:
            yield diagnostic(report.shown, report.pos, "duplicate-report",
                             f"同一机构、年度、类型的报告已有：{seen[report.id].shown}")
        else:
            seen[report.id] = report


def folded(name: str) -> str:
    """A name as a reader tells it apart: look-alike forms (⼴ for 广, full-width letters) and
    spaces folded away."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def bureau_names_unique(index: Index) -> Iterator[Diagnostic]:
    """Two bureaus one reader cannot tell apart would be one name on every page and filter."""
    seen: dict[str, Bureau] = {}
    for bureau in sorted(index.bureaus, key=lambda b: b.shown):
        first = seen.setdefault(folded(bureau.name), bureau)
        if first is not bureau:
            yield diagnostic(bureau.shown, bureau.where("name"), "duplicate-bureau-name",
                             f"机构名称「{bureau.name[:30]}」与 {first.shown} 的名称相同或只差形近字符；"
                             "读者无法区分，请按原文核对")


def project_type_known(report: ReportFacts, index: Index) -> Iterator[Diagnostic]:
    if report.project_type is not None and report.project_type.id not in index.project_types:
        yield diagnostic(report.shown, report.project_type.pos, "unknown-project-type",
                         f"项目类型「{report.project_type.id}」不在 content/metrics.yaml 的 project_types 中"
                         f"{wording.nearest(report.project_type.id, index.project_types)}")


REPORT_RULES = [report_file_name, report_bureau_known, measures_known, met_agrees, project_type_known]


def cross_file_rules(index: Index) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for bureau in index.bureaus:
        found += bureau_parent_known(bureau, index)
    for report in index.reports:
        for rule in REPORT_RULES:
            found += rule(report, index)
    found += reports_unique(index)
    found += bureau_names_unique(index)
    return found


def index_of(bureau_files: Iterable[str], bureaus: Iterable[Bureau], measures: Iterable[Measure],
             reports: Iterable[ReportFacts], project_types: Iterable[str] = ()) -> Index:
    return Index(frozenset(bureau_files), tuple(bureaus), measures_by_id(measures), tuple(reports),
                 frozenset(project_types))
