"""The search index's keys and their postings, made in bulk with numpy.

Every run of one to four characters of a document's folded text is a key; its postings list the
documents holding it, as gaps or as a bitmap, whichever is smaller; a title's keys are listed
again apart. A large site has hundreds of millions of (key, document) pairs, too many to handle
one at a time in Python: here the texts are one array of character numbers, and the keys are
made in parts, a range of first characters at a time (so one part's arrays are all that is
held), sorted with their documents and encoded as whole arrays. Parts are shared among forked
workers. The result is every key's record with its bucket hash; by_bucket lists a bucket's
records by run length, then key, then body before title.

A record: the key's UTF-8 length (one byte), its UTF-8, its kind, its count and its payload's
length (varints), its payload: gaps between documents less one (varints) or, for a bitmap, the
first document (varint) and a bit per document from it to the last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

GRAMS = (1, 2, 3, 4)  # the lengths of the runs of characters indexed
BODY, BITMAP, TITLE = 0, 1, 2  # record kinds
PART_POSITIONS = 2_000_000  # text positions per part: one part's arrays take about 100 MB
SLICE = 1 << 22  # characters scanned at a time
FNV_OFFSET, FNV_PRIME = 0x811C9DC5, 0x01000193

Bytes = NDArray[np.uint8]
Ints = NDArray[np.int64]
Keys = NDArray[np.uint64]


class Records(NamedTuple):
    data: Bytes  # the records, one after another
    lengths: Ints  # each record's length
    hashes: NDArray[np.uint32]  # FNV-1a of each record's key (search.js hashes the same way)
    grams: NDArray[np.uint8]  # its key's length in characters


@dataclass(frozen=True)
class Texts:
    """Some documents' texts as one array: each character's number in the alphabet, 0 after each text."""
    codes: NDArray[np.unsignedinteger]
    starts: Ints  # where each document's text starts


@dataclass(frozen=True)
class Part:
    low: int  # first characters from low up to high
    high: int
    doc_bits: int  # bits a document number takes; 0: keys are sorted with their documents apart


@dataclass(frozen=True)
class Corpus:
    """The documents' folded texts and titles, numbered by one alphabet."""
    alphabet: NDArray[np.uint32]  # code points, by number - 1
    bodies: Texts
    titles: Texts


def corpus(documents: Iterable[tuple[str, str]]) -> Corpus:
    """Each document's (text, title), numbered as they come, so a large site's texts are never
    all held as strings: characters are numbered in order of first use, then in code point order."""
    numbers = np.zeros(0x110000, np.uint32)  # by code point: its number in order of first use; 0: unseen
    seen: list[NDArray[np.uint32]] = []
    count = 0
    fields: tuple[list[NDArray[np.unsignedinteger]], list[NDArray[np.unsignedinteger]]] = ([], [])
    for document in documents:
        for text, numbered in zip(document, fields, strict=True):
            points = np.frombuffer(text.encode("utf-32-le"), np.uint32)
            new = np.unique(points[numbers[points] == 0])
            numbers[new] = np.arange(count + 1, count + 1 + len(new), dtype=np.uint32)
            count += len(new)
            seen.append(new)
            numbered.append(numbers[points].astype(np.min_scalar_type(count)))
    alphabet = np.concatenate(seen) if seen else np.zeros(0, np.uint32)
    order = np.argsort(alphabet)
    alphabet = alphabet[order]
    ranks = np.zeros(count + 1, np.min_scalar_type(count))  # by number in order of first use: its number
    ranks[order + 1] = np.arange(1, count + 1)
    return Corpus(alphabet, _texts(fields[0], ranks), _texts(fields[1], ranks))


def _texts(numbered: list[NDArray[np.unsignedinteger]], ranks: NDArray[np.unsignedinteger]) -> Texts:
    """The texts one after another, renumbered by ranks, a 0 after each; each let go once copied."""
    lengths = np.fromiter(map(len, numbered), np.int64, len(numbered))
    starts = np.cumsum(lengths + 1) - lengths - 1
    codes = np.zeros(int(lengths.sum()) + len(numbered) + GRAMS[-1], ranks.dtype)  # zeros end every run
    numbered.reverse()
    for start in starts.tolist():
        text = numbered.pop()
        codes[start:start + len(text)] = ranks[text]
    return Texts(codes, starts)


