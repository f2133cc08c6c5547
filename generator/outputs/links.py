"""Every internal link and anchor of the built site resolves, or the build fails naming them."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from .. import urls


class LinksAndIds(HTMLParser):
    """The href and src values of a page, and the ids it defines."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            elif name == "id" and value:
                self.ids.add(value)


def read_page(page: Path) -> LinksAndIds:
    parsed = LinksAndIds()
    parsed.feed(page.read_text("utf-8"))
    return parsed


@dataclass(frozen=True)
class BrokenLink:
    page: str  # site-relative path of the page holding the link
    link: str


class BrokenLinks(Exception):
    def __init__(self, broken: list[BrokenLink]) -> None:
        super().__init__(f"{len(broken)} broken links")
        self.broken = broken


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)


def broken_links(site: Path, base: str = "/") -> tuple[list[BrokenLink], int]:
    """Internal links that lead to no file or to a missing #anchor, and how many links were checked."""
    parsed = {page: read_page(page) for page in html_pages(site)}
    broken: list[BrokenLink] = []
    checked = 0
    for page, content in parsed.items():
        relative = page.relative_to(site).as_posix()
        page_url = base + urls.page_path(relative)
        for link in content.links:
            url = urlparse(urljoin(page_url, link))
            if url.scheme in ("http", "https", "mailto") and url.netloc or url.scheme == "mailto":
                continue
            checked += 1
            target = site / unquote(url.path.removeprefix(base))
            if url.path.endswith("/"):
                target = target / "index.html"
            if not url.path.startswith(base) or not target.is_file():
                broken.append(BrokenLink(relative, link))
            elif url.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else read_page(target).ids
                if url.fragment not in ids:
                    broken.append(BrokenLink(relative, link))
    return broken, checked


def check_links(site: Path, base: str) -> None:
    broken, _ = broken_links(site, base)
    if broken:
        raise BrokenLinks(broken)
