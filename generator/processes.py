"""What every process the build starts does first: die with its parent, leave Ctrl-C to the
parent, and let go of the caller's standard output (so `disclosure build | cat` ends when the
build does, even if a worker is killed mid-way)."""

from __future__ import annotations

import ctypes
import os
import signal
from concurrent.futures import Executor

_PR_SET_PDEATHSIG = 1


class Stopped(BaseException):
    """SIGINT or SIGTERM arrived: unwind (staging folders are removed on the way) and exit."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    raise Stopped(signum)


def stop_on_signals() -> None:
    """SIGINT and SIGTERM raise Stopped in the main thread, instead of a traceback or a silent death."""
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)


def die_with_parent() -> None:
    """The kernel kills this process when the process that started it ends (Linux)."""
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def as_worker() -> None:
    """A pool worker's or forked child's start: dies with its parent, ignores the terminal's
    Ctrl-C (the parent stops the work), standard output goes nowhere (stderr stays for progress)."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)


def kill_workers(executor: Executor) -> None:
    """End a process pool's workers now: an interrupted build must not wait for their work."""
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        process.kill()
