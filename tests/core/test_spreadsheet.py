"""Workbooks and CSV the app writes: atomic (a kill or a full disk keeps the previous workbook),
Chinese OS errors, and user text that never becomes a formula."""

from __future__ import annotations

import csv
import errno
import io
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from unit_reports import example_report

from desktop.cli import main
from desktop.errors import UserError
from desktop.merge import merge_reports, write_breakdown
from desktop.project_file import save_report
from desktop.report import OrgKind
from desktop.spreadsheet import csv_text, save_workbook, set_text, set_value

ROOT = Path(__file__).resolve().parents[2]


def _units(tmp_path: Path, names: tuple[str, ...]) -> list[Path]:
    paths = []
    for i, name in enumerate(names):
        p = tmp_path / f"unit{i}.nianbao"
        save_report(example_report(name, kind=OrgKind.DEPARTMENT), p)
        paths.append(p)
    return paths


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", '=HYPERLINK("http://x","y")'])
def test_formula_like_text_is_a_text_cell(tmp_path: Path, text: str) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    set_text(ws, 1, 1, text)
    set_value(ws, 2, 1, text)
    set_value(ws, 3, 1, -5)
    path = tmp_path / "w.xlsx"
    save_workbook(wb, path)
    back = load_workbook(path).active
    assert back is not None
    for row in (1, 2):
        cell = back.cell(row=row, column=1)
        assert cell.value == text and cell.data_type == "s"
    assert back.cell(row=3, column=1).value == -5
    # No formula element anywhere in the sheet XML.
    with zipfile.ZipFile(path) as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")


def test_org_name_formula_in_breakdown_is_text(tmp_path: Path) -> None:
    units = _units(tmp_path, ("=1+1", "@cmd", "-2+3", "正常单位"))
    out = tmp_path / "total.nianbao"
    breakdown = tmp_path / "b.xlsx"
    argv = ["merge", *map(str, units), "-o", str(out), "--org", "=SUM(1,2)"]
    assert main([*argv, "--breakdown", str(breakdown)]) in (0, 1)
    ws = load_workbook(breakdown)["分单位明细"]
    names = [ws.cell(row=r, column=2) for r in range(5, 10)]
    assert [c.value for c in names] == ["=1+1", "@cmd", "-2+3", "正常单位", "=SUM(1,2)"]
    assert all(c.data_type == "s" for c in names)
    with zipfile.ZipFile(breakdown) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name), name


def test_review_workbook_keeps_formula_like_names_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "units"
    folder.mkdir()
    for i, name in enumerate(("=1+1", "@SUM(A1)", "正常单位")):
        save_report(example_report(name, kind=OrgKind.DEPARTMENT), folder / f"u{i}.nianbao")
    # A file name is written too (an unreadable file is listed by its name).
    (folder / "=2+2.nianbao").write_text("不是年报", encoding="utf-8")
    out = tmp_path / "review.xlsx"
    assert main(["review", str(folder), "-o", str(out)]) in (0, 1)
    wb = load_workbook(out)
    texts = {
        c.value: c.data_type
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    }
    assert texts.get("=1+1") == "s" and texts.get("@SUM(A1)") == "s"
    assert texts.get("=2+2.nianbao") == "s"
    assert "'=1+1" not in texts  # shown exactly as written, no visible apostrophe
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name), name


def test_csv_text_escapes_formula_starts() -> None:
    assert csv_text("=1+1") == "'=1+1"
    assert csv_text("+86 951") == "'+86 951"
    assert csv_text("-") == "'-"
    assert csv_text("@x") == "'@x"
    assert csv_text("\tx") == "'\tx"
    assert csv_text("盐池县") == "盐池县"
    assert csv_text("") == ""


def test_dump_csv_has_no_formula_cells(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (unit,) = _units(tmp_path, ("=1+1",))
    assert main(["dump", str(unit), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert len(rows) == 201
    for row in rows:
        for field in row[:4]:
            assert not field.startswith(("=", "+", "-", "@")), row


def test_breakdown_disk_full_keeps_previous_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    units = [(p, example_report("甲")) for p in (tmp_path / "a.nianbao", tmp_path / "b.nianbao")]
    units[1][1].meta.org_name = "乙"
    result = merge_reports(units)
    path = tmp_path / "b.xlsx"
    write_breakdown(result, path)
    before = path.read_bytes()
    real_fsync = os.fsync

    def full(fd: int) -> None:
        real_fsync(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(UserError) as info:
        write_breakdown(result, path)
    monkeypatch.undo()
    msg = str(info.value)
    assert "磁盘空间不足" in msg and "原文件没有改动" in msg
    assert "No space" not in msg and "Errno" not in msg
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.xlsx"]


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EACCES, "没有写入权限"),
        (errno.EROFS, "只读"),
        (errno.ENOENT, "文件夹不存在"),
        (errno.EIO, "读写磁盘时出错"),
        (errno.ENAMETOOLONG, "太长"),
        (errno.EXDEV, "系统错误（错误码"),
    ],
)
def test_breakdown_os_errors_are_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    def fail(self: Workbook, target: object) -> None:
        raise OSError(code, "English strerror text")

    monkeypatch.setattr(Workbook, "save", fail)
    result = merge_reports([(tmp_path / "a.nianbao", example_report("甲"))])
    with pytest.raises(UserError) as info:
        write_breakdown(result, tmp_path / "b.xlsx")
    assert words in str(info.value)
    assert "English" not in str(info.value)
    assert not list(tmp_path.iterdir())


def test_breakdown_name_over_255_bytes_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = _units(tmp_path, ("甲", "乙"))
    out = tmp_path / "total.nianbao"
    long_name = tmp_path / ("明细" * 60 + ".xlsx")  # 365 bytes
    code = main(["merge", *map(str, units), "-o", str(out), "--breakdown", str(long_name)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "太长" in err or "文件名" in err
    assert len(err) < 2000


_KILLED_MERGER = textwrap.dedent(
    """
    import sys
    from desktop.cli import main
    argv = sys.argv[1:]
    print("ready", flush=True)
    while True:
        main(argv)
    """
)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_merge_breakdown_killed_50_times_keeps_a_workbook(tmp_path: Path) -> None:
    units = _units(tmp_path, ("单位甲", "单位乙", "单位丙"))
    out = tmp_path / "total.nianbao"
    breakdown = tmp_path / "明细.xlsx"
    argv = ["merge", *map(str, units), "-o", str(out), "--breakdown", str(breakdown), "--force"]
    assert main(argv) == 0
    os.chmod(breakdown, 0o640)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(20261204)
    for _ in range(50):
        with subprocess.Popen(
            [sys.executable, "-c", _KILLED_MERGER, *argv],
            stdout=subprocess.PIPE,
            env=env,
            cwd=tmp_path,
        ) as proc:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == b"ready"
            time.sleep(rng.uniform(0.05, 1.5))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        wb = load_workbook(breakdown)  # always a complete workbook: the old or a new one
        assert wb["分单位明细"].cell(row=5, column=2).value == "单位甲"
        assert os.stat(breakdown).st_mode & 0o777 == 0o640
    # Temp files of the killed runs are removed by the next save.
    assert main(argv) == 0
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".nbtmp")]
