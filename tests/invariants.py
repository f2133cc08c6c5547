"""What holds for any valid content: the checks the real content/ is held to.

They count nothing and name no report, so an editor who adds a valid report,
a new year or a new bureau keeps them true.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from generator import urls
from generator.checks.validate import Validation
from generator.domain.numbers import grouped
from generator.outputs.links import broken_links, html_pages
from generator.views.compare import NOT_COLLECTED, NOT_DISCLOSED

GAPS = (NOT_DISCLOSED, NOT_COLLECTED)


class PageParser(HTMLParser):
    """Links, ids with the text inside them, inline scripts and styles, and the page language."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.inline: list[str] = []
        self.lang: str | None = None
        self.text_by_id: dict[str, list[str]] = {}
        self._stack: list[tuple[str, str | None]] = []  # open elements: (tag, id)

    @property
    def ids(self) -> set[str]:
        return set(self.text_by_id)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(values[name])
        if tag == "script" and "src" not in values:
            self.inline.append("script")
        if tag == "style" or "style" in values or any(name.startswith("on") for name in values):
            self.inline.append(f"{tag} {sorted(values)}")
        if "id" in values:
            self.text_by_id.setdefault(values["id"], [])
        if tag not in self.VOID:
            self._stack.append((tag, values.get("id")))

    def handle_endtag(self, tag):
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, element_id in self._stack:
            if element_id:
                self.text_by_id[element_id].append(data)


def parse(page: Path) -> PageParser:
    parser = PageParser()
    parser.feed(page.read_text("utf-8"))
    return parser


def check_every_page_is_chinese_without_inline_code(site: Path) -> int:
    pages = html_pages(site)
    for page in pages:
        parsed = parse(page)
        assert parsed.lang == "zh-CN", page
        assert not parsed.inline, (page, parsed.inline[:3])
    return len(pages)


def check_links_and_anchors_resolve(site: Path, base: str = "/") -> int:
    """Every internal link leads to a file, and every #anchor to an id on that page."""
    broken, checked = broken_links(site, base)
    assert not broken, broken[:5]
    return checked


def check_every_figure_is_on_its_page(site: Path, validation: Validation) -> int:
    """Each figure has its anchor on its report page, showing its value as published."""
    checked = 0
    for report in validation.content.models():
        page = parse(site / urls.output_file(urls.report(report.id)))
        for figure in report.figures():
            anchor = urls.figure_anchor(figure.id)
            assert anchor in page.ids, (report.id, figure.id)
            shown = "".join(page.text_by_id[anchor])
            assert (figure.written or grouped(figure.value)) in shown, (report.id, figure.id, shown[:80])
            checked += 1
    return checked


class _TableRows(HTMLParser):
    """The rows of one table (by id) as cell texts, the first line of each cell."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id, self.inside, self.rows, self.cell = table_id, False, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = []
        elif self.inside and tag in ("small", "br") and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).split("\n")[0].strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(page: Path, table_id: str) -> list[list[str]]:
    parser = _TableRows(table_id)
    parser.feed(page.read_text("utf-8"))
    return parser.rows


def check_comparison_downloads_equal_the_pages(site: Path) -> int:
    """Each measure's CSV, JSON and page tables hold the same values; a gap is never 0. The page's
    by-year grid leaves out bureaus and years with nothing disclosed; the downloads keep them."""
    checked = 0
    for data_file in sorted((site / "data/compare").glob("*.json")):
        measure_id = data_file.stem
        data = json.loads(data_file.read_text("utf-8"))
        rows = list(csv.reader(io.StringIO((site / urls.measure_csv(measure_id)).read_text("utf-8-sig"))))
        page = site / urls.output_file(urls.measure(measure_id))
        grid = table_rows(page, "compare-table")
        page_years = [int(h[:4]) for h in grid[0][2:]] if grid else []
        grid_rows = iter(grid[1:])
        latest = {r[0]: r for r in table_rows(page, "latest-table")[1:]}
        assert len(rows) - 1 == len(data["rows"]), measure_id
        for csv_row, json_row in zip(rows[1:], data["rows"], strict=True):
            values = json_row["values"]
            if all("missing" in v for v in values.values()):
                continue  # never disclosed: named under the latest table, not a row of the grid
            page_row = next(grid_rows)
            newest = max(int(y) for y, v in values.items() if "missing" not in v)
            assert latest[page_row[0]][3] == str(newest), (measure_id, page_row[0])
            for year, csv_value in zip(data["years"], csv_row[2:], strict=True):
                value = values[str(year)]
                if year not in page_years:
                    assert "missing" in value, (measure_id, year)  # a collapsed year held nothing
                    continue
                shown = page_row[2 + page_years.index(year)]
                if "missing" in value:
                    assert shown == csv_value == value["missing"] and shown in GAPS, (measure_id, year)
                else:
                    assert csv_value == value["value"] and shown not in GAPS, (measure_id, year)
                    assert re.sub(r"[,\s]|※核对.*", "", shown).startswith(value["text"].replace(",", "")) \
                        or shown.startswith(value["text"]), (measure_id, year, shown)
                checked += 1
        assert next(grid_rows, None) is None, measure_id
    return checked


def check_site(site: Path, validation: Validation) -> dict[str, int]:
    """Every invariant, with how many things each one checked (none may be zero)."""
    assert validation.ok
    counts = {
        "pages": check_every_page_is_chinese_without_inline_code(site),
        "links": check_links_and_anchors_resolve(site),
        "figures": check_every_figure_is_on_its_page(site, validation),
        "comparison cells": check_comparison_downloads_equal_the_pages(site),
    }
    assert all(counts.values()), counts
    return counts
