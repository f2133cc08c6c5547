"""One file of the built site, described before it is made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, eq=False)
class Output:
    path: str  # relative to the output directory
    inputs: Any  # everything its text is made from: equal inputs make equal bytes
    make: Callable[[], str | bytes]  # bytes for a file copied as it is


def text_of(output: Output) -> str:
    """A page's or data file's text; copied files are bytes and have none."""
    made = output.make()
    if isinstance(made, bytes):
        raise TypeError(f"{output.path} is a copied file, not text")
    return made
