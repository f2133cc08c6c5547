"""Pausing Python's garbage collector while a build makes millions of objects, and giving the
memory a build freed back to the system.

Builds make many objects and almost no reference cycles, so the collector would walk them
all again and again for nothing (it tripled the time to load the validation cache).
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(collect: bool = False, freeze: bool = False) -> Iterator[None]:
    """Pause the collector, and restore it after unless an outer pause holds it.
    collect: then collect the cycles made meanwhile (cheap after a small update, seconds after
    a full build); freeze: then move every surviving object out of the collector's reach for
    good (a serve process keeps its site between updates; forked workers inherit the pause)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collect:
            gc.collect(1)
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()


def memory_returned() -> None:
    """Hand the free pages of the C heap back to the system (glibc keeps them, and Python's freed
    objects leave many): a serve process then holds what it keeps between edits, not what its
    last build used on the way. Nothing where the C library has no malloc_trim."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass
