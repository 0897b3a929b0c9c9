"""The register's hooks into the main window: the tab's import button, double-click from a
generated number of table 三/四 to its rows, the banner above those tables, 文件 → 保存报送副本,
what is due this week on opening a file.

Apart from ``ui.register_page`` so that the window can wire the register at start-up without
loading the register tab, its models and the register's table readers (~20 ms before the window
is on screen, issue 17): they load when the tab or one of its tables is first shown."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QMessageBox, QPushButton, QWidget

from ui.document import Document
from ui.register_due import due_this_week_text

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenuBar, QStatusBar, QTabWidget

    from ui.register_page import RegisterPage


def save_submit_copy(parent: QWidget, document: Document) -> Path | None:
    """文件 → 保存报送副本: the report without the register, derived cells kept."""
    from desktop.project_file import ProjectFileError, save_report
    from desktop.register.sync import without_register
    from ui.file_dialogs import get_save_file_name

    start = document.path.with_name(document.path.stem + "-报送.nianbao") if document.path else None
    name, _ = get_save_file_name(
        parent, "保存报送副本", str(start or "报送副本.nianbao"), "年报文件 (*.nianbao)"
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != ".nianbao":
        path = path.with_name(path.name + ".nianbao")
    if document.path is not None and path.resolve() == document.path.resolve():
        QMessageBox.warning(
            parent, "保存报送副本", "报送副本不能覆盖正在编辑的文件，请换一个文件名。"
        )
        return None
    try:
        save_report(without_register(document.snapshot()), path)
    except ProjectFileError as exc:
        QMessageBox.warning(parent, "保存报送副本", str(exc))
        return None
    return path


class _RegisterHost(Protocol):
    """What ``install_register`` needs of the main window."""

    document: Document
    tabs: QTabWidget
    pages: Any  # ui.window_pages.WindowPages

    @property
    def register_page(self) -> RegisterPage: ...
    def show_message(self, text: str) -> None: ...
    def menuBar(self) -> QMenuBar: ...
    def statusBar(self) -> QStatusBar: ...


def install_register(window: _RegisterHost, after: QAction) -> QAction:
    """Wire the register into the window: the tab's import button, double-click on a number of
    table 三/四 in 由台账生成 mode to see its rows, a banner above those tables, 文件 → 保存报送副本
    (placed after ``after``), and the due-this-week line in the status bar when a file is
    opened. Pages are built lazily: each is wired when it is built."""
    doc = window.document

    def do_import() -> None:
        from ui.register_dialogs import import_register

        added = import_register(window.register_page, doc)
        if added:
            window.show_message(f"已导入 {added} 行（申请台账或复议诉讼案件表）")

    def wire_page(page: RegisterPage) -> None:
        page.importRequested.connect(do_import)

    def follow(index: QModelIndex) -> None:
        from ui.table_model import CELL_ID_ROLE  # loaded with the table pages

        cid = index.data(CELL_ID_ROLE)
        if isinstance(cid, str) and doc.is_generated(cid):
            page = window.register_page
            n = page.show_rows_for_cell(cid)
            window.tabs.setCurrentWidget(page)
            window.show_message(f"台账中计入这个数字的记录：{n} 条（点“显示全部”恢复）")

    def wire_table(key: str, table_page: Any) -> None:
        if key not in ("t3", "t4"):
            return
        table_page.view.doubleClicked.connect(follow)
        banner = QLabel()
        banner.setWordWrap(True)
        banner.setStyleSheet("background: #eef3fb; border: 1px solid #b8c9e6; padding: 4px;")
        link = QPushButton("查看申请台账")
        link.clicked.connect(lambda: window.tabs.setCurrentWidget(window.register_page))
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(banner, 1)
        row.addWidget(link)
        table_page.layout().insertWidget(1, holder)
        name = "表三" if key == "t3" else "表四"
        source = "申请台账" if key == "t3" else "复议诉讼案件表"
        banner.setText(
            f"{name}由{source}生成（只读），随台账自动更新。双击某个数字可查看计入它的台账记录；"
            "如需手工填写，请在“申请台账”页切换为“手工填写”。"
        )

        def show() -> None:
            reg = doc.report.ledger
            holder.setVisible(reg.t3_generated if key == "t3" else reg.t4_generated)

        doc.registerChanged.connect(show)
        doc.reportReplaced.connect(show)
        show()

    pages = window.pages
    pages.on_register_page = wire_page
    pages.on_table_page = wire_table
    from ui.navigation import TAB_REGISTER, TABLE_TABS

    if pages.is_built(TAB_REGISTER):
        wire_page(window.register_page)
    for key in ("t3", "t4"):
        if pages.is_built(TABLE_TABS[key]):
            wire_table(key, pages.table_pages[key])

    menu = next((m for m in window.menuBar().findChildren(QMenu) if after in m.actions()), None)
    action = QAction("保存报送副本(&B)…", window.tabs)
    action.setToolTip("另存一份不含申请台账（个人信息）的年报文件，用于报送上级汇总或审核")

    def submit() -> None:
        path = save_submit_copy(window.tabs, doc)
        if path is not None:
            window.show_message(f"已保存报送副本（不含申请台账）：{path}")

    action.triggered.connect(lambda _c=False: submit())
    if menu is not None:
        actions = menu.actions()
        pos = actions.index(after) + 1
        if pos < len(actions):
            menu.insertAction(actions[pos], action)
        else:
            menu.addAction(action)

    def show_due() -> None:
        # After the workspace's own 已打开“…”。 (sent after the report is replaced): keep it
        # and add what is due, rather than replace one message with the other.
        before = window.statusBar().currentMessage()
        text = due_this_week_text(doc.report)
        window.show_message(f"{before}{text}" if before.startswith("已打开") else text)

    def opened() -> None:
        if doc.report.ledger.applications:
            QTimer.singleShot(0, window.tabs, show_due)

    doc.reportReplaced.connect(opened)
    opened()
    return action
