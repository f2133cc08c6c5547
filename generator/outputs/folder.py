"""The output folder: which folders a build may replace, one build at a time, leftovers of killed
builds, and the swap that publishes a finished site without a moment when there is none.

A site this tool publishes carries MARKER. A folder without it that holds anything is not ours
to delete; nor, ever, a folder that is or holds the content, the project or a git work tree.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import Refusal
from ..paths import PROJECT_ROOT
from ..processes import signals_held

MARKER = ".disclosure-site"  # written into every site this tool publishes
_MARKER_TEXT = "这个目录由 disclosure build 生成，下次构建时会被整体替换。\n"
_GIT_SEARCH_LIMIT = 20_000  # entries looked at for a git work tree inside a folder --force would replace


class OutputRefused(Refusal):
    """Why the output folder will not be replaced, in Chinese."""


def _work_tree(path: Path) -> Path | None:
    """The top of the git work tree holding path, if any."""
    for folder in (path, *path.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return None


def _holds_git(folder: Path) -> bool:
    seen = 0
    for _, dirs, files in os.walk(folder):
        if ".git" in dirs or ".git" in files:
            return True
        seen += len(dirs) + len(files)
        if seen > _GIT_SEARCH_LIMIT:
            return True  # too large to be sure: treat as holding one
    return False


def _ours(folder: Path) -> bool:
    """A site this tool published: its marker, or (published before the marker existed) the
    headers file and search bundle every such site has."""
    search_index = (folder / "search-index").is_dir() or (folder / "pagefind").is_dir()  # the index, or its former one
    return (folder / MARKER).is_file() or ((folder / "_headers").is_file() and search_index)


def check_output(out_dir: Path, content_dir: Path, force: bool = False) -> None:
    """Refuse an output folder whose replacement would delete what this tool did not make."""
    out = out_dir.resolve()
    shown = str(out_dir)[:200]
    protected = {content_dir.resolve(): "内容目录", PROJECT_ROOT: "项目目录"}
    home = Path(os.path.expanduser("~"))
    if home.is_absolute():  # "~" itself where the system knows no home
        protected.setdefault(home.resolve(), "主目录")
    for start in (content_dir.resolve(), Path.cwd()):
        tree = _work_tree(start)
        if tree is not None:
            protected.setdefault(tree, "git 仓库")
    for path, what in protected.items():
        if path == out or path.is_relative_to(out):
            raise OutputRefused(f"输出目录 {shown} 是{what}或包含{what}（{str(path)[:200]}），构建会删除它；"
                                "请换一个输出目录（--out），如 site")
    if os.path.lexists(out / ".git"):
        raise OutputRefused(f"输出目录 {shown} 是一个 git 仓库，构建会删除它；请换一个输出目录（--out）")
    if not os.path.lexists(out):
        return
    if not out.is_dir():
        raise OutputRefused(f"输出路径 {shown} 已存在但不是目录；请换一个输出目录（--out）")
    if _ours(out) or not any(out.iterdir()):
        return
    if not force:
        raise OutputRefused(f"输出目录 {shown} 不是空的，也不是本工具生成的网站，构建会删除其中的全部内容；"
                            "请换一个输出目录，或确认可以删除后加 --force")
    if _holds_git(out):
        raise OutputRefused(f"输出目录 {shown} 里有 git 仓库（或文件多到无法确认没有），即使加了 --force 也不会删除；"
                            "请换一个输出目录")


def staging_prefix(out_dir: Path) -> str:
    """The name of the folders a build makes beside the output (its staging, an old site being
    removed): what a killed build leaves there starts with it."""
    return f".{out_dir.name}-build-"


def remove_folder(path: Path) -> None:
    """Remove a folder of ours, write permission restored where a user or a umask took it away."""
    if not os.path.lexists(path):
        return
    try:
        shutil.rmtree(path)
    except PermissionError:
        for root, _, _ in os.walk(path):
            os.chmod(root, os.stat(root).st_mode | stat.S_IRWXU)
        shutil.rmtree(path)


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """One build at a time for an output folder (the lock is on the folder holding it, so no
    lock file is left behind); then what killed builds left beside it is removed (while the lock
    is held, no other build can be using it)."""
    out = out_dir.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(out.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"另一个构建正在写入 {str(out_dir)[:200]}，等待它结束…", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        for leftover in sorted(out.parent.glob(f"{staging_prefix(out)}*")):
            remove_folder(leftover)
        yield
    finally:
        os.close(handle)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def publish(staging: Path, out_dir: Path) -> None:
    """Put the finished staging folder in place of the output folder. Where the system can swap
    two folders in one step, a reader of the output always finds a whole site, old or new; a
    signal cannot fall between the steps."""
    (staging / MARKER).write_text(_MARKER_TEXT, "utf-8")
    staging.chmod(0o755)
    with signals_held():
        if not os.path.lexists(out_dir):
            staging.rename(out_dir)
            return
        if _exchange(staging, out_dir):
            old = staging
        else:  # two renames: for a moment the output is missing
            old = out_dir.with_name(f"{staging_prefix(out_dir)}old")
            out_dir.rename(old)
            staging.rename(out_dir)
    remove_folder(old)
