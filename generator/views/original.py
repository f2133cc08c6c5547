"""A report's original text as a page, cut into sentences with ids, and each figure of the
report located at the sentence that states it.

Locating is by the number itself (as written, thousands separators and spaces aside) and
then by how much of the figure's label the sentence shares; a figure whose number the text
never states gets no link rather than a wrong one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

from .. import urls
from ..domain import model as m
from ..domain.numbers import plain

_HEADING = re.compile(r"(#{1,6})\s+(.*)")
_SENTENCE = re.compile(r"[^。！？；]*(?:[。！？；]+[”’」）)]*|$)")
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d{3})")


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str


@dataclass(frozen=True)
class Block:
    level: int  # 0 for a paragraph, 1–6 for a heading
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Origin:
    """Where a figure is stated in the original: a sentence, and the words to highlight there."""

    sentence: str
    term: str

    def url(self, report_id: str) -> str:
        return f"{urls.original(report_id)}?hl={quote(self.term)}#{self.sentence}"


def blocks(text: str) -> tuple[Block, ...]:
    """Each non-empty line a block (the text keeps the document's own line breaks); a line
    starting with # marks a heading of the extracted text."""
    found: list[Block] = []
    count = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        heading = _HEADING.fullmatch(line)
        level, body = (len(heading[1]), heading[2]) if heading else (0, line)
        sentences = []
        for piece in _SENTENCE.findall(body):
            if piece:
                count += 1
                sentences.append(Sentence(f"s-{count}", piece))
        found.append(Block(min(level, 4), tuple(sentences)))
    return tuple(found)


def fold(text: str) -> str:
    """For matching only: full-width to half-width, no spaces, no thousands separators."""
    text = "".join(unicodedata.normalize("NFKC", text).split())
    return _DIGIT_COMMA.sub("", text)


def _number(text: str) -> re.Pattern[str]:
    """A number standing alone: not part of a longer number."""
    return re.compile(r"(?<![\d.])" + re.escape(text) + r"(?!\d|\.\d)")


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _labelled_figures(report: m.Report) -> Iterator[tuple[m.Figure, str]]:
    """Every figure with the words that name it: its label, or a grid's row and column."""
    for table in report.tables():
        if isinstance(table, m.GridTable):
            for row in table.rows:
                for column, cell in zip(table.columns, row.cells, strict=True):
                    if cell is not None:
                        yield cell, row.label + column
        else:
            for figure in table.figures:
                yield figure, figure.label


def _score(label: set[str], folded: str, before: str, start: int, end: int, unit: str) -> int:
    """How surely a number at folded[start:end] is the labelled figure: the label's words close
    around it count twice, anywhere in the sentence (or the one before) once, its unit after it 3."""
    near = (before + folded)[max(0, len(before) + start - 30):len(before) + end + 10]
    return (2 * len(label & _pairs(near)) + len(label & _pairs(before + folded))
            + (3 if folded[end:].startswith(unit) else 0))


def locate(report: m.Report, text_blocks: tuple[Block, ...]) -> dict[str, Origin]:
    """Each figure's sentence in the original, by figure id, where the text states it. A line
    break of the extracted text may cut a sentence, so the sentence before always counts too."""
    flat = [s for block in text_blocks for s in block.sentences]
    folded = [fold(s.text) for s in flat]
    # Each sentence's paragraph, whose lead-in often names what a later sentence counts.
    paragraphs = [_pairs(fold("".join(x.text for x in block.sentences)))
                  for block in text_blocks for _ in block.sentences]
    found: dict[str, Origin] = {}
    for figure, label in _labelled_figures(report):
        written = fold(figure.written) if figure.written else None
        number = plain(figure.value)
        pattern = _number(number)
        label_pairs = _pairs(fold(label))
        best = 0
        for index, text in enumerate(folded):
            before = folded[index - 1] if index else ""
            if written and written in text:
                term, score = written, 1000
            else:
                term = number
                score = max((_score(label_pairs, text, before, match.start(), match.end(), figure.unit)
                             for match in pattern.finditer(text)), default=0)
                named = len(label_pairs & paragraphs[index]) + len(label_pairs & _pairs(before))
                # A number with no word of its label around it is not linked: better none than a wrong one.
                score = 2 * score + named if named and score else 0
            if score > best:
                best = score
                found[figure.id] = Origin(flat[index].id, term)
    return found


@dataclass(frozen=True)
class Download:
    label: str
    url: str
    size: str


@dataclass(frozen=True)
class Original:
    """The original text page of one report."""

    report_id: str
    title: str
    report_url: str
    document: str  # the file name as the bureau published it
    blocks: tuple[Block, ...]
    downloads: tuple[Download, ...]


FORMATS = {"txt": "文本", "pdf": "PDF", "docx": "Word 文档", "html": "网页"}


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


def downloads(report_id: str, documents: tuple[m.SourceDocument, ...]) -> tuple[Download, ...]:
    return tuple(Download(FORMATS[d.suffix], urls.source_file(report_id, d.suffix), size_text(d.size))
                 for d in documents)
