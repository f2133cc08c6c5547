"""The site's page families, each declared once: its pages (path, template and all each page
shows) and, if search offers it, the 页面类型 it is filed under and the shard a page joins.
`render.pages` makes the pages, `searchable_pages` the search list and `render.search_facets`
the 页面类型 filter from this table alone; a template declares the filter with `search_type`.
A new page type is one entry here, its view and its template."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .. import urls
from ..views.compare import Comparison
from ..views.regions import by_region
from ..views.site import Site


@dataclass(frozen=True)
class Page:
    path: str  # its URL path under the site
    template: str
    context: dict[str, Any]  # everything it shows, and so its inputs
    searched: bool = True  # in a family search offers: this page too


@dataclass(frozen=True)
class Prepared:
    """What pages show beyond the site's views: made once per build by the renderer."""

    money_rows: tuple[tuple[int, str, str], ...]  # (year, level group, rendered row) of the money table
    money_page_rows: int  # more rows than this, and the table is a page per year (Config)
    search_index: str = "search-index/"
    t2s: str = ""  # the traditional-to-simplified table's path
    facets: tuple[tuple[str, str, tuple[str, ...]], ...] = ()


def _other_pages(page: Page) -> str:
    return "pages"


@dataclass(frozen=True)
class Family:
    pages: Callable[[Site, Comparison, Prepared], Iterable[Page]]
    search_type: str | None = None  # the 页面类型 search files its pages under; None: not searched
    search_group: Callable[[Page], str] = field(default=_other_pages)  # the shard group of a page


def _money(site: Site, comparison: Comparison, made: Prepared) -> Iterable[Page]:
    """One page while the table is short; past made.money_page_rows, a page per year (newest
    first) under an index of the years, so no page holds a province's every report. On each,
    the rows by level group (区县级 apart from 市级), with links between them. Search offers the
    index, not the tables, which name every bureau."""
    columns, rows = comparison.money_columns, made.money_rows
    if len(rows) <= made.money_page_rows:
        yield Page(urls.compare_money(), "compare_money.html",
                   {"columns": columns, "groups": _by_group(rows), "years": (), "year": None})
        return
    by_year: dict[int, list[tuple[int, str, str]]] = {}
    for row in rows:
        by_year.setdefault(row[0], []).append(row)
    years = tuple(sorted(((y, len(r)) for y, r in by_year.items()), reverse=True))
    yield Page(urls.compare_money(), "compare_money.html", {"columns": columns, "groups": (), "years": years,
                                                           "year": None})
    for year, _ in years:
        yield Page(urls.compare_money_year(year), "compare_money.html",
                   {"columns": columns, "groups": _by_group(by_year[year]), "years": years, "year": year},
                   searched=False)


def _by_group(rows: Iterable[tuple[int, str, str]]) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(level group, its anchor, its rendered rows), the groups in a fixed order."""
    grouped: dict[str, list[str]] = {}
    for _, group, html in rows:
        grouped.setdefault(group, []).append(html)
    return tuple((group, f"level-{n}", tuple(grouped[group]))
                 for n, group in enumerate(sorted(grouped), 1))


FAMILIES: dict[str, Family] = {
    "report": Family(lambda site, comparison, made: (
        Page(p.head.url, p.head.kind.template, {"report": p, "peers": comparison.peers.get(p.head.id, {})})
        for p in site.pages), "报告", lambda page: str(page.context["report"].head.year)),
    "bureau": Family(lambda site, comparison, made: (
        Page(b.link.url, "bureau.html", {"bureau": b, "trend": comparison.trends.get(b.link.id)})
        for b in site.bureaus), "机构"),
    "money": Family(_money, "比较指标"),
    "indicators": Family(lambda site, comparison, made: [
        Page(urls.compare_indicators(), "compare_indicators.html", {"achievements": comparison.achievements})],
        "比较指标"),
    "measure": Family(lambda site, comparison, made: (
        Page(t.url, "compare_measure.html", {"table": t}) for t in comparison.measures), "比较指标"),
    "project-type": Family(lambda site, comparison, made: (
        Page(c.url, "compare_project.html", {"project": c}) for c in comparison.projects), "比较指标"),
    "home": Family(lambda site, comparison, made: [Page(urls.home(), "index.html", {
        "bureaus": site.bureaus, "regions": by_region(site.bureaus), "latest": site.summaries[:10],
        "report_count": len(site.summaries)})]),
    "search": Family(lambda site, comparison, made: [Page(urls.search(), "search.html", {
        "search_index": made.search_index, "t2s": made.t2s, "facets": made.facets})]),
    "not-found": Family(lambda site, comparison, made: [Page(urls.not_found(), "404.html", {})]),
    "about": Family(lambda site, comparison, made: [Page(urls.about(), "about.html", {})]),
    "bureaus": Family(lambda site, comparison, made: [Page(urls.bureaus(), "bureaus.html",
                                                           {"bureaus": site.bureaus,
                                                            "regions": by_region(site.bureaus)})]),
    "compare": Family(lambda site, comparison, made: [Page(urls.compare(), "compare_index.html",
                                                           {"themes": comparison.by_theme(),
                                                            "projects": comparison.projects})]),
    "data": Family(lambda site, comparison, made: [Page(urls.data(), "data_index.html", {
        "reports": site.summaries, "measures": tuple((t.id, t.name) for t in comparison.measures)})]),
}


def search_types() -> tuple[str, ...]:
    """The 页面类型 values search filters by, in the registry's order."""
    return tuple(dict.fromkeys(f.search_type for f in FAMILIES.values() if f.search_type))


def searchable_pages(site: Site, comparison: Comparison, made: Prepared) -> dict[str, list[str]]:
    """The page files search offers, by shard group (reports by year; the other pages together)."""
    groups: dict[str, list[str]] = {}
    for family in FAMILIES.values():
        if family.search_type is None:
            continue
        for page in family.pages(site, comparison, made):
            if page.searched:
                groups.setdefault(family.search_group(page), []).append(urls.output_file(page.path))
    return groups
