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

import base64
import functools
import json
import os
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..paths import PROJECT_ROOT
from ..processes import die_with_parent
from ..progress import Progress, quiet


class SearchIndexError(RuntimeError):
    pass


PAGEFIND_VERSION = "1.6.0"  # package.json pins the same (a test keeps them equal)


def pagefind_binary() -> Path:
    """The pinned extended binary: $PAGEFIND_BINARY, else the one `npm ci` put in the checkout's or
    the working folder's node_modules, else pagefind_extended on the PATH."""
    override = os.environ.get("PAGEFIND_BINARY")
    if override:
        return Path(override)
    for root in (PROJECT_ROOT, Path.cwd()):
        found = sorted((root / "node_modules" / "@pagefind").glob("*/bin/pagefind_extended*"))
        found = [p for p in found if p.suffix in ("", ".exe")]
        if found:
            return found[0]
    on_path = shutil.which("pagefind_extended")
    if on_path is None:
        raise SearchIndexError("找不到 Pagefind：请在项目根目录运行 npm ci，或用环境变量 PAGEFIND_BINARY 指定 "
                               f"pagefind_extended {PAGEFIND_VERSION} 的位置")
    return Path(on_path)


@dataclass(frozen=True)
class Shard:
    bundle: str  # site-relative folder of this shard's search bundle
    pages: tuple[str, ...]  # site-relative page files it indexes


def plan_shards(groups: Mapping[str, Sequence[str]], limit: int) -> list[Shard]:
    """One bundle for a site of up to `limit` pages; otherwise shards of at most `limit` pages
    per group (a year of reports, or the other pages), merged again in the browser. Pagefind
    holds a whole index in memory while it builds it (about 2.6 MB a report page)."""
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
_TEXT = re.compile(r">([^<>]+)<")  # text between tags (escaped, so never holding < or >)


def spaced_for_index(html: str) -> str:
    """The page with a hair space between adjacent Chinese characters in its text (never in
    attributes, which hold filter values and meta as shown), so each character is a word."""
    return _TEXT.sub(lambda m: ">" + _BETWEEN_HAN.sub("\\1\u200a", m.group(1)) + "<", html)


def _check_version(binary: Path) -> None:
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.split()
    if version[-1:] != [PAGEFIND_VERSION]:
        raise SearchIndexError(f"Pagefind 版本不符：需要 {PAGEFIND_VERSION}，实际是 {' '.join(version)}；请运行 npm ci")


class _Service:
    """Pagefind's service mode (`--service`): messages as base64 JSON, each ended by a comma, one
    answer per message. Pages are sent from memory in sorted order, so the index's bytes depend
    only on the pages, never on the order a file system lists them in, and no copy of the site is
    written to disk."""

    def __init__(self, binary: Path) -> None:
        self.process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL,
                                        preexec_fn=functools.partial(die_with_parent, os.getpid()))
        self.sent = 0

    def ask(self, payload: dict) -> dict:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload}).encode("utf-8")
        self.process.stdin.write(base64.b64encode(message) + b",")
        self.process.stdin.flush()
        answer = bytearray()
        while not answer.endswith(b","):
            chunk = self.process.stdout.read1(65536)  # type: ignore[attr-defined]  # a BufferedReader
            if not chunk:
                raise SearchIndexError(f"Pagefind 意外退出（{self.process.poll()}）")
            answer += chunk
        reply = json.loads(base64.b64decode(bytes(answer[:-1])))["payload"]
        if reply.get("type") == "Error":
            raise SearchIndexError(f"Pagefind 出错：{str(reply.get('message'))[:300]}")
        return reply

    def close(self) -> None:
        with self.process:  # closes both pipes and waits
            try:
                self.process.stdin.close()  # type: ignore[union-attr]
                self.process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()


def _run(binary: Path, site_dir: Path, shard: Shard, output: Path) -> None:
    """Index the shard's pages, spaced, into output."""
    service = _Service(binary)
    try:
        index = service.ask({"type": "NewIndex", "config": None})["index_id"]
        for page in sorted(shard.pages):
            service.ask({"type": "AddFile", "index_id": index, "file_path": page, "url": None,
                         "file_contents": spaced_for_index((site_dir / page).read_text("utf-8"))})
        service.ask({"type": "WriteFiles", "index_id": index, "output_path": str(output)})
    finally:
        service.close()


def index_site(site_dir: Path, shards: Sequence[Shard], progress: Progress = quiet) -> None:
    """Run Pagefind over a staging site_dir, once per shard, one at a time."""
    binary = pagefind_binary()
    _check_version(binary)
    for n, shard in enumerate(shards):
        progress("建立搜索索引", n, len(shards))
        _run(binary, site_dir, shard, site_dir / shard.bundle)
    progress("建立搜索索引", len(shards), len(shards))


def reindex(site_dir: Path, shards: Sequence[Shard]) -> None:
    """Index these shards of a site being served again, each swapped in whole when done."""
    binary = pagefind_binary()
    _check_version(binary)
    for shard in shards:
        bundle = site_dir / shard.bundle
        fresh = bundle.with_name(f".{bundle.name}-next")
        shutil.rmtree(fresh, ignore_errors=True)
        try:
            _run(binary, site_dir, shard, fresh)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)  # the served bundle stays as it was
            raise
        old = bundle.with_name(f".{bundle.name}-old")
        if bundle.exists():
            bundle.rename(old)
        fresh.rename(bundle)
        shutil.rmtree(old, ignore_errors=True)