_corpus = corpus(())  # what forked workers work on: inherited from the parent, never pickled


def records(documents: Iterable[tuple[str, str]],
            in_parallel: Callable[[Callable[[Part], Records], list[Part]], Iterator[Records]]) -> Records:
    """Every key's records of the documents' (text, title), numbered as they come. in_parallel(work,
    parts) yields work(part) for each part in order, in workers or not. The texts' corpus is let go
    before the parts are joined, so the two are never held at once."""
    global _corpus
    _corpus = corpus(documents)
    try:
        done = list(in_parallel(_part_records, list(_parts())))
    finally:
        _corpus = corpus(())
    if not done:
        return Records(np.zeros(0, np.uint8), np.zeros(0, np.int64), np.zeros(0, np.uint32), np.zeros(0, np.uint8))
    return _concatenated(done)


def _concatenated(parts: Sequence[Records]) -> Records:
    return Records(*(np.concatenate(column) for column in zip(*parts, strict=True)))


def _parts() -> Iterator[Part]:
    """Ranges of first characters holding about PART_POSITIONS positions each, each narrow enough
    for its longest keys (less the range's first) and, where they fit, document numbers in 64 bits."""
    size = len(_corpus.alphabet) + 1
    doc_bits = max(len(_corpus.bodies.starts) - 1, 1).bit_length()
    tail = size ** (GRAMS[-1] - 1)  # keys with one first character
    fits = (1 << 64) // (tail << doc_bits)  # first characters a part may span, with documents
    widest = fits or (1 << 64) // tail
    doc_bits = doc_bits if fits else 0
    codes = _corpus.bodies.codes
    counts = sum((np.bincount(codes[start:start + SLICE], minlength=size) for start in range(0, len(codes), SLICE)),
                 np.zeros(size, np.int64)).tolist()
    low, held = 1, 0
    for char in range(1, size):
        if char > low and (held + counts[char] > PART_POSITIONS or char - low >= widest):
            yield Part(low, char, doc_bits)
            low, held = char, 0
        held += counts[char]
    if low < size:
        yield Part(low, size, doc_bits)


def _part_records(part: Part) -> Records:
    """The records of one part's keys, by length, then key, body before title."""
    bodies, titles = (_leading(part, texts) for texts in (_corpus.bodies, _corpus.titles))
    done = []
    for n in GRAMS:
        body_keys, body = _encoded(part, n, _corpus.bodies, *bodies, title=False)
        title_keys, title = _encoded(part, n, _corpus.titles, *titles, title=True)
        order = np.argsort(np.concatenate((body_keys, title_keys)), kind="stable")  # body first on a tie
        both = _concatenated((body, title))
        done.append(Records(_gather(both.data, both.lengths, order), both.lengths[order], both.hashes[order],
                            both.grams[order]))
    return _concatenated(done)


def _leading(part: Part, texts: Texts) -> tuple[Ints, Ints]:
    """Where the part's first characters are, and the documents they are in (found a slice at a
    time: a mask of the whole text would take a byte per character)."""
    codes = texts.codes
    found = [np.flatnonzero((codes[start:start + SLICE] >= part.low) & (codes[start:start + SLICE] < part.high)) + start
             for start in range(0, len(codes), SLICE)]
    at = np.concatenate(found) if found else np.zeros(0, np.int64)
    return at, np.searchsorted(texts.starts, at, side="right") - 1


