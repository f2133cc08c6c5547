"""`disclosure import` as one function: read, clean, recognise, write the draft (and a draft
bureau file for a bureau the content does not know), put the original beside it."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..domain.model import is_slug
from ..kinds import KINDS
from ..loading.files import folder_entries
from ..loading.yamlload import load_yaml
from .cleaning import clean
from .documents import read_document, text_layer
from .draft import bureau_draft, draft
from .recognise import Recognised, recognise

SOURCE_SUFFIX = {"txt": "txt", "md": "txt", "pdf": "pdf", "docx": "docx", "html": "html", "htm": "html"}


class ImportFailed(Exception):
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
            data = load_yaml(path.read_bytes(), str(path))[0].data
            if isinstance(data, dict) and isinstance(data.get("name"), str):
                bureaus[path.stem] = (data["name"], str(data.get("short_name") or data["name"]))
    return bureaus


def import_report(file: Path, content_dir: Path, bureau: str | None = None, year: int | None = None,
                  kind: str | None = None, force: bool = False) -> Imported:
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
    if not is_slug(bureau):
        raise ImportFailed(f"机构 id「{bureau[:40]}」不合规：只能用小写字母、数字和单个连字符")
    if year is None:
        raise ImportFailed("没有从标题中识别出年度：请用 --year 指定，如 --year 2023")
    if kind is None or kind not in KINDS:
        raise ImportFailed("没有从标题中识别出报告类型：请用 --kind 指定（" + "、".join(KINDS) + "）")
    report = content_dir / "reports" / bureau / f"{year}-{kind}.yaml"
    source = content_dir / "sources" / bureau / f"{year}-{kind}.{SOURCE_SUFFIX[document.suffix]}"
    text = source.with_suffix(".txt") if source.suffix != ".txt" else None
    for path in (report, source, text):
        if path is None:
            continue
        if path.exists() and not force:
            raise ImportFailed(f"{path} 已存在，不会覆盖（确认要覆盖时加 --force）")
    bureau_file = None
    if bureau not in bureaus:
        bureau_file = content_dir / "bureaus" / f"{bureau}.yaml"
        if not bureau_file.exists():
            bureau_file.parent.mkdir(parents=True, exist_ok=True)
            bureau_file.write_text(bureau_draft(found.bureau_name), encoding="utf-8")
        else:
            bureau_file = None  # there, but unreadable: validate says why
    issuer = bureaus[bureau][0] if bureau in bureaus else found.bureau_name
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(draft(found, bureau, year, kind, document.name, issuer), encoding="utf-8")
    source.parent.mkdir(parents=True, exist_ok=True)
    if file.resolve() != source.resolve():
        shutil.copyfile(file, source)
    if text is not None:
        text.write_text(text_layer(document), encoding="utf-8")
    return Imported(report, source, text, bureau_file, found)
