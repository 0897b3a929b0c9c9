"""Knowing when a report file changed under you, and who else has it open.

Two mechanisms, both without Qt so that they are tested directly and used by the command line:

* ``FileIdentity`` — size, modification time and BLAKE2b digest of a file, taken when a window
  opens or saves it. Before the next save the window compares: if the file changed on disk (another
  window, another program, a colleague over the network) it asks 另存为 / 覆盖 / 重新打开 instead
  of overwriting silently. The hash decides when size and time agree but content does not (or
  when only the time changed, e.g. a copy that kept the content).
* A lock file beside the report, ``.~NAME.nianbao.lock`` (like Word's owner file), naming the
  user, the machine, the time and the process. A second window — in this process or another —
  is told at once who has the file open. A lock whose process is gone on this machine, or older
  than 12 hours, is stale and taken over (with a note). Where no lock can be written (read-only
  folder, some USB sticks) the file still opens, with a note. Command-line writers refuse a
  target locked by a live process unless ``--force`` (``check_unlocked``, called by every
  atomic write).
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.errors import UserError

try:
    # CPython's own BLAKE2 module: ``import hashlib`` loads OpenSSL's libcrypto (3.3 MiB of the
    # window's memory at start, where the identity of the opened file is taken).
    from _blake2 import blake2b as _digest
except ImportError:  # a Python built without it still has hashlib's
    from hashlib import blake2b as _digest

STALE_AFTER_S = 12 * 3600
LOCK_PREFIX = ".~"
LOCK_SUFFIX = ".lock"
_MAX_LOCK_BYTES = 4096
_HASH_CHUNK = 1 << 20


# --- identity -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """What a file was when we last read or wrote it."""

    size: int
    mtime_ns: int
    digest: str  # BLAKE2b of the content (compared within one run, never stored)


def identity_of(path: Path) -> FileIdentity | None:
    """The file's identity now, or None when it is missing or unreadable."""
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            digest = _digest()
            while chunk := f.read(_HASH_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return FileIdentity(st.st_size, st.st_mtime_ns, digest.hexdigest())


def identity_of_bytes(path: Path, data: bytes) -> FileIdentity | None:
    """The identity of a file we just wrote with ``data`` (no second read of the content)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return FileIdentity(st.st_size, st.st_mtime_ns, _digest(data).hexdigest())


def changed_on_disk(path: Path, known: FileIdentity | None) -> bool:
    """True when ``path`` is no longer the file ``known`` describes (changed, replaced or
    deleted). The content decides: a same-size rewrite within the time resolution of FAT (2 s)
    or with its time put back is seen; a file only touched is not a change. Hashing a report
    (tens of kB; at most 20 MB) before a save costs milliseconds."""
    if known is None:
        return False
    now = identity_of(path)
    return now is None or now.digest != known.digest


def describe_change(path: Path, known: FileIdentity | None) -> str:
    """A Chinese sentence saying how the file changed since it was opened or saved here."""
    try:
        st = path.stat()
    except OSError:
        return f"文件“{path.name}”在本窗口打开之后已被删除或移走。"
    when = datetime.fromtimestamp(st.st_mtime).strftime("%Y年%m月%d日 %H:%M:%S")
    lock = read_lock(path)
    who = ""
    if lock is not None and not lock.is_stale():
        who = f"（该文件目前也由 {lock.describe()} 打开）"
    return f"文件“{path.name}”在本窗口打开之后已被修改（{when}）{who}。"


# --- lock files -----------------------------------------------------------------------------------


def lock_path(path: Path) -> Path:
    """``.~NAME.nianbao.lock`` beside ``path``."""
    return path.with_name(f"{LOCK_PREFIX}{path.name}{LOCK_SUFFIX}")


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 — getpass raises several kinds when nothing names the user
        return "未知用户"


def _host() -> str:
    try:
        return socket.gethostname() or "未知计算机"
    except OSError:
        return "未知计算机"


@dataclass(frozen=True, slots=True)
class LockInfo:
    """Who holds a lock file."""

    user: str
    host: str
    pid: int
    time: float  # seconds since the epoch
    token: str  # tells this process's windows apart

    def describe(self) -> str:
        when = datetime.fromtimestamp(self.time).strftime("%Y年%m月%d日 %H:%M")
        return f"用户“{self.user}”（计算机“{self.host}”，{when} 起）"

    def is_ours(self) -> bool:
        """Held by this process (one of its windows)."""
        return self.pid == os.getpid() and self.host == _host()

    def is_stale(self, now: float | None = None) -> bool:
        """The holder is gone: its process no longer runs on this machine, or the lock is older
        than 12 hours (a machine we cannot look into, or a clock far off)."""
        now = time.time() if now is None else now
        if now - self.time > STALE_AFTER_S:
            return True
        if self.host == _host() and not self.is_ours():
            return not _pid_alive(self.pid)
        return False

    def to_json(self) -> str:
        return json.dumps(
            {
                "app": "nianbao",
                "user": self.user,
                "host": self.host,
                "pid": self.pid,
                "time": self.time,
                "token": self.token,
            },
            ensure_ascii=False,
        )


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def read_lock(path: Path) -> LockInfo | None:
    """The lock beside ``path``; None when there is none. A lock we cannot parse (another
    program's, or cut short) is shown as held by an unknown user at its file time."""
    lp = lock_path(path)
    try:
        with open(lp, "rb") as f:
            raw = f.read(_MAX_LOCK_BYTES)
        st = lp.stat()
    except OSError:
        return None
    try:
        doc = json.loads(raw.decode("utf-8"))
        return LockInfo(
            str(doc["user"])[:100],
            str(doc["host"])[:100],
            int(doc["pid"]),
            float(doc["time"]),
            str(doc.get("token", ""))[:64],
        )
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        return LockInfo("未知用户", "未知计算机", -1, st.st_mtime, "")


@dataclass(frozen=True, slots=True)
class LockResult:
    """What happened when a window tried to lock its file."""

    held: LockInfo | None  # our lock when we hold one
    other: LockInfo | None  # someone else's live lock (we hold none then)
    note: str  # Chinese, for the window; "" when there is nothing to say


def acquire(path: Path) -> LockResult:
    """Lock ``path`` for one window. Never raises: a lock that cannot be written only means
    the file opens with a note."""
    lp = lock_path(path)
    # os.urandom, as secrets.token_hex does, without the OpenSSL that secrets imports.
    mine = LockInfo(_user(), _host(), os.getpid(), time.time(), os.urandom(8).hex())
    data = mine.to_json().encode("utf-8")
    note = ""
    for _ in range(2):
        try:
            fd = os.open(lp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            current = read_lock(path)
            if current is None:
                continue  # removed meanwhile: try again
            if current.is_stale():
                note = (
                    f"“{path.name}”上次由 {current.describe()} 打开后没有正常关闭，已由本窗口接管。"
                )
                with contextlib.suppress(OSError):
                    os.unlink(lp)
                continue
            return LockResult(
                None,
                current,
                f"“{path.name}”已由 {current.describe()} 打开。"
                "两处同时修改时，保存前会提示文件已被修改；请与对方确认后再保存。",
            )
        except OSError:
            return LockResult(
                None,
                None,
                f"无法在“{path.parent}”中建立锁定文件（文件夹可能是只读的）：其他人同时打开"
                "这份报告时将无法提示。",
            )
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(lp)
            return LockResult(
                None, None, f"无法写入“{path.name}”的锁定文件：其他人同时打开时将无法提示。"
            )
        with contextlib.suppress(OSError):
            # Hidden on Windows like Word's owner file; elsewhere the leading dot does it.
            if os.name == "nt":
                import ctypes

                ctypes.windll.kernel32.SetFileAttributesW(str(lp), 0x2)  # type: ignore[attr-defined]
        return LockResult(mine, None, note)
    return LockResult(None, None, "")


def release(path: Path, held: LockInfo | None) -> None:
    """Remove our lock beside ``path`` (only if it is still ours)."""
    if held is None:
        return
    current = read_lock(path)
    if current is not None and current.token == held.token and current.pid == held.pid:
        with contextlib.suppress(OSError):
            os.unlink(lock_path(path))


class LockedTargetError(UserError):
    """A command-line writer met a file another live process has open."""

    def __init__(self, path: Path, info: LockInfo) -> None:
        super().__init__(
            f"文件“{path}”正由 {info.describe()} 在年报软件中打开，未做改动。"
            "请等对方关闭后再试；确需覆盖时请加上 --force。"
        )


def check_unlocked(path: Path) -> None:
    """Raise LockedTargetError when ``path`` is locked by a live process other than this one."""
    info = read_lock(path)
    if info is None or info.is_ours() or info.is_stale():
        return
    raise LockedTargetError(path, info)
