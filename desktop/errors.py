"""Errors whose message is meant for the user (Chinese, names the place and the fix)."""

from __future__ import annotations

import errno


class UserError(Exception):
    """An error the user can act on; ``str(error)`` is the Chinese message shown as is.

    ``exit_code`` is what the command line returns for it (2: a file could not be read or
    written).
    """

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def os_error_reason(exc: OSError) -> str:
    """Why an OS call failed, in Chinese (never the system's English ``strerror``)."""
    code = exc.errno
    if isinstance(exc, IsADirectoryError) or code == errno.EISDIR:
        return "这是一个文件夹"
    if isinstance(exc, NotADirectoryError) or code == errno.ENOTDIR:
        return "路径中有一部分不是文件夹"
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return "没有权限（如果该文件正在 Word、WPS 或 Excel 中打开，请先关闭它）"
    if isinstance(exc, FileNotFoundError) or code == errno.ENOENT:
        return "找不到该文件或文件夹（U 盘可能已拔出，或文件夹已被移动）"
    if isinstance(exc, FileExistsError) or code == errno.EEXIST:
        return "文件已存在"
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
        return "磁盘空间不足"
    if code == errno.EROFS:
        return "磁盘是只读的"
    if code == errno.ENAMETOOLONG:
        return "文件名或路径太长"
    if code == errno.EINVAL:
        return "文件名中有系统不允许的字符"
    if code == errno.EIO:
        return "读写磁盘时出错（磁盘或 U 盘可能有故障）"
    if code == getattr(errno, "EBUSY", -1):
        return "文件正被其他程序使用"
    if code is not None:
        return f"系统错误（错误码 {code}）"
    return "系统错误"
