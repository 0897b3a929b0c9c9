"""Atomic writing of every file the app writes, keeping the permissions of the file it replaces.

A write goes to a temp file in the target's folder, is flushed and fsynced, gets the old file's
mode (and owner/group where the OS allows) or, for a new file, the mode the umask gives, and then
replaces the target with ``os.replace``: at every moment the target is either the old or the new
complete file. ``mkstemp`` alone would leave every file at 0600 and owned by whoever saved, so a
colleague in a shared folder could no longer read the report.

A target whose mode bits say read-only is refused unless the caller forces it (judged by the bits,
not by ``os.access``: root may write anything, but the user marked the file read-only on purpose).
Our own temp files left behind by a killed process are removed at the next write into the folder.
OS errors become Chinese messages (``write_error``); no English ``strerror`` reaches the user.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from desktop.errors import UserError, os_error_reason

TEMP_SUFFIX = ".nbtmp"
# The final name may be up to 255 bytes; the temp name adds a prefix and a suffix, so the part of
# the name it repeats is cut to keep the whole under the limit of common file systems.
_NAME_PART_BYTES = 180
# A temp file of an older version (``mkstemp``: ``.NAME.XXXXXXXX.tmp``) carries no process id;
# one older than this is certainly not being written any more.
_OLD_TEMP_AGE_S = 10 * 60
# A temp file of a process on another machine (a shared folder) is judged by age alone.
_FOREIGN_TEMP_AGE_S = 12 * 3600


class ReadOnlyTargetError(UserError):
    """The target file is marked read-only; nothing was written."""

    def __init__(self, path: Path, verb: str = "保存") -> None:
        super().__init__(
            f"文件“{path}”被设为只读，未能{verb}，原文件没有改动。确需覆盖时，请先取消它的只读属性"
            "（命令行可加上 --force）。"
        )
        self.path = path


def is_read_only(path: Path) -> bool:
    """True when ``path`` is an existing regular file without any write bit in its mode."""
    try:
        st = path.stat()
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and not (st.st_mode & 0o222)


def _current_umask() -> int:
    # Reading the umask without changing it: Linux shows it in /proc; elsewhere the classic
    # set-and-restore (the window is single-threaded where it writes).
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode a newly created file gets from the umask (``open()`` would give the same)."""
    return 0o666 & ~_current_umask()


def _name_part(name: str) -> str:
    raw = name.encode("utf-8", "surrogateescape")
    if len(raw) <= _NAME_PART_BYTES:
        return name
    return raw[:_NAME_PART_BYTES].decode("utf-8", "ignore")


def temp_path_for(path: Path) -> Path:
    """A fresh temp file name beside ``path`` naming this process (for cleaning later)."""
    # os.urandom is what secrets.token_hex reads; importing secrets loads OpenSSL (3.3 MiB).
    return path.with_name(
        f".{_name_part(path.name)}.{os.getpid()}-{os.urandom(4).hex()}{TEMP_SUFFIX}"
    )


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists but is someone else's; or we cannot tell: keep it
    return True


def clean_leftover_temps(path: Path) -> list[Path]:
    """Remove temp files of ``path`` left by killed writers; return what was removed.

    Ours carry the writer's process id: removed when that process is gone (or after 12 hours,
    for a process we cannot see). An older version's ``mkstemp`` names are removed once they are
    ten minutes old. Failures are ignored: cleaning must never stop a save.
    """
    removed: list[Path] = []
    part = re.escape(_name_part(path.name))
    ours = re.compile(rf"^\.{part}\.(\d+)-[0-9a-f]{{8}}{re.escape(TEMP_SUFFIX)}$")
    old = re.compile(rf"^\.{re.escape(path.name)}\.[A-Za-z0-9_]{{8}}\.tmp$")
    now = time.time()
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not name.startswith("."):
            continue
        m = ours.match(name)
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
            if m:
                stale = not _pid_alive(int(m.group(1))) or age > _FOREIGN_TEMP_AGE_S
            elif old.match(name):
                stale = age > _OLD_TEMP_AGE_S
            else:
                continue
            if stale and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except (OSError, ValueError):
            continue
    return removed


