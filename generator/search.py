"""Index the written site with Pagefind's extended binary, which segments Chinese words."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pagefind_bin_extended import get_executable


class SearchIndexError(RuntimeError):
    pass


def index_site(site_dir: Path) -> str:
    """Run Pagefind over site_dir; the index lands in site_dir/pagefind/. Returns its log."""
    result = subprocess.run(
        [str(get_executable()), "--site", str(site_dir), "--quiet"],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result.stdout
