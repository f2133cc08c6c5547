"""Index the written site with Pagefind's extended binary, which segments Chinese words.

The binary comes from the platform package pinned in package.json (installed by
`npm ci`); on other platforms PAGEFIND_BINARY names a pagefind_extended of the
same version. Version 1.6.0 is pinned because it found every report page for every
term in our recall tests, where 1.5.2 and 1.4.0 from PyPI missed pages.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..paths import PROJECT_ROOT
from ..progress import Progress, quiet


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
    pages: tuple[str, ...] | None  # site-relative page files it indexes; None: every page


def plan_shards(pages_by_year: Mapping[int, Sequence[str]], limit: int | None = None) -> list[Shard]:
    """One bundle for a site of up to `limit` pages; otherwise shards by year of at most `limit` pages."""
    limit = limit or SHARD_PAGES
    if sum(len(p) for p in pages_by_year.values()) <= limit:
        return [Shard("pagefind/", None)]
    shards = []
    for year in sorted(pages_by_year):
        pages = sorted(pages_by_year[year])
        for n, start in enumerate(range(0, len(pages), limit)):
            shards.append(Shard(f"pagefind/{year}-{n}/", tuple(pages[start:start + limit])))
    return shards


def _check_version(binary: Path) -> None:
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.split()
    if version[-1:] != [pinned_version()]:
        raise SearchIndexError(f"Pagefind 版本不符：需要 {pinned_version()}，实际是 {' '.join(version)}；请运行 npm ci")


def _run(binary: Path, site_dir: Path, shard: Shard, output_subdir: str) -> str:
    command = [str(binary), "--site", str(site_dir), "--quiet", "--output-subdir", output_subdir]
    if shard.pages is not None:
        command += ["--glob", "{" + ",".join(shard.pages) + "}"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind 出错（{result.returncode}）：\n{result.stdout}{result.stderr}")
    return result.stdout


def index_site(site_dir: Path, shards: Sequence[Shard] = (Shard("pagefind/", None),),
               progress: Progress = quiet) -> str:
    """Run Pagefind over site_dir, once per shard, one at a time. Returns its log."""
    binary = pagefind_binary()
    _check_version(binary)
    log = []
    for n, shard in enumerate(shards):
        progress("建立搜索索引", n, len(shards))
        log.append(_run(binary, site_dir, shard, shard.bundle))
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
            _run(binary, site_dir, shard, fresh.relative_to(site_dir).as_posix())
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)  # the served bundle stays as it was
            raise
        old = bundle.with_name(f".{bundle.name}-old")
        if bundle.exists():
            bundle.rename(old)
        fresh.rename(bundle)
        shutil.rmtree(old, ignore_errors=True)