def _keep_permissions(fd: int, old: os.stat_result | None) -> None:
    if os.name != "posix":
        return
    if old is None:
        os.fchmod(fd, new_file_mode())
        return
    os.fchmod(fd, stat.S_IMODE(old.st_mode))
    # Owner and group as before where allowed (root may; a user may still set a group they are
    # in); otherwise the file is the saver's, as any editor leaves it.
    try:
        os.fchown(fd, old.st_uid, old.st_gid)
    except OSError:
        with contextlib.suppress(OSError):
            os.fchown(fd, -1, old.st_gid)
        # fchown may clear set-id bits; put the mode back once more.
        with contextlib.suppress(OSError):
            os.fchmod(fd, stat.S_IMODE(old.st_mode))


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX only; failures are harmless)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(
    path: str | Path,
    write: Callable[[BinaryIO], None],
    *,
    force: bool = False,
    ignore_lock: bool = False,
    verb: str = "保存",
) -> None:
    """Write ``path`` atomically; ``write`` fills the open temp file.

    Unless ``force``, raises ReadOnlyTargetError for a read-only target and LockedTargetError
    for a target another live process has open in a window (``desktop.file_guard``; a window
    passes ``ignore_lock`` because it checks the file's identity and asks instead). Raises
    OSError for every OS failure (the temp file is removed, the target untouched).
    """
    path = Path(path)
    try:
        old: os.stat_result | None = path.stat()
    except FileNotFoundError:
        old = None
    except OSError as exc:
        if exc.errno in (errno.ENOTDIR, errno.ENAMETOOLONG, errno.ELOOP):
            raise
        old = None
    if old is not None and stat.S_ISDIR(old.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if old is not None and not stat.S_ISREG(old.st_mode):
        old = None  # a device or fifo is not a file whose mode we keep
    if old is not None and not force and not (old.st_mode & 0o222):
        raise ReadOnlyTargetError(path, verb)
    if old is not None and not force and not ignore_lock:
        from desktop.file_guard import check_unlocked

        check_unlocked(path)
    clean_leftover_temps(path)
    tmp = temp_path_for(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            _keep_permissions(f.fileno(), old)
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def atomic_write_bytes(
    path: str | Path, data: bytes, *, force: bool = False, ignore_lock: bool = False
) -> None:
    """``atomic_write`` of a byte string."""

    def write(f: BinaryIO) -> None:
        f.write(data)

    atomic_write(path, write, force=force, ignore_lock=ignore_lock)


def copy_atomic(source: Path, target: Path) -> None:
    """Copy ``source`` over ``target`` atomically, with ``source``'s permissions (for backups)."""

    def write(f: BinaryIO) -> None:
        with open(source, "rb") as src:
            while chunk := src.read(1 << 20):
                f.write(chunk)

    atomic_write(target, write, force=True)
    with contextlib.suppress(OSError):
        os.chmod(target, stat.S_IMODE(source.stat().st_mode))


# --- messages -------------------------------------------------------------------------------------

_WHY = {
    errno.EACCES: "没有写入权限（如果该文件正在 Word、WPS 或 Excel 中打开，请先关闭它）。"
    "请换一个有权限的文件夹（例如“文档”），或联系管理员",
    errno.ENOSPC: "磁盘空间不足。请清理磁盘，或换一个磁盘保存",
    errno.ENOENT: "所在文件夹不存在（U 盘可能已拔出，或文件夹已被移动）。请换一个位置保存",
    errno.EROFS: "磁盘是只读的。请换一个位置保存",
    errno.ENAMETOOLONG: "文件名或路径太长。请换一个短一些的文件名",
    errno.ENOTDIR: "路径中有一部分是文件而不是文件夹。请检查路径",
    errno.EISDIR: "这是一个文件夹，请指定文件名",
    errno.EIO: "读写磁盘时出错（U 盘或网络盘可能已断开）。请检查磁盘后重试，或换一个位置保存",
    errno.EFBIG: "文件太大，超出了该磁盘的限制。请换一个磁盘保存",
    errno.EMFILE: "同时打开的文件太多。请关闭一些程序后重试",
    errno.EBUSY: "文件正被其他程序占用。请关闭占用它的程序后重试",
    errno.ETXTBSY: "文件正被其他程序占用。请关闭占用它的程序后重试",
    errno.EINVAL: "文件名中有该磁盘不允许的字符。请换一个文件名",
    errno.EEXIST: "同名文件已存在。请换一个文件名",
    errno.ELOOP: "路径中的快捷方式（符号链接）过多或形成循环。请检查路径",
}
_WHY[errno.EPERM] = _WHY[errno.EACCES]
if hasattr(errno, "EDQUOT"):
    _WHY[errno.EDQUOT] = "磁盘配额已用完。请清理磁盘或联系管理员"


def write_reason(exc: OSError) -> str:
    """Why a write failed and what to do, in Chinese (never the English ``strerror``); codes
    without write-specific advice get ``desktop.errors.os_error_reason``'s wording."""
    code = exc.errno
    if isinstance(exc, IsADirectoryError):
        code = errno.EISDIR
    elif isinstance(exc, PermissionError) and code is None:
        code = errno.EACCES
    elif isinstance(exc, FileNotFoundError) and code is None:
        code = errno.ENOENT
    if code in _WHY:
        return _WHY[code]
    return f"{os_error_reason(exc)}。请换一个位置保存，或联系管理员"


def _exists_quietly(path: Path) -> bool:
    # The error path itself must not fail again (a name over 255 bytes makes stat() raise).
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def shown_path(path: Path, limit: int = 200) -> str:
    """``path`` for a message, shortened in the middle so that a message stays readable."""
    text = str(path)
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return text[:half] + "…" + text[-half:]


def write_error(path: Path, exc: OSError, verb: str = "保存") -> UserError:
    """A Chinese message for a failed write of ``path`` (``verb``: 保存, 导出 …) saying why and
    what to do; the file that was there is untouched, because every write here is atomic."""
    kept = "原文件没有改动。" if _exists_quietly(path) else ""
    return UserError(f"未能{verb}“{shown_path(path)}”：{write_reason(exc)}。{kept}")
