"""The one engine for work in other processes: pools of workers (checking files), forked workers
(making pages), a child process (a one-off build's models and pages) and the memory budget that
says how many processes a build can afford.

Every process started here dies with its parent, leaves Ctrl-C to the parent and lets go of the
caller's standard output (so `disclosure build | cat` ends when the build does, even if a worker
is killed mid-way); pools start while SIGINT and SIGTERM wait, and an interrupted pool's workers
are ended at once."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Any, TypeVar

from .collector import memory_returned

T = TypeVar("T")
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


def _start(parent: int, then: Callable[[], object]) -> None:
    as_worker(parent)
    then()


def _nothing() -> None:
    pass


@contextmanager
def process_pool(workers: int, then: Callable[[], object] = _nothing, fork: bool = False
                 ) -> Iterator[ProcessPoolExecutor]:
    """A pool of workers, each started as as_worker and then(). Submit to it inside
    signals_held(): a submit may start a process. Left by an exception, its workers are killed
    rather than waited for."""
    context = multiprocessing.get_context("fork") if fork else None
    with signals_held():
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start, initargs=(os.getpid(), then))
    with pool:
        try:
            yield pool
        except BaseException:
            kill_workers(pool)
            raise


@contextmanager
def forked_workers(workers: int) -> Iterator[Pool]:
    """workers forked processes sharing this one's memory (copied only where they touch it), for
    work handed to them through module globals; terminated however the block is left."""
    with signals_held():
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=as_worker, initargs=(os.getpid(),))
    with pool:
        yield pool


def in_workers(work: Callable[..., T], tasks: list[tuple[Any, ...]], workers: int) -> Iterator[T]:
    """work(*task) for each task, in order, in that many forked workers (here when there is one
    worker or one task); each result is let go once the caller has taken it. Workers inherit
    this process's memory, so what every task needs can be a module global rather than pickled."""
    if len(tasks) < 2 or workers < 2:
        yield from (work(*task) for task in tasks)
        return
    memory_returned()  # first: pages this process freed would be copied once it wrote them again
    with process_pool(workers, fork=True) as pool:
        with signals_held():
            running: list[Future[T] | None] = [pool.submit(_then_trimmed, work, *task) for task in tasks]
        for n, future in enumerate(running):
            assert future is not None
            running[n] = None
            yield future.result()


def _then_trimmed(work: Callable[..., T], *task: Any) -> T:
    """work(*task), then the worker's freed memory handed back: a worker otherwise keeps the high
    mark of every task it ran (measured: 70 MiB less at the peak of a re-index of 10,000 reports)."""
    done = work(*task)
    memory_returned()
    return done


_child_work: Callable[[], Any] | None = None


def _run_child_work() -> Any:
    assert _child_work is not None
    return _child_work()


def in_child_process(work: Callable[[], T]) -> T:
    """work() in a forked child, its result and exceptions sent back by pickling; the memory the
    child used is the system's again when it ends. In this process where the platform cannot
    fork. The child inherits work (a bound method need not pickle) through a global."""
    global _child_work
    if "fork" not in multiprocessing.get_all_start_methods():
        return work()
    _child_work = work
    try:
        with process_pool(1, fork=True) as child:
            with signals_held():
                running = child.submit(_run_child_work)
            return running.result()
    finally:
        _child_work = None


def _meminfo_bytes(field: str) -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def memory_budget(budget: int) -> int:
    """What the build may hold at once: the budget, or less when the machine has less free."""
    available = _meminfo_bytes("MemAvailable")
    return min(budget, int(available * 0.8)) if available is not None else budget


def affordable_workers(wanted: int, budget: int) -> int:
    """As many processes as the memory budget allows. A forked worker shares its parent's pages
    but copies those it touches, and making pages touches objects all over the parent's memory:
    measured at 10,000 reports, a worker came to 2.9 GiB beside its parent's 3.1 GiB. So each
    process counts as the parent's size; a site too big for two is made in one."""
    try:
        resident = int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return wanted
    return max(1, min(wanted, memory_budget(budget) // max(resident, 1)))
