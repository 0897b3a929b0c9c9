"""File identity (changed on disk since opened) and lock files beside open reports."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from unit_reports import example_report

from desktop import file_guard
from desktop.cli import main
from desktop.file_guard import (
    FileIdentity,
    acquire,
    changed_on_disk,
    identity_of,
    lock_path,
    read_lock,
    release,
)
from desktop.project_file import load_report, save_report
from desktop.report import new_report


def _saved(tmp_path: Path, name: str = "甲") -> Path:
    path = tmp_path / "a.nianbao"
    save_report(new_report(name, 2022), path)
    return path


def _foreign_lock(path: Path, *, pid: int, host: str | None = None, age: float = 0) -> None:
    lock_path(path).write_text(
        json.dumps(
            {
                "user": "李四",
                "host": host or socket.gethostname(),
                "pid": pid,
                "time": time.time() - age,
                "token": "x",
            }
        ),
        encoding="utf-8",
    )


def _live_other_pid() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


def test_identity_sees_an_external_rewrite(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    known = identity_of(path)
    assert known is not None and not changed_on_disk(path, known)
    # Same size, same mtime, other content: the hash decides.
    st = path.stat()
    data = path.read_bytes().replace("甲".encode(), "乙".encode())
    path.write_bytes(data)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert changed_on_disk(path, FileIdentity(known.size, known.mtime_ns, known.digest))
    # Touched but the same content: not a change.
    path.write_bytes(data)
    again = identity_of(path)
    os.utime(path, (time.time() + 5, time.time() + 5))
    assert not changed_on_disk(path, again)
    path.unlink()
    assert changed_on_disk(path, again)


def test_lock_names_user_machine_time_pid(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    first = acquire(path)
    assert first.held is not None and first.other is None and first.note == ""
    info = read_lock(path)
    assert info is not None and info.pid == os.getpid() and info.host == socket.gethostname()
    assert abs(info.time - time.time()) < 60 and info.user
    assert lock_path(path).name == ".~a.nianbao.lock"
    # A second window (same process) is told at once.
    second = acquire(path)
    assert second.held is None and second.other is not None
    assert "已由" in second.note and "打开" in second.note
    release(path, second.held)
    assert lock_path(path).exists()
    release(path, first.held)
    assert not lock_path(path).exists()


def test_stale_lock_of_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    _foreign_lock(path, pid=proc.pid)
    result = acquire(path)
    assert result.held is not None
    assert "没有正常关闭" in result.note and "接管" in result.note
    assert read_lock(path) == result.held


def test_lock_older_than_12_hours_is_taken_over(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    _foreign_lock(path, pid=1, host="别的电脑", age=13 * 3600)
    result = acquire(path)
    assert result.held is not None and "接管" in result.note


def test_live_lock_of_another_machine_is_respected(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    _foreign_lock(path, pid=1, host="别的电脑", age=3600)
    result = acquire(path)
    assert result.held is None and result.other is not None and "李四" in result.note


def test_unwritable_folder_opens_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _saved(tmp_path)
    real_open = os.open

    def read_only_folder(p: object, flags: int, *args: object) -> int:
        if str(p).endswith(".lock"):
            raise PermissionError(13, "Permission denied")
        return real_open(p, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only_folder)
    result = acquire(path)
    assert result.held is None and result.other is None
    assert "无法" in result.note and "锁定文件" in result.note
    monkeypatch.undo()
    assert load_report(path).meta.org_name == "甲"


def test_garbage_lock_is_shown_as_unknown(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    lock_path(path).write_bytes(b"\xff\x00 not json")
    info = read_lock(path)
    assert info is not None and info.user == "未知用户"
    # Its pid (-1) is no process of this machine... but the host is unknown: kept 12 hours.
    assert acquire(path).held is None


def test_command_line_writers_refuse_a_locked_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _saved(tmp_path)
    other = _live_other_pid()
    try:
        _foreign_lock(path, pid=other.pid)
        before = path.read_bytes()
        src = tmp_path / "src.nianbao"
        save_report(new_report("源", 2021), src)
        assert main(["next", str(src), "-o", str(path), "--force"]) == 0  # --force: written
        # Without --force every writer refuses (accept-totals writes the file in place; every
        # cell filled, so that it has a total to replace).
        report = example_report()
        report.printed_totals = {"t3.total.total": 1}
        with pytest.raises(file_guard.LockedTargetError):
            save_report(report, path)
        save_report(report, path, force=True)
        before = path.read_bytes()
        assert main(["accept-totals", str(path)]) == 2
        err = capsys.readouterr().err
        assert "正由" in err and "李四" in err and "--force" in err
        assert path.read_bytes() == before
    finally:
        other.kill()
        other.wait()
    # The holder is gone: the lock is stale and no longer stops anyone.
    report = load_report(path)
    save_report(report, path)
