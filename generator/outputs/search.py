"""The search index: a static one of our own, made from the written pages.

Each searchable page is a document, numbered in the order search offers them (other pages
first, then reports newest year first). Its text, folded as the browser folds a query
(outputs/fold.py), gives its keys: every run of one to four characters. A query word of up to
four characters is one key, a longer word its runs of four, so the documents holding every key
of a word are those holding the word as typed (a word longer than four may rarely be matched
by its runs apart; the text a result is shown with confirms it). A key's postings list the
documents holding it, as gaps or as a bitmap, whichever is smaller; a title's keys are listed
again apart, so title matches rank first. Keys are hashed into buckets, one file each, so a
query reads only the buckets its keys fall in; each document's text is a file of its own,
fetched only for results shown.

    search-index/index.json      the numbers a query needs: documents, buckets, chunk size
    search-index/keys/<n>.bin    a bucket of keys and their postings, gzipped
    search-index/pages/<n>.json  URL, title and filters of 32 documents: what a result is listed with
    search-index/filters.json    each filter's values and, per document, its value (runs)
    search-index/text/<n>.json   a document's text and sections: what a result's excerpts are cut from
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TypeVar

from ..processes import process_pool, signals_held
from ..progress import Progress, quiet
from .fold import fold
from .searchable import read_searchable

FOLDER = "search-index"
GRAMS = (1, 2, 3, 4)  # the lengths of the runs of characters indexed
BUCKET_BYTES = 6144  # what one bucket should hold before compression: a query reads one per key
MAX_BUCKETS = 65536  # files; 16,384 hold 10,000 reports at about BUCKET_BYTES each
CHUNK = 32  # documents per file of titles and URLs: the few a page of results needs
BODY, BITMAP, TITLE = 0, 1, 2  # record kinds in a bucket
WORKERS = 2
PARALLEL_FROM = 200  # documents: fewer are indexed in this process
T = TypeVar("T")


@dataclass(frozen=True)
class SearchPlan:
    pages: tuple[str, ...]  # site-relative page files, in the order search offers them


def plan_search(groups: Mapping[str, Sequence[str]]) -> SearchPlan:
    """Other pages first (bureaus, comparisons), then reports newest year first."""
    order = sorted(groups, key=lambda g: (g.isdigit(), -int(g) if g.isdigit() else 0, g))
    return SearchPlan(tuple(p for g in order for p in sorted(groups[g])))


def grams(folded: str, n: int) -> set[str]:
    return {folded[i:i + n] for i in range(len(folded) - n + 1)}


def query_keys(word: str) -> list[str]:
    """The keys a folded query word is looked up by (search.js makes the same)."""
    longest = GRAMS[-1]
    return [word] if len(word) <= longest else [word[i:i + longest] for i in range(len(word) - longest + 1)]


def bucket_of(key: str, buckets: int) -> int:
    """FNV-1a over the key's UTF-8 bytes (search.js hashes the same way)."""
    h = 0x811C9DC5
    for byte in key.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h % buckets


def _varint(n: int, out: bytearray) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def encode_gaps(ids: Iterable[int]) -> bytes:
    """Each id as its distance from the one before, less one, as a varint."""
    out = bytearray()
    previous = -1
    for i in ids:
        _varint(i - previous - 1, out)
        previous = i
    return bytes(out)


