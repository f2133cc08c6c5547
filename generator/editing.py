"""`serve`'s local backend for the web editor (/admin/): Decap CMS's proxy protocol (the one
`decap-server` speaks in file-system mode), answered from the working tree.

It reads and writes only inside the content directory: report, bureau and measure files (checked
by the real validator before they are written: a save with errors is refused with its messages)
and originals under sources/<bureau>/. Paths are the repository's (content/…); links, special
files and anything outside are refused. serve answers it only on localhost (see serve.py).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .checks.perfile import check_file
from .diagnostics import Level
from .diagnostics.formats import one_line
from .loading.files import ContentFile, FileType, folder_entries, is_leftover, read_regular, refusal
from .loading.placing import UnsafePlace, write_whole
from .loading.placing import place as placed
from .loading.sources import MAX_SOURCE_BYTES, SOURCES, SUFFIXES
from .loading.yamlload import MAX_BYTES

PREFIX = "content/"  # the content folder as the editor's configuration names it
_PART = re.compile(r"[^/\\\x00]+")
_REPORT = re.compile(r"reports/[a-z0-9]+(-[a-z0-9]+)*/[^/]+\.yaml")
_BUREAU = re.compile(r"bureaus/[a-z0-9]+(-[a-z0-9]+)*\.yaml")
_SOURCE = re.compile(r"sources/[a-z0-9]+(-[a-z0-9]+)*/[^/]+\.(" + "|".join(SUFFIXES) + ")")
SHOWN_ERRORS = 10


class Refused(Exception):
    """A request the backend will not carry out; its message is for the editor."""


def file_type(name: str) -> FileType | None:
    if name == "metrics.yaml":
        return "metrics"
    if _BUREAU.fullmatch(name):
        return "bureau"
    if _REPORT.fullmatch(name):
        return "report"
    return None


class LocalEditing:
    def __init__(self, content_dir: Path, saved: Callable[[list[str], str], object] = lambda *_: None) -> None:
        """saved(names, message): told after each save, with the commit message the editor would use."""
        self.content_dir, self.saved = content_dir.resolve(), saved

    def answer(self, request: Any) -> Any:
        """The reply to one request ({"action": …, "params": {…}}); Refused for what it will not do."""
        if not isinstance(request, dict) or not isinstance(request.get("params", {}), dict):
            raise Refused("请求的格式不对")
        action, params = request.get("action"), request.get("params") or {}
        handler = getattr(self, f"_{action}", None) if isinstance(action, str) and action.isalpha() else None
        if handler is None:
            raise Refused(f"本地编辑不支持 {str(action)[:40]}")
        return handler(params)

    # Where a repository path lands, refused unless it stays inside the content folder without a link.
    def place(self, path: Any) -> tuple[str, Path]:
        if not isinstance(path, str) or not path.startswith(PREFIX):
            raise Refused("只能编辑 content/ 下的文件")
        name = path[len(PREFIX):].strip("/")
        parts = name.split("/")
        if not name or any(not _PART.fullmatch(p) or p in (".", "..") or p.startswith(".") for p in parts):
            raise Refused(f"路径不对：{path[:80]}")
        here = self.content_dir
        for part in parts:
            here = here / part
            if os.path.lexists(here) and (here.is_symlink() or refusal(here) is not None):
                raise Refused(f"{name[:80]} 是链接或特殊文件，不会读写")
        return name, here

    def _entry(self, path: Any) -> dict[str, Any]:
        name, target = self.place(path)
        try:
            raw = read_regular(target, MAX_BYTES)
        except OSError:
            return {"data": None, "file": {"path": path, "id": None}}
        return {"data": raw.decode("utf-8-sig", errors="replace"), "file": {"path": path, "id": _digest(raw)}}

    def _info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"repo": self.content_dir.parent.name, "publish_modes": ["simple"], "type": "local_fs"}

    def _entriesByFolder(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        name, folder = self.place(params.get("folder"))
        extension, depth = str(params.get("extension", "")), int(params.get("depth") or 1)
        return [self._entry(PREFIX + n) for n in self._listing(name, folder, depth) if n.endswith(extension)]

    def _listing(self, name: str, folder: Path, depth: int) -> list[str]:
        found: list[str] = []
        for path, info in folder_entries(folder):
            if is_leftover(path.name) or path.name.startswith(".") or refusal(path, info):
                continue
            if stat.S_ISDIR(info.st_mode):
                found += self._listing(f"{name}/{path.name}", path, depth - 1) if depth > 1 else []
            else:
                found.append(f"{name}/{path.name}")
        return found

    def _entriesByFiles(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return [self._entry(f.get("path")) for f in params.get("files", []) if isinstance(f, dict)]

    def _getEntry(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._entry(params.get("path"))

    def _persistEntry(self, params: dict[str, Any]) -> dict[str, str]:
        files = params.get("dataFiles") or [params.get("entry")]
        writes: list[tuple[str, bytes]] = []
        for file in files:
            if not isinstance(file, dict) or not isinstance(file.get("raw"), str):
                raise Refused("保存的内容不对")
            name, _ = self.place(file.get("path"))
            kind = file_type(name)
            if kind is None:
                raise Refused(f"{name[:80]} 不是报告、机构或指标词典文件的位置")
            raw = file["raw"].encode("utf-8")
            if len(raw) > MAX_BYTES:
                raise Refused(f"文件有 {len(raw)} 字节，超过上限 {MAX_BYTES} 字节")
            checked = check_file(ContentFile(kind, name, PREFIX + name, raw))  # shown as the editor knows it
            errors = [d for d in checked.result.diagnostics if d.level is Level.ERROR]
            if errors:
                shown = "\n".join(one_line(d) for d in errors[:SHOWN_ERRORS])
                more = f"\n……共 {len(errors)} 个错误" if len(errors) > SHOWN_ERRORS else ""
                raise Refused(f"检查未通过，没有保存：\n{shown}{more}")
            writes.append((name, raw))
        writes += [self._media(asset) for asset in params.get("assets", [])]
        for name, raw in writes:
            self._write(name, raw)
        message = (params.get("options") or {}).get("commitMessage", "")
        self.saved([name for name, _ in writes], str(message)[:2000])
        return {"message": "entry persisted"}

    def _write(self, name: str, raw: bytes) -> None:
        """As the importer writes: every folder on the way a real one, the file renamed into place whole."""
        try:
            write_whole(placed(self.content_dir, name), raw)
        except UnsafePlace as unsafe:
            raise Refused(str(unsafe)) from None

    def _media(self, asset: Any) -> tuple[str, bytes]:
        if not isinstance(asset, dict) or asset.get("encoding") != "base64":
            raise Refused("上传的文件格式不对")
        name, _ = self.place(asset.get("path"))
        if not _SOURCE.fullmatch(name):
            raise Refused(f"原文应上传到 sources/<机构id>/，扩展名为 {'、'.join(SUFFIXES)}：{name[:80]}")
        try:
            raw = base64.b64decode(str(asset.get("content", "")), validate=True)
        except ValueError:
            raise Refused("上传的文件内容不对") from None
        if len(raw) > MAX_SOURCE_BYTES:
            raise Refused(f"原文有 {len(raw)} 字节，超过上限 {MAX_SOURCE_BYTES} 字节")
        return name, raw

    def _media_file(self, path: Any) -> dict[str, Any]:
        name, target = self.place(path)
        raw = read_regular(target, MAX_SOURCE_BYTES)
        return {"id": _digest(raw), "content": base64.b64encode(raw).decode("ascii"), "encoding": "base64",
                "path": path, "name": target.name}

    def _getMedia(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        name, folder = self.place(params.get("mediaFolder"))
        if name != SOURCES and not name.startswith(SOURCES + "/"):
            return []
        return [self._media_file(PREFIX + n) for n in self._listing(name, folder, 1)]

    def _getMediaFile(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._media_file(params.get("path"))

    def _persistMedia(self, params: dict[str, Any]) -> dict[str, Any]:
        name, raw = self._media(params.get("asset"))
        self._write(name, raw)
        return self._media_file(PREFIX + name)

    def _deleteFile(self, params: dict[str, Any]) -> dict[str, str]:
        return self._deleteFiles({"paths": [params.get("path")]})

    def _deleteFiles(self, params: dict[str, Any]) -> dict[str, str]:
        targets = [self.place(p) for p in params.get("paths", [])]
        for name, _ in targets:
            if not (file_type(name) or _SOURCE.fullmatch(name)):
                raise Refused(f"不能删除 {name[:80]}")
        for _, target in targets:
            target.unlink(missing_ok=True)
        return {"message": "deleted"}

    def _getDeployPreview(self, params: dict[str, Any]) -> None:
        return None


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()

