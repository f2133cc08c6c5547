"""Every internal link and anchor of the built site resolves, or the build fails naming them."""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from .. import urls

# Our templates always quote attributes with " and autoescape escapes " inside values, so
# a pattern reads them reliably, and many times faster than an HTML parser over a large site.
_ATTRIBUTE = re.compile(r'\s(href|src|id)="([^"]*)"')
# An absolute path or a bare #anchor, with nothing urljoin would resolve: no "//", ".", "%" or scheme in
# the path; a query (a figure's ?hl=…) names no file and is passed over.
_PLAIN = re.compile(r"(?P<path>/(?!/)[^#?%:.]*(\.[a-z]+)?|)(\?[^#]*)?(?P<fragment>#[^#?%/]*)?")


@dataclass(frozen=True)
class LinksAndIds:
    """The href and src values of a page, and the ids it defines."""

    links: list[str]
    ids: set[str]


def links_and_ids(text: str) -> LinksAndIds:
    links: list[str] = []
    ids: set[str] = set()
    for name, value in _ATTRIBUTE.findall(text):
        if value and name == "id":  # interned: serve keeps every page's ids, and most recur on many
            ids.add(sys.intern(html.unescape(value)))
        elif value:
            links.append(html.unescape(value))
    return LinksAndIds(links, ids)


def read_page(page: Path) -> LinksAndIds:
    return links_and_ids(page.read_text("utf-8"))


@dataclass(frozen=True)
class BrokenLink:
    page: str  # site-relative path of the page holding the link
    link: str


class BrokenLinks(Exception):
    def __init__(self, broken: list[BrokenLink]) -> None:
        super().__init__(f"{len(broken)} broken links")
        self.broken = broken


def html_pages(site: Path) -> list[Path]:
    """The site's pages; the web editor's one page is the CMS's app, checked by its own tests."""
    return sorted(p for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith(urls.ADMIN))


def read_pages(site: Path) -> dict[str, LinksAndIds]:
    """Every page's links and ids, by site-relative path."""
    return {page.relative_to(site).as_posix(): read_page(page) for page in html_pages(site)}


def broken_links(site: Path, base: str = "/", parsed: Mapping[str, LinksAndIds] | None = None,
                 ) -> tuple[list[BrokenLink], int]:
    """Internal links that lead to no file or to a missing #anchor, and how many links were checked.
    parsed: the site's pages as read_pages gives them, if already read."""
    parsed = parsed if parsed is not None else read_pages(site)
    found: dict[str, bool] = {}  # a site's million links lead to a few thousand files

    def exists(relative: str) -> bool:
        if relative not in found:
            found[relative] = (site / relative).is_file()
        return found[relative]

    return broken_links_in(parsed, base, exists, lambda relative: parsed[relative].ids if relative in parsed
                           else read_page(site / relative).ids)


def broken_links_in(pages: Mapping[str, LinksAndIds], base: str, exists: Callable[[str], bool],
                    ids_of: Callable[[str], Set[str]]) -> tuple[list[BrokenLink], int]:
    """The broken links of some pages (by site-relative path), given which files exist and the
    ids an HTML file defines; and how many links were checked."""
    broken: list[BrokenLink] = []
    checked = 0
    for relative, content in pages.items():
        page_url = base + urls.page_path(relative)
        for link in content.links:
            plain = _PLAIN.fullmatch(link)
            if plain:  # most links: a path of ours, perhaps #anchored; no parsing needed
                path, fragment = plain["path"] or page_url, (plain["fragment"] or "#")[1:]
            else:
                url = urlparse(urljoin(page_url, link))
                if url.scheme in ("http", "https", "mailto") and url.netloc or url.scheme == "mailto":
                    continue
                path, fragment = url.path, url.fragment
            checked += 1
            target = unquote(path.removeprefix(base))
            if path.endswith("/"):
                target += "index.html"
            if not path.startswith(base) or not exists(target):
                broken.append(BrokenLink(relative, link))
            elif fragment and target.endswith(".html") and fragment not in ids_of(target):
                broken.append(BrokenLink(relative, link))
    return broken, checked


def check_links(site: Path, base: str, parsed: Mapping[str, LinksAndIds] | None = None) -> None:
    broken, _ = broken_links(site, base, parsed)
    if broken:
        raise BrokenLinks(broken)
