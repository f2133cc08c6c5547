"""Render the site's view models with Jinja into a mapping of output path → text."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
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


def render_pages(site: Site, comparison: Comparison, base: str = "/", site_url: str = "",
                 assets: dict[str, Asset] | None = None,
                 search_bundles: tuple[str, ...] = ("pagefind/",)) -> Iterator[tuple[str, str]]:
    """Every page of the site, one at a time (a large site need not be held in memory whole),
    as (path relative to the output directory, text)."""
    env = environment(base, site_url, assets or fingerprinted_assets())
    page_urls: list[str] = []

    def page(path: str, template: str, **context: Any) -> tuple[str, str]:
        output = urls.output_file(path)
        if output.endswith("index.html"):
            page_urls.append(urls.page_path(output))
        return output, render_page(env, path, template, site=site, comparison=comparison, **context)

    yield page(urls.home(), "index.html")
    yield page(urls.search(), "search.html", search_bundles=search_bundles)
    yield page(urls.not_found(), "404.html")
    yield page(urls.bureaus(), "bureaus.html")
    for bureau in site.bureaus:
        yield page(bureau.link.url, "bureau.html", bureau=bureau, trend=comparison.trends.get(bureau.link.id))
    for report in site.reports:
        yield page(report.url, report.kind.template, report=report)
    yield page(urls.compare(), "compare_index.html")
    yield page(urls.compare_money(), "compare_money.html")
    yield page(urls.compare_indicators(), "compare_indicators.html")
    for table in comparison.measures:
        yield page(table.url, "compare_measure.html", table=table)
    yield page(urls.data(), "data_index.html")
    yield urls.sitemap(), env.get_template("sitemap.xml").render(urls=sorted(page_urls))
    yield urls.robots(), env.get_template("robots.txt").render()


def render_site(site: Site, comparison: Comparison, base: str = "/", site_url: str = "",
                assets: dict[str, Asset] | None = None,
                search_bundles: tuple[str, ...] = ("pagefind/",)) -> dict[str, str]:
    """Every page of the site at once; keys are paths relative to the output directory."""
    return dict(render_pages(site, comparison, base, site_url, assets, search_bundles))
