"""The search index's files, read back as the search page reads them; and the browser's folding of
a query, which must be the index's folding of the text, character for character."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from generator.outputs import postings as bulk
from generator.outputs import search
from generator.outputs.fold import fold
from generator.outputs.postings import BITMAP, TITLE
from generator.outputs.search import SearchPlan, bucket_of, query_keys

from .test_search import containing, indexed_texts


def varint(data: bytes, at: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        byte = data[at]
        at += 1
        n |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return n, at


def postings(site: Path, key: str) -> tuple[set[int], set[int]]:
    """(body, title) documents holding the key, decoded from its bucket."""
    index = json.loads((site / "search-index/index.json").read_text("utf-8"))
    path = site / f"search-index/keys/{bucket_of(key, index['buckets'])}.bin"
    data = gzip.decompress(path.read_bytes()) if path.exists() else b""
    body: set[int] = set()
    title: set[int] = set()
    at = 0
    while at < len(data):
        length = data[at]
        name = data[at + 1:at + 1 + length].decode("utf-8")
        kind = data[at + 1 + length]
        count, at = varint(data, at + 2 + length)
        size, at = varint(data, at)
        payload, at = data[at:at + size], at + size
        if name != key:
            continue
        ids: set[int] = set()
        if kind == BITMAP:
            first, start = varint(payload, 0)
            ids = {first + (i - start) * 8 + bit for i in range(start, len(payload)) for bit in range(8)
                   if payload[i] & (1 << bit)}
        else:
            previous, p = -1, 0
            while p < len(payload):
                gap, p = varint(payload, p)
                previous += gap + 1
                ids.add(previous)
        assert len(ids) == count
        (title if kind == TITLE else body).update(ids)
    return body, title


def urls(site: Path) -> list[str]:
    index = json.loads((site / "search-index/index.json").read_text("utf-8"))
    found: list[str] = []
    for chunk in range(-(-index["documents"] // index["chunk"])):
        found += [url for url, _, _ in json.loads((site / f"search-index/pages/{chunk}.json").read_text("utf-8"))]
    return found


@pytest.mark.parametrize("term", ["法律援助", "荔湾", "调解成功率", "法律援助案件数", "6,928.97", "行政復議"])
def test_the_pages_holding_every_key_of_a_term_are_those_holding_the_term(built_site, term):
    texts = indexed_texts(built_site)
    folded_texts = {url: fold(text) for url, text in texts.items()}
    word = fold(term)
    held = set.intersection(*(postings(built_site, key)[0] for key in query_keys(word)))
    listed = urls(built_site)
    assert {listed[i] for i in held} == {url for url, text in folded_texts.items() if word in text}
    assert {listed[i] for i in held} >= containing(texts, term.replace(",", ""))


def test_documents_are_listed_other_pages_first_then_reports_newest_year_first(built_site):
    listed = urls(built_site)
    kinds = ["r" if url.startswith("/reports/") else "o" for url in listed]
    assert kinds == sorted(kinds, key="or".index)
    years = [int(url.split("/")[3][:4]) for url in listed if url.startswith("/reports/")]
    assert years == sorted(years, reverse=True)


def test_a_title_match_is_listed_apart(built_site):
    listed = urls(built_site)
    body, title = postings(built_site, query_keys(fold("荔湾区"))[0])
    assert title and title <= body
    assert all("荔湾区" in json.loads((built_site / f"search-index/pages/{i // 32}.json").read_text("utf-8"))[i % 32][1]
               for i in title)
    assert "/bureaus/guangzhou-liwan/" in {listed[i] for i in title}


@pytest.mark.browser
def test_the_browser_folds_text_exactly_as_the_index_does(page, site_url, built_site):
    page.goto(site_url + "/search/")
    t2s = page.get_attribute("#search-form", "data-t2s")
    page.evaluate("url => window.SiteFind.loadTable(url)", t2s)
    rng = random.Random(5)
    alphabet = ("法律援助復議與廣東ＡＢＣabcXYZ０１２３456789,，.．%％ \u3000\u200b\u00a0\t\n-（）"
                "\U00020000\U0002a700")
    samples = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(300)]
    samples += ["6,928.97", "1,234,567元", "1 ,234", "12,34 5", "1,2345"]
    samples += [text[:2000] for text in list(indexed_texts(built_site).values())[:5]]
    folded = page.evaluate("texts => texts.map(t => window.SiteFind.fold(t).text)", samples)
    assert folded == [fold(s) for s in samples]


def test_the_index_is_the_same_made_in_forked_workers_or_here(built_site, monkeypatch):
    """A large site's pages are read and its keys made in forked workers, in ranges; the fixture
    site is small enough to be made here, so it is made both ways, in small ranges."""
    plan = SearchPlan(tuple(url.lstrip("/") + "index.html" for url in urls(built_site)))

    def made(parallel_from: int) -> dict[str, bytes | None]:
        monkeypatch.setattr(search, "PARALLEL_FROM", parallel_from)
        files: dict[str, bytes | None] = {}
        search.write_index(built_site, plan, "/", files.__setitem__)
        return files

    here = made(10**9)
    monkeypatch.setattr(search, "READ_RANGE", 7)
    monkeypatch.setattr(bulk, "PART_POSITIONS", 5000)
    assert made(1) == here
    assert here == {path: (built_site / path).read_bytes() for path in here}  # as the build wrote it
