"""Render the site's view models with Jinja into a mapping of output path → text."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .. import urls
from ..paths import TEMPLATES_DIR
from ..views.compare import Comparison
from ..views.site import Report, Site

STATIC_DIR = TEMPLATES_DIR / "static"


@dataclass(frozen=True)
class Asset:
    source: Path
    output: str  # path under the site root, fingerprinted


def fingerprinted_assets() -> dict[str, Asset]:
    """Static files named by a hash of their bytes, so they can be cached for a year."""
    assets = {}
    for path in sorted(STATIC_DIR.iterdir()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        assets[path.name] = Asset(path, f"assets/{path.stem}.{digest}{path.suffix}")
    return assets


def environment(base: str, site_url: str, assets: dict[str, Asset]) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    links = urls.Links(base)
    env.globals.update(base=base, site_url=site_url.rstrip("/"), url=links, anchor=urls.Anchors,
                       asset=lambda name: links.href(assets[name].output))
    return env


def render_page(env: Environment, path: str, template: str, **context: Any) -> str:
    return env.get_template(template).render(page_url=path, **context)


def render_report_page(report: Report, base: str, site_url: str) -> str:
    """One report's page on its own: it needs nothing else of the site."""
    env = environment(base, site_url, fingerprinted_assets())
    return render_page(env, report.url, report.kind.template, report=report)


def render_site(site: Site, comparison: Comparison, base: str = "/", site_url: str = "",
                assets: dict[str, Asset] | None = None,
                search_bundles: tuple[str, ...] = ("pagefind/",)) -> dict[str, str]:
    """Every page of the site; keys are paths relative to the output directory."""
    env = environment(base, site_url, assets or fingerprinted_assets())
    pages: dict[str, str] = {}

    def page(path: str, template: str, **context: Any) -> None:
        pages[urls.output_file(path)] = render_page(env, path, template, site=site, comparison=comparison,
                                                    **context)

    page(urls.home(), "index.html")
    page(urls.search(), "search.html", search_bundles=search_bundles)
    page(urls.not_found(), "404.html")
    page(urls.bureaus(), "bureaus.html")
    for bureau in site.bureaus:
        page(bureau.link.url, "bureau.html", bureau=bureau, trend=comparison.trends.get(bureau.link.id))
    for report in site.reports:
        page(report.url, report.kind.template, report=report)
    page(urls.compare(), "compare_index.html")
    page(urls.compare_money(), "compare_money.html")
    page(urls.compare_indicators(), "compare_indicators.html")
    for table in comparison.measures:
        page(table.url, "compare_measure.html", table=table)
    page(urls.data(), "data_index.html")
    page_urls = sorted(urls.page_path(p) for p in pages if p.endswith("index.html"))
    pages[urls.sitemap()] = env.get_template("sitemap.xml").render(urls=page_urls)
    pages[urls.robots()] = env.get_template("robots.txt").render()
    return pages