def encode_postings(ids: Sequence[int]) -> tuple[int, bytes]:
    """(kind, payload): the gaps between ids, or a bitmap from the first id to the last,
    whichever is smaller."""
    first, last = ids[0], ids[-1]
    if len(ids) * 8 <= (last - first) + 8:  # a gap costs at least a byte, a bitmap a bit per id
        return BODY, encode_gaps(ids)
    bitmap = bytearray((last - first) // 8 + 1)
    for i in ids:
        i -= first
        bitmap[i >> 3] |= 1 << (i & 7)
    head = bytearray()
    _varint(first, head)
    return BITMAP, bytes(head + bitmap)


def _record(key: str, kind: int, count: int, payload: bytes) -> bytes:
    raw = key.encode("utf-8")
    record = bytearray((len(raw),)) + raw
    record.append(kind)
    _varint(count, record)
    _varint(len(payload), record)
    return bytes(record + payload)


# What forked workers work on: inherited from the parent, never pickled.
_site = Path()
_paths: Sequence[str] = ()
_base = "/"
_bodies: Sequence[str] = ()  # each document's text, folded
_titles: Sequence[str] = ()


class Indexed(NamedTuple):
    """What indexing takes from a searchable page, besides its text file."""
    listing: tuple[str, str, dict[str, str]]  # URL, title, filters
    body: str  # its text, folded
    title: str  # its title, folded


class Read(NamedTuple):
    digest: bytes  # of the page's bytes, as read
    page: Indexed | None  # None: no part of it is marked for search
    text: bytes | None  # its text file


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _read(start: int, end: int) -> list[Read]:
    found = []
    for path in _paths[start:end]:
        data = (_site / path).read_bytes()
        page = read_searchable(data.decode("utf-8"), _base + path.removesuffix("index.html"))
        if page is None:
            found.append(Read(_digest(data), None, None))
            continue
        text = _json({"text": page.text, "sections": [[s.id, s.title, s.start] for s in page.sections]})
        found.append(Read(_digest(data), Indexed((page.url, page.title, dict(page.filters)), fold(page.text),
                                                 fold(page.title)), text))
    return found


@dataclass(frozen=True)
class Remembered:
    """What an earlier indexing read from a page, kept by `serve` so an update reads again only
    the pages whose bytes changed (their text file is not kept: it is on disk)."""
    digest: bytes
    doc: int | None  # its document number then; None: not searched
    page: Indexed | None


def _collect(n: int, start: int, end: int) -> tuple[dict[str, array], dict[str, array]]:
    """The postings of the documents from start to end for runs of n characters."""
    body: defaultdict[str, array] = defaultdict(_ids)
    title: defaultdict[str, array] = defaultdict(_ids)
    for doc in range(start, end):
        for key in grams(_bodies[doc], n):
            body[key].append(doc)  # the hot loop: one lookup per (key, document)
        for key in grams(_titles[doc], n):
            title[key].append(doc)
    return dict(body), dict(title)


def _ids() -> array:
    return array("I")


def _ranges(count: int, parts: int) -> list[tuple[int, int]]:
    step = -(-count // parts)
    return [(start, min(count, start + step)) for start in range(0, count, step)] or [(0, 0)]


def _in_parallel(work: Callable[..., T], tasks: list[tuple], size: int) -> Iterator[T]:
    """work(*task) for each task, in order, in forked workers when there is enough to share
    (size: the documents the tasks cover); each result is let go once the caller has taken it."""
    if len(tasks) < 2 or size < PARALLEL_FROM:
        yield from (work(*task) for task in tasks)
        return
    with process_pool(WORKERS, fork=True) as pool:
        with signals_held():
            running: list[Future[T] | None] = [pool.submit(work, *task) for task in tasks]
        for n, future in enumerate(running):
            assert future is not None
            running[n] = None
            yield future.result()


def _records() -> list[tuple[str, bytes]]:
    """(key, record) of every key: its body postings, then its title postings."""
    records: list[tuple[str, bytes]] = []
    for n in GRAMS:
        body: dict[str, array] = {}
        title: dict[str, array] = {}
        tasks = [(n, *r) for r in _ranges(len(_bodies), WORKERS * 4)]
        for part_body, part_title in _in_parallel(_collect, tasks, len(_bodies)):
            _extend(body, part_body)
            _extend(title, part_title)
        for key in sorted(body.keys() | title.keys()):
            if key in body:
                ids = body.pop(key)
                kind, payload = encode_postings(ids)
                records.append((key, _record(key, kind, len(ids), payload)))
            if key in title:
                ids = title.pop(key)
                records.append((key, _record(key, TITLE, len(ids), encode_gaps(ids))))
    return records


def _extend(postings: dict[str, array], part: dict[str, array]) -> None:
    """Add the postings of the next range of documents."""
    for key, ids in part.items():
        if key in postings:
            postings[key].extend(ids)
        else:
            postings[key] = ids


def _filters(listed: Sequence[tuple[str, str, dict[str, str]]]) -> dict:
    """Each filter's values in order of first use, and per document its value's number, as runs
    of [number, count] (-1: none): documents are in filter order mostly, so runs are few."""
    names = list(dict.fromkeys(name for _, _, filters in listed for name in filters))
    out: dict = {"names": names, "values": {}, "runs": {}}
    for name in names:
        values: dict[str, int] = {}
        runs: list[list[int]] = []
        for _, _, filters in listed:
            value = filters.get(name)
            number = -1 if value is None else values.setdefault(value, len(values))
            if runs and runs[-1][0] == number:
                runs[-1][1] += 1
            else:
                runs.append([number, 1])
        out["values"][name] = list(values)
        out["runs"][name] = runs
    return out


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_index(site_dir: Path, plan: SearchPlan, base: str, write: Callable[[str, bytes | None], None],
                progress: Progress = quiet, memory: dict[str, Remembered] | None = None) -> None:
    """Every file of the index of the plan's pages, each handed to write(site-relative path, bytes)
    as soon as it is made (a large site's texts are never all in memory), or with None where the
    file on disk is already right. memory: what an earlier indexing read, updated here; only
    pages whose bytes changed are read again."""
    global _site, _base, _bodies, _titles
    _site, _base = site_dir, base
    progress("建立搜索索引：读取页面")
    kept = memory or {}
    changed = [p for p in plan.pages if p not in kept or kept[p].digest != _digest((site_dir / p).read_bytes())]
    fresh = _read_pages(changed)
    pages: list[Indexed] = []
    for path in plan.pages:
        doc = len(pages)
        if path in fresh:
            read = fresh.pop(path)
        elif kept[path].doc in (doc, None):  # unchanged, its text file too (None: the file is right)
            read = Read(kept[path].digest, kept[path].page, None)
        else:  # unchanged, but now another document number: its text file is wanted under that
            read = _read_pages([path])[path]
        if memory is not None:
            memory[path] = Remembered(read.digest, doc if read.page else None, read.page)
        if read.page is not None:
            write(f"{FOLDER}/text/{doc}.json", read.text)
            pages.append(read.page)
    if memory is not None:
        for gone in memory.keys() - set(plan.pages):
            del memory[gone]
    listed = [page.listing for page in pages]
    for start in range(0, len(listed), CHUNK):
        write(f"{FOLDER}/pages/{start // CHUNK}.json", _json(listed[start:start + CHUNK]))
    write(f"{FOLDER}/filters.json", _json(_filters(listed)))
    _bodies, _titles = [page.body for page in pages], [page.title for page in pages]
    del pages
    try:
        progress("建立搜索索引：编排索引")
        records = _records()
    finally:
        _bodies = _titles = ()
    total = sum(len(r) for _, r in records)
    buckets = 16
    while buckets < MAX_BUCKETS and total / buckets > BUCKET_BYTES:
        buckets *= 2
    grouped: dict[int, list[bytes]] = {}
    for key, record in records:
        grouped.setdefault(bucket_of(key, buckets), []).append(record)
    del records
    for n in sorted(grouped):
        write(f"{FOLDER}/keys/{n}.bin", gzip.compress(b"".join(grouped.pop(n)), 6, mtime=0))
    write(f"{FOLDER}/index.json", _json({"version": 1, "documents": len(listed), "buckets": buckets, "chunk": CHUNK,
                                         "grams": GRAMS[-1]}))


def _read_pages(paths: list[str]) -> dict[str, Read]:
    global _paths
    _paths = paths
    try:
        found = [r for part in _in_parallel(_read, _ranges(len(paths), WORKERS * 4), len(paths)) for r in part]
    finally:
        _paths = ()
    return dict(zip(paths, found, strict=True))


def index_site(site_dir: Path, plan: SearchPlan, base: str, progress: Progress = quiet,
               memory: dict[str, Remembered] | None = None) -> None:
    """Write the index of a staging site_dir's pages (memory: filled for later updates)."""

    def write(path: str, data: bytes | None) -> None:
        assert data is not None  # a new folder holds nothing to keep
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    write_index(site_dir, plan, base, write, progress, memory)


def reindex(site_dir: Path, plan: SearchPlan, base: str, memory: dict[str, Remembered] | None = None) -> None:
    """Index a served site again: only the files whose bytes changed are replaced, each whole;
    files no longer made are removed. memory: what the last indexing read (see write_index)."""
    made: set[str] = set()

    def write(path: str, data: bytes | None) -> None:
        made.add(path)
        target = site_dir / path
        if data is None or (target.is_file() and target.read_bytes() == data):
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        fresh = target.with_name(f".{target.name}.next")
        fresh.write_bytes(data)
        os.replace(fresh, target)

    write_index(site_dir, plan, base, write, memory=memory)
    for stale in (site_dir / FOLDER).rglob("*"):
        if stale.is_file() and stale.relative_to(site_dir).as_posix() not in made:
            stale.unlink()
