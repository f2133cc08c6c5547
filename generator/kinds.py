"""The registry of report kinds. A new kind is one entry here (the importer recognises it by its
title words; the checks, `new`'s choices and the explanations take the kinds from here), plus its
scaffold (templates/scaffold/<id>.yaml) and, if its page differs, its own template. The kinds
written in schemas/report.schema.json, for editors' completion, are rewritten by
scripts/update-guide."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportKind:
    id: str  # in file names and URLs
    label: str  # the document's name as bureaus title it
    short: str  # in lists and tables
    reports_actuals: bool  # results against targets (an evaluation), not targets alone
    budget_figures: bool  # its money is the year's budget, not the final accounts
    title_words: tuple[tuple[str, ...], ...] = ()  # a title holding every word of one group is this kind's
    template: str = "report.html"  # in templates/
    scaffold: str = ""  # in templates/scaffold/; "" means <id>.yaml
    per_project: bool = False  # one per project (names its project); else one per bureau and year

    @property
    def scaffold_file(self) -> str:
        return self.scaffold or f"{self.id}.yaml"


KINDS: dict[str, ReportKind] = {k.id: k for k in (
    ReportKind("self-evaluation", "部门整体支出绩效自评报告", "自评报告",
               reports_actuals=True, budget_figures=False, title_words=(("自评",),)),
    ReportKind("evaluation", "部门整体支出绩效评价报告", "评价报告",
               reports_actuals=True, budget_figures=False, title_words=(("评价",),)),
    ReportKind("budget-targets", "部门整体预算绩效目标申报表", "绩效目标申报表",
               reports_actuals=False, budget_figures=True, title_words=(("目标", "申报"), ("目标", "预算绩效"))),
    ReportKind("project-self-evaluation", "项目支出绩效自评表", "项目自评表",
               reports_actuals=True, budget_figures=False, title_words=(("项目", "自评"),),
               per_project=True),
    ReportKind("project-targets", "项目支出绩效目标申报表", "项目目标申报表",
               reports_actuals=False, budget_figures=True, title_words=(("项目", "目标", "申报"),),
               per_project=True),
)}


def pairs_with(kind: ReportKind) -> ReportKind | None:
    """The kind that declares the targets this kind reports results against, or the reverse:
    a 目标申报表 and the 自评 of the same year (and project) are read side by side."""
    pairs = {"budget-targets": "self-evaluation", "project-targets": "project-self-evaluation"}
    pairs |= {v: k for k, v in pairs.items()}
    return KINDS.get(pairs.get(kind.id, ""))


def kind_of_title(title: str) -> str | None:
    """The kind a title names; where several match, the one whose matching words are most
    specific (目标 + 申报 before 自评), then the registry's order."""
    matches = [(-len(words), n, kind.id) for n, kind in enumerate(KINDS.values())
               for words in kind.title_words if all(w in title for w in words)]
    return min(matches)[2] if matches else None
