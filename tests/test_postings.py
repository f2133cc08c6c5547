"""The index's records, made in bulk with numpy, against a plain reading of the format: every run
of one to four characters a key, its documents as gaps or a bitmap, a title's keys again apart."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence

import pytest

from generator.outputs import postings
from generator.outputs.postings import BITMAP, BODY, GRAMS, TITLE, Part, Records, by_bucket, records
from generator.outputs.search import bucket_of

pytestmark = pytest.mark.unit


def varint(n: int) -> bytes:
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def record(key: str, kind: int, ids: list[int]) -> bytes:
    if kind == BITMAP:
        bitmap = bytearray((ids[-1] - ids[0]) // 8 + 1)
        for i in ids:
            bitmap[(i - ids[0]) >> 3] |= 1 << ((i - ids[0]) & 7)
        payload = varint(ids[0]) + bytes(bitmap)
    else:
        payload = b"".join(varint(i - previous - 1) for previous, i in zip([-1, *ids], ids, strict=False))
    raw = key.encode("utf-8")
    return bytes([len(raw)]) + raw + bytes([kind]) + varint(len(ids)) + varint(len(payload)) + payload


def expected(bodies: Sequence[str], titles: Sequence[str]) -> list[tuple[str, bytes]]:
    """(key, record) in a bucket's order: run length, key, body before title."""
    found = []
    for n in GRAMS:
        body: dict[str, list[int]] = {}
        title: dict[str, list[int]] = {}
        for doc, (text, heading) in enumerate(zip(bodies, titles, strict=True)):
            for key in sorted({text[i:i + n] for i in range(len(text) - n + 1)}):
                body.setdefault(key, []).append(doc)
            for key in sorted({heading[i:i + n] for i in range(len(heading) - n + 1)}):
                title.setdefault(key, []).append(doc)
        for key in sorted(body.keys() | title.keys()):
            if key in body:
                ids = body[key]
                kind = BODY if len(ids) * 8 <= ids[-1] - ids[0] + 8 else BITMAP
                found.append((key, record(key, kind, ids)))
            if key in title:
                found.append((key, record(key, TITLE, title[key])))
    return found


def in_order(work: Callable[[Part], Records], parts: list[Part]) -> Iterator[Records]:
    return map(work, parts)


def made(bodies: Sequence[str], titles: Sequence[str]) -> bytes:
    """The records as one bucket lists them."""
    return dict(by_bucket(records(zip(bodies, titles, strict=True), in_order), 1)).get(0, b"")


def texts(seed: int, documents: int, alphabet: str, longest: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randrange(longest))) for _ in range(documents)]


def test_postings_are_gaps_or_a_bitmap_whichever_is_smaller():
    bodies = [""] * 1001
    for doc in (3, 200, 1000):
        bodies[doc] = "法"
    for doc in range(10, 26):
        bodies[doc] = "律"
    assert made(bodies, [""] * len(bodies)) == bytes([  # keys in code point order: 律 before 法
        3, 0xE5, 0xBE, 0x8B, BITMAP, 16, 3, 10, 0xFF, 0xFF,  # the first document, a bit per document
        3, 0xE6, 0xB3, 0x95, BODY, 3, 5, 3, 0xC4, 0x01, 0x9F, 0x06])  # gaps less one, as varints
    # FNV-1a's published 32-bit values, which search.js computes too
    assert bucket_of("a", 2**32) == 0xE40C292C and bucket_of("foobar", 2**32) == 0xBF9CF968


@pytest.mark.parametrize("part_positions", [postings.PART_POSITIONS, 7])
def test_records_are_those_of_a_plain_reading(monkeypatch, part_positions):
    monkeypatch.setattr(postings, "PART_POSITIONS", part_positions)
    bodies = texts(1, 300, "法律援助调解成功率司法局0123456789.%", 60) + ["", "法", "法律援助法律援助"]
    titles = texts(2, len(bodies), "荔湾区司法局2023年度", 12)
    titles[5] = "只在标题中的字𠀋"  # title-only keys, one outside the basic plane
    want = expected(bodies, titles)
    assert made(bodies, titles) == b"".join(r for _, r in want)
    assert {r[1 + r[0]] for _, r in want} == {BODY, BITMAP, TITLE}  # every kind was made


def test_a_large_alphabet_sorts_keys_apart_from_their_documents(monkeypatch):
    """With 150,000 characters and 5,000 documents, a key of four and a document number no longer
    fit in 64 bits together."""
    alphabet = "".join(chr(c) for c in [*range(0x4E00, 0x9FA6), *range(0x20000, 0x40000)])
    bodies = [*texts(3, 40, "司法局", 30), alphabet, *texts(4, 40, "司法局", 30), *[""] * 4920]
    assert (len(alphabet) + 1) ** 3 * 2 ** (len(bodies) - 1).bit_length() > 2 ** 64
    titles = [""] * len(bodies)
    monkeypatch.setattr(postings, "PART_POSITIONS", 50_000)
    assert made(bodies, titles) == b"".join(r for _, r in expected(bodies, titles))


def test_nothing_to_index_makes_no_records():
    assert made([], []) == b"" and made(["", ""], ["", ""]) == b""


def test_records_go_to_their_keys_buckets_in_order():
    bodies = texts(5, 50, "法律援助调解成功率", 40)
    titles = texts(6, 50, "司法局", 6)
    found = records(zip(bodies, titles, strict=True), in_order)
    want: dict[int, bytes] = {}
    for key, data in expected(bodies, titles):
        want[bucket_of(key, 64)] = want.get(bucket_of(key, 64), b"") + data
    assert dict(by_bucket(found, 64)) == want
