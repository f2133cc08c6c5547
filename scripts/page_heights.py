"""How tall the pages a reader meets are, in chromium at a phone's and a desktop's width: the
site built from a content folder, each page given (or, by default, a report, a bureau, the money
comparison and every measure page), measured as document.documentElement.scrollHeight.

    .venv/bin/python scripts/page_heights.py [--content content] [--widths 375 1280] [PATH ...]
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.build import build  # noqa: E402
from generator.serve import SiteHandler  # noqa: E402


def default_pages(site: Path) -> list[str]:
    pages = ["/", "/bureaus/", "/compare/money/"]
    reports = sorted(p.parent for p in (site / "reports").glob("*/*/index.html"))
    if reports:
        pages.append("/" + reports[0].relative_to(site).as_posix() + "/")
    pages += ["/" + p.parent.relative_to(site).as_posix() + "/"
              for p in sorted((site / "compare").glob("*/index.html")) if p.parent.name not in ("money", "indicators")]
    return pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--widths", type=int, nargs="+", default=[375, 1280])
    parser.add_argument("pages", nargs="*")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(args.content, site)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}"
        pages = args.pages or default_pages(site)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page()
            print(f"{'page':60}" + "".join(f"{w:>10}" for w in args.widths))
            for path in pages:
                heights = []
                for width in args.widths:
                    page.set_viewport_size({"width": width, "height": 900})
                    page.goto(url + path)
                    heights.append(page.evaluate("document.documentElement.scrollHeight"))
                print(f"{path:60}" + "".join(f"{h:>10}" for h in heights))
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
