"""Write the site's files: all of them into a staging folder (which outputs/folder.py then
publishes), or, for an incremental rebuild, the changed ones in place."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .. import urls
from ..config import Config
from ..paths import SCHEMAS_DIR
from ..processes import affordable_workers, forked_workers, signals_held
from ..progress import Progress
from .output import Output
from .render import Asset

_pending: Sequence[Output] = ()  # what forked workers make: inherited, never pickled
_target = Path()
_chunk = 1
_next: Any = None  # shared counters: the next output to take, and how many are written
_written: Any = None


def write_file(path: Path, text: str | bytes) -> None:
    """Replace a file whole: a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)  # a full disk leaves no half file in a served site
        raise


def same_file(path: Path, text: str | bytes) -> bool:
    """Whether the file at path holds exactly these bytes already."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _drain(report: Callable[[], None] = lambda: None) -> None:
    """Take chunks of the pending outputs, make and write them, until none is left; report()
    after each. The parent and every worker run this, so all cores stay busy to the end."""
    while True:
        with _next.get_lock():
            start = _next.value
            _next.value += _chunk
        chunk = _pending[start:start + _chunk]
        if not chunk:
            return
        for output in chunk:
            write_file(_target / output.path, output.make())
        with _written.get_lock():
            _written.value += len(chunk)
        report()


def write_outputs(outputs: Sequence[Output], target: Path, progress: Progress, stage: str, config: Config,
                  workers: int | None = None) -> None:
    """Make every output and write it under target, on every core when there are many.

    The parent makes outputs too, next to workers - 1 forked workers. Workers share the view
    models instead of receiving copies (with the collector paused, as the build pauses it, they
    do not copy every page of memory by walking it), and a worker copies only what it touches,
    so one worker fewer is less memory; each writes what it makes, so the bytes are those one
    process would write."""
    global _pending, _target, _next, _written, _chunk
    workers = affordable_workers(workers if workers is not None else (os.cpu_count() or 1), config.memory_budget)
    if workers <= 1 or len(outputs) < config.write_pool_from or multiprocessing.get_start_method() != "fork":
        for done, output in enumerate(outputs, 1):
            write_file(target / output.path, output.make())
            progress(stage, done, len(outputs))
        return
    context = multiprocessing.get_context("fork")
    _pending, _target, _next, _written = outputs, target, context.Value("q", 0), context.Value("q", 0)
    _chunk = config.write_chunk
    try:
        with forked_workers(workers - 1) as pool:
            with signals_held():
                helpers = [pool.apply_async(_drain) for _ in range(workers - 1)]
            _drain(lambda: progress(stage, _written.value, len(outputs)))
            for helper in helpers:
                helper.get()  # a worker's exception is raised here
        progress(stage, len(outputs), len(outputs))
    finally:
        _pending = ()


def copy_static(assets: dict[str, Asset], target: Path) -> None:
    """The fingerprinted assets, and the schemas editors' tools (yaml-language-server) fetch."""
    for asset in assets.values():
        path = target / asset.output
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(asset.source, path)
    for schema in sorted(SCHEMAS_DIR.glob("*.schema.json")):
        path = target / urls.schema(schema.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(schema, path)
