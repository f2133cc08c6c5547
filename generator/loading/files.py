"""Find the content files, and read each one with the strict YAML reader.

Discovery reads bytes from disk once; everything after it works on those bytes in
memory, so an editor, a cache or a test can check text that is not on disk.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..diagnostics import START, Diagnostic, diagnostic
from .yamlload import MAX_BYTES, LoadedYaml, load_yaml

FileType = Literal["bureau", "metrics", "report"]


@dataclass(frozen=True)
class ContentFile:
    """One content file's bytes, its place inside the content directory, and the path to show."""

    type: FileType
    name: str  # relative to the content directory, with "/": reports/<bureau>/<year>-<kind>.yaml
    shown: str  # the path as printed in diagnostics
    raw: bytes

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8-sig", errors="replace")


@dataclass(frozen=True)
class SourceFile:
    """A content file that was read: its data, with the position of every value."""

    type: FileType
    name: str
    shown: str
    yaml: LoadedYaml

    @property
    def data(self) -> Any:
        return self.yaml.data

    @property
    def stem(self) -> str:
        return self.name.rsplit("/", 1)[-1].removesuffix(".yaml")

    @property
    def folder(self) -> str:
        """The folder a report sits in, which names its bureau."""
        parts = self.name.split("/")
        return parts[-2] if len(parts) > 1 else ""


def shown_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


_LEFTOVER_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


def is_leftover(name: str) -> bool:
    """Files editors and operating systems leave behind: not content, not an error."""
    return (name in _LEFTOVER_NAMES or name.endswith(("~", ".swp", ".swo", ".tmp"))
            or name.startswith((".#", "~$", "._")))


def read_regular(path: Path, limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes (limit + 1 at most), refusing to follow a link (symbolic or hard) swapped in
    since it was listed."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:
            raise OSError("not a regular file of its own")
        return handle.read(limit + 1)  # enough to say it is too large, never more


def folder_entries(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """What is in a real folder (not a link to one), sorted by name, each with its own status
    (links not followed); nothing is opened."""
    try:
        if not stat.S_ISDIR(folder.lstat().st_mode):
            return []
        with os.scandir(folder) as listing:
            found = [(entry.name, entry.stat(follow_symlinks=False)) for entry in listing]
    except FileNotFoundError:
        return []
    return [(folder / name, info) for name, info in sorted(found, key=lambda item: item[0])]


def refusal(path: Path, info: os.stat_result | None = None) -> Diagnostic | None:
    """A link (symbolic or hard), device, FIFO or socket is refused by name, without being opened or followed."""
    info = info or path.lstat()
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        return diagnostic(shown_path(path), START, "unsafe-file", "这是符号链接，不会读取；请放入文件本身")
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return diagnostic(shown_path(path), START, "unsafe-file", "这不是普通文件（设备、管道或套接字），不会读取")
    if stat.S_ISREG(mode) and info.st_nlink > 1:  # its other name may be outside content/
        return diagnostic(shown_path(path), START, "unsafe-file",
                          "这个文件有多个硬链接，可能是内容目录以外的文件，不会读取；请放入文件本身的副本")
    return None


@dataclass(frozen=True)
class Entry:
    """A content file found on disk, not yet read."""

    type: FileType
    path: Path
    name: str  # relative to the content directory, with "/"
    shown: str


def _screen(path: Path, info: os.stat_result) -> Diagnostic | None:
    """Why a found path is not read as content, or None."""
    if is_leftover(path.name):
        return diagnostic(shown_path(path), START, "editor-leftover", f"跳过编辑器或系统留下的文件 {path.name[:40]}")
    if refused := refusal(path, info):
        return refused
    if path.suffix != ".yaml" or stat.S_ISDIR(info.st_mode):
        return diagnostic(shown_path(path), START, "stray-file", "内容目录中只能放 .yaml 文件（扩展名请用 .yaml）")
    size = info.st_size
    if size > MAX_BYTES:  # decided before reading a byte
        return diagnostic(shown_path(path), START, "file-too-large", f"文件有 {size} 字节，超过上限 {MAX_BYTES} 字节")
    return None


def read_entry(entry: Entry) -> ContentFile | Diagnostic:
    try:
        raw = read_regular(entry.path)
    except OSError:
        return diagnostic(entry.shown, START, "unsafe-file", "这个文件无法作为普通文件读取")
    return ContentFile(entry.type, entry.name, entry.shown, raw)


def entry_for(content_dir: Path, file_type: FileType, name: str) -> Entry | Diagnostic | None:
    """One known content file, screened like every file that `find` finds; None if absent."""
    path = content_dir / name
    if not os.path.lexists(path):
        return None
    info = path.lstat()
    if screened := _screen(path, info):
        return screened
    root = shown_path(content_dir)
    return Entry(file_type, path, name, f"{root}/{name}" if root != "." else name)


def find(content_dir: Path) -> tuple[list[Entry], list[Diagnostic]]:
    """Every content file with its type, in a stable order, unread; stray, linked and special files
    are refused. Only regular files inside the content directory qualify: links are not followed,
    and sizes are checked before anything is read."""
    problems: list[Diagnostic] = []
    if not content_dir.is_dir():
        problems.append(diagnostic(shown_path(content_dir), START, "no-content", "找不到内容目录"))
        return [], problems
    found: list[tuple[FileType, Path, os.stat_result]] = []
    metrics = content_dir / "metrics.yaml"
    if os.path.lexists(metrics):
        found.append(("metrics", metrics, metrics.lstat()))
    else:
        problems.append(diagnostic(shown_path(metrics), START, "missing-file", "缺少可比指标词典 metrics.yaml"))
    for folder in (content_dir / "bureaus", content_dir / "reports"):
        if os.path.lexists(folder) and (refused := refusal(folder)):
            problems.append(refused)
    found += [("bureau", p, info) for p, info in folder_entries(content_dir / "bureaus")]
    for entry, info in folder_entries(content_dir / "reports"):
        if stat.S_ISDIR(info.st_mode):
            found += [("report", p, i) for p, i in folder_entries(entry)]
        elif is_leftover(entry.name) or refusal(entry, info):
            found.append(("report", entry, info))  # reported as what it is
        else:
            problems.append(diagnostic(shown_path(entry), START, "stray-file",
                                       "报告文件应放在 reports/<机构id>/ 目录下"))
    entries: list[Entry] = []
    root = shown_path(content_dir)
    prefix = len(str(content_dir)) + 1
    for file_type, path, info in found:
        if screened := _screen(path, info):
            problems.append(screened)
        else:
            name = str(path)[prefix:].replace(os.sep, "/")  # relative to the content directory
            entries.append(Entry(file_type, path, name, f"{root}/{name}" if root != "." else name))
    return entries, problems


def parse(files: Iterable[ContentFile]) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Read each file's bytes as strict YAML; files with problems are left out of the result."""
    sources: list[SourceFile] = []
    problems: list[Diagnostic] = []
    for file in files:
        loaded, found = load_yaml(file.raw, file.shown)
        problems += found
        if not found:
            sources.append(SourceFile(file.type, file.name, file.shown, loaded))
    return sources, problems
