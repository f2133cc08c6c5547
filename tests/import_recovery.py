"""How much of a reviewed report an import recovers: each reviewed figure is matched to an
imported one with the same value and unit (the closest label first, each used once). An
imported figure that names a reviewed figure (most of its label) but gives another value or
unit is wrong; one that names none is extra (the reviewed file need not hold every number);
one whose unit the import left as 【待填写】 is unfinished."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.domain import model as m
from generator.importing.cleaning import clean
from generator.importing.documents import read_document
from generator.importing.draft import draft
from generator.importing.recognise import MONEY_UNITS, recognise
from generator.loading.yamlload import load_yaml
from generator.views.original import char_pairs


@dataclass(frozen=True)
class Figure:
    label: str
    value: Decimal
    unit: str
    money: bool


@dataclass(frozen=True)
class Recovery:
    money: int
    money_found: int
    total: int
    found: int
    imported: int
    wrong: int
    extra: int
    unfinished: int  # imported with a 【待填写】 unit: left to the editor, not wrong

    def share(self, part: int, whole: int) -> float:
        return part / whole if whole else 1.0


def reviewed_figures(report: m.Report) -> list[Figure]:
    """Money figures are the amounts of the money tables; a count, share or score in those
    tables (a fixed-asset grid's 数量 column, an execution rate) is counted with the rest."""
    figures = []
    for table in report.money:
        for f in table.all_figures():
            figures.append(Figure(f.label, f.value, f.unit, f.unit in MONEY_UNITS))
    tables = [*report.results, *([report.organisation.staffing] if report.organisation and
                                 report.organisation.staffing else [])]
    for table in tables:
        for f in table.all_figures():
            figures.append(Figure(f.label, f.value, f.unit, False))
    return figures


def imported_figures(draft: Any) -> list[Figure]:
    """The figures of a draft as read back from its YAML."""
    figures = []
    for section, money in (("money", True), ("results", False)):
        for table in draft.get(section) or ():
            for f in table.get("figures") or ():
                if isinstance(f.get("value"), (int, float, Decimal)) and not isinstance(f.get("value"), bool):
                    figures.append(Figure(str(f.get("label", "")), Decimal(str(f["value"])), str(f.get("unit")), money))
    return figures


def _likeness(a: str, b: str) -> float:
    pa, pb = char_pairs(a), char_pairs(b)
    return len(pa & pb) / min(len(pa), len(pb)) if pa and pb else 0.0


def compare(reviewed: list[Figure], imported: list[Figure]) -> Recovery:
    unused = list(range(len(imported)))
    missed: list[Figure] = []
    found = money_found = 0
    for figure in reviewed:
        same = [i for i in unused if imported[i].value == figure.value and imported[i].unit == figure.unit]
        if same:
            best = max(same, key=lambda i: _likeness(imported[i].label, figure.label))
            unused.remove(best)
            found += 1
            money_found += figure.money
        else:
            missed.append(figure)
    unfinished = [i for i in unused if imported[i].unit.startswith("【待填写")]
    rest = [i for i in unused if i not in unfinished]
    wrong = sum(1 for i in rest if any(_likeness(imported[i].label, f.label) >= 0.8 for f in missed))
    return Recovery(sum(f.money for f in reviewed), money_found, len(reviewed), found, len(imported), wrong,
                    len(rest) - wrong, len(unfinished))


def recovery_of(path: Path, report: m.Report, bureaus: Mapping[str, tuple[str, str]]) -> Recovery:
    """Import a document in memory and compare what it drafts with the reviewed report."""
    document = read_document(path)
    text = draft(recognise(clean(document), bureaus), report.bureau.id, report.year, report.kind.id,
                 document.name, None)
    return compare(reviewed_figures(report), imported_figures(load_yaml(text.encode(), "draft")[0].data))
