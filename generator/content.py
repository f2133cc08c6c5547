"""Find the content files and read each one with the strict YAML reader."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .diagnostics import Diagnostic, error
from .yamlload import LoadedYaml, load_yaml

FileType = Literal["bureau", "metrics", "report"]


@dataclass(frozen=True)
class SourceFile:
    """One content file: its type, where it is, and what it holds."""

    type: FileType
    path: Path
    shown: str  # the path as printed in diagnostics
    yaml: LoadedYaml

    @property
    def data(self):
        return self.yaml.data


def report_id(data: dict) -> str:
    """A report's id and the stem of its path: `<bureau>/<year>-<kind>`."""
    return f"{data['bureau']}/{data['year']}-{data['kind']}"


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def discover(content_dir: Path) -> tuple[list[tuple[FileType, Path]], list[Diagnostic]]:
    """Every content file with its type, in a stable order; stray files are errors."""
    found: list[tuple[FileType, Path]] = []
    problems: list[Diagnostic] = []
    if not content_dir.is_dir():
        problems.append(error(_shown(content_dir), 1, 1, "no-content", "找不到内容目录"))
        return found, problems
    metrics = content_dir / "metrics.yaml"
    if metrics.is_file():
        found.append(("metrics", metrics))
    else:
        problems.append(error(_shown(metrics), 1, 1, "missing-file", "缺少可比指标词典 metrics.yaml"))
    found += [("bureau", p) for p in sorted((content_dir / "bureaus").glob("*"))]
    found += [("report", p) for p in sorted((content_dir / "reports").glob("*/*"))]
    kept: list[tuple[FileType, Path]] = []
    for file_type, path in found:
        if path.suffix != ".yaml" or not path.is_file():
            problems.append(error(_shown(path), 1, 1, "stray-file",
                                  "内容目录中只能放 .yaml 文件（扩展名请用 .yaml）"))
        else:
            kept.append((file_type, path))
    for path in sorted((content_dir / "reports").glob("*.yaml")):
        problems.append(error(_shown(path), 1, 1, "stray-file",
                              "报告文件应放在 reports/<机构id>/ 目录下"))
    return kept, problems


def read_content(content_dir: Path) -> tuple[list[SourceFile], list[Diagnostic]]:
    files, problems = discover(content_dir)
    sources: list[SourceFile] = []
    for file_type, path in files:
        shown = _shown(path)
        loaded, found = load_yaml(path, shown)
        problems += found
        if not found:
            sources.append(SourceFile(file_type, path, shown, loaded))
    return sources, problems
