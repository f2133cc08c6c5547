"""Validation: each file on its own (perfile.py), then the rules across files (crossfile.py).

`validate_files` checks files held in memory and returns the typed model for the build;
`validate` reads a content directory first. `check` is the editor's fast path: it keeps
each file's result in a cache keyed by its bytes and the code's version, checks changed
files in a process pool when there are many, and returns only diagnostics.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from ..caches import cache_file, code_version, load_cache, save_cache
from ..collector import collector_paused
from ..config import Config
from ..diagnostics import Diagnostic, has_errors
from ..domain.model import Bureau, Content, Dictionary, PackedReport
from ..domain.reading import content_of
from ..loading.files import ContentFile, Entry, read_entry
from ..loading.inputs import Inputs, gather
from ..processes import process_pool, signals_held
from ..progress import Progress, quiet
from .crossfile import cross_file_rules, index_of
from .perfile import Checked, FileResult, check_and_pack, result_only

T = TypeVar("T")
A = TypeVar("A")
Kept = tuple[str, T]  # the digest of a file's bytes, and its result


@dataclass(frozen=True)
class Validation:
    content: Content  # the typed model of every file that passed its schema
    diagnostics: tuple[Diagnostic, ...]
    files_checked: int
    texts: Mapping[str, str]  # each file's text by its shown path, for quoting source lines

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def _diagnose(results: Iterable[FileResult], problems: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Every file's own diagnostics and those of the rules across files, sorted and once each."""
    results = list(results)
    index = index_of(
        (r.bureau_id for r in results if r.bureau_id is not None),
        (r.bureau for r in results if r.bureau is not None),
        next((r.measures for r in results if r.measures is not None), ()),
        (r.report for r in results if r.report is not None),
        next((r.project_types for r in results if r.project_types is not None), ()))
    found = list(problems) + [d for r in results for d in r.diagnostics] + cross_file_rules(index)
    return sorted(set(found), key=_order)


def _order(d: Diagnostic) -> tuple[str, int, int, str, str, str]:
    """The dataclass's own order, as a plain tuple: much faster to sort by."""
    return d.path, d.line, d.column, d.level.value, d.code, d.message


def _validation(checked: list[Checked], problems: list[Diagnostic], shown: set[str],
                texts: Mapping[str, str]) -> Validation:
    diagnostics = _diagnose((c.result for c in checked), problems)
    dictionary = next((c.model for c in checked if isinstance(c.model, Dictionary)), Dictionary((), ()))
    content = content_of((c.model for c in checked if isinstance(c.model, Bureau)), dictionary,
                         (c.model for c in checked if isinstance(c.model, PackedReport)))
    return Validation(content, tuple(diagnostics), len(shown | {d.path for d in diagnostics}), texts)


def validate_files(files: Iterable[ContentFile], problems: Iterable[Diagnostic] = (),
                   texts: Mapping[str, str] | None = None) -> Validation:
    """Check content files held in memory; problems are any found while gathering them.
    texts: where to read a file's text when a format quotes it (by default, from these bytes)."""
    files = list(files)
    checked = _in_pool(check_and_pack, files, None, Config.check_pool_from)
    return _validation(checked, list(problems), {f.shown for f in files},
                       texts if texts is not None else {f.shown: f.text for f in files})


def validate(content_dir: Path, kept: dict[str, Kept[Checked]] | None = None,
             progress: Progress = quiet, config: Config | None = None) -> Validation:
    """Check a content directory. kept: each file's result from an earlier run, reused while the
    file is unchanged and updated in place (`serve` keeps one for as long as it runs)."""
    return validate_inputs(gather(content_dir), kept, progress, config)


def validate_inputs(inputs: Inputs, kept: dict[str, Kept[Checked]] | None = None,
                    progress: Progress = quiet, config: Config | None = None) -> Validation:
    """Check what the loading step found (see validate)."""
    entries, problems = list(inputs.entries), list(inputs.problems)
    results, _ = _reuse_or_check(entries, kept or {}, check_and_pack, problems, None, progress,
                                 (config or Config()).check_pool_from)
    if kept is not None:
        kept.clear()
        kept.update(results)
    # Texts are read again only if a format quotes them: a large site's are not kept in memory.
    validation = _validation([results[e.name][1] for e in entries if e.name in results], problems,
                             {e.shown for e in entries}, LazyTexts({e.shown: e.path for e in entries}))
    return replace(validation, content=replace(validation.content, sources=inputs.sources))


