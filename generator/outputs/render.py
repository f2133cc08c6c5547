"""The site's pages: view models rendered with Jinja, each page described first as an Output."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .. import urls
from ..config import Config
from ..kinds import KINDS
from ..loading.files import read_regular
from ..loading.sources import MAX_SOURCE_BYTES, SourceDocument, read_text
from ..memo import Memo
from ..views.compare import LEVEL_GROUPS, Comparison
from ..views.feed import feed_entries, feed_id
from ..views.original import Download, blocks
from ..views.site import Report, ReportPage, ReportSummary, Site
from .families import FAMILIES, Prepared, search_types
from .output import Output
from .t2s import t2s_output


@dataclass(frozen=True)
class Asset:
    source: Path
    output: str  # path under the site root, fingerprinted


def fingerprinted_assets(templates_dir: Path) -> dict[str, Asset]:
    """Static files (templates_dir/static) named by a hash of their bytes, so they can be cached for a year."""
    assets = {}
    for path in sorted((templates_dir / "static").iterdir()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        assets[path.name] = Asset(path, f"assets/{path.stem}.{digest}{path.suffix}")
    return assets


def environment(config: Config, assets: dict[str, Asset]) -> Environment:
    """config.repository_url: where readers report an error (the content's git repository), if known."""
    base, site_url, repository_url = config.base, config.site_url, config.repository_url
    env = Environment(
        loader=FileSystemLoader(config.templates_dir),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    links = urls.Links(base)
    env.globals.update(base=base, site_url=site_url.rstrip("/"), repository_url=repository_url.rstrip("/"),
                       operator=config.operator, contact=config.contact, contact_href=contact_href(config.contact),
                       url=links, anchor=urls.Anchors,
                       asset=lambda name: links.href(assets[name].output))
    return env


def contact_href(contact: str) -> str | None:
    """A link for the operator's contact: an e-mail address or an https:// address; else none."""
    if re.fullmatch(r"[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}", contact):
        return "mailto:" + contact
    if re.fullmatch(r"https://[^\s<>\"'\\]+", contact):
        return contact
    return None


def render_page(env: Environment, path: str, template: str, **context: Any) -> str:
    """A report page's view is made here, as the page is rendered (views.site.ReportPage)."""
    shown = {name: value.view() if isinstance(value, ReportPage) else value for name, value in context.items()}
    return env.get_template(template).render(page_url=path, **shown)


def render_report_page(report: Report, config: Config, peers: Mapping[str, str] | None = None) -> str:
    """One report's page on its own. peers: where its compared figures stand (by figure id), as the
    last full build compared them."""
    env = environment(config, fingerprinted_assets(config.templates_dir))
    return render_page(env, report.url, report.kind.template, report=report, peers=peers or {},
                       search_type=FAMILIES["report"].search_type)


def prepare(site: Site, comparison: Comparison, env: Environment, memo: Memo, money_page_rows: int) -> Prepared:
    """What pages show beyond the views. The money table has a row per report: its rows are
    rendered here, each kept in memo while unchanged, so an edit re-renders one row rather than
    ten thousand."""
    money_row = env.get_template("_compare.html").module.money_row  # type: ignore[attr-defined]
    columns = comparison.money_columns
    money_rows = tuple((row.report.year, LEVEL_GROUPS[row.report.bureau.level],
                        memo.get(("money-row", row.report.id), (row, columns),
                                 functools.partial(money_row, row, columns)))
                       for row in comparison.money)
    return Prepared(money_rows, money_page_rows, facets=search_facets(site))


def pages(site: Site, comparison: Comparison, env: Environment, made: Prepared,
          sources: Mapping[str, tuple[SourceDocument, ...]] | None = None) -> list[Output]:
    """Every page of the site, not yet rendered: each family's pages (families.py), the
    originals, the feed, the sitemap. Each page's context is all it shows and its inputs: a page
    whose context compares equal to last build's need not be rendered again."""
    t2s = t2s_output()
    made = replace(made, t2s=t2s.path)

    def page(path: str, template: str, **context: Any) -> Output:
        return Output(urls.output_file(path), (template, context),
                      functools.partial(render_page, env, path, template, **context))

    listed = [page(p.path, p.template, **p.context, **({"search_type": family.search_type}
                                                        if family.search_type else {}))
              for family in FAMILIES.values() for p in family.pages(site, comparison, made)]
    listed += source_outputs(site, sources or {}, env)
    entries = feed_entries(site)
    feed = env.get_template("feed.xml")
    listed.append(Output(urls.feed(), entries, lambda: feed.render(entries=entries, feed_id=feed_id())))
    page_urls = tuple(sorted(urls.page_path(p.path) for p in listed if p.path.endswith("index.html")))
    sitemap = env.get_template("sitemap.xml")
    robots = env.get_template("robots.txt")
    # A sitemap must list absolute URLs: without the site's address there is none.
    has_address = bool(env.globals["site_url"])
    maps = [Output(urls.sitemap(), page_urls, lambda: sitemap.render(urls=page_urls))] if has_address else []
    return [*listed, t2s, *maps, Output(urls.robots(), (), robots.render)]


def render_original(env: Environment, report: ReportSummary, document: SourceDocument, name: str,
                    downloads: tuple[Download, ...], published_at: str | None) -> str:
    """The text is read and cut only when the page is made: a large site's texts are never all in memory.
    published_at: the original file's address on the bureau's site, where the report gives it."""
    return render_page(env, urls.original(report.id), "original.html", report=report, document=name,
                       blocks=blocks(read_text(document)), downloads=downloads, published_at=published_at)


def source_outputs(site: Site, sources: Mapping[str, tuple[SourceDocument, ...]], env: Environment) -> list[Output]:
    """Each report's original documents as published, and the page of its original text. The
    page's inputs are what it shows, so an edit to the report's figures leaves it alone."""
    outputs = []
    for report, summary in zip(site.reports, site.summaries, strict=True):
        for document in sources.get(report.id, ()):
            # Read as a regular file again: a link swapped in since it was screened is not followed.
            outputs.append(Output(urls.source_file(report.id, document.suffix), (document,),
                                  functools.partial(read_regular, document.path, MAX_SOURCE_BYTES)))
            if document.is_text:
                context = (summary, document, report.source.document, report.downloads, report.source.url)
                outputs.append(Output(urls.output_file(urls.original(report.id)), ("original.html", *context),
                                      functools.partial(render_original, env, *context)))
    return outputs


def search_facets(site: Site) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The search page's filters, as (URL parameter, filter name, values): the same values the
    pages declare with data-search-filter."""
    used_kinds = {r.kind.id for r in site.summaries}
    return (
        ("type", "页面类型", search_types()),
        ("year", "年度", tuple(str(y) for y in sorted({r.year for r in site.summaries}, reverse=True))),
        ("kind", "报告类型", tuple(k.label for k in KINDS.values() if k.id in used_kinds)),
        ("bureau", "机构", tuple(b.link.name for b in site.bureaus)),  # full names: never two alike
    )
