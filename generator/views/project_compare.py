"""Projects of one type (法律援助经费 …) compared across bureaus: funds spent, execution rate, score
and the indicators they share, by the rules of the measure pages (each bureau's latest value, a
bureau × year grid, medians only at three values or more, 未披露 never 0). Only self-evaluations
are compared: a targets form's figures are plans."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .. import urls
from ..domain import model as m
from .compare import MeasureTable, _Found, in_file_order, measure_table
from .site import BureauLink, ReportHead, Site


@dataclass(frozen=True)
class ProjectComparison:
    type: m.ProjectType
    forms: int  # the self-evaluations compared
    tables: tuple[MeasureTable, ...]

    @property
    def url(self) -> str:
        return urls.compare_project(self.type.id)


def _measure(project_type: m.ProjectType, key: str, name: str, unit: str, better: str, definition: str) -> m.Measure:
    return m.Measure(id=f"{project_type.id}-{key}", name=name, unit=unit, equivalent_units=(), better=better,
                     theme="project", definition=definition, pos=project_type.pos, at={})


def project_comparisons(content: m.Content, site: Site) -> tuple[ProjectComparison, ...]:
    """One comparison per project type that has self-evaluations, in the dictionary's order."""
    links = {b.link.id: b.link for b in site.bureaus}
    forms: dict[str, list[ReportHead]] = {}
    for report in in_file_order(content, site):
        if report.kind.per_project and report.kind.reports_actuals and report.project and report.project.type:
            forms.setdefault(report.project.type, []).append(report)
    return tuple(_comparison(t, forms[t.id], content.measures, links)
                 for t in content.project_types.values() if t.id in forms)


def _comparison(project_type: m.ProjectType, forms: Iterable[ReportHead], measures: Mapping[str, m.Measure],
                links: Mapping[str, BureauLink]) -> ProjectComparison:
    forms = list(forms)
    found: dict[str, list[_Found]] = {}
    for report in forms:
        for key, figure in report.project_compared:
            found.setdefault(key, []).append(_Found(report, figure))
    fixed = {
        "spent": _measure(project_type, "spent", "全年执行数", "万元", "neither",
                          "项目资金表中资金总额的全年执行数（预算执行数）。"),
        "rate": _measure(project_type, "rate", "预算执行率", "%", "higher", "全年执行数 ÷ 全年预算数，照录原文。"),
        "score": _measure(project_type, "score", "自评总分", "分", "higher", "项目支出绩效自评表的总分，满分 100。"),
    }
    shared = {}
    for key in found:
        if key in measures:
            shared[key] = measures[key]
        elif key.startswith("per-") and key[4:] in measures:
            measure = measures[key[4:]]
            shared[key] = _measure(project_type, key, f"每{measure.unit}经费，本站计算", "元", "neither",
                                   f"全年执行数（万元）× 10000 ÷ {measure.name}，本站按原文数字计算，保留两位小数。")
    years = tuple(sorted({r.year for r in forms}))
    bureau_ids = sorted({r.bureau.id for r in forms})
    collected = frozenset((r.bureau.id, r.year) for r in forms)
    tables = tuple(measure_table(measure, tuple(found.get(key, ())), years, tuple(links[b] for b in bureau_ids),
                                 collected)
                   for key, measure in [*fixed.items(), *shared.items()] if key in found)
    return ProjectComparison(project_type, len(forms), tables)
