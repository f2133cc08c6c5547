"""Render the site model with Jinja into a mapping of output path → text."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .compare import Comparison
from .model import Site
from .paths import TEMPLATES_DIR

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
    env.globals.update(base=base, site_url=site_url.rstrip("/"),
                       asset=lambda name: base + assets[name].output)
    return env


def render_site(site: Site, comparison: Comparison, base: str = "/", site_url: str = "") -> dict[str, str]:
    """Every page of the site; keys are paths relative to the output directory."""
    assets = fingerprinted_assets()
    env = environment(base, site_url, assets)
    pages: dict[str, str] = {}

    def page(path: str, template: str, **context) -> None:
        url = path.removesuffix("index.html")
        pages[path] = env.get_template(template).render(site=site, comparison=comparison, page_url=url,
                                                        **context)

    page("index.html", "index.html")
    page("search/index.html", "search.html")
    page("404.html", "404.html")
    page("bureaus/index.html", "bureaus.html")
    for bureau in site.bureaus:
        page(f"{bureau.link.url}index.html", "bureau.html", bureau=bureau,
             trend=comparison.trends.get(bureau.link.id))
    for report in site.reports:
        page(f"{report.url}index.html", "report.html", report=report)
    page("compare/index.html", "compare_index.html")
    page("compare/money/index.html", "compare_money.html")
    page("compare/indicators/index.html", "compare_indicators.html")
    for table in comparison.measures:
        page(f"{table.url}index.html", "compare_measure.html", table=table)
    page("data/index.html", "data_index.html")
    urls = sorted(p.removesuffix("index.html") for p in pages if p.endswith("index.html"))
    pages["sitemap.xml"] = env.get_template("sitemap.xml").render(urls=urls)
    pages["robots.txt"] = env.get_template("robots.txt").render()
    return pages
