"""Find the content files, and read each one with the strict YAML reader.

Discovery reads bytes from disk once; everything after it works on those bytes in
memory, so an editor, a cache or a test can check text that is not on disk.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..diagnostics import START, Diagnostic, diagnostic
from .yamlload import LoadedYaml, load_yaml

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


def content_file(content_dir: Path, file_type: FileType, path: Path) -> ContentFile:
    name = path.relative_to(content_dir).as_posix()
    return ContentFile(file_type, name, shown_path(path), path.read_bytes())


def discover(content_dir: Path) -> tuple[list[ContentFile], list[Diagnostic]]:
    """Every content file with its type, in a stable order; stray files are errors."""
    found: list[tuple[FileType, Path]] = []
    problems: list[Diagnostic] = []
    if not content_dir.is_dir():
        problems.append(diagnostic(shown_path(content_dir), START, "no-content", "找不到内容目录"))
        return [], problems
    metrics = content_dir / "metrics.yaml"
    if metrics.is_file():
        found.append(("metrics", metrics))
    else:
        problems.append(diagnostic(shown_path(metrics), START, "missing-file", "缺少可比指标词典 metrics.yaml"))
    found += [("bureau", p) for p in sorted((content_dir / "bureaus").glob("*"))]
    found += [("report", p) for p in sorted((content_dir / "reports").glob("*/*"))]
    kept: list[ContentFile] = []
    for file_type, path in found:
        if is_leftover(path.name):
            problems.append(diagnostic(shown_path(path), START, "editor-leftover",
                                       f"跳过编辑器或系统留下的文件 {path.name[:40]}"))
        elif path.suffix != ".yaml" or not path.is_file():
            problems.append(diagnostic(shown_path(path), START, "stray-file",
                                       "内容目录中只能放 .yaml 文件（扩展名请用 .yaml）"))
        else:
            kept.append(content_file(content_dir, file_type, path))
    for path in sorted((content_dir / "reports").glob("*.yaml")):
        problems.append(diagnostic(shown_path(path), START, "stray-file",
                                   "报告文件应放在 reports/<机构id>/ 目录下"))
    return kept, problems


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
