"""文件 → 审核多个单位… and 工具 → 规则包…: the dialog reviews a folder with progress and
cancel, lists the results, opens a unit on double-click, confirms a near pair and saves; the
rule pack is remembered in the settings and checked in the window."""

from __future__ import annotations

import threading
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from desktop.project_file import save_report
from tests.core.test_review_cli import CLEAN, _dept, build_folder
from ui import slow_work
from ui.review_dialog import COLUMNS, ReviewDialog
from ui.rule_pack import SETTINGS_KEY, current_pack, use_pack
from ui.slow_work import workers_running

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "rules" / "example.nbrules"


def _settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_review_dialog_runs_lists_opens_and_saves(qtbot, tmp_path: Path) -> None:
    units, last, roster = build_folder(tmp_path)
    dialog = ReviewDialog(_settings(tmp_path), start_folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(units))
    dialog.roster_edit.setText(str(roster))
    dialog.previous_edit.setText(str(last))
    assert dialog.run_review()
    table = dialog.table
    assert [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())] == list(
        COLUMNS
    )
    assert table.rowCount() == 31  # 30 files and the unit on the roster that sent nothing
    rows = {
        (table.item(r, 0).text(), table.item(r, 4).text()): table.item(r, 1).text()
        for r in range(table.rowCount())
    }
    assert rows[("盐池县财政局", "盐池县财政局.nianbao")] == "有错误"
    assert rows[("坏文件", "坏文件.nianbao")] == "无法读取"
    assert rows[("盐池县档案局", "")] == "缺报"
    assert "缺报 1 个" in dialog.summary_label.text()

    opened: list[Path] = []
    dialog.openRequested.connect(opened.append)
    finance = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "盐池县财政局")
    dialog._open_row(table.item(finance, 2))
    assert opened == [units / "盐池县财政局.nianbao"]
    missing = next(r for r in range(table.rowCount()) if table.item(r, 1).text() == "缺报")
    dialog._open_row(table.item(missing, 0))
    assert len(opened) == 1  # nothing to open for a unit that sent nothing

    out = tmp_path / "结果.xlsx"
    letters = tmp_path / "意见"
    dialog.letters_edit.setText(str(letters))
    assert dialog.save_to(out)
    assert load_workbook(out).sheetnames == ["汇总", "问题清单", "缺报"]
    assert (letters / "盐池县财政局_审核意见.docx").exists()


def _slow_reads(monkeypatch, gate: threading.Event) -> list[str]:
    """read_unit made to wait for ``gate`` (the review is then still running when the test
    looks at the window); returns the names of the threads that read."""
    from desktop.review import collect

    read = collect.read_unit
    threads: list[str] = []

    def slow(path: Path, folder: Path) -> collect.UnitReview:
        threads.append(threading.current_thread().name)
        gate.wait(30)
        return read(path, folder)

    monkeypatch.setattr(collect, "read_unit", slow)
    monkeypatch.setattr(slow_work, "BUSY_AFTER_MS", 10)
    return threads


def _progress_box() -> QProgressDialog | None:
    box = QApplication.activeModalWidget()
    return box if isinstance(box, QProgressDialog) and box.isVisible() else None


def test_cancel_stops_the_review_in_its_worker(qtbot, tmp_path: Path, monkeypatch) -> None:
    units = tmp_path / "u"
    units.mkdir()
    for name in CLEAN[:4]:
        save_report(_dept(name), units / f"{name}.nianbao")
    gate = threading.Event()
    threads = _slow_reads(monkeypatch, gate)
    dialog = ReviewDialog(_settings(tmp_path))
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(units))
    seen: list[str] = []

    def look() -> None:
        # The window's own timers keep running while the review reads: it is not blocked.
        box = _progress_box()
        if box is not None and "正在读取：" in box.labelText():
            seen.append(box.labelText())
            (button,) = [b for b in box.findChildren(QPushButton) if b.text() == "取消"]
            button.click()  # the gate opens once run_review has returned
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(20, look)
    try:
        assert not dialog.run_review()
    finally:
        gate.set()
    first = sorted(f"{name}.nianbao" for name in CLEAN[:4])[0]
    assert seen == [f"正在读取：{first}（1 / 8）"]
    assert dialog.review_result is None and "已取消" in dialog.summary_label.text()
    assert not dialog.save_button.isEnabled() and dialog.table.rowCount() == 0
    qtbot.waitUntil(lambda: workers_running() == 0, timeout=60_000)
    # The worker was told and stopped before the next file.
    assert threads == [slow_work.THREAD_NAME]