def _pairs(part: Part, n: int, texts: Texts, at: Ints, documents: Ints) -> tuple[Keys, Keys]:
    """The part's (key, document) pairs for runs of n starting at the positions at (in the given
    documents), each once, sorted by key then document. A key is its characters' numbers as
    digits, its first less the part's low."""
    size = len(_corpus.alphabet) + 1
    keys = (texts.codes[at] - part.low).astype(np.uint64)
    docs = documents.astype(np.uint64)
    for j in range(1, n):
        following = texts.codes[at + j]
        held = following != 0
        at, docs, keys = at[held], docs[held], keys[held] * np.uint64(size) + following[held]
    if part.doc_bits:
        pairs = (keys << np.uint64(part.doc_bits)) | docs
        pairs.sort()
        pairs = pairs[_starts(pairs)]
        return pairs >> np.uint64(part.doc_bits), pairs & np.uint64((1 << part.doc_bits) - 1)
    order = np.argsort(keys, kind="stable")  # documents stay in order within a key
    keys, docs = keys[order], docs[order]
    fresh = _starts(keys) | _starts(docs)
    return keys[fresh], docs[fresh]


def _starts(values: Keys) -> NDArray[np.bool_]:
    """Where each run of equal values starts."""
    out = np.ones(len(values), bool)
    out[1:] = values[1:] != values[:-1]
    return out


