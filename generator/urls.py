"""Every page URL, anchor and data-file path of the site, in one place.

The functions return paths relative to the site root ("reports/x/2023-evaluation/");
`Links` applies the base URL to them once, for templates and data files alike.
`output_file` says where a page path is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any


def home() -> str:
    return ""


def search() -> str:
    return "search/"


def not_found() -> str:
    return "404.html"


def bureaus() -> str:
    return "bureaus/"


def bureau(bureau_id: str) -> str:
    return f"bureaus/{bureau_id}/"


def report(report_id: str) -> str:
    return f"reports/{report_id}/"


def original(report_id: str) -> str:
    """A report's original text, cut into sentences a figure can link to."""
    return f"reports/{report_id}/original/"


def source_file(report_id: str, suffix: str) -> str:
    """A report's original document as published, for download. A web page is offered as its
    source text (.html.txt): served as HTML from the site's own address, its scripts would run."""
    return f"sources/{report_id}.{suffix}" + (".txt" if suffix == "html" else "")


def feed() -> str:
    return "feed.xml"


def about() -> str:
    return "about/"


def compare() -> str:
    return "compare/"


def compare_money() -> str:
    return "compare/money/"


def compare_money_year(year: int) -> str:
    return f"compare/money/{year}/"


def compare_indicators() -> str:
    return "compare/indicators/"


def measure(measure_id: str) -> str:
    return f"compare/{measure_id}/"


def compare_project(type_id: str) -> str:
    return f"compare/projects/{type_id}/"


def data() -> str:
    return "data/"


def report_data(report_id: str) -> str:
    return f"data/reports/{report_id.replace('/', '-')}.json"


def figures_csv() -> str:
    return "data/figures.csv"


def datapackage() -> str:
    return "data/datapackage.json"


def money_csv() -> str:
    return "data/money.csv"


def money_json() -> str:
    return "data/money.json"


def measure_csv(measure_id: str) -> str:
    return f"data/compare/{measure_id}.csv"


def measure_json(measure_id: str) -> str:
    return f"data/compare/{measure_id}.json"


ADMIN = "admin/"  # the web editor: Decap CMS's app, not one of the site's pages (outputs/admin.py)


def schema(file_name: str) -> str:
    return f"schema/{file_name}"


def sitemap() -> str:
    return "sitemap.xml"


def robots() -> str:
    return "robots.txt"


# ---- anchors on a report page ------------------------------------------------

def figure_anchor(figure_id: str) -> str:
    return f"fig-{figure_id}"


def bureau_row(bureau_id: str) -> str:
    """A bureau's row in the latest-values table of a measure's page."""
    return f"bureau-{bureau_id}"


def measure_for(measure_id: str, bureau_id: str) -> str:
    """A measure's page opened for one bureau: its values picked out, its row in view."""
    return f"{measure(measure_id)}?bureau={bureau_id}#{bureau_row(bureau_id)}"


def check_anchor(figure_id: str, kind: str = "") -> str:
    """The 数字核对 entry for a figure; a recorded conflict and the project form's score checks
    (one figure can have two) have their own."""
    return f"check-{figure_id}" if kind in ("", "sum", "ratio", "score-total") else f"check-{figure_id}-{kind}"


def heading_anchors(headings: Iterable[str]) -> list[str]:
    """Ids for a report's narrative headings, made of their own words so a search result's link
    into a section survives edits elsewhere; a repeated heading gets -2, -3."""
    seen: dict[str, int] = {}
    anchors = []
    for heading in headings:
        anchor = "text-" + (re.sub(r"\W+", "-", heading).strip("-") or "section")
        seen[anchor] = seen.get(anchor, 0) + 1
        anchors.append(anchor if seen[anchor] == 1 else f"{anchor}-{seen[anchor]}")
    return anchors


def with_anchor(path: str, anchor: str) -> str:
    return f"{path}#{anchor}"


# Sections of the report page that other pages link to.
MONEY_SECTION, TARGETS_SECTION, SCORE_SECTION = "money", "targets", "score"
SCORE_FIGURE = "score"  # the score's figure id, in comparisons and on its report page


class Anchors:
    """The anchors above, for templates: `anchor.figure(id)`, `anchor.money`."""

    figure = staticmethod(figure_anchor)
    check = staticmethod(check_anchor)
    bureau_row = staticmethod(bureau_row)
    money, targets, score, score_figure = MONEY_SECTION, TARGETS_SECTION, SCORE_SECTION, SCORE_FIGURE


def output_file(path: str) -> str:
    """The file a page path is written to: a folder path gets an index.html."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def page_path(output: str) -> str:
    """The inverse of output_file: the URL path of a written page."""
    return output.removesuffix("index.html")


_PATHS: dict[str, Callable[..., str]] = {
    f.__name__: f for f in (home, search, not_found, bureaus, bureau, report, original, source_file, feed, about,
                            compare, compare_money, compare_money_year, compare_indicators, measure, measure_for,
                            compare_project,
                            data, money_csv, money_json, report_data, figures_csv, datapackage, measure_csv,
                            measure_json, schema, sitemap, robots)
}


class Links:
    """The path functions above with the base URL applied: `links.report(id)` → "/jixiao/reports/…/"."""

    def __init__(self, base: str) -> None:
        self.base = base

    def href(self, path: str) -> str:
        """Any site-relative path (a view model's url) as a link."""
        return self.base + path

    def __getattr__(self, name: str) -> Callable[..., str]:
        path_of = _PATHS[name]

        def link(*args: Any, anchor: str | None = None) -> str:
            path = path_of(*args)
            return self.base + (with_anchor(path, anchor) if anchor else path)

        return link
