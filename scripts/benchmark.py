"""Time each build stage on the real content and on a synthetic larger corpus.

    .venv/bin/python scripts/benchmark.py [--copies 200]

The larger corpus repeats the five real reports under made-up bureaus, so it
exercises validation, comparison and search indexing at a province-like scale.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.checks.validate import validate  # noqa: E402
from generator.outputs.opendata import data_files  # noqa: E402
from generator.outputs.publish import write_site  # noqa: E402
from generator.outputs.render import fingerprinted_assets, render_site  # noqa: E402
from generator.outputs.search import index_site  # noqa: E402
from generator.paths import DEFAULT_CONTENT  # noqa: E402
from generator.views.compare import build_comparison  # noqa: E402
from generator.views.site import build_site  # noqa: E402


def synthetic(content: Path, copies: int) -> Path:
    shutil.copytree(DEFAULT_CONTENT, content)
    reports = sorted((DEFAULT_CONTENT / "reports").glob("*/*.yaml"))
    for i in range(copies):
        bureau = f"bench-{i:04d}"
        (content / "bureaus" / f"{bureau}.yaml").write_text(
            f"name: 基准测试区司法局{i}\nshort_name: 基准{i}区\nlevel: 区\n"
            f"region: {{province: 广东省, city: 广州市, district: 基准{i}区}}\nparent: guangzhou\n", "utf-8")
        (content / "reports" / bureau).mkdir()
        for report in reports:
            text = report.read_text("utf-8").replace(f"bureau: {report.parent.name}\n", f"bureau: {bureau}\n", 1)
            (content / "reports" / bureau / report.name).write_text(text, "utf-8")
    return content


def timed(label: str, stage, *args):
    start = time.perf_counter()
    result = stage(*args)
    print(f"  {label:<10} {time.perf_counter() - start:8.3f} s")
    return result


def run(content: Path, title: str) -> None:
    reports = len(list((content / "reports").glob("*/*.yaml")))
    print(f"{title}: {reports} reports")
    start = time.perf_counter()
    validation = timed("validate", validate, content)
    assert validation.ok, [d.format() for d in validation.diagnostics if d.level.value == "error"][:5]
    site = timed("model", build_site, validation.content)
    comparison = timed("compare", build_comparison, validation.content, site)
    assets = fingerprinted_assets()
    pages = timed("render", render_site, site, comparison, "/", "", assets)
    files = timed("open data", data_files, validation.content, site, comparison, "/")
    with tempfile.TemporaryDirectory() as out:
        timed("write", write_site, {**pages, **files}, assets, Path(out))
        timed("index", index_site, Path(out))
    print(f"  {'total':<10} {time.perf_counter() - start:8.3f} s for {len(pages)} pages\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200, help="made-up bureaus, five reports each")
    args = parser.parse_args()
    run(DEFAULT_CONTENT, "real content")
    with tempfile.TemporaryDirectory() as tmp:
        run(synthetic(Path(tmp) / "content", args.copies), f"synthetic, {args.copies} extra bureaus")


if __name__ == "__main__":
    main()
