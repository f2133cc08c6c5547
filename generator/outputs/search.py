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
fetched only for results shown. This module reads the pages and writes the files;
outputs/postings.py makes the keys' records.

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
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple, TypeVar

from ..caches import cache_file, code_version, load_cache, save_cache
from ..processes import in_workers
from ..progress import Progress, quiet
from .fold import fold
from .postings import GRAMS, Part, Records, by_bucket, records
from .searchable import read_searchable

FOLDER = "search-index"
BUCKET_BYTES = 6144  # what one bucket should hold before compression: a query reads one per key
MAX_BUCKETS = 65536  # files; 16,384 hold 10,000 reports at about BUCKET_BYTES each
CHUNK = 32  # documents per file of titles and URLs: the few a page of results needs
WORKERS = 2
PARALLEL_FROM = 200  # documents: fewer are indexed in this process
READ_RANGE = 250  # pages read by a worker at a time
T = TypeVar("T")


@dataclass(frozen=True)
class SearchPlan:
    pages: tuple[str, ...]  # site-relative page files, in the order search offers them


def plan_search(groups: Mapping[str, Sequence[str]]) -> SearchPlan:
    """Other pages first (bureaus, comparisons), then reports newest year first."""
    order = sorted(groups, key=lambda g: (g.isdigit(), -int(g) if g.isdigit() else 0, g))
    return SearchPlan(tuple(p for g in order for p in sorted(groups[g])))


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


# What forked workers work on: inherited from the parent, never pickled.
_site = Path()
_base = "/"


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


def _read(paths: list[str]) -> list[Read]:
    found = []
    for path in paths:
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
    """What an earlier indexing read from a page, so that indexing again reads only the pages whose
    bytes changed. `serve` keeps it without the text file (that is on disk); a build's cache keeps
    that too, for a fresh folder. The folded text is kept compressed: at 10,000 reports 90 MiB
    instead of 155, unpacked for a re-index in 1.2 s."""
    digest: bytes
    doc: int | None  # its document number then; None: not searched
    listing: tuple[str, str, dict[str, str]] | None
    body: bytes = b""  # zlib of the folded text's UTF-8
    title: str = ""
    text: bytes = b""  # zlib of its text file, if kept

    @staticmethod
    def of(read: Read, doc: int | None, keep_text: bool = False) -> Remembered:
        if read.page is None:
            return Remembered(read.digest, None, None)
        text = zlib.compress(read.text, 1) if keep_text and read.text is not None else b""
        return Remembered(read.digest, doc, read.page.listing, zlib.compress(read.page.body.encode("utf-8"), 1),
                          read.page.title, text)

    def page(self) -> Indexed | None:
        if self.listing is None:
            return None
        return Indexed(self.listing, zlib.decompress(self.body).decode("utf-8"), self.title)

    def text_file(self) -> bytes | None:
        return zlib.decompress(self.text) if self.text else None


def _in_workers(work: Callable[..., T], tasks: list[tuple], documents: int) -> Iterator[T]:
    """in_workers, when there are enough documents to share."""
    return in_workers(work, tasks, WORKERS if documents >= PARALLEL_FROM else 1)


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
                progress: Progress = quiet, memory: dict[str, Remembered] | None = None,
                keep_texts: bool = False) -> None:
    """Every file of the index of the plan's pages, each handed to write(site-relative path, bytes)
    as soon as it is made (a large site's texts are never all in memory), or with None where the
    file on disk is already right. memory: what an earlier indexing read, updated here; only
    pages whose bytes changed are read again. keep_texts: memory keeps each page's text file."""
    global _site, _base
    _site, _base = site_dir, base
    progress("建立搜索索引：读取页面")
    kept = memory or {}
    changed = [p for p in plan.pages if p not in kept or kept[p].digest != _digest((site_dir / p).read_bytes())]
    listed: list[tuple[str, str, dict[str, str]]] = []

    def searched() -> Iterator[tuple[str, str]]:
        """Each searched page's folded text and title, in order, its text file written on the way."""
        fresh, read_again = _read_pages(changed), set(changed)
        for path in plan.pages:
            doc = len(listed)
            if path in read_again:  # fresh yields them in order
                _, read = next(fresh)
                remembered = None
            elif kept[path].text or kept[path].doc in (doc, None):  # unchanged, its text file kept or right
                read = Read(kept[path].digest, kept[path].page(), kept[path].text_file())
                remembered = replace(kept[path], doc=doc if read.page is not None else None)  # not packed again
            else:  # unchanged, but now another document number: its text file is wanted under that
                read = next(_read_pages([path]))[1]
                remembered = None
            if memory is not None:
                memory[path] = remembered or Remembered.of(read, doc, keep_texts)
            if read.page is not None:
                write(f"{FOLDER}/text/{doc}.json", read.text)
                listed.append(read.page.listing)
                yield read.page.body, read.page.title

    def in_parallel(work: Callable[[Part], Records], parts: list[Part]) -> Iterator[Records]:
        progress("建立搜索索引：编排索引")  # every page has been read into the corpus
        return _in_workers(work, [(part,) for part in parts], len(listed))

    found = records(searched(), in_parallel)
    if memory is not None:
        for gone in memory.keys() - set(plan.pages):
            del memory[gone]
    for start in range(0, len(listed), CHUNK):
        write(f"{FOLDER}/pages/{start // CHUNK}.json", _json(listed[start:start + CHUNK]))
    write(f"{FOLDER}/filters.json", _json(_filters(listed)))
    buckets = 16
    while buckets < MAX_BUCKETS and len(found.data) / buckets > BUCKET_BYTES:
        buckets *= 2
    for n, data in by_bucket(found, buckets):
        write(f"{FOLDER}/keys/{n}.bin", gzip.compress(data, 6, mtime=0))
    write(f"{FOLDER}/index.json", _json({"version": 1, "documents": len(listed), "buckets": buckets, "chunk": CHUNK,
                                         "grams": GRAMS[-1]}))


def _read_pages(paths: list[str]) -> Iterator[tuple[str, Read]]:
    """Each page and what was read from it, in order, read in ranges of at most READ_RANGE pages
    so that what is held at once stays small."""
    ranges = [(paths[start:start + READ_RANGE],) for start in range(0, len(paths), READ_RANGE)]
    found = (read for part in _in_workers(_read, ranges, len(paths)) for read in part)
    yield from zip(paths, found, strict=True)


def load_reading(content_dir: Path, base: str) -> dict[str, Remembered]:
    """What the last build that kept its cache read from each page (see index_site's keep_texts)."""
    return load_cache(cache_file(content_dir, "index"), f"{code_version()}\n{base}")


def save_reading(content_dir: Path, base: str, memory: Mapping[str, Remembered]) -> None:
    save_cache(cache_file(content_dir, "index"), f"{code_version()}\n{base}", memory)


def index_site(site_dir: Path, plan: SearchPlan, base: str, progress: Progress = quiet,
               memory: dict[str, Remembered] | None = None, keep_texts: bool = False) -> None:
    """Write the index of a staging site_dir's pages. memory: what an earlier indexing read, with
    text files kept (keep_texts, for a build's cache) or not (serve's, for updates)."""

    def write(path: str, data: bytes | None) -> None:
        assert data is not None  # a new folder holds nothing to keep
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    write_index(site_dir, plan, base, write, progress, memory, keep_texts)


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