def _reuse_or_check(entries: list[Entry], cached: Mapping[str, Kept[T]], work: Callable[[ContentFile], T],
                    problems: list[Diagnostic], workers: int | None, progress: Progress,
                    pool_from: int) -> tuple[dict[str, Kept[T]], int]:
    """Every readable entry's result: cached when its bytes are unchanged (a file's size and
    time say nothing: an edit can keep both), otherwise work() on it now. Also how many were
    worked on. Files that cannot be read add to problems. Files are read where they are
    checked, so a pool's parent never holds every file's text at once."""
    results: dict[str, Kept[T]] = {}
    tasks: list[tuple[Entry, str | None]] = []
    for entry in entries:
        hit = cached.get(entry.name)
        tasks.append((entry, hit[0] if hit is not None else None))
    worked = 0
    outcomes = _in_pool(functools.partial(_read_and_check, work), tasks, workers, pool_from, progress)
    for (entry, _), outcome in zip(tasks, outcomes, strict=True):
        if isinstance(outcome, Diagnostic):
            problems.append(outcome)
            continue
        digest, result = outcome
        if result is None:  # touched, not changed
            results[entry.name] = (digest, cached[entry.name][1])
        else:
            results[entry.name] = (digest, result)
            worked += 1
    return results, worked


def _read_and_check(work: Callable[[ContentFile], T], task: tuple[Entry, str | None]
                    ) -> Diagnostic | tuple[str, T | None]:
    """Read one file and work() on it, unless its bytes have the digest already checked (then
    None); or why it could not be read."""
    entry, checked_digest = task
    read = read_entry(entry)
    if not isinstance(read, ContentFile):
        return read
    digest = hashlib.blake2b(read.raw).hexdigest()
    return digest, (None if digest == checked_digest else work(read))


# ---- the editor's fast path: cached, pooled, diagnostics only ------------------------------

@dataclass(frozen=True)
class CheckResult:
    diagnostics: tuple[Diagnostic, ...]
    files_checked: int
    texts: Mapping[str, str]
    from_cache: int  # files whose result came from the cache

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def load_checks(content_dir: Path) -> dict[str, Kept[Checked]]:
    """What the last build that kept its checks left (see validate_inputs' kept), or nothing."""
    return load_cache(cache_file(content_dir, "build"), code_version())


def save_checks(content_dir: Path, kept: dict[str, Kept[Checked]]) -> None:
    save_cache(cache_file(content_dir, "build"), code_version(), kept)


def check(content_dir: Path, use_cache: bool = True, workers: int | None = None,
          progress: Progress = quiet, config: Config | None = None) -> CheckResult:
    """Diagnostics for a content directory, reusing every unchanged file's result."""
    inputs = gather(content_dir)
    entries, problems = list(inputs.entries), list(inputs.problems)
    version = code_version()
    where = cache_file(content_dir)
    cached: dict[str, Kept[FileResult]] = load_cache(where, version) if use_cache else {}
    kept, checked_now = _reuse_or_check(entries, cached, result_only, problems, workers, progress,
                                        (config or Config()).check_pool_from)
    if use_cache and (checked_now or kept.keys() != cached.keys()):
        save_cache(where, version, kept)
    diagnostics = _diagnose((kept[e.name][1] for e in entries if e.name in kept), problems)
    shown = {d.path for d in diagnostics} | {e.shown for e in entries}
    texts = LazyTexts({e.shown: e.path for e in entries})
    return CheckResult(tuple(diagnostics), len(shown), texts, len(kept) - checked_now)


class LazyTexts(Mapping[str, str]):
    """Files' texts by shown path, read only when a format quotes them."""

    def __init__(self, paths: dict[str, Path]) -> None:
        self.paths = paths

    def __getitem__(self, shown: str) -> str:
        return self.paths[shown].read_bytes().decode("utf-8-sig", errors="replace")

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


def _in_pool(work: Callable[[A], T], items: list[A], workers: int | None, pool_from: int,
             progress: Progress = quiet) -> list[T]:
    """work on every item (a file), in order; spread over the cores when there are enough to pay
    for starting the processes. The results are the same either way."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    results: list[T] = []
    with collector_paused(), ExitStack() as stack:
        if workers <= 1 or len(items) < pool_from:
            done: Iterable[T] = map(work, items)
        else:
            # Workers collect their own garbage: the pause is for the parent, which keeps what they send.
            pool = stack.enter_context(process_pool(workers, then=gc.enable))
            with signals_held():
                done = pool.map(work, items, chunksize=16)
        for result in done:
            results.append(result)
            progress("检查内容", len(results), len(items))
    return results
