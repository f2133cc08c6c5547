"""Each report's history from git: when it was first published, when its data last changed,
and every later commit that corrected it for readers: one that changed figures (label, old →
new) or states a reader's note in a `更正说明:` trailer. A commit with neither (wording, layout,
a developer's tidy-up) is not a correction, and its subject line is never shown.

Read with two git processes for the whole site (one `git log`, one `git cat-file --batch`),
whatever the number of reports. Outside a git checkout there is no history, and pages say
nothing about dates rather than guess them.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

NOTE_CHARS = 200  # of a reader's note
NOTE = re.compile(r"^更正说明[:：]\s*(.+)$", re.MULTILINE)  # the trailer an editor writes for readers


@dataclass(frozen=True)
class Change:
    label: str
    old: str  # "" where the figure was added
    new: str  # "" where it was removed


@dataclass(frozen=True)
class Revision:
    when: str  # the commit's date and time, ISO 8601 with its offset
    commit: str  # abbreviated hash
    note: str  # the editor's note to readers (更正说明), or ""
    changes: tuple[Change, ...]  # empty where no figure changed (a note says what did)

    @property
    def date(self) -> str:
        return self.when[:10]


@dataclass(frozen=True)
class History:
    published: str  # when the file was first committed (ISO 8601)
    changed: str  # when its data was last corrected, or published
    corrections: tuple[Revision, ...]  # every correction after the first commit, newest first

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
    """(hash, ISO date, reader's note, files) of each commit in `git log` output, newest first."""
    for record in log.decode("utf-8", errors="replace").split("\x1e")[1:]:
        commit, when, body, files = (record.split("\x1f") + ["", "", ""])[:4]
        note = NOTE.search(body)
        yield commit, when, note[1].strip() if note else "", [f for f in files.split("\n") if f.endswith(".yaml")]


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


Compare = Callable[[str, bytes, bytes], tuple[Change, ...]]  # a file's name, a version and the next


def read_histories(content_dir: Path, compare: Compare, names: tuple[str, ...] = ("reports",)) -> dict[str, History]:
    """Every report file's history, by its name inside the content directory; compare: the figures
    that changed between two versions of a file (the checks read them as they read the file now);
    names: the files or folders to read it for."""
    prefix = _git(content_dir, "rev-parse", "--show-prefix")
    if prefix is None or is_shallow(content_dir):
        return {}
    log = _git(content_dir, "log", "--no-renames", "--relative", "--format=%x1e%H%x1f%cI%x1f%B%x1f",
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
        versions = [blobs.get((c, name)) for c, _, _ in commits]
        corrections = []
        for (commit, when, note), now, was in zip(commits, versions, versions[1:], strict=False):
            changes = compare(name, was, now) if was is not None and now is not None else ()
            if changes or note:
                corrections.append(Revision(when, commit[:10], note[:NOTE_CHARS], changes))
        published = commits[-1][1]
        histories[name] = History(published, corrections[0].when if corrections else published, tuple(corrections))
    return histories
