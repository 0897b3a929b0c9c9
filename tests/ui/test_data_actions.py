"""文件 → 新建下一年度报告 and 文件 → 汇总多个单位… from the main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.project_file import load_report, save_report
from desktop.template import T3_APPLICANT_KEYS
from ui.main_window import MainWindow
from ui.merge_dialog import MergeDialog


def _file_menu_texts(window: MainWindow) -> list[str]:
    # Keep the QAction referenced while its menu is used: PySide6 6.9 invalidates the wrapper
    # QAction.menu() returned once the (temporary) QAction wrapper is collected.
    action = window.menuBar().actions()[0]
    menu = action.menu()
    return [a.text() for a in menu.actions()]  # type: ignore[union-attr]


def test_file_menu_has_both_items(window: MainWindow) -> None:
    texts = _file_menu_texts(window)
    assert "新建下一年度报告(&Y)…" in texts
    assert "汇总多个单位(&M)…" in texts


def test_next_year_from_the_open_report(window: MainWindow, boxes, qtbot) -> None:
    last = load_report(window.document.path)  # type: ignore[arg-type]
    boxes.answer("以当前报告新建", "*")
    window.menu_actions.next_year.trigger()
    qtbot.waitUntil(lambda: len(boxes.texts) == 2)
    # Issue 14: it says which report is taken as last year's (it used to do so silently).
    assert "盐池县2022年" in boxes.texts[0] and "2023年度" in boxes.texts[0]
    assert "选择其他文件…" in boxes.buttons[0]
    boxes.texts.pop(0)
    doc = window.document
    new = doc.report
    assert new.meta.year == last.meta.year + 1
    assert new.meta.org_name == last.meta.org_name
    for col in T3_APPLICANT_KEYS:
        assert new.cells[f"t3.carried_in.{col}"] == last.cells[f"t3.carried_out.{col}"]
    assert new.cells["t3.new.natural"] is None
    assert new.prose.s5 == last.prose.s5
    assert new.previous is not None and new.previous.cells == last.cells
    assert doc.path is None and doc.is_dirty()  # saved only under a new name
    assert not [f for f in doc.findings() if f.rule == "R7"]
    assert "已创建" in boxes.texts[0] and "2023 年度报告" in boxes.texts[0]


def test_next_year_after_discarding_edits_uses_the_saved_file(
    window: MainWindow, boxes, qtbot
) -> None:
    saved = load_report(window.document.path)  # type: ignore[arg-type]
    window.document.set_cell("t3.carried_out.natural", 7)
    boxes.answer("以当前报告新建", "不保存", "*")
    window.menu_actions.next_year.trigger()
    qtbot.waitUntil(lambda: len(boxes.texts) == 3)
    new = window.document.report
    assert new.meta.year == saved.meta.year + 1
    assert new.cells["t3.carried_in.natural"] == saved.cells["t3.carried_out.natural"]
    assert new.previous is not None and new.previous.cells == saved.cells


def test_merge_dialog_opens_the_total_in_the_window(
    window: MainWindow, tmp_path: Path, qtbot
) -> None:
    units = tmp_path / "units"
    units.mkdir()
    base = load_report(window.document.path)  # type: ignore[arg-type]
    for i, name in enumerate(("盐池县教育局", "盐池县民政局")):
        base.meta.org_name = name
        save_report(base, units / f"u{i}.nianbao")
    window.menu_actions.merge.trigger()
    dialog = window.findChild(MergeDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.add_paths([units])
    dialog.org_edit.setText("盐池县人民政府")
    total = tmp_path / "total.nianbao"
    dialog.output_edit.setText(str(total))
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert "已汇总 2 个单位" in dialog.summary.toPlainText()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert window.document.path == total.resolve()
    assert window.document.report.meta.org_name == "盐池县人民政府"
    per_unit = base.value("t3.new.total")
    assert isinstance(per_unit, int)
    assert window.document.report.value("t3.new.total") == 2 * per_unit


def test_next_year_can_be_cancelled_and_nothing_changes(window: MainWindow, boxes, qtbot) -> None:
    before = window.document.report
    boxes.answer("取消")
    window.menu_actions.next_year.trigger()
    qtbot.waitUntil(lambda: bool(boxes.texts))
    assert window.document.report is before
