"""Each report's history from git: when it was first published, when its data last changed,
and every later commit as a correction, with the figures it changed (label, old → new).

Read with two git processes for the whole site (one `git log`, one `git cat-file --batch`),
whatever the number of reports. Outside a git checkout there is no history, and pages say
nothing about dates rather than guess them.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .yamlload import load_yaml

MESSAGE_CHARS = 200  # of a commit's subject line


@dataclass(frozen=True)
class Change:
    label: str
    old: str  # "" where the figure was added
    new: str  # "" where it was removed


@dataclass(frozen=True)
class Revision:
    when: str  # the commit's date and time, ISO 8601 with its offset
    commit: str  # abbreviated hash
    message: str
    changes: tuple[Change, ...]  # empty where no figure changed (wording, notes, layout)

    @property
    def date(self) -> str:
        return self.when[:10]


@dataclass(frozen=True)
class History:
    published: str  # when the file was first committed (ISO 8601)
    changed: str  # when it was last committed
    corrections: tuple[Revision, ...]  # every commit after the first, newest first

    @property
    def changed_date(self) -> str:
        return self.changed[:10]


def _git(content_dir: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(["git", "-C", str(content_dir), *args], input=stdin, capture_output=True,
                              check=False, timeout=600)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _commits(log: bytes) -> Iterator[tuple[str, str, str, list[str]]]:
    """(hash, ISO date, subject, files) of each commit in `git log` output, newest first."""
    for record in log.decode("utf-8", errors="replace").split("\x1e")[1:]:
        head, _, files = record.partition("\n")
        commit, when, subject = (head.split("\x1f") + ["", ""])[:3]
        yield commit, when, subject, [f for f in files.split("\n") if f.endswith(".yaml")]


def _blobs(content_dir: Path, prefix: str, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], bytes]:
    """Each (commit, file) version's bytes, in one `git cat-file --batch`."""
    if not wanted:
        return {}
    request = "".join(f"{commit}:{prefix}{name}\n" for commit, name in wanted).encode("utf-8")
    out = _git(content_dir, "cat-file", "--batch", stdin=request)
    blobs: dict[tuple[str, str], bytes] = {}
    at = 0
    for key in wanted:
        if out is None:
            break
        header_end = out.index(b"\n", at)
        header = out[at:header_end].split()
        if len(header) < 3 or header[1] != b"blob":  # "<name> missing"
            at = header_end + 1
            continue
        size = int(header[2])
        blobs[key] = out[header_end + 1:header_end + 1 + size]
        at = header_end + 1 + size + 1
    return blobs


def is_shallow(content_dir: Path) -> bool:
    """A shallow clone's oldest commits are missing, so its dates would be wrong."""
    return (_git(content_dir, "rev-parse", "--is-shallow-repository") or b"").strip() == b"true"


def current_head(content_dir: Path) -> str | None:
    """The checked-out commit, or None outside a git checkout."""
    head = _git(content_dir, "rev-parse", "HEAD")
    return head.decode().strip() if head else None


def read_histories(content_dir: Path, names: tuple[str, ...] = ("reports",)) -> dict[str, History]:
    """Every report file's history, by its name inside the content directory; names: the files
    or folders to read it for."""
    prefix = _git(content_dir, "rev-parse", "--show-prefix")
    if prefix is None or is_shallow(content_dir):
        return {}
    log = _git(content_dir, "log", "--no-renames", "--relative", "--format=%x1e%H%x1f%cI%x1f%s",
               "--name-only", "--", *names)
    if log is None:
        return {}
    by_file: dict[str, list[tuple[str, str, str]]] = {}
    for commit, when, subject, files in _commits(log):
        for name in files:
            by_file.setdefault(name, []).append((commit, when, subject))
    wanted = [(commit, name) for name, commits in by_file.items() if len(commits) > 1 for commit, _, _ in commits]
    blobs = _blobs(content_dir, prefix.decode().strip(), wanted)
    histories = {}
    for name, commits in by_file.items():
        # Each version read once, then compared with the one before it.
        versions = [_figures(load_yaml(blobs[(c, name)], name)[0].data) if (c, name) in blobs else None
                    for c, _, _ in commits]
        corrections = []
        for (commit, when, subject), now, was in zip(commits, versions, versions[1:], strict=False):
            changes = _changes(was, now) if was is not None and now is not None else ()
            corrections.append(Revision(when, commit[:10], subject[:MESSAGE_CHARS], changes))
        histories[name] = History(commits[-1][1], commits[0][1], tuple(corrections))
    return histories


# ---- what changed between two versions of a report ---------------------------------------

def _figures(data: Any) -> dict[str, tuple[str, str]]:
    """Every figure, indicator and the score of a report document: key → (label, value as shown)."""
    found: dict[str, tuple[str, str]] = {}

    def figure(node: dict[str, Any], label: str) -> None:
        value = node.get("written") or node["value"]
        found[f"figure:{node['id']}"] = (label, f"{value} {node.get('unit', '')}".strip())

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "id" in node and "value" in node and "label" in node:
                figure(node, str(node["label"]))
            elif isinstance(node.get("rows"), list) and isinstance(node.get("columns"), list):
                for row in node["rows"]:  # a grid: a cell is named by its row and column
                    cells = row.get("cells") if isinstance(row, dict) else None
                    for column, cell in zip(node["columns"], cells if isinstance(cells, list) else [], strict=False):
                        if isinstance(cell, dict) and "id" in cell and "value" in cell:
                            figure(cell, f"{row.get('label', '')} {column}".strip())
                return
            elif "name" in node and "target" in node:
                for field, word in (("target", "目标值"), ("actual", "实际完成")):
                    if field in node:
                        found[f"indicator:{node['name']}:{field}"] = (f"{node['name']}（{word}）", str(node[field]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    if isinstance(data, dict):
        walk(data)
        score = data.get("score")
        if isinstance(score, dict) and "value" in score:
            found["score"] = ("自评得分", f"{score['value']} 分")
    return found


def _changes(before: dict[str, tuple[str, str]], after: dict[str, tuple[str, str]]) -> tuple[Change, ...]:
    changes = []
    for key in [*before, *(k for k in after if k not in before)]:
        was, now = before.get(key), after.get(key)
        if was != now:
            changes.append(Change((now or was or ("", ""))[0], was[1] if was else "", now[1] if now else ""))
    return tuple(changes)
