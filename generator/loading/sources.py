"""The original documents: content/sources/<bureau>/<report>.<txt|pdf|docx|xlsx|html>, one or
more per report, published beside it so a reader can check every figure against the source.

Files are screened like content files (no links, devices or oversized files). Only a text is
read here, to check it is UTF-8; a PDF or Word file is read only where it is copied into the
site. Nothing is kept but a version of each file: a text is read again where its page is made.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import START, Diagnostic, diagnostic
from .files import folder_entries, is_leftover, read_regular, refusal, shown_path

SOURCES = "sources"
SUFFIXES = ("txt", "pdf", "docx", "xlsx", "html")  # a text, and documents as bureaus post them
MAX_SOURCE_BYTES = 20 * 1024 * 1024
MAX_TEXT_BYTES = 2 * 1024 * 1024  # a text source is rendered as a page


@dataclass(frozen=True)
class SourceDocument:
    """A published original of a report (find_sources finds them)."""

    report_id: str  # <bureau>/<year>-<kind>, as the report it belongs to
    name: str  # relative to the content directory
    suffix: str  # txt, pdf, docx or html
    path: Path
    version: str  # the digest of its bytes: changes whenever the file does
    size: int

    @property
    def is_text(self) -> bool:
        return self.suffix == "txt"


def read_text(document: SourceDocument) -> str:
    return read_regular(document.path, MAX_TEXT_BYTES).decode("utf-8-sig")


def find_sources(content_dir: Path, report_ids: Iterable[str]
                 ) -> tuple[dict[str, tuple[SourceDocument, ...]], list[Diagnostic]]:
    """Every report's original documents, by report id, and what is wrong with the rest."""
    reports = set(report_ids)
    found: dict[str, list[SourceDocument]] = {}
    problems: list[Diagnostic] = []
    for folder, info in folder_entries(content_dir / SOURCES):
        if not stat.S_ISDIR(info.st_mode):
            if not is_leftover(folder.name):
                problems.append(diagnostic(shown_path(folder), START, "stray-source",
                                           "原文文件应放在 sources/<机构id>/ 目录下"))
            continue
        for path, file_info in folder_entries(folder):
            if not is_leftover(path.name):
                document = _source(path, file_info, reports, problems)
                if document is not None:
                    found.setdefault(document.report_id, []).append(document)
    return {rid: tuple(docs) for rid, docs in found.items()}, problems


def sources_of(content_dir: Path, report_id: str) -> tuple[SourceDocument, ...]:
    """One report's original documents, looked up by name: what `serve` previews at once."""
    found = []
    for suffix in SUFFIXES:
        path = content_dir / SOURCES / f"{report_id}.{suffix}"
        if os.path.lexists(path):
            document = _source(path, path.lstat(), {report_id}, [])
            if document is not None:
                found.append(document)
    return tuple(found)


def _source(path: Path, info: os.stat_result, reports: set[str], problems: list[Diagnostic]) -> SourceDocument | None:
    """One found file as a report's original, or None with the reason added to problems."""
    shown = shown_path(path)
    stem, _, suffix = path.name.rpartition(".")
    report_id = f"{path.parent.name}/{stem}"
    limit = MAX_TEXT_BYTES if suffix == "txt" else MAX_SOURCE_BYTES
    if refused := refusal(path, info):
        problems.append(refused)
    elif stat.S_ISDIR(info.st_mode) or suffix not in SUFFIXES:
        problems.append(diagnostic(shown, START, "stray-source", "原文只能是 .txt、.pdf、.docx、.xlsx 或 .html 文件"))
    elif report_id not in reports:
        problems.append(diagnostic(shown, START, "source-without-report",
                                   f"没有对应的报告 reports/{report_id[:60]}.yaml，不会发布"))
    elif info.st_size > limit:
        problems.append(diagnostic(shown, START, "file-too-large",
                                   f"文件有 {info.st_size} 字节，超过原文上限 {limit} 字节"))
    else:
        return _read(path, shown, f"{SOURCES}/{report_id}.{suffix}", report_id, suffix, limit, problems)
    return None


def _read(path: Path, shown: str, name: str, report_id: str, suffix: str, limit: int,
          problems: list[Diagnostic]) -> SourceDocument | None:
    """The document with its bytes' digest as its version (its size and time say nothing: an
    edit can keep both); a text must be UTF-8."""
    try:
        raw = read_regular(path, limit)
        if suffix == "txt":
            raw.decode("utf-8-sig")
    except OSError:
        problems.append(diagnostic(shown, START, "unsafe-file", "这个文件无法作为普通文件读取"))
        return None
    except UnicodeDecodeError as error:
        problems.append(diagnostic(shown, START, "not-utf8", f"第 {error.start} 字节起不是 UTF-8 文字"))
        return None
    return SourceDocument(report_id, name, suffix, path, hashlib.blake2b(raw).hexdigest(), len(raw))
