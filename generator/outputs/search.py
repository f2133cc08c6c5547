"""Index the written site with Pagefind's extended binary, which segments Chinese words.

The binary comes from the platform package pinned in package.json (installed by
`npm ci`); on other platforms PAGEFIND_BINARY names a pagefind_extended of the
same version. Version 1.6.0 is pinned because it found every report page for every
term in our recall tests, where 1.5.2 and 1.4.0 from PyPI missed pages.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from ..paths import PROJECT_ROOT


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


def index_site(site_dir: Path) -> str:
    """Run Pagefind over site_dir; the index lands in site_dir/pagefind/. Returns its log."""
    binary = pagefind_binary()
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.split()
    if version[-1:] != [pinned_version()]:
        raise SearchIndexError(f"Pagefind 版本不符：需要 {pinned_version()}，实际是 {' '.join(version)}；请运行 npm ci")
    result = subprocess.run([str(binary), "--site", str(site_dir), "--quiet"],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind 出错（{result.returncode}）：\n{result.stdout}{result.stderr}")
    return result.stdout
