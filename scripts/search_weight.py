"""What a first search costs a reader: bytes transferred, compressed, from a cold load of the
search page until its first result is shown (title, facts and excerpts), until the first page
of results is listed, and until everything has loaded (the loose results, the filter counts),
in Debian chromium.

    .venv/bin/python scripts/search_weight.py [--content content | --site BUILT_SITE] [--slow] [QUERY ...]

--slow also times, for each query, Enter → first result on the loaded search page, under
Fast 3G (1.6 Mbps down, 750 kbps up, 150 ms) and 4× CPU slowdown, cold cache.

Files the index already gzips (its key buckets) count as they are; everything else as gzip -6
would send it (Netlify compresses text with gzip or brotli).
"""

from __future__ import annotations

import functools
import gzip
import sys
import tempfile
import threading
from pathlib import Path

import click
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.build import build  # noqa: E402
from generator.serve import SiteHandler, SiteServer  # noqa: E402


def compressed(body: bytes) -> int:
    return len(body) if body[:2] == b"\x1f\x8b" else len(gzip.compress(body, 6))


def kind(url: str) -> str:
    for part, name in (("/search-index/keys/", "keys"), ("/search-index/pages/", "titles"),
                       ("/search-index/text/", "texts"), ("/search-index/", "index and filters"),
                       ("/assets/", "CSS, JS, t2s")):
        if part in url:
            return name
    return "HTML"


def by_kind(sizes: dict[str, int]) -> str:
    kinds: dict[str, int] = {}
    for u, n in sizes.items():
        kinds[kind(u)] = kinds.get(kind(u), 0) + n
    return ", ".join(f"{k} {v / 1024:.1f}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1]))


# When the first result is shown (or the search ends with none), in the page's own clock.
FIRST_RESULT = """
window.firstResultAt = Infinity;
window.firstPageAt = Infinity;
document.addEventListener("DOMContentLoaded", () => {
  const results = document.getElementById("results");
  if (!results) return;
  const seen = () => {
    if (results.querySelector(".result") || results.getAttribute("aria-busy") === "false") {
      window.firstResultAt = Math.min(window.firstResultAt, performance.now());
    }
    if (results.getAttribute("aria-busy") === "false") {  // the first page of results is listed
      window.firstPageAt = Math.min(window.firstPageAt, performance.now());
    }
  };
  new MutationObserver(seen).observe(results, {childList: true, subtree: true, attributes: true});
});
"""


def enter_to_first_result(browser, url: str, query: str) -> float:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                                  "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(f"{url}/search/")
    page.wait_for_load_state("networkidle")
    page.evaluate("q => { document.getElementById('q').value = q; }", query)  # no input event: nothing before Enter
    page.evaluate("""() => { window.firstResult = new Promise(done => {
        new MutationObserver(() => { if (document.querySelector('.result')) done(performance.now()); })
          .observe(document.getElementById('results'), {childList: true, subtree: true}); });
      window.pressed = performance.now(); }""")
    page.press("#q", "Enter")
    seconds = page.evaluate("() => window.firstResult.then(t => (t - window.pressed) / 1000)")
    context.close()
    return float(seconds)


@click.command()
@click.option("--content", type=click.Path(path_type=Path, exists=True, file_okay=False), default=Path("content"))
@click.option("--site", "built", type=click.Path(path_type=Path, exists=True, file_okay=False), default=None,
              help="Measure a site already built (e.g. the benchmark's) instead of building --content.")
@click.option("--slow", is_flag=True, help="Also time Enter → first result under Fast 3G and 4× CPU.")
@click.argument("queries", nargs=-1)
def main(content: Path, built: Path | None, slow: bool, queries: tuple[str, ...]) -> None:
    queries = queries or ("法律援助", "荔湾", "行政復議", "调解成功率")
    with tempfile.TemporaryDirectory() as tmp:
        site = built or Path(tmp) / "site"
        if built is None:
            build(content, site)
        server = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            print(f"{'query':<12} {'results':>7}  KB to the first result  ·  to the first page listed  ·  "
                  "to everything (loose results, filter counts)")
            for query in queries:
                context = browser.new_context()  # a cold cache
                page = context.new_page()
                sizes: dict[str, int] = {}

                def record(response, sizes=sizes):
                    if response.ok:
                        sizes[response.url] = compressed(response.body())

                page.on("response", record)
                page.add_init_script(FIRST_RESULT)
                page.goto(f"{url}/search/?q={query}")
                page.wait_for_selector("#results[aria-busy=false]", state="attached")
                page.wait_for_function("() => [...document.querySelectorAll('.results')].slice(0, 1).every(list => "
                                       "[...list.children].every(li => li.querySelector('.excerpt')))")
                page.wait_for_load_state("networkidle")
                shown = page.locator(".result").count()
                done = dict(sizes)
                # What had arrived when the first result was shown: the resources whose response ended before.
                arrived, listed = page.evaluate(
                    "() => [window.firstResultAt, window.firstPageAt].map(t => [location.href, "
                    "...performance.getEntriesByType('resource').filter(e => e.responseEnd <= t).map(e => e.name)])")
                first = {u: n for u, n in done.items() if u in arrived}
                page_one = {u: n for u, n in done.items() if u in listed}
                print(f"{query:<12} {shown:>7}  {sum(first.values()) / 1024:6.1f} ({by_kind(first)})  ·  "
                      f"{sum(page_one.values()) / 1024:6.1f} ({by_kind(page_one)})  ·  "
                      f"{sum(done.values()) / 1024:6.1f} ({by_kind(done)})")
                context.close()
            if slow:
                print(f"\n{'query':<12} Enter → first result, Fast 3G and 4× CPU (cold cache)")
                for query in queries:
                    print(f"{query:<12} {enter_to_first_result(browser, url, query):6.2f} s")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
