"""The registry of report kinds. A new kind is one entry here, plus its scaffold
(templates/scaffold/<id>.yaml) and, if its page differs, its own template."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportKind:
    id: str  # in file names and URLs
    label: str  # the document's name as bureaus title it
    short: str  # in lists and tables
    reports_actuals: bool  # results against targets (an evaluation), not targets alone
    budget_figures: bool  # its money is the year's budget, not the final accounts
    template: str = "report.html"  # in templates/
    scaffold: str = ""  # in templates/scaffold/; "" means <id>.yaml

    @property
    def scaffold_file(self) -> str:
        return self.scaffold or f"{self.id}.yaml"


KINDS: dict[str, ReportKind] = {k.id: k for k in (
    ReportKind("self-evaluation", "部门整体支出绩效自评报告", "自评报告",
               reports_actuals=True, budget_figures=False),
    ReportKind("evaluation", "部门整体支出绩效评价报告", "评价报告",
               reports_actuals=True, budget_figures=False),
    ReportKind("budget-targets", "部门整体预算绩效目标申报表", "绩效目标申报表",
               reports_actuals=False, budget_figures=True),
)}
