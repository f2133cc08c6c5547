"""A targets form and the self-evaluation of the same year, read side by side: each declared
indicator beside the one reported against it, and what was dropped, added or reworded between
them. The same for a project's two forms and for the department-wide pair."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from ..domain import model as m
from ..kinds import pairs_with
from .original import char_pairs

Status = Literal["same", "target-changed", "renamed", "dropped", "added"]
STATUS_WORDS: dict[Status, str] = {
    "same": "一致", "target-changed": "指标值有改动", "renamed": "名称有改动",
    "dropped": "自评表中没有", "added": "申报表中没有",
}
RENAMED_LIKENESS = 0.5  # share of character pairs two names must have in common to be one indicator


@dataclass(frozen=True)
class PairRow:
    declared_name: str | None  # None where the targets form did not list it
    reported_name: str | None  # None where the self-evaluation does not list it
    declared_target: str | None
    reported_target: str | None
    actual: str | None
    status: Status

    @property
    def status_word(self) -> str:
        return STATUS_WORDS[self.status]


@dataclass(frozen=True)
class Pairing:
    targets_id: str  # the targets form's report id
    results_id: str  # the self-evaluation's
    rows: tuple[PairRow, ...]

    def count(self, status: Status) -> int:
        return sum(1 for r in self.rows if r.status == status)


def _key(text: str | None) -> str:
    """A name or value as compared: width, spaces and punctuation aside."""
    folded = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"[\s\W_]+", "", folded)


def _likeness(a: str, b: str) -> float:
    pa, pb = char_pairs(_key(a)), char_pairs(_key(b))
    return len(pa & pb) / min(len(pa), len(pb)) if pa and pb else 0.0


def shown_target(indicator: m.Indicator) -> str | None:
    """The target as a project form reads across its columns: 指标性质, 指标值, 度量单位."""
    text = indicator.target
    if text is None:
        return None
    if indicator.nature in ("≥", "≤", ">", "<") and not text.startswith(indicator.nature):
        text = indicator.nature + text
    if indicator.unit and not text.endswith(indicator.unit) and re.search(r"\d$", text):
        text += indicator.unit
    return text


Paired = TypeVar("Paired", m.Report, m.PackedReport)


def partner_of(report: Paired, others: Iterable[Paired]) -> Paired | None:
    """The report this one pairs with: the same bureau and year, the paired kind and, for project
    forms, the same project (by its code where both give one, else by its id or its name)."""
    kind = pairs_with(report.kind)
    if kind is None:
        return None
    for other in others:
        if other.kind != kind or other.bureau.id != report.bureau.id or other.year != report.year:
            continue
        mine, theirs = report.project, other.project
        if mine is None or theirs is None:
            if mine is None and theirs is None:
                return other
            continue
        if mine.code and theirs.code:
            if _key(mine.code) == _key(theirs.code):
                return other
        elif mine.id == theirs.id or _key(mine.name) == _key(theirs.name):
            return other
    return None


def pair_indicators(targets: m.Report, results: m.Report) -> Pairing:
    """Every indicator of either report once: matched by name, then by a close name."""
    declared: Sequence[m.Indicator] = list(targets.indicators())
    reported: Sequence[m.Indicator] = list(results.indicators())
    match: dict[int, int] = {}  # reported index → declared index
    by_name: dict[str, int] = {}
    for n, item in enumerate(declared):
        by_name.setdefault(_key(item.name), n)
    for r, item in enumerate(reported):
        same = by_name.get(_key(item.name))
        if same is not None and same not in match.values():
            match[r] = same
    for r, item in enumerate(reported):
        if r in match:
            continue
        free = [(_likeness(item.name, declared[d].name), d) for d in range(len(declared)) if d not in match.values()]
        best = max(free, default=(0.0, -1))
        if best[0] >= RENAMED_LIKENESS:
            match[r] = best[1]
    rows = []
    for r, item in enumerate(reported):
        if r not in match:
            rows.append(PairRow(None, item.name, None, shown_target(item), item.actual, "added"))
            continue
        was = declared[match[r]]
        status: Status = ("renamed" if _key(was.name) != _key(item.name) else
                          "target-changed" if _key(shown_target(was)) != _key(shown_target(item)) else "same")
        rows.append(PairRow(was.name, item.name, shown_target(was), shown_target(item), item.actual, status))
    rows += [PairRow(item.name, None, shown_target(item), None, None, "dropped")
             for d, item in enumerate(declared) if d not in match.values()]
    return Pairing(targets.id, results.id, tuple(rows))
