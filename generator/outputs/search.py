"""Index the written site with Pagefind's extended binary.

Pagefind splits Chinese into dictionary words when it indexes, but splits a query into single
characters, so a query matched any page holding its characters anywhere and an exact phrase
missed words segmented differently (再犯罪率 indexed as 再犯/罪/率). So it indexes a copy of
each page with a hair space between Chinese characters: every character is a word, and a
quoted phrase of characters is exactly "contains the query as typed". The search page undoes
the spacing for display (static/search.js).

The binary comes from the platform package pinned in package.json (installed by
`npm ci`); on other platforms PAGEFIND_BINARY names a pagefind_extended of the
same version. Version 1.6.0 is pinned because it found every report page for every
term in our recall tests, where 1.5.2 and 1.4.0 from PyPI missed pages.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..paths import PROJECT_ROOT
from ..processes import die_with_parent
from ..progress import Progress, quiet
from .folder import staging_prefix


class SearchIndexError(RuntimeError):
    pass


def pinned_version() -> str:
    package = json.loads((PROJECT_ROOT / "package.json").read_text("utf-8"))
    return package["optionalDependencies"]["@pagefind/linux-x64"]


def pagefind_binary() -> Path:
    """The pinned extended binary; PAGEFIND_BINARY overrides the lookup."""
    override = os.environ.get("PAGEFIND_BINARY")
    if override:
        return Path(override)
    found = sorted((PROJECT_ROOT / "node_modules" / "@pagefind").glob("*/bin/pagefind_extended*"))
    found = [p for p in found if p.suffix in ("", ".exe")]
    if not found:
        raise SearchIndexError("找不到 Pagefind：请在项目根目录运行 npm ci")
    return found[0]


# Pagefind holds a whole index in memory while it builds it (about 2.6 MB a report page):
# a large site is indexed in shards of at most this many pages, merged again in the browser.
SHARD_PAGES = 1000


@dataclass(frozen=True)
class Shard:
    bundle: str  # site-relative folder of this shard's search bundle
    pages: tuple[str, ...]  # site-relative page files it indexes


def plan_shards(groups: Mapping[str, Sequence[str]], limit: int | None = None) -> list[Shard]:
    """One bundle for a site of up to `limit` pages; otherwise shards of at most `limit` pages
    per group (a year of reports, or the other pages), merged again in the browser."""
    limit = limit or SHARD_PAGES
    if sum(len(p) for p in groups.values()) <= limit:
        return [Shard("pagefind/", tuple(sorted(p for pages in groups.values() for p in pages)))]
    shards = []
    for group in sorted(groups):
        pages = sorted(groups[group])
        for n, start in enumerate(range(0, len(pages), limit)):
            shards.append(Shard(f"pagefind/{group}-{n}/", tuple(pages[start:start + limit])))
    return shards


_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_BETWEEN_HAN = re.compile(f"([{_HAN}])(?=[{_HAN}])")
_TEXT = re.compile(r">([^<]+)<")


def spaced_for_index(html: str) -> str:
    """The page with a hair space between adjacent Chinese characters in its text (never in
    attributes, which hold filter values and meta as shown), so each character is a word."""
    return _TEXT.sub(lambda m: ">" + _BETWEEN_HAN.sub("\\1\u200a", m.group(1)) + "<", html)


def _check_version(binary: Path) -> None:
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.split()
    if version[-1:] != [pinned_version()]:
        raise SearchIndexError(f"Pagefind 版本不符：需要 {pinned_version()}，实际是 {' '.join(version)}；请运行 npm ci")


def _run(binary: Path, site_dir: Path, shard: Shard, output: Path, scratch: str) -> str:
    """Index the spaced copies of the shard's pages into output; the copies are made beside
    site_dir, in a folder named with the scratch prefix (a killed build's is removed by the next)."""
    with tempfile.TemporaryDirectory(prefix=scratch, dir=site_dir.parent) as copies:
        for page in shard.pages:
            copy = Path(copies) / page
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(spaced_for_index((site_dir / page).read_text("utf-8")), "utf-8")
        command = [str(binary), "--site", copies, "--quiet", "--output-path", str(output)]
        result = subprocess.run(command, capture_output=True, text=True, check=False, preexec_fn=die_with_parent)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind 出错（{result.returncode}）：\n{result.stdout}{result.stderr}")
    return result.stdout


def index_site(site_dir: Path, shards: Sequence[Shard], progress: Progress = quiet) -> str:
    """Run Pagefind over a staging site_dir, once per shard, one at a time. Returns its log."""
    binary = pagefind_binary()
    _check_version(binary)
    log = []
    for n, shard in enumerate(shards):
        progress("建立搜索索引", n, len(shards))
        log.append(_run(binary, site_dir, shard, site_dir / shard.bundle, f"{site_dir.name}-search-"))
    progress("建立搜索索引", len(shards), len(shards))
    return "".join(log)


def reindex(site_dir: Path, shards: Sequence[Shard]) -> None:
    """Index these shards of a site being served again, each swapped in whole when done."""
    binary = pagefind_binary()
    _check_version(binary)
    for shard in shards:
        bundle = site_dir / shard.bundle
        fresh = bundle.with_name(f".{bundle.name}-next")
        shutil.rmtree(fresh, ignore_errors=True)
        try:
            _run(binary, site_dir, shard, fresh, f"{staging_prefix(site_dir)}search-")
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)  # the served bundle stays as it was
            raise
        old = bundle.with_name(f".{bundle.name}-old")
        if bundle.exists():
            bundle.rename(old)
        fresh.rename(bundle)
        shutil.rmtree(old, ignore_errors=True)
