"""The caches kept between runs, outside the repository: each a pickle of entries by name, thrown
away whole when the code that made it changes."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .collector import collector_paused
from .paths import PACKAGE_DIR, SCHEMAS_DIR


def code_version() -> str:
    """Changes whenever the code or the schemas do, so no stale result survives."""
    digest = hashlib.sha256()
    for path in sorted([*PACKAGE_DIR.rglob("*.py"), *SCHEMAS_DIR.glob("*.json")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_file(content_dir: Path, kind: str = "validate") -> Path:
    """Outside the repository (a pull request cannot plant one), one per content directory and
    working directory (diagnostics name files relative to it). kind: validate (diagnostics and
    facts), build (checks with their packed models) or index (what indexing read from each page)."""
    root = Path(os.environ.get("DISCLOSURE_CACHE_DIR")
                or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "disclosure")
    where = f"{content_dir.resolve()}\n{Path.cwd()}"
    key = hashlib.sha256(where.encode("utf-8")).hexdigest()[:16]
    return root / f"{kind}-{key}.pickle"


def load_cache(path: Path, version: str) -> dict[str, Any]:
    """The entries the last run left under this version, or none."""
    try:
        with collector_paused(), open(path, "rb") as handle:
            stored = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return {}
    if not isinstance(stored, dict) or stored.get("version") != version:
        return {}
    return stored["files"]


def save_cache(path: Path, version: str, entries: Mapping[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with open(temporary, "wb") as handle:
            pickle.dump({"version": version, "files": entries}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        pass  # a cache that cannot be written (read-only home, full disk) only costs time
