"""Figures in a published text, each with its sentence and the characters beside it.

Used to write tests/fidelity/*.tsv from tests/fixtures/sources and, in the tests,
to check that those lists are complete and that every figure reaches its page.
"""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass
from pathlib import Path

FIDELITY_DIR = Path(__file__).parent / "fidelity"
SOURCES_DIR = Path(__file__).parent / "fixtures" / "sources"  # the published texts, copied from shared/

# source text file -> built page of the report it became
REPORTS = {
    "2023-guangzhou-liwan-self-evaluation": "reports/guangzhou-liwan/2023-self-evaluation/index.html",
    "2022-guangzhou-zengcheng-evaluation": "reports/guangzhou-zengcheng/2022-evaluation/index.html",
    "2021-guangzhou-baiyun-self-evaluation": "reports/guangzhou-baiyun/2021-self-evaluation/index.html",
    "2020-zhanjiang-city-self-evaluation": "reports/zhanjiang/2020-self-evaluation/index.html",
    "2024-guangzhou-city-budget-targets": "reports/guangzhou/2024-budget-targets/index.html",
}

FIGURE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
CELL = "|"  # stands where a table cell or a page element ends
_LATEX = [(r"\geq", "≥"), (r"\leq", "≤"), (r"\%", "%"), ("$", "")]
_CONTEXT = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef%‰“”《》≥≤]")


def normalise_source(text: str) -> str:
    """One line of text as a reader sees it: PDF line breaks, spaces and LaTeX gone."""
    for latex, plain in _LATEX:
        text = text.replace(latex, plain)
    text = re.sub(r"^(.*\t.*)$", r"\1" + CELL, text, flags=re.M)  # a table row ends a cell
    text = text.replace("\t", CELL)
    text = re.sub(r"^#+ *|\*\*", "", text, flags=re.M)
    text = re.sub(r"(?<=\d)\s+(?=\d)", CELL, text)  # two numbers stay two numbers
    return re.sub(r"\s+", "", text)


def normalise_page(page_html: str) -> str:
    """The text of a built page's main part: no tags, spaces or thousands separators."""
    body = page_html[page_html.index("<main"):page_html.index("</main>")]
    text = re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", "", body)))
    return re.sub(r"(?<=\d),(?=\d{3})", "", text)


@dataclass(frozen=True)
class Figure:
    figure: str   # as published, with its own separators
    before: str   # the character before it, when that is text rather than a table edge
    after: str
    sentence: str

    def needle(self) -> str:
        return self.before + self.figure.replace(",", "") + self.after


def extract(text: str) -> list[Figure]:
    flat = normalise_source(text)
    found = []
    for match in FIGURE.finditer(flat):
        start, end = match.span()
        before = flat[start - 1] if start and _CONTEXT.match(flat[start - 1]) else ""
        after = flat[end] if end < len(flat) and _CONTEXT.match(flat[end]) else ""
        if flat[end:end + 1] in (".", "、") and end + 1 < len(flat):
            # an item label such as "1." belongs with what follows, not with the heading before
            before, after = "", flat[end:end + 2]
        left = max(flat.rfind(d, 0, start) for d in "。；！？|") + 1
        rights = [i for i in (flat.find(d, end) for d in "。；！？|") if i >= 0]
        right = min(rights) + 1 if rights else len(flat)
        found.append(Figure(match.group(), before, after, flat[left:right].strip(CELL)))
    return found


def read_list(path: Path) -> list[Figure]:
    with path.open(encoding="utf-8", newline="") as f:
        return [Figure(**row) for row in csv.DictReader(f, delimiter="\t")]


def write_list(path: Path, figures: list[Figure]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, ["figure", "before", "after", "sentence"], delimiter="\t",
                                lineterminator="\n")
        writer.writeheader()
        for figure in figures:
            writer.writerow(figure.__dict__)


if __name__ == "__main__":  # python -m tests.fidelity_support: rewrite the lists
    for stem in REPORTS:
        figures = extract((SOURCES_DIR / f"{stem}.txt").read_text("utf-8"))
        write_list(FIDELITY_DIR / f"{stem}.tsv", figures)
        print(f"{stem}: {len(figures)} figures")
