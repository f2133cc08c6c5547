"""The build pipeline: validate → model → compare → render → write → index → publish.

Everything is written to a fresh directory beside the output; only when every
step has succeeded does it replace the output, so a failed build leaves the
previous site exactly as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .compare import build_comparison
from .model import build_site
from .opendata import data_files
from .paths import SCHEMAS_DIR
from .render import fingerprinted_assets, render_site
from .search import index_site
from .validate import Validation, validate


class BuildFailed(Exception):
    def __init__(self, validation: Validation) -> None:
        super().__init__("validation failed")
        self.validation = validation


@dataclass(frozen=True)
class BuildResult:
    validation: Validation
    pages: int
    out_dir: Path


def write_site(pages: dict[str, str], target: Path) -> None:
    for relative, text in sorted(pages.items()):
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for asset in fingerprinted_assets().values():
        path = target / asset.output
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(asset.source, path)
    # Editors' tools (yaml-language-server) can fetch the schemas from the site.
    (target / "schema").mkdir()
    for schema in sorted(SCHEMAS_DIR.glob("*.schema.json")):
        shutil.copyfile(schema, target / "schema" / schema.name)


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


def build(content_dir: Path, out_dir: Path, base: str = "/", site_url: str = "") -> BuildResult:
    validation = validate(content_dir)
    if not validation.ok:
        raise BuildFailed(validation)
    site = build_site(validation)
    comparison = build_comparison(validation, site)
    pages = render_site(site, comparison, base=base, site_url=site_url)
    pages.update(data_files(validation, site, comparison, base))
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-build-", dir=out_dir.parent))
    try:
        write_site(pages, staging)
        index_site(staging)
        staging.chmod(0o755)
        publish(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(validation, sum(1 for p in pages if p.endswith(".html")), out_dir)
