"""What the project forms' tables mean: which column of a funds table is the budget, the
spending, the weight, the rate and the score (provinces word them differently), and which
written cells mean "not given" (never 0)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

C = TypeVar("C")

Role = Literal["initial", "budget", "spent", "weight", "rate", "score"]

# The first column whose name holds one of these words has the role; more specific words first.
_COLUMN_WORDS: tuple[tuple[Role, tuple[str, ...]], ...] = (
    ("rate", ("执行率",)),
    ("weight", ("分值", "权重")),
    ("score", ("得分",)),
    ("spent", ("执行数", "实际支出", "支出数")),
    ("initial", ("年初预算",)),
    ("budget", ("全年预算", "调整后预算", "预算数", "年度资金")),
)
MONEY_UNITS = ("万元", "元", "亿元")
BLANKS = frozenset({"/", "／", "—", "——", "-", "*", "＊", "无", ""})


def is_blank(text: str | None) -> bool:
    """A cell the form leaves empty: /, —, * or blank mean not given."""
    return text is None or text.strip() in BLANKS


@dataclass(frozen=True)
class FundColumns:
    """The index of each role's column in a funds table, where it has one."""

    initial: int | None = None
    budget: int | None = None
    spent: int | None = None
    weight: int | None = None
    rate: int | None = None
    score: int | None = None


def cells_in(cells: Sequence[C | None], *columns: int | None) -> tuple[C | None, ...]:
    """A row's cells in these columns; None for a column the table lacks or the row leaves empty."""
    return tuple(cells[c] if c is not None and c < len(cells) else None for c in columns)


def fund_columns(columns: Sequence[str]) -> FundColumns:
    found: dict[str, int] = {}
    for index, name in enumerate(columns):
        for role, words in _COLUMN_WORDS:
            if role not in found and any(w in name for w in words):
                found[role] = index
                break
    return FundColumns(**found)
