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
from ..loading.sources import SourceDocument

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
    page: int = 0  # where a page of the document begins (text extracted from a PDF marks them with form feeds)


@dataclass(frozen=True)
class Origin:
    """Where a figure is stated in the original: a sentence, and the words to highlight there."""

    sentence: str
    term: str

    def url(self, report_id: str) -> str:
        return f"{urls.original(report_id)}?hl={quote(self.term)}#{self.sentence}"


def blocks(text: str) -> tuple[Block, ...]:
    """Each non-empty line a block (the text keeps the document's own line breaks); a line
    starting with # marks a heading of the extracted text; a form feed starts a page."""
    found: list[Block] = []
    count = 0
    pages = text.split("\f")
    lines = [(n, line) for n, page in enumerate(pages, 1) for line in [None, *page.splitlines()]]
    for page, line in lines:
        if line is None:
            if len(pages) > 1:
                found.append(Block(0, (), page))
            continue
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


def char_pairs(text: str) -> set[str]:
    """A text's words, roughly: its overlapping pairs of characters (Chinese has no spaces)."""
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


_NUMBERS = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?!\d|\.\d)")  # whole numbers only: 87.17, never 7.17 in it


@dataclass(frozen=True)
class _Text:
    """The original cut for locating: sentences folded, their words as character pairs, and
    where each number stands. Built once per text, so each figure costs a lookup."""

    ids: tuple[str, ...]
    folded: tuple[str, ...]
    context: tuple[set[str], ...]  # pairs of the sentence and the one before it
    before: tuple[set[str], ...]  # pairs of the sentence before
    paragraph: tuple[set[str], ...]  # pairs of the sentence's whole line
    numbers: dict[str, list[tuple[int, int, int]]]  # number → (sentence, start, end)


def _text(text_blocks: tuple[Block, ...]) -> _Text:
    flat = [s for block in text_blocks for s in block.sentences]
    folded = tuple(fold(s.text) for s in flat)
    before = ("", *folded[:-1])
    numbers: dict[str, list[tuple[int, int, int]]] = {}
    for index, text in enumerate(folded):
        for match in _NUMBERS.finditer(text):
            numbers.setdefault(match[0], []).append((index, match.start(), match.end()))
    # Each sentence's paragraph, whose lead-in often names what a later sentence counts.
    paragraphs = [char_pairs(fold("".join(x.text for x in block.sentences))) for block in text_blocks
                  for _ in block.sentences]
    context = tuple(char_pairs(b + f) for b, f in zip(before, folded, strict=True))
    return _Text(tuple(s.id for s in flat), folded, context, tuple(char_pairs(b) for b in before),
                 tuple(paragraphs), numbers)


def _score(label: set[str], text: _Text, index: int, start: int, end: int, unit: str) -> int:
    """How surely the number at folded[index][start:end] is the labelled figure: the label's
    words close around it count twice, in the sentence or the one before once, its unit after
    it 3; then doubled, plus its words anywhere in the line. A number with no word of its
    label around it scores 0 and is not linked: better no link than a wrong one."""
    before = text.folded[index - 1] if index else ""
    folded = text.folded[index]
    near = (before + folded)[max(0, len(before) + start - 30):len(before) + end + 10]
    score = (2 * len(label & char_pairs(near)) + len(label & text.context[index])
             + (3 if folded[end:].startswith(unit) else 0))
    named = len(label & text.paragraph[index]) + len(label & text.before[index])
    return 2 * score + named if named and score else 0


def locate(report: m.Report, text_blocks: tuple[Block, ...]) -> dict[str, Origin]:
    """Each figure's sentence in the original, by figure id, where the text states it. A line
    break of the extracted text may cut a sentence, so the sentence before always counts too."""
    text = _text(text_blocks)
    found: dict[str, Origin] = {}
    for figure, label in _labelled_figures(report):
        if figure.written:
            written = fold(figure.written)
            index = next((i for i, t in enumerate(text.folded) if written in t), None)
            if index is not None:
                found[figure.id] = Origin(text.ids[index], written)
                continue
        number = plain(figure.value)
        label_pairs = char_pairs(fold(label))
        best = 0
        for index, start, end in text.numbers.get(number, ()):
            score = _score(label_pairs, text, index, start, end, figure.unit)
            if score > best:
                best = score
                found[figure.id] = Origin(text.ids[index], number)
    return found


@dataclass(frozen=True)
class Download:
    label: str
    url: str
    size: str


FORMATS = {"txt": "文本", "pdf": "PDF", "docx": "Word 文档", "xlsx": "Excel 表格",
           "html": "网页（HTML 源代码，以纯文本提供）"}


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


def downloads(report_id: str, documents: tuple[SourceDocument, ...]) -> tuple[Download, ...]:
    return tuple(Download(FORMATS[d.suffix], urls.source_file(report_id, d.suffix), size_text(d.size))
                 for d in documents)
