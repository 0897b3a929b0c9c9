"""Issue 14 problem 8: everything the app shows is Chinese. Walks every tab, menu, context menu
and the dialogs the app builds (Qt's own file dialog included, with Qt's zh_CN translations as
the app loads them) and fails on a user-visible English word outside a short allow-list."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QTreeView,
    QWidget,
)

from ui import app as ui_app
from ui.main_window import MainWindow

# Names of products, formats and keys that stay as they are on a Chinese desktop.
ALLOWED = {
    "word",
    "wps",
    "excel",
    "html",
    "htm",
    "pdf",
    "docx",
    "doc",
    "txt",
    "xlsx",
    "csv",
    "nianbao",
    "ctrl",
    "shift",
    "alt",
    "del",
    "delete",
    "esc",
    "tab",
    "enter",
    "backspace",
    "ins",
    "pgup",
    "pgdown",
    "home",
    "end",
    "utf",
    "mib",  # only in “… MiB” sizes of our own messages, none expected
}
_WORD = re.compile(r"[A-Za-z]{2,}")
_KEY = re.compile(r"\bF\d{1,2}\b")


_PATH = re.compile(r"(?:[A-Za-z]:)?[\\/]\S*[\\/]\S+")


def english_words(text: str) -> list[str]:
    # Keys (F2) and file paths (the user's own folders, e.g. in 最近打开的文件) are not words.
    text = _PATH.sub("", _KEY.sub("", text))
    return [w for w in _WORD.findall(text) if w.lower() not in ALLOWED]


def widget_texts(root: QWidget, items: bool = True) -> Iterator[tuple[str, str]]:
    """(where, text) for what a user reads in ``root`` and its children (``items``: the
    cells of item views too; a file dialog's are the user's own file names)."""
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        name = f"{type(w).__name__} {w.objectName()}".strip()
        if isinstance(w, QMenu):
            w.aboutToShow.emit()  # menus filled on demand (最近打开的文件)
            yield name, w.title()
        if w.isWindow():
            yield name, w.windowTitle()
        if w.toolTip():
            yield name, w.toolTip()
        if isinstance(w, QLabel):
            yield name, w.text()
        elif isinstance(w, QAbstractButton):
            yield name, w.text()
        elif isinstance(w, QLineEdit):
            yield name, w.placeholderText()
        elif isinstance(w, QPlainTextEdit):
            yield name, w.placeholderText()
        elif isinstance(w, QGroupBox):
            yield name, w.title()
        elif isinstance(w, QComboBox) and items:
            for i in range(w.count()):
                yield name, w.itemText(i)
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                yield name, w.tabText(i)
                yield name, w.tabToolTip(i)
        elif isinstance(w, QDockWidget):
            yield name, w.windowTitle()
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            yield from model_texts(name, w, items)
        # Submenus are children of their menu (or menu bar, or button), so they come up in
        # `widgets` themselves. Not reached through QAction.menu(): in PySide6 6.8 that call drops
        # the Python wrappers of other actions and menus (the C++ objects live on), so the
        # lists held here, and the window's own connections holding a menu, raise "Internal C++
        # object already deleted".
        for action in w.actions():
            for text in (action.text(), action.toolTip(), action.statusTip()):
                yield f"{name} action", text


def model_texts(name: str, view: QAbstractItemView, items: bool) -> Iterator[tuple[str, str]]:
    model = view.model()
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:  # a list model's columnCount is not callable from Python
        columns = 1
    for i in range(columns):
        header = model.headerData(i, Qt.Orientation.Horizontal)
        if isinstance(header, str):
            yield name, header
    if not items:
        return
    stack = [QModelIndex()]
    seen = 0
    while stack and seen < 5000:
        parent = stack.pop()
        for r in range(model.rowCount(parent)):
            for c in range(columns if not parent.isValid() else 1):
                index = model.index(r, c, parent)
                seen += 1
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = index.data(role)
                    if isinstance(value, str):
                        yield name, value
                if c == 0 and model.rowCount(index) > 0:
                    stack.append(index)


def english_in(root: QWidget) -> list[str]:
    found = []
    for where, text in widget_texts(root):
        words = english_words(text or "")
        if words:
            found.append(f"{where}: {text!r} → {words}")
    return found


@pytest.fixture
def chinese_qt(qapp):  # type: ignore[no-untyped-def]
    ui_app.configure_application(qapp)
    return qapp


def test_every_tab_menu_and_context_menu_is_chinese(chinese_qt, window: MainWindow) -> None:
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)  # the preview renders on first show
    QApplication.processEvents()
    found = english_in(window)
    for edit in window.findChildren(QLineEdit) + window.findChildren(QPlainTextEdit):
        menu = edit.createStandardContextMenu()
        found += english_in(menu)
        menu.deleteLater()
    assert not found, "\n".join(found)


def test_qt_file_dialog_is_chinese(chinese_qt, tmp_path: Path) -> None:
    # As Qt builds it where there is no native dialog (Linux desktops without a theme plugin).
    (tmp_path / "报告.nianbao").write_bytes(b"x" * 5000)
    (tmp_path / "文件夹").mkdir()
    for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
        dialog = QFileDialog(None, "打开年报文件", str(tmp_path), "年报文件 (*.nianbao)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(mode)
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        dialog.show()
        QApplication.processEvents()
        texts = list(widget_texts(dialog, items=False))
        found = [f"{w}: {t!r}" for w, t in texts if english_words(t)]
        dialog.close()
        dialog.deleteLater()
        assert not found, "\n".join(found)


def test_message_box_buttons_and_calendar_are_chinese(chinese_qt) -> None:
    from PySide6.QtWidgets import QCalendarWidget

    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "年报",
        "示例",
        QMessageBox.StandardButton.Ok
        | QMessageBox.StandardButton.Cancel
        | QMessageBox.StandardButton.Yes
        | QMessageBox.StandardButton.No,
    )
    calendar = QCalendarWidget()
    found = english_in(box) + english_in(calendar)
    assert not found, "\n".join(found)


def test_merge_and_import_dialogs_are_chinese(chinese_qt, window: MainWindow) -> None:
    dialog = window.files.merge()
    QApplication.processEvents()
    found = english_in(dialog)
    dialog.close()
    assert not found, "\n".join(found)


def test_no_english_folder_name_is_pre_filled(
    chinese_qt, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With no ~/Documents, Qt's dialog showed "Documents" as the file name to open.
    from PySide6.QtCore import QStandardPaths

    from ui.workspace import documents_folder

    monkeypatch.setattr(
        QStandardPaths, "writableLocation", staticmethod(lambda _kind: str(tmp_path / "Documents"))
    )
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = documents_folder()
    assert folder.is_dir() and folder.name != "Documents"


def test_import_summary_and_s5_prompt_are_chinese(chinese_qt, make_window, tmp_path: Path) -> None:
    import shutil

    from ui.s5_prompt import S5PromptDialog

    source = tmp_path / "盐池县2022年报.txt"
    shutil.copyfile(
        Path(__file__).resolve().parent.parent / "data" / "yanchi-2022-report.txt", source
    )
    window = make_window()
    assert window.import_file(source)
    summary = window.import_summary
    assert summary is not None
    found = english_in(summary)
    summary.accept()
    prompt = S5PromptDialog(window.document, window)
    found += english_in(prompt)
    prompt.deleteLater()
    assert not found, "\n".join(found)


def test_a_refusal_does_not_linger_after_switching_tabs(chinese_qt, window: MainWindow) -> None:
    # Issue 14 problem 7: a refused paste's status-bar text stayed on the next tab.
    window.tabs.setCurrentIndex(3)
    view = window.table_pages["t3"].view
    view.select_cell("t3.new.natural")
    assert not view.paste_text("x")
    assert "未粘贴" in window.statusBar().currentMessage()
    assert view.cell_message.isVisible()
    window.tabs.setCurrentIndex(4)
    assert window.statusBar().currentMessage() == ""
    assert not view.cell_message.isVisible()


def test_file_sizes_in_qt_file_dialog_are_not_iec_english(chinese_qt, tmp_path: Path) -> None:
    from ui.file_dialogs import chinese_size, chinese_sizes

    assert chinese_size("12.3 KiB") == "12.3 KB"
    assert chinese_size("4.0 MiB") == "4.0 MB"
    assert chinese_size("1 bytes") == "1 字节"
    (tmp_path / "报告.nianbao").write_bytes(b"x" * 5000)
    dialog = QFileDialog(None, "打开年报文件", str(tmp_path), "年报文件 (*.nianbao)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    chinese_sizes(dialog)
    dialog.show()
    view = dialog.findChild(QTreeView, "treeView")
    assert view is not None
    model = view.model()
    shown: list[str] = []
    for _ in range(100):  # the file system model fills in asynchronously
        QApplication.processEvents()
        root = view.rootIndex()
        shown = [
            view.itemDelegateForColumn(1).displayText(
                model.index(row, 1, root).data(), view.locale()
            )
            for row in range(model.rowCount(root))
        ]
        if shown and all(shown):
            break
        time.sleep(0.02)
    dialog.close()
    dialog.deleteLater()
    assert shown and any("KB" in text for text in shown), shown
    assert not any("KiB" in text for text in shown), shown


def test_review_and_register_dialogs_are_chinese(chinese_qt, tmp_path: Path) -> None:
    # The dialogs the review desk (issue 19) and the register (issue 18) added.
    from openpyxl import Workbook
    from PySide6.QtCore import QSettings

    from desktop.report import new_report
    from ui.document import Document
    from ui.register_dialogs import HolidaysDialog, RegisterImportDialog
    from ui.review_dialog import ReviewDialog

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["序号", "受理日期", "申请人身份", "处理结果", "答复日期"])
    sheet.append([1, "2025-4-1", "公民", "同意公开", "2025-4-20"])
    sheet.append([2, "2025-4-2", "个体户", "办理中", ""])
    register = tmp_path / "台账.xlsx"
    workbook.save(register)
    dialogs = [
        ReviewDialog(settings, start_folder=tmp_path),
        RegisterImportDialog(Document(new_report("测试局", 2025)), register),
        HolidaysDialog(path=tmp_path / "holidays.json"),
    ]
    found: list[str] = []
    for dialog in dialogs:
        dialog.show()
        QApplication.processEvents()
        found += english_in(dialog)
        dialog.close()
        dialog.deleteLater()
    assert not found, "\n".join(found)