def _encoded(part: Part, n: int, texts: Texts, at: Ints, documents: Ints, title: bool) -> tuple[Keys, Records]:
    """Each of the part's keys of n characters, and its record."""
    keys, found = _pairs(part, n, texts, at, documents)
    docs = found.astype(np.int64)
    firsts = np.flatnonzero(_starts(keys))
    counts = np.diff(np.append(firsts, len(keys)))
    first, last = docs[firsts], docs[firsts + counts - 1]
    bitmap = (counts * 8 > (last - first) + 8) & (not title)
    key_of = np.repeat(np.arange(len(counts)), counts)
    listed = ~bitmap[key_of]  # documents of keys listed as gaps
    previous = np.concatenate(([-1], docs[:-1]))
    previous[firsts] = -1
    gaps, gap_lengths = _varints((docs - previous - 1)[listed])
    gap_bytes = np.bincount(key_of[listed], weights=gap_lengths, minlength=len(counts)).astype(np.int64)
    heads, head_lengths = _varints(first[bitmap])  # a bitmap's first document, then its bits
    sizes = np.where(bitmap, (last - first) // 8 + 1, 0)
    offsets = np.cumsum(sizes) - sizes
    bits = np.zeros(int(sizes.sum()) * 8, bool)
    bits[(offsets[key_of] * 8 + docs - first[key_of])[~listed]] = True
    bitmaps = np.packbits(bits, bitorder="little")
    head_bytes = _spread(head_lengths, bitmap)
    name, name_lengths, hashes = _utf8(part, n, keys[firsts])
    kind = np.where(bitmap, BITMAP, TITLE if title else BODY).astype(np.uint8)
    count, count_lengths = _varints(counts)
    size, size_lengths = _varints(gap_bytes + head_bytes + sizes)
    ones = np.ones(len(counts), np.int64)
    data, lengths = _joined([
        (name_lengths.astype(np.uint8), ones), (name, name_lengths), (kind, ones), (count, count_lengths),
        (size, size_lengths), (heads, head_bytes), (gaps, gap_bytes), (bitmaps, sizes)])
    return keys[firsts], Records(data, lengths, hashes, np.full(len(counts), n, np.uint8))


def _spread(values: Ints, where: NDArray[np.bool_]) -> Ints:
    """values at the places where is true, 0 elsewhere."""
    out = np.zeros(len(where), np.int64)
    out[where] = values
    return out


def _varints(values: Ints) -> tuple[Bytes, Ints]:
    """Each value as a varint (seven bits a byte, low first, the top bit set on all but the last):
    the bytes one after another, and each one's length."""
    values = values.astype(np.int64)
    lengths = np.ones(len(values), np.int64)
    for shift in (7, 14, 21, 28, 35, 42, 49, 56):
        lengths += values >= (1 << shift)
    out = np.zeros(int(lengths.sum()), np.uint8)
    at = np.cumsum(lengths) - lengths
    for byte in range(int(lengths.max()) if len(values) else 0):
        more = lengths > byte
        out[at[more] + byte] = ((values[more] >> (7 * byte)) & 0x7F) | np.where(lengths[more] > byte + 1, 0x80, 0)
    return out, lengths


def _utf8(part: Part, n: int, keys: Keys) -> tuple[Bytes, Ints, NDArray[np.uint32]]:
    """The keys' UTF-8, each one's length, and its FNV-1a hash."""
    size = np.uint64(len(_corpus.alphabet) + 1)
    numbers = []
    for _ in range(n):
        numbers.append(keys % size)
        keys = keys // size
    numbers[-1] += np.uint64(part.low)
    points = _corpus.alphabet[np.stack(numbers[::-1], axis=1).astype(np.int64) - 1]  # keys × characters
    lengths = 1 + (points >= 0x80).astype(np.int64) + (points >= 0x800) + (points >= 0x10000)
    encoded = np.zeros((*points.shape, 4), np.uint32)  # each character's bytes, first first
    one, two, three, four = (lengths == 1), (lengths == 2), (lengths == 3), (lengths == 4)
    encoded[..., 0] = np.select([one, two, three, four], [points, 0xC0 | points >> 6, 0xE0 | points >> 12,
                                                          0xF0 | points >> 18])
    for byte in (1, 2, 3):
        shift = 6 * (lengths - 1 - byte)
        encoded[..., byte] = np.where(lengths > byte, 0x80 | (points >> np.maximum(shift, 0)) & 0x3F, 0)
    used = np.arange(4) < lengths[..., None]
    hashes = np.full(len(points), FNV_OFFSET, np.uint32)
    for char in range(n):
        for byte in range(4):
            mixed = (hashes ^ encoded[:, char, byte]) * np.uint32(FNV_PRIME)
            hashes = np.where(used[:, char, byte], mixed, hashes)
    return encoded[used].astype(np.uint8), lengths.sum(axis=1), hashes


def _joined(pieces: list[tuple[NDArray[np.uint8], Ints]]) -> tuple[Bytes, Ints]:
    """Records made of pieces: each piece is its bytes for every record one after another and
    each record's length of it. The records one after another, and each one's length."""
    lengths = sum(piece_lengths for _, piece_lengths in pieces)
    assert isinstance(lengths, np.ndarray)
    out = np.zeros(int(lengths.sum()), np.uint8)
    at = np.cumsum(lengths) - lengths
    for data, piece_lengths in pieces:
        if len(data):
            start = np.cumsum(piece_lengths) - piece_lengths
            out[np.repeat(at - start, piece_lengths) + np.arange(len(data))] = data
        at = at + piece_lengths
    return out, lengths


def _gather(data: Bytes, lengths: Ints, order: Ints) -> Bytes:
    """The records of data (each lengths long, one after another) in the given order."""
    starts = np.cumsum(lengths) - lengths
    taken = lengths[order]
    return data[np.repeat(starts[order] - (np.cumsum(taken) - taken), taken) + np.arange(int(taken.sum()))]


def by_bucket(found: Records, buckets: int) -> Iterator[tuple[int, bytes]]:
    """Each bucket that holds records (a key's bucket is its hash modulo buckets), with its
    records in their order, made a thousand buckets at a time."""
    bucket = found.hashes % np.uint32(buckets)
    order = np.argsort(bucket.astype(np.int64) * (GRAMS[-1] + 1) + found.grams, kind="stable")
    sizes = np.bincount(bucket, weights=found.lengths, minlength=buckets).astype(np.int64)
    records_in = np.cumsum(np.bincount(bucket, minlength=buckets))
    for low in range(0, buckets, 1024):
        high = min(low + 1024, buckets)
        data = _gather(found.data, found.lengths, order[records_in[low - 1] if low else 0:records_in[high - 1]])
        at = 0
        for n, size in enumerate(sizes[low:high].tolist(), low):
            if size:
                yield n, data[at:at + size].tobytes()
                at += size
