"""Write the site's files: all of them into a staging folder that then replaces the output,
or, for an incremental rebuild, the changed ones in place."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from .. import urls
from ..paths import SCHEMAS_DIR
from ..progress import Progress
from .output import Output
from .render import Asset

POOL_FROM = 200  # files to make before a second process pays for itself
_CHUNK = 50

_pending: Sequence[Output] = ()  # what forked workers make: inherited, never pickled
_target = Path()


def write_file(path: Path, text: str) -> None:
    """Replace a file whole: a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _make_range(start: int) -> int:
    """In a worker: make and write outputs[start:start + _CHUNK]; how many were made."""
    chunk = _pending[start:start + _CHUNK]
    for output in chunk:
        write_file(_target / output.path, output.make())
    return len(chunk)


def write_outputs(outputs: Sequence[Output], target: Path, progress: Progress, stage: str,
                  workers: int | None = None) -> None:
    """Make every output and write it under target, on every core when there are many.

    Workers are forked, so they share the view models instead of receiving copies (with the
    collector paused, as the build pauses it, they do not copy every page of memory by walking
    it); each writes what it makes, so the bytes are those one process would write."""
    global _pending, _target
    workers = affordable_workers(workers if workers is not None else (os.cpu_count() or 1))
    done = 0
    if workers <= 1 or len(outputs) < POOL_FROM or multiprocessing.get_start_method() != "fork":
        for output in outputs:
            write_file(target / output.path, output.make())
            done += 1
            progress(stage, done, len(outputs))
        return
    _pending, _target = outputs, target
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for made in pool.imap_unordered(_make_range, range(0, len(outputs), _CHUNK)):
                done += made
                progress(stage, done, len(outputs))
    finally:
        _pending = ()


def _meminfo_bytes(field: str) -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def affordable_workers(wanted: int) -> int:
    """As many forked workers as memory allows. A worker shares its parent's pages but copies
    those it touches, up to about half of them (it makes half the pages); a site too big for
    that is made in one process rather than thrown out of memory."""
    available = _meminfo_bytes("MemAvailable")
    try:
        resident = int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return wanted
    if available is None:
        return wanted
    return max(1, min(wanted, int(available * 0.8 // max(resident // 2, 1))))


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


def publish(staging: Path, out_dir: Path) -> None:
    """Swap the finished staging directory into place of the output directory."""
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        out_dir.rename(old)
    staging.rename(out_dir)
    if old is not None:
        shutil.rmtree(old)
