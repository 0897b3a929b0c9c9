"""The register in the main window: 文件 → 保存报送副本 and what is due this week on opening."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMenu

from desktop.project_file import load_report, save_report
from desktop.register.model import ApplicantKind, Application, Register
from desktop.register.sync import apply_register
from desktop.report import new_report
from desktop.template import INPUT_IDS
from ui.main_window import MainWindow


def _register_file(path: Path) -> Path:
    today = date.today()
    r = new_report("某某县自然资源局", today.year)
    r.ledger = Register(
        applications=[
            # received two months ago and not answered: overdue, whatever today is
            Application(
                id="YS-001",
                received=today - timedelta(days=60),
                kind=ApplicantKind.NATURAL,
                applicant="张三",
                content="某地块征收补偿方案",
            ),
            Application(
                id="YS-002",
                received=today - timedelta(days=90),
                kind=ApplicantKind.BUSINESS,
                applicant="某某建设有限公司",
                content="规划许可证",
                result="granted",
                answered=today - timedelta(days=80),
            ),
        ],
        t3_generated=True,
    )
    apply_register(r)
    save_report(r, path)
    return path


def _action(window: MainWindow, text: str) -> Any:
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            if action.text() == text:
                return action
    raise AssertionError(f"no menu entry {text}")


def test_opening_a_file_lists_what_is_due_this_week(
    make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: Any
) -> None:
    window = make_window(_register_file(tmp_path / "台账.nianbao"))
    bar = window.statusBar()
    qtbot.waitUntil(lambda: "本周到期" in bar.currentMessage(), timeout=5000)
    shown = bar.currentMessage()
    assert shown.startswith("已打开“台账.nianbao”。本周到期或已逾期的申请 1 件（其中已逾期 1 件）")
    assert "YS-001" in shown and "YS-002" not in shown
    # another file with nothing open in its register: just 已打开
    plain = tmp_path / "空.nianbao"
    save_report(new_report("某某县自然资源局", 2025), plain)
    window.load_file(plain)
    qtbot.wait(50)
    assert bar.currentMessage() == "已打开“空.nianbao”。"


def test_submit_copy_leaves_out_the_register_and_keeps_the_derived_cells(
    make_window: Callable[..., MainWindow], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.file_dialogs as file_dialogs
    import ui.register_wiring as register_wiring

    source = _register_file(tmp_path / "台账.nianbao")
    before = source.read_bytes()
    window = make_window(source)
    target = tmp_path / "报送"
    monkeypatch.setattr(file_dialogs, "get_save_file_name", lambda *a, **k: (str(target), ""))
    _action(window, "保存报送副本(&B)…").trigger()
    copy = load_report(tmp_path / "报送.nianbao")  # the extension added
    assert copy.ledger == Register()  # no applicant, no request content
    assert "张三" not in (tmp_path / "报送.nianbao").read_text(encoding="utf-8")
    cells = window.document.report.cells
    assert copy.cells["t3.new.natural"] == cells["t3.new.natural"] == 1
    assert copy.cells["t3.granted.business"] == 1
    assert {cid: copy.cells[cid] for cid in INPUT_IDS} == {cid: cells[cid] for cid in INPUT_IDS}
    assert "已保存报送副本" in window.statusBar().currentMessage()
    assert source.read_bytes() == before  # the open file keeps its register, untouched
    # the copy may not replace the file being edited
    warned: list[str] = []
    monkeypatch.setattr(file_dialogs, "get_save_file_name", lambda *a, **k: (str(source), ""))
    monkeypatch.setattr(
        register_wiring.QMessageBox, "warning", staticmethod(lambda *a: warned.append(a[2]))
    )
    _action(window, "保存报送副本(&B)…").trigger()
    assert warned and "不能覆盖正在编辑的文件" in warned[0]
    assert source.read_bytes() == before
