"""How much of a reviewed project form an import recovers. Figures: every cell of the funds table,
each indicator's 分值 and 得分, and the 总分; a figure is recovered when the imported form has the
same value and unit in the same place, wrong when it has another. An indicator is recovered when
an imported one of the same name has the same 指标性质, 指标值, 度量单位 and 实际完成值."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.checks.perfile import check_file
from generator.domain import model as m
from generator.loading.files import ContentFile


@dataclass(frozen=True)
class FormRecovery:
    figures: int
    found: int
    wrong: int
    indicators: int
    indicators_found: int
    valid: bool  # the draft passed its schema

    def share(self, part: int, whole: int) -> float:
        return part / whole if whole else 1.0


def _figures(report: m.Report) -> dict[tuple[str, ...], tuple[Decimal, str]]:
    found: dict[tuple[str, ...], tuple[Decimal, str]] = {}
    if report.funds:
        for r, row in enumerate(report.funds.rows):
            for c, cell in enumerate(row.cells):
                if cell is not None:
                    found[("funds", str(r), str(c))] = (cell.value, cell.unit)
    for indicator in report.indicators():
        for key in ("weight", "points"):
            value = getattr(indicator, key)
            if value is not None:
                found[("indicator", indicator.name, key)] = (value, "分")
    if report.score:
        found[("score",)] = (report.score.value, "分")
    return found


def _indicators(report: m.Report) -> dict[str, tuple[str | None, ...]]:
    return {i.name: (i.nature, i.target, i.unit, i.actual) for i in report.indicators()}


def form_recovery(reviewed: m.Report, draft: str) -> FormRecovery:
    imported = check_file(ContentFile("report", "draft.yaml", "draft.yaml", draft.encode("utf-8"))).model
    want, want_indicators = _figures(reviewed), _indicators(reviewed)
    if not isinstance(imported, m.Report):
        return FormRecovery(len(want), 0, 0, len(want_indicators), 0, False)
    got, got_indicators = _figures(imported), _indicators(imported)
    found = sum(1 for key, value in want.items() if got.get(key) == value)
    wrong = sum(1 for key, value in got.items() if key in want and want[key] != value)
    indicators = sum(1 for name, values in want_indicators.items() if got_indicators.get(name) == values)
    return FormRecovery(len(want), found, wrong, len(want_indicators), indicators, True)
