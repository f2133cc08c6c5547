"""How a decimal is written on the site: the one place numbers become text."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Context, Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext
from typing import Any, ParamSpec, TypeVar


def plain(value: Decimal | int) -> str:
    """Exactly the published digits, never exponent notation: 6928.97, 0.00, 100."""
    return format(Decimal(value), "f")


def as_text(value: Any) -> Any:
    """Data as read with every number turned into its published text (booleans stay booleans)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, Decimal)):
        return plain(value)
    if isinstance(value, dict):
        return {k: as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_text(v) for v in value]
    return value


def grouped(value: Decimal | int) -> str:
    """With thousands separators, and exactly the decimals that were published."""
    return format(Decimal(value), ",f")


# Wide enough that a sum of any values the reader accepts (20 digits before the point, 10
# after: a span of 30) is exact, and a ratio's quotient keeps every digit its rounding needs.
# Python's default context has 28 digits, and rounds silently past them.
ARITHMETIC = Context(prec=80, rounding=ROUND_HALF_UP, traps=[InvalidOperation, DivisionByZero, Overflow])

P = ParamSpec("P")
R = TypeVar("R")


def exact(function: Callable[P, R]) -> Callable[P, R]:
    """Run function in the ARITHMETIC context (a generator runs to its end inside it)."""
    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with localcontext(ARITHMETIC):
            result = function(*args, **kwargs)
            return list(result) if inspect.isgenerator(result) else result  # type: ignore[return-value]
    return run