def test_a_slow_review_shows_progress_then_its_results(qtbot, tmp_path: Path, monkeypatch) -> None:
    units = tmp_path / "u"
    units.mkdir()
    for name in CLEAN[:3]:
        save_report(_dept(name), units / f"{name}.nianbao")
    gate = threading.Event()
    threads = _slow_reads(monkeypatch, gate)
    dialog = ReviewDialog(_settings(tmp_path))
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(units))
    shown: list[tuple[int, int]] = []

    def look() -> None:
        box = _progress_box()
        if box is not None and box.maximum() == 6:
            shown.append((box.value(), box.maximum()))
            gate.set()
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(20, look)
    try:
        assert dialog.run_review()
    finally:
        gate.set()
    assert shown and shown[0][1] == 6  # three files, each read and checked
    assert set(threads) == {slow_work.THREAD_NAME} and len(threads) == 3
    assert dialog.table.rowCount() == 3
    assert {dialog.table.item(r, 0).text() for r in range(3)} == set(CLEAN[:3])
    assert dialog.save_button.isEnabled()


def test_confirm_a_near_pair(qtbot, tmp_path: Path) -> None:
    units = tmp_path / "u"
    units.mkdir()
    save_report(_dept("盐池县交通局"), units / "a.nianbao")
    roster = tmp_path / "名单.txt"
    roster.write_text("盐池县交通运输局\n", encoding="utf-8")
    dialog = ReviewDialog(_settings(tmp_path))
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(units))
    dialog.roster_edit.setText(str(roster))
    assert dialog.run_review()
    assert dialog.pairs.count() == 1 and not dialog.pairs_box.isHidden()
    assert dialog.table.rowCount() == 2
    dialog.pairs.setCurrentRow(0)
    dialog.confirm_button.click()
    assert dialog.pairs.count() == 0 and dialog.pairs_box.isHidden()
    assert dialog.table.rowCount() == 1  # no longer 缺报
    assert dialog.review_result is not None
    assert dialog.review_result.confirmed == [("盐池县交通运输局", "盐池县交通局")]


def test_rule_pack_remembered_and_checked_in_the_window(
    qtbot, tmp_path: Path, make_window, example_copy: Path, monkeypatch
) -> None:
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    settings = _settings(tmp_path)
    window = make_window(example_copy, settings=settings)
    actions = window.menu_actions
    assert actions.review.text().startswith("审核多个单位")
    assert actions.rule_pack.text().startswith("规则包")
    bad = tmp_path / "坏.nbrules"
    bad.write_text('{"名称": "甲",}', encoding="utf-8")
    assert use_pack(window, settings, bad) is None
    assert "第 1 行有错误" in warnings[0] and settings.value(SETTINGS_KEY) is None
    pack = use_pack(window, settings, SAMPLE)
    assert pack is not None and settings.value(SETTINGS_KEY) == str(SAMPLE)
    assert current_pack(settings) is not None
    window.document.set_rule_pack(pack)
    assert any(f.rule == pack.name for f in window.document.findings())
    # A new window (the next start) picks the remembered pack up.
    second = make_window(example_copy, settings=settings)
    second.document.refresh_prose_findings()
    assert any(f.rule == pack.name for f in second.document.findings())
    # The review dialog names the pack in use.
    dialog = ReviewDialog(settings)
    qtbot.addWidget(dialog)
    assert pack.name in dialog.pack_label.text()
    assert dialog.table.editTriggers() == dialog.table.EditTrigger.NoEditTriggers
    assert dialog.table.selectionBehavior() == dialog.table.SelectionBehavior.SelectRows
