"""What every process the build starts does first: die with its parent, leave Ctrl-C to the
parent, and let go of the caller's standard output (so `disclosure build | cat` ends when the
build does, even if a worker is killed mid-way)."""

from __future__ import annotations

import ctypes
import os
import signal
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager

_PR_SET_PDEATHSIG = 1


class Stopped(BaseException):
    """SIGINT or SIGTERM arrived: unwind (staging folders are removed on the way) and exit."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    raise Stopped(signum)


@contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done: a pool interrupted while it starts its
    threads and pipes is left in a state its own shutdown cannot undo, and a publish must not
    stop between its steps."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def stop_on_signals() -> None:
    """SIGINT and SIGTERM raise Stopped in the main thread, instead of a traceback or a silent death."""
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)


def die_with_parent(parent: int) -> None:
    """The kernel kills this process when its parent (whose pid was read before the fork) ends
    (Linux). If the parent has already ended, this process ends now."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def as_worker(parent: int) -> None:
    """A pool worker's or forked child's start (parent: os.getpid() of the process starting it):
    dies with its parent, ignores the terminal's Ctrl-C (the parent stops the work), standard
    output goes nowhere (stderr stays for progress)."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})  # forked while signals_held()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)


def kill_workers(executor: Executor) -> None:
    """End a process pool's workers now: an interrupted build must not wait for their work."""
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        process.kill()
