"""How a decimal is written on the site: the one place numbers become text."""

from __future__ import annotations

from decimal import Decimal


def plain(value: Decimal | int) -> str:
    """Exactly the published digits, never exponent notation: 6928.97, 0.00, 100."""
    return format(Decimal(value), "f")


def grouped(value: Decimal | int) -> str:
    """With thousands separators, and exactly the decimals that were published."""
    return format(Decimal(value), ",f")
