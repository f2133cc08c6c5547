"""Run a command and report its wall time and the memory its whole process tree needed.

    .venv/bin/python scripts/treemem.py disclosure build --content /tmp/corpus --out /tmp/site

Prints JSON: seconds, exit code, peak_pss (the most memory the tree held at once, shared
pages counted once: what the machine needs, with forked workers sharing their parent's
pages) and peak_rss (the largest single process). Linux only (reads /proc); samples
twice a second, so a spike shorter than that can be missed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return tree


def _memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in bytes; zeros if it has gone."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    values = {line.split(":")[0]: int(line.split()[1]) * 1024 for line in rollup.splitlines()[1:]}
    return values.get("Pss", 0), values.get("Rss", 0)


def measure(command: list[str], interval: float = 0.5, samples: list[tuple[float, int]] | None = None,
            **popen: Any) -> dict[str, Any]:
    """popen: passed to subprocess.Popen (cwd, env, stdout). samples: if given, each sample's
    (time.time(), PSS of the tree) is added to it, to tell which stage needed what."""
    start = time.perf_counter()
    popen.setdefault("stdout", subprocess.DEVNULL)
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, **popen)
    peak_pss = peak_rss = 0
    while process.poll() is None:
        now = time.time()  # when the sample begins: reading a large tree's sizes takes a while
        tree, pids, n = _children(), [process.pid], 0
        while n < len(pids):
            pids += tree.get(pids[n], [])
            n += 1
        sizes = [_memory(pid) for pid in pids]
        peak_pss = max(peak_pss, sum(p for p, _ in sizes))
        if samples is not None:
            samples.append((now, sum(p for p, _ in sizes)))
        peak_rss = max([peak_rss, *(r for _, r in sizes)])
        try:
            process.wait(timeout=interval)  # returns as soon as it ends, so times are not rounded up
        except subprocess.TimeoutExpired:
            pass
    error = process.stderr.read() if process.stderr else ""
    return {"seconds": time.perf_counter() - start, "code": process.returncode, "peak_pss": peak_pss,
            "peak_rss": peak_rss, "err": error[-400:]}


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["--"]:
        arguments = arguments[1:]
    print(json.dumps(measure(arguments), ensure_ascii=False))
