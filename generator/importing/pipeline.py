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
from .documents import Document, read_document, text_layer
from .draft import bureau_draft, draft
from .form_draft import form_draft
from .forms import ProjectForm, read_forms
from .recognise import _YEAR, Recognised, _bureau, recognise

SOURCE_SUFFIX = {"txt": "txt", "md": "txt", "pdf": "pdf", "docx": "docx", "html": "html", "htm": "html",
                 "xlsx": "xlsx"}


class ImportFailed(Failure):
    """What the editor must do before the import can go on, in Chinese."""


@dataclass(frozen=True)
class Imported:
    reports: tuple[Path, ...]  # one draft, or one per project form the document holds
    sources: tuple[Path, ...]  # the original beside each
    texts: tuple[Path, ...]  # the text layer of a PDF, Word file, sheet or web page, for the original's page
    bureau_file: Path | None  # a drafted new bureau file
    found: Recognised | None  # what a department-wide report's draft was made from

    @property
    def report(self) -> Path:
        return self.reports[0]


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
    if kind is None or KINDS[kind].per_project:
        forms = read_forms(document)
        if forms:
            return _import_forms(file, document, forms, content_dir, bureaus, bureau, year, force)
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
    issuer = bureaus[bureau][0] if bureau in bureaus else found.bureau_name
    drafted = {f"{year}-{kind}": draft(found, bureau, year, kind, document.name, issuer)}
    return _write(file, document, drafted, content_dir, bureau, bureaus, found.bureau_name, force, found)


def _write(file: Path, document: Document, drafted: dict[str, str], content_dir: Path, bureau: str,
           bureaus: dict[str, tuple[str, str]], bureau_name: str | None, force: bool, found: Recognised | None
           ) -> Imported:
    """Each draft (by its file's stem) with a copy of the original and its text layer beside it; a
    draft bureau file for a bureau the content does not know. Nothing is written if any would
    replace a file (unless forced)."""
    suffix = SOURCE_SUFFIX[document.suffix]
    writes: dict[str, bytes] = {}
    reports, sources, texts = [], [], []
    for stem, text in drafted.items():
        report, source = f"reports/{bureau}/{stem}.yaml", f"sources/{bureau}/{stem}.{suffix}"
        writes[report] = _limited(text, MAX_BYTES, "草稿")
        writes[source] = _original(file, suffix)
        reports.append(report)
        sources.append(source)
        if suffix != "txt":
            texts.append(f"sources/{bureau}/{stem}.txt")
            writes[texts[-1]] = _limited(text_layer(document), MAX_TEXT_BYTES, "原文的文字层")
    bureau_file_name = f"bureaus/{bureau}.yaml"
    targets = {name: place(content_dir, name) for name in [*writes, bureau_file_name]}
    for name in writes:
        if os.path.lexists(targets[name]) and not force:
            raise ImportFailed(f"{shown_path(targets[name])} 已存在，不会覆盖（确认要覆盖时加 --force）")
    bureau_file = None
    if bureau not in bureaus and not os.path.lexists(targets[bureau_file_name]):  # unreadable: validate says why
        bureau_file = targets[bureau_file_name]
        write_whole(bureau_file, bureau_draft(bureau_name).encode("utf-8"))
    for name, data in writes.items():
        write_whole(targets[name], data)
    return Imported(tuple(targets[r] for r in reports), tuple(targets[s] for s in sources),
                    tuple(targets[t] for t in texts), bureau_file, found)


def project_types(content_dir: Path) -> list[tuple[str, tuple[str, ...]]]:
    """The dictionary's project types: (id, the names bureaus give such projects)."""
    try:
        data = load_yaml(read_regular(content_dir / "metrics.yaml"), "metrics.yaml")[0].data
    except OSError:
        return []
    types = data.get("project_types") if isinstance(data, dict) else None
    return [(str(t["id"]), (str(t.get("name", "")), *map(str, t.get("aliases") or ())))
            for t in types or () if isinstance(t, dict) and "id" in t]


def _type_of(name: str, types: list[tuple[str, tuple[str, ...]]]) -> str | None:
    """The type whose name or alias the project's name holds (the longest such name wins)."""
    matches = [(len(alias), type_id) for type_id, names in types for alias in names if alias and alias in name]
    return max(matches)[1] if matches else None


def _import_forms(file: Path, document: Document, forms: list[ProjectForm], content_dir: Path,
                  bureaus: dict[str, tuple[str, str]], bureau: str | None, year: int | None, force: bool
                  ) -> Imported:
    """One draft per project form; the project id is its type's where the dictionary knows it."""
    types = project_types(content_dir)
    heading = " ".join(filter(None, [forms[0].title, forms[0].facts.get("department")]))
    bureau = bureau or next(filter(None, (_bureau(" ".join(filter(None, [f.facts.get("department"), f.title])),
                                                  bureaus) for f in forms)), None)
    if bureau is None:
        raise ImportFailed("没有在 content/bureaus/ 中找到这些项目表的主管部门：请用 --bureau 指定机构 id，"
                           "如果是新机构，会同时生成机构文件草稿")
    if not is_slug(bureau) or len(bureau) > MAX_BUREAU_ID:
        raise ImportFailed(f"机构 id「{bureau[:40]}」不合规：只能用小写字母、数字和单个连字符，"
                           f"最多 {MAX_BUREAU_ID} 个字符")
    drafted: dict[str, str] = {}
    issuer = bureaus[bureau][0] if bureau in bureaus else forms[0].facts.get("department")
    for n, form in enumerate(forms, 1):
        form_year = year or _year_of(form.title) or _year_of(heading)
        if form_year is None:
            raise ImportFailed("没有从表的标题中识别出年度：请用 --year 指定，如 --year 2023")
        project_type = _type_of(form.facts.get("name", ""), types)
        project_id = project_type or f"project-{n}"
        stem = f"{form_year}-{form.kind}-{project_id}"
        while stem in drafted:
            project_id += "-2"
            stem = f"{form_year}-{form.kind}-{project_id}"
        drafted[stem] = form_draft(form, project_id, project_type, bureau, form_year, document.name, issuer)
    return _write(file, document, drafted, content_dir, bureau, bureaus, forms[0].facts.get("department"), force,
                  None)


def _year_of(text: str | None) -> int | None:
    found = _YEAR.search(text or "")
    return int(found[1]) if found else None


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
