"""One file of the built site, described before it is made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, eq=False)
class Output:
    path: str  # relative to the output directory
    inputs: Any  # everything its text is made from: equal inputs make equal bytes
    make: Callable[[], str | bytes]  # bytes for a file copied as it is, or assembled from bytes

