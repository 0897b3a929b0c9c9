"""The slow-work runner: results, errors, 取消, and no garbage collection in the worker thread
(Qt wrappers freed there crashed the UI suite under load)."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from desktop.errors import UserError
from desktop.project_file import load_report, save_report
from desktop.resources import example_path
from ui import slow_work
from ui.merge_dialog import MergeDialog
from ui.slow_work import run_slow, workers_running


def _cancel_when_shown(seen: list[str]) -> None:
    def look() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QProgressDialog) and box.isVisible():
            seen.append(box.labelText())
            (button,) = [b for b in box.findChildren(QPushButton) if b.text() == "取消"]
            button.click()
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(20, look)


def test_the_collector_is_paused_in_the_worker_and_runs_afterwards(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    assert gc.isenabled()
    seen: list[bool] = []

    def work(_cancelled: threading.Event) -> str:
        seen.append(gc.isenabled())
        return "完成"

    assert run_slow(parent, "测试", "请稍候", work) == "完成"
    assert seen == [False]
    assert gc.isenabled() and workers_running() == 0


def test_errors_are_raised_in_the_gui_thread(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def work(_cancelled: threading.Event) -> None:
        raise UserError("读不了")

    with pytest.raises(UserError, match="读不了"):
        run_slow(parent, "测试", "请稍候", work)
    assert gc.isenabled()


def test_cancel_drops_the_result_and_resumes_the_collector_when_the_worker_ends(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(slow_work, "BUSY_AFTER_MS", 10)
    parent = QWidget()
    qtbot.addWidget(parent)
    release = threading.Event()
    told: list[bool] = []

    def work(cancelled: threading.Event) -> str:
        release.wait(30)
        told.append(cancelled.is_set())
        return "不该用到"

    seen: list[str] = []
    _cancel_when_shown(seen)
    try:
        assert run_slow(parent, "测试", "正在做事", work) is None
        assert seen == ["正在做事"]
        assert not gc.isenabled()  # the worker still runs
    finally:
        release.set()
    qtbot.waitUntil(lambda: gc.isenabled() and workers_running() == 0, timeout=10_000)
    assert told == [True]  # the work was told, so it can skip writing


def test_a_cancelled_merge_writes_nothing(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.merge_dialog as merge_dialog

    monkeypatch.setattr(slow_work, "BUSY_AFTER_MS", 10)
    units = tmp_path / "units"
    units.mkdir()
    base = load_report(example_path())
    for i, name in enumerate(("甲局", "乙局")):
        base.meta.org_name = name
        save_report(base, units / f"u{i}.nianbao")
    release = threading.Event()
    real = merge_dialog.merge_reports

    def slow_merge(*args: object, **kwargs: object) -> object:
        release.wait(30)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(merge_dialog, "merge_reports", slow_merge)
    dialog = MergeDialog(start_folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.add_paths([units])
    dialog.org_edit.setText("汇总")
    total = tmp_path / "total.nianbao"
    dialog.output_edit.setText(str(total))
    seen: list[str] = []
    _cancel_when_shown(seen)
    try:
        assert not dialog.run_merge()
    finally:
        release.set()
    qtbot.waitUntil(lambda: workers_running() == 0, timeout=10_000)
    assert seen == ["正在汇总 2 个文件，请稍候…"]
    assert "已取消汇总" in dialog.summary.toPlainText()
    assert not total.exists()
