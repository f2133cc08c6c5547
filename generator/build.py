"""The build pipeline: validate → model → compare → render → write → index → links → headers → publish.

Everything is written to a fresh directory beside the output; only when every
step has succeeded does it replace the output, so a failed build leaves the
previous site exactly as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from . import urls
from .checks.validate import Validation, validate
from .outputs.headers import write_headers
from .outputs.links import check_links
from .outputs.opendata import data_outputs
from .outputs.publish import publish, write_site
from .outputs.render import fingerprinted_assets, render_pages
from .outputs.search import Shard, index_site, plan_shards
from .views.compare import build_comparison
from .views.site import Site, build_site


class BuildFailed(Exception):
    def __init__(self, validation: Validation) -> None:
        super().__init__("validation failed")
        self.validation = validation


@dataclass(frozen=True)
class BuildResult:
    validation: Validation
    pages: int
    out_dir: Path


def search_shards(site: Site) -> list[Shard]:
    by_year: dict[int, list[str]] = {}
    for report in site.reports:
        by_year.setdefault(report.year, []).append(urls.output_file(report.url))
    return plan_shards(by_year)


def _quiet(stage: str) -> None:
    pass


def build(content_dir: Path, out_dir: Path, base: str = "/", site_url: str = "",
          progress: Callable[[str], None] = _quiet) -> BuildResult:
    progress("检查内容")
    validation = validate(content_dir)
    if not validation.ok:
        raise BuildFailed(validation)
    progress("整理数据")
    site = build_site(validation.content)
    comparison = build_comparison(validation.content, site)
    assets = fingerprinted_assets()
    shards = search_shards(site)
    # Pages and data files are written as they are made, so a large site is never in memory whole.
    outputs = chain(render_pages(site, comparison, base=base, site_url=site_url, assets=assets,
                                 search_bundles=tuple(s.bundle for s in shards)),
                    data_outputs(validation.content, site, comparison, base))
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-build-", dir=out_dir.parent))
    try:
        progress("生成并写入页面")
        pages = write_site(outputs, assets, staging)
        progress("建立搜索索引")
        index_site(staging, shards)
        progress("检查链接")
        check_links(staging, base)
        write_headers(staging)
        staging.chmod(0o755)
        publish(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(validation, pages, out_dir)
