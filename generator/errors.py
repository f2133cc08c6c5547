"""Failures a user can cause outside the content (a full disk, a folder without permission, a
name too long for the file system), worded in Chinese with the path: never a traceback."""

from __future__ import annotations

import errno


class Failure(Exception):
    """A failure the user can act on; its message, in Chinese, is all they are shown (exit 1)."""

    exit_code = 1


class Refusal(Failure):
    """A request the command will not carry out, however often it is repeated (exit 2)."""

    exit_code = 2


_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许这样操作",
    errno.EROFS: "文件系统是只读的",
    errno.ENAMETOOLONG: "文件名太长，文件系统不接受",
    errno.ENOENT: "找不到",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.EISDIR: "这是目录，不是文件",
    errno.EMFILE: "打开的文件太多",
    errno.EIO: "读写出错（磁盘故障？）",
}


def os_error_text(error: OSError) -> str:
    """What went wrong and where, e.g. 「site/index.html：磁盘空间不足」."""
    reason = _REASONS.get(error.errno or 0) or (error.strerror or type(error).__name__)
    where = error.filename if error.filename is not None else ""
    return f"{str(where)[:200]}：{reason}" if where != "" else reason
