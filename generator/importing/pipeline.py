"""`disclosure import` as one function: read, clean, recognise, write the draft (and a draft
bureau file for a bureau the content does not know), put the original beside it."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..checks.rules import MAX_BUREAU_ID
from ..domain.model import is_slug
from ..errors import Failure
from ..kinds import KINDS
from ..loading.files import folder_entries, read_regular, shown_path
from ..loading.placing import place, write_whole
from ..loading.sources import MAX_SOURCE_BYTES, MAX_TEXT_BYTES
from ..loading.yamlload import MAX_BYTES, load_yaml
from .cleaning import clean
from .documents import read_document, text_layer
from .draft import bureau_draft, draft
from .recognise import Recognised, recognise

SOURCE_SUFFIX = {"txt": "txt", "md": "txt", "pdf": "pdf", "docx": "docx", "html": "html", "htm": "html"}


class ImportFailed(Failure):
    """What the editor must do before the import can go on, in Chinese."""


@dataclass(frozen=True)
class Imported:
    report: Path
    source: Path
    text: Path | None  # the text layer of a PDF, Word file or web page, for the site's original page
    bureau_file: Path | None  # a drafted new bureau file
    found: Recognised


def known_bureaus(content_dir: Path) -> dict[str, tuple[str, str]]:
    """Each readable bureau file's full and short name, by id."""
    bureaus = {}
    for path, _ in folder_entries(content_dir / "bureaus"):
        if path.suffix == ".yaml" and path.is_file() and not path.is_symlink():
            try:
                raw = read_regular(path)
            except OSError:
                continue  # a hard link, or swapped for a link: validate says why
            data = load_yaml(raw, str(path))[0].data
            if isinstance(data, dict) and isinstance(data.get("name"), str):
                bureaus[path.stem] = (data["name"], str(data.get("short_name") or data["name"]))
    return bureaus


MAX_SECONDS = 300  # reading and recognising one document; real reports take seconds


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Give up on a document that takes longer than this (only where signals can be received)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise ImportFailed(f"读取这份原文超过 {seconds} 秒，已放弃：文件可能异常庞大或损坏")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def import_report(file: Path, content_dir: Path, bureau: str | None = None, year: int | None = None,
                  kind: str | None = None, force: bool = False) -> Imported:
    with time_limit(MAX_SECONDS):
        return _import(file, content_dir, bureau, year, kind, force)


def _import(file: Path, content_dir: Path, bureau: str | None, year: int | None, kind: str | None,
            force: bool) -> Imported:
    document = read_document(file)
    bureaus = known_bureaus(content_dir)
    found = recognise(clean(document), bureaus)
    bureau = bureau or found.bureau
    year = year or found.year
    kind = kind or found.kind
    if bureau is None:
        named = f"（原文写的是“{found.bureau_name[:30]}”）" if found.bureau_name else ""
        raise ImportFailed(f"没有在 content/bureaus/ 中找到这份报告的机构{named}：请用 --bureau 指定机构 id，"
                           "如果是新机构，会同时生成机构文件草稿")
    if not is_slug(bureau) or len(bureau) > MAX_BUREAU_ID:
        raise ImportFailed(f"机构 id「{bureau[:40]}」不合规：只能用小写字母、数字和单个连字符，"
                           f"最多 {MAX_BUREAU_ID} 个字符")
    if year is None:
        raise ImportFailed("没有从标题中识别出年度：请用 --year 指定，如 --year 2023")
    if kind is None or kind not in KINDS:
        raise ImportFailed("没有从标题中识别出报告类型：请用 --kind 指定（" + "、".join(KINDS) + "）")
    suffix = SOURCE_SUFFIX[document.suffix]
    issuer = bureaus[bureau][0] if bureau in bureaus else found.bureau_name
    report, source = f"reports/{bureau}/{year}-{kind}.yaml", f"sources/{bureau}/{year}-{kind}.{suffix}"
    text = f"sources/{bureau}/{year}-{kind}.txt" if suffix != "txt" else None
    writes = {report: _limited(draft(found, bureau, year, kind, document.name, issuer), MAX_BYTES, "草稿"),
              source: _original(file, suffix)}
    if text is not None:
        writes[text] = _limited(text_layer(document), MAX_TEXT_BYTES, "原文的文字层")
    bureau_name = f"bureaus/{bureau}.yaml"
    targets = {name: place(content_dir, name) for name in [*writes, bureau_name]}
    for name in writes:
        if os.path.lexists(targets[name]) and not force:
            raise ImportFailed(f"{shown_path(targets[name])} 已存在，不会覆盖（确认要覆盖时加 --force）")
    bureau_file = None
    if bureau not in bureaus and not os.path.lexists(targets[bureau_name]):  # there but unreadable: validate says why
        bureau_file = targets[bureau_name]
        write_whole(bureau_file, bureau_draft(found.bureau_name).encode("utf-8"))
    for name, data in writes.items():
        write_whole(targets[name], data)
    return Imported(targets[report], targets[source], targets[text] if text else None, bureau_file, found)


def _limited(text: str, limit: int, what: str) -> bytes:
    data = text.encode("utf-8")
    if len(data) > limit:
        raise ImportFailed(f"{what}有 {len(data)} 字节，超过上限 {limit} 字节，不写入内容目录：原文是否异常庞大？")
    return data


def _original(file: Path, suffix: str) -> bytes:
    """The document's bytes as published, within the limit the site publishes originals up to."""
    limit = MAX_TEXT_BYTES if suffix == "txt" else MAX_SOURCE_BYTES
    with open(file, "rb") as handle:  # the file the editor named, wherever it is
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ImportFailed(f"原文超过 {limit // 1024 // 1024} MB，网站不会发布这么大的原文")
    return data
