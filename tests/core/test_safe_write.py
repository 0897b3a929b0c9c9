"""Atomic writes keep the replaced file's permissions, refuse read-only files (judged by the mode
bits: tests run as root), give a new file the umask's mode and clean our own leftover temps."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from unit_reports import example_report

from desktop import safe_write
from desktop.cli import main
from desktop.errors import UserError
from desktop.export_common import write_output
from desktop.project_file import backup_path, load_report, save_report
from desktop.report import new_report

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mode", [0o664, 0o640, 0o600, 0o644])
def test_rewrite_keeps_mode_of_every_writer(tmp_path: Path, mode: int) -> None:
    report = example_report()
    nb = tmp_path / "a.nianbao"
    save_report(report, nb)
    os.chmod(nb, mode)
    save_report(report, nb)
    assert _mode(nb) == mode
    assert _mode(backup_path(nb)) == mode
    for name in ("a.docx", "a.html"):
        out = tmp_path / name
        out.write_bytes(b"old")
        os.chmod(out, mode)
        assert main(["export", str(nb), "-o", str(out), "--force"]) == 0
        assert _mode(out) == mode, name
    csv = tmp_path / "a.csv"
    csv.write_bytes(b"old")
    os.chmod(csv, mode)
    assert main(["dump", str(nb), "--format", "csv", "-o", str(csv), "--force"]) == 0
    assert _mode(csv) == mode


def test_rewrite_keeps_owner_and_group(tmp_path: Path) -> None:
    nb = tmp_path / "a.nianbao"
    save_report(new_report("甲", 2022), nb)
    if os.geteuid() != 0:
        pytest.skip("only root can hand a file to another owner")
    os.chown(nb, 12345, 23456)
    save_report(new_report("乙", 2022), nb)
    st = nb.stat()
    assert (st.st_uid, st.st_gid) == (12345, 23456)


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_new_file_gets_the_umask_mode(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        nb = tmp_path / f"new{umask:o}.nianbao"
        save_report(new_report("甲", 2022), nb)
        assert _mode(nb) == 0o666 & ~umask
    finally:
        os.umask(old)


def test_read_only_file_refused_and_untouched(tmp_path: Path) -> None:
    nb = tmp_path / "a.nianbao"
    save_report(new_report("甲", 2022), nb)
    os.chmod(nb, 0o444)
    before = nb.read_bytes()
    with pytest.raises(UserError, match="只读"):
        save_report(new_report("乙", 2022), nb)
    assert nb.read_bytes() == before
    assert not backup_path(nb).exists()  # refused before anything was written
    save_report(new_report("乙", 2022), nb, force=True)
    assert load_report(nb).meta.org_name == "乙"
    assert _mode(nb) == 0o444


def test_read_only_outputs_refused_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nb = tmp_path / "a.nianbao"
    save_report(example_report(), nb)
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"old")
    os.chmod(docx, 0o444)
    nb2 = tmp_path / "b.nianbao"
    save_report(new_report("乙", 2023), nb2)
    os.chmod(nb2, 0o444)
    assert main(["export", str(nb), "-o", str(docx), "--draft"]) == 2
    assert docx.read_bytes() == b"old"
    with pytest.raises(UserError, match="只读"):
        write_output(docx, b"new")
    assert docx.read_bytes() == b"old"
    assert main(["export", str(nb), "-o", str(docx), "--draft", "--force"]) == 0
    assert _mode(docx) == 0o444 and docx.read_bytes() != b"old"
    assert main(["next", str(nb), "-o", str(nb2)]) == 2
    assert load_report(nb2).meta.org_name == "乙"
    # --force is the way through for a read-only target.
    assert main(["next", str(nb), "-o", str(nb2), "--force"]) == 0
    assert load_report(nb2).meta.org_name != "乙"


def test_accept_totals_refuses_read_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nb = tmp_path / "a.nianbao"
    report = example_report()
    report.printed_totals = {"t3.total.total": 1}
    save_report(report, nb)
    os.chmod(nb, 0o444)
    assert main(["accept-totals", str(nb)]) == 2
    assert "只读" in capsys.readouterr().err
    assert load_report(nb).printed_totals
    assert main(["accept-totals", str(nb), "--force"]) == 0
    assert not load_report(nb).printed_totals


def test_leftover_temps_cleaned_at_next_save(tmp_path: Path) -> None:
    nb = tmp_path / "a.nianbao"
    save_report(new_report("甲", 2022), nb)
    # A temp of a killed writer (a pid that does not exist), one of a live one (ours), an old
    # version's mkstemp leftover (old) and someone else's file that only looks similar.
    dead = tmp_path / f".a.nianbao.{2**22 + 7}-0123abcd.nbtmp"
    live = tmp_path / f".a.nianbao.{os.getpid()}-0123abcd.nbtmp"
    old = tmp_path / ".a.nianbao.k2j4h5g6.tmp"
    fresh_old = tmp_path / ".a.nianbao.aaaaaaaa.tmp"
    other = tmp_path / ".b.nianbao.k2j4h5g6.tmp"
    for p in (dead, live, old, fresh_old, other):
        p.write_bytes(b"x")
    ten_hours_ago = time.time() - 3600
    os.utime(old, (ten_hours_ago, ten_hours_ago))
    os.utime(other, (ten_hours_ago, ten_hours_ago))
    save_report(new_report("乙", 2022), nb)
    left = {p.name for p in tmp_path.iterdir()}
    assert dead.name not in left and old.name not in left
    assert {live.name, fresh_old.name, other.name} <= left


def test_long_name_temp_fits(tmp_path: Path) -> None:
    # The final name is 252 bytes; the temp name must still be creatable.
    nb = tmp_path / ("年" * 81 + "a.nianbao")
    assert len(nb.name.encode()) <= 255
    save_report(new_report("甲", 2022), nb)
    assert load_report(nb).meta.org_name == "甲"


def test_write_reason_is_never_english() -> None:
    for code in range(1, 134):
        reason = safe_write.write_reason(OSError(code, "English words"))
        assert "English" not in reason and os.strerror(code) not in reason
        assert any("\u4e00" <= ch <= "\u9fff" for ch in reason), (code, reason)
