"""Write the rendered files into a staging folder, and swap it into place of the output."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from .. import urls
from ..paths import SCHEMAS_DIR
from .render import Asset


def write_site(pages: Mapping[str, str] | Iterable[tuple[str, str]], assets: dict[str, Asset], target: Path) -> int:
    """Write pages (as they come, when given one at a time), assets and schemas; the number of pages."""
    written = 0
    for relative, text in pages.items() if isinstance(pages, Mapping) else pages:
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written += relative.endswith(".html")
    for asset in assets.values():
        path = target / asset.output
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(asset.source, path)
    # Editors' tools (yaml-language-server) can fetch the schemas from the site.
    for schema in sorted(SCHEMAS_DIR.glob("*.schema.json")):
        path = target / urls.schema(schema.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(schema, path)
    return written


def publish(staging: Path, out_dir: Path) -> None:
    """Swap the finished staging directory into place of the output directory."""
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        out_dir.rename(old)
    staging.rename(out_dir)
    if old is not None:
        shutil.rmtree(old)
