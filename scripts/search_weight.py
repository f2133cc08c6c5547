"""What a first search costs a reader: bytes transferred, compressed, from a cold load of the
search page until its first results are shown, in Debian chromium.

    .venv/bin/python scripts/search_weight.py [--content content | --site BUILT_SITE] [QUERY ...]

Files Pagefind already gzips (index, fragments, filters, wasm) count as they are; everything
else as gzip -6 would send it (Netlify compresses text with gzip or brotli).
"""

from __future__ import annotations

import functools
import gzip
import sys
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import click
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.build import build  # noqa: E402
from generator.serve import SiteHandler  # noqa: E402


def compressed(body: bytes) -> int:
    return len(body) if body[:2] == b"\x1f\x8b" else len(gzip.compress(body, 6))


def kind(url: str) -> str:
    for part, name in (("/fragment/", "Pagefind fragments"), ("/index/", "Pagefind index chunks"),
                       ("/filter/", "Pagefind filters"), ("wasm", "Pagefind wasm"),
                       ("pagefind", "Pagefind JS and meta"), ("/assets/", "our CSS, JS and t2s table")):
        if part in url:
            return name
    return "HTML"


@click.command()
@click.option("--content", type=click.Path(path_type=Path, exists=True, file_okay=False), default=Path("content"))
@click.option("--site", "built", type=click.Path(path_type=Path, exists=True, file_okay=False), default=None,
              help="Measure a site already built (e.g. the benchmark's) instead of building --content.")
@click.argument("queries", nargs=-1)
def main(content: Path, built: Path | None, queries: tuple[str, ...]) -> None:
    queries = queries or ("法律援助", "荔湾", "行政復議", "调解成功率")
    with tempfile.TemporaryDirectory() as tmp:
        site = built or Path(tmp) / "site"
        if built is None:
            build(content, site)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            print(f"{'query':<12} {'results':>7}  total KB  by kind (KB)")
            for query in queries:
                context = browser.new_context()  # a cold cache
                page = context.new_page()
                sizes: dict[str, int] = {}

                def record(response, sizes=sizes):
                    if response.ok:
                        sizes[response.url] = compressed(response.body())

                page.on("response", record)
                page.goto(f"{url}/search/?q={query}")
                page.wait_for_selector("#results[aria-busy=false]", state="attached")
                page.wait_for_load_state("networkidle")
                shown = page.locator(".result").count()
                by_kind: dict[str, int] = {}
                for u, n in sizes.items():
                    by_kind[kind(u)] = by_kind.get(kind(u), 0) + n
                detail = ", ".join(f"{k} {v / 1024:.1f}" for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1]))
                print(f"{query:<12} {shown:>7}  {sum(sizes.values()) / 1024:8.1f}  {detail}")
                context.close()
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
