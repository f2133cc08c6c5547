"""Writing into the content folder (a draft, a scaffold, an imported original) as safely as it is
read: every folder on the way a real folder, never a write through a link, a new file renamed
into place whole."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import Failure
from .files import shown_path


class UnsafePlace(Failure):
    """A link or special file stands where a content file would be written."""


def place(content_dir: Path, name: str) -> Path:
    """Where the content file `name` (relative, with "/") goes: every folder on the way a real
    folder (made if missing), and the file itself, if there, a regular file of its own."""
    folder = content_dir
    for part in name.split("/")[:-1]:
        folder = folder / part
        if os.path.lexists(folder):
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                raise UnsafePlace(f"{shown_path(folder)} 是链接或文件，不是目录；为安全起见不会写入")
        else:
            folder.mkdir()
    target = folder / name.rsplit("/", 1)[-1]
    if os.path.lexists(target):
        info = os.lstat(target)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:
            raise UnsafePlace(f"{shown_path(target)} 是链接或特殊文件；为安全起见不会写入或覆盖")
    return target


def write_whole(target: Path, data: bytes) -> None:
    """A new file beside the target, then renamed over it: a link planted since is replaced, not followed."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.new")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
