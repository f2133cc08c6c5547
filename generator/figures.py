"""Figure arithmetic on a report: do parts add up, and where do figures disagree.

Used twice with the same results: by validation (to report) and by the report
page (to show readers the computed difference). Published values are never changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Iterator, Literal

Path = tuple[str | int, ...]

# Rounded quantities may be off by one unit of their last published digit per part.
ROUNDED_UNITS = {"万元": Decimal("0.01"), "%": Decimal("0.01"), "‰": Decimal("0.01")}
RATE_LIMITS = {"%": Decimal(100), "‰": Decimal(1000)}


def iter_tables(report: dict[str, Any]) -> Iterator[tuple[Path, dict[str, Any]]]:
    for i, table in enumerate(report.get("money", [])):
        yield ("money", i), table
    if "staffing" in report.get("organisation", {}):
        yield ("organisation", "staffing"), report["organisation"]["staffing"]
    for i, table in enumerate(report.get("results", [])):
        yield ("results", i), table


def iter_figures(report: dict[str, Any]) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every figure in a report with its path, in document order; grid cells included."""
    for path, table in iter_tables(report):
        for n, figure in enumerate(table.get("figures", [])):
            yield path + ("figures", n), figure
        for r, row in enumerate(table.get("rows", [])):
            for c, cell in enumerate(row["cells"]):
                if cell is not None:
                    column = table["columns"][c] if c < len(table["columns"]) else ""
                    yield path + ("rows", r, "cells", c), {"label": f"{row['label']} {column}", **cell}


def figures_by_id(report: dict[str, Any]) -> dict[str, tuple[Path, dict[str, Any]]]:
    """First figure for each id (duplicate ids are a validation error)."""
    found: dict[str, tuple[Path, dict[str, Any]]] = {}
    for path, figure in iter_figures(report):
        found.setdefault(figure["id"], (path, figure))
    return found


def unit_compatible(part_unit: str, total_unit: str) -> bool:
    """件 and 次 may add up to 件/次; otherwise units must match."""
    return part_unit == total_unit or part_unit in total_unit.split("/")


@dataclass(frozen=True)
class SumCheck:
    total_id: str
    part_ids: tuple[str, ...]
    stated: Decimal
    computed: Decimal
    tolerance: Decimal
    unit: str
    status: Literal["ok", "rounding", "mismatch"]

    @property
    def difference(self) -> Decimal:
        """Stated total minus the sum of its parts."""
        return self.stated - self.computed


def sum_checks(report: dict[str, Any]) -> list[SumCheck]:
    """One check per figure that declares parts whose ids all exist."""
    by_id = figures_by_id(report)
    checks = []
    for _, figure in iter_figures(report):
        part_ids = figure.get("parts")
        if not part_ids or not all(p in by_id for p in part_ids):
            continue
        stated = Decimal(figure["value"])
        computed = sum((Decimal(by_id[p][1]["value"]) for p in part_ids), Decimal(0))
        tolerance = ROUNDED_UNITS.get(figure["unit"], Decimal(0)) * len(part_ids)
        gap = abs(stated - computed)
        status = "ok" if gap == 0 else "rounding" if gap <= tolerance else "mismatch"
        checks.append(SumCheck(figure["id"], tuple(part_ids), stated, computed, tolerance,
                               figure["unit"], status))
    return checks


@dataclass(frozen=True)
class RatioCheck:
    """A published rate against numerator ÷ denominator, at the rate's own precision."""

    rate_id: str
    numerator_id: str
    denominator_id: str
    stated: Decimal
    computed: Decimal  # rounded half-up to the stated number of decimals
    unit: str
    status: Literal["ok", "rounding", "mismatch"]

    @property
    def difference(self) -> Decimal:
        return self.stated - self.computed


def ratio_checks(report: dict[str, Any]) -> list[RatioCheck]:
    by_id = figures_by_id(report)
    checks = []
    for _, figure in iter_figures(report):
        ids = figure.get("ratio")
        if not ids or figure["unit"] not in RATE_LIMITS or not all(i in by_id for i in ids):
            continue
        numerator, denominator = (Decimal(by_id[i][1]["value"]) for i in ids)
        if denominator == 0:
            continue
        stated = Decimal(figure["value"])
        scale = Decimal(1000 if figure["unit"] == "‰" else 100)
        step = Decimal(1).scaleb(stated.as_tuple().exponent)
        computed = (numerator / denominator * scale).quantize(step, rounding=ROUND_HALF_UP)
        gap = abs(stated - computed)
        status = "ok" if gap == 0 else "rounding" if gap <= step else "mismatch"
        checks.append(RatioCheck(figure["id"], ids[0], ids[1], stated, computed, figure["unit"], status))
    return checks


@dataclass(frozen=True)
class Conflict:
    """Figures that the source gives for one quantity with different values."""

    figure_ids: tuple[str, ...]
    values: tuple[Decimal, ...]
    unit: str
    note: str

    @property
    def difference(self) -> Decimal:
        return max(self.values) - min(self.values)


def recorded_conflicts(report: dict[str, Any]) -> list[Conflict]:
    by_id = figures_by_id(report)
    conflicts = []
    for entry in report.get("discrepancies", []):
        ids = entry["figures"]
        if entry["kind"] != "conflict" or len(ids) < 2 or not all(i in by_id for i in ids):
            continue
        values = tuple(Decimal(by_id[i][1]["value"]) for i in ids)
        conflicts.append(Conflict(tuple(ids), values, by_id[ids[0]][1]["unit"], entry["note"]))
    return conflicts


@dataclass(frozen=True)
class ScoreCheck:
    items_total: Decimal
    bonus_total: Decimal
    reported: Decimal

    @property
    def computed(self) -> Decimal:
        return self.items_total + self.bonus_total

    @property
    def difference(self) -> Decimal:
        return self.reported - self.computed


def score_check(report: dict[str, Any]) -> ScoreCheck | None:
    scoring = report.get("scoring")
    if not scoring:
        return None
    items = sum((Decimal(i["awarded"]) for i in scoring["items"]), Decimal(0))
    bonus = sum((Decimal(b["points"]) for b in scoring.get("bonus", [])), Decimal(0))
    return ScoreCheck(items, bonus, Decimal(scoring["total_reported"]))


def recorded_kinds(report: dict[str, Any], figure_id: str) -> set[str]:
    """Discrepancy kinds that the report records for one figure id."""
    return {d["kind"] for d in report.get("discrepancies", []) if figure_id in d["figures"]}
