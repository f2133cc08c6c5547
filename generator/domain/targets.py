"""Targets as the bureau wrote them (`≥90%`, `低于0.2%`), parsed where they can be."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal, Protocol

from .model import Measure

Op = Literal[">=", "<=", ">", "<", "="]

_OPERATORS: list[tuple[str, Op]] = [
    ("≥", ">="), (">=", ">="), ("不低于", ">="), ("不少于", ">="), ("达到", ">="),
    ("≤", "<="), ("<=", "<="), ("不高于", "<="), ("不超过", "<="),
    ("＞", ">"), (">", ">"), ("高于", ">"), ("大于", ">"), ("超过", ">"),
    ("＜", "<"), ("<", "<"), ("低于", "<"), ("小于", "<"), ("少于", "<"),
]
# op takes every character before the number (its spaces are stripped after): no space can be
# split between two parts, so the match runs in linear time.
_FORM = re.compile(r"(?P<op>\D*)(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>%|‰|[\u4e00-\u9fff]{1,2}?)?"
                   r"(?P<suffix>以下|以上|以内)?")
_SUFFIXES: dict[str, Op] = {"以下": "<=", "以内": "<=", "以上": ">="}


@dataclass(frozen=True)
class Parsed:
    op: Op
    number: Decimal
    unit: str


def parse(text: str) -> Parsed | None:
    """`≥90%` → (>=, 90, %); `15次` → (=, 15, 次); a sentence → None."""
    match = _FORM.fullmatch(text.strip())
    if not match:
        return None
    word = match["op"].strip()
    if match["suffix"]:
        if word:
            return None
        return Parsed(_SUFFIXES[match["suffix"]], Decimal(match["number"]), match["unit"] or "")
    if word == "":
        op: Op = "="
    else:
        ops = [o for w, o in _OPERATORS if w == word]
        if not ops:
            return None
        op = ops[0]
    return Parsed(op, Decimal(match["number"]), match["unit"] or "")


def is_met(target: Parsed, actual: Parsed, better: str = "neither") -> bool | None:
    """Whether the actual value meets the target; None when units differ.

    A bare target (`100%`, `15次`) is a floor when more is better and a
    ceiling when less is better; otherwise it must be hit exactly.
    """
    if target.unit != actual.unit:
        return None
    op: str = target.op
    if op == "=":
        op = {"higher": ">=", "lower": "<="}.get(better, "=")
    a, t = actual.number, target.number
    return {">=": a >= t, "<=": a <= t, ">": a > t, "<": a < t, "=": a == t}[op]


class Judged(Protocol):
    """An indicator as far as judging it goes (the model's, or the facts a cache keeps)."""

    @property
    def target(self) -> str | None: ...
    @property
    def actual(self) -> str | None: ...
    @property
    def measure(self) -> str | None: ...
    @property
    def nature(self) -> str | None: ...


_NATURES: dict[str, Op] = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "=": "="}


def indicator_met(indicator: Judged, measures: Mapping[str, Measure]) -> bool | None:
    """Met or not, from the target and actual values; None where they cannot be compared."""
    if indicator.actual is None or indicator.target is None:
        return None
    target, actual = parse(indicator.target), parse(indicator.actual)
    if target is None or actual is None:
        return None
    stated = _NATURES.get(indicator.nature or "")
    if stated and target.op == "=":  # a project form writes the operator in its own column
        target = replace(target, op=stated)
    measure = measures.get(indicator.measure or "")
    return is_met(target, actual, measure.better if measure else "neither")
