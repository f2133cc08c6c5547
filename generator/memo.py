"""What one build made, reused by the next while its inputs compare equal.

`disclosure serve` keeps one Memo for as long as it runs, so an edit to one report
rebuilds only the views and files whose inputs it changed. Inputs are compared with
`==`: unchanged parts are the very same objects as last time, and Python's tuple and
dict comparisons take an object's identity as equality, so an unchanged site of ten
thousand reports compares in milliseconds. A full build uses a fresh Memo and so
computes everything; the same code then gives the same bytes either way.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    def __init__(self) -> None:
        self._kept: dict[Hashable, tuple[Any, Any]] = {}
        self._used: set[Hashable] = set()

    def get(self, key: Hashable, inputs: Any, make: Callable[[], T]) -> T:
        """The value kept for key if it was made from equal inputs; otherwise make() it now."""
        [value] = self.get_many([(key, inputs)], lambda missing: [make() for _ in missing])
        return value

    def get_many(self, wanted: Sequence[tuple[Hashable, Any]], make: Callable[[list[Any]], list[T]]) -> list[T]:
        """get() for many (key, inputs) at once: make() is given the inputs of those not kept, in
        order, and returns their values in that order, so that they can be made together."""
        missing = [(key, inputs) for key, inputs in wanted
                   if (kept := self._kept.get(key)) is None or kept[0] != inputs]
        for (key, inputs), value in zip(missing, make([inputs for _, inputs in missing]), strict=True):
            self._kept[key] = (inputs, value)
        self._used.update(key for key, _ in wanted)
        return [self._kept[key][1] for key, _ in wanted]

    def sweep(self) -> None:
        """Forget what the last build did not ask for (a deleted report's views, say)."""
        self._kept = {k: v for k, v in self._kept.items() if k in self._used}
        self._used = set()

