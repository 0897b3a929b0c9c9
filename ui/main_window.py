"""The main window: tabs per section, the findings dock, the status bar and the menus.

The open report and its file live in the ``Workspace``; the 文件 menu's dialogs in
``FileActions``. Files are never lost: a recovery copy is written while there are unsaved
changes, closing or replacing unsaved work asks 保存 / 不保存 / 取消, and copies left by a crash
are offered at the next start.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QTabWidget

from desktop.findings import Finding, Severity
from desktop.place import Place, PlaceKind
from desktop.report import Report
from desktop.template import SECTION_TITLES, table_of
from ui.autosave import Autosaver
from ui.drag_drop import dropped_file
from ui.file_actions import FileActions
from ui.file_safety import show_notice
from ui.findings_panel import FindingsPanel
from ui.menus import build_menus
from ui.navigation import (
    TAB_META,
    TAB_NAMES,
    TAB_PREVIEW,
    TAB_S1,
    TAB_S5,
    TAB_S6,
    TAB_T2,
    TAB_T3,
    TAB_T4,
    TABLE_TABS,
    is_counted_error,
    tab_of_field,
    tabs_of_finding,
)
from ui.recovery_offer import offer_recovery
from ui.register_wiring import install_register
from ui.rule_pack import choose_rule_pack, current_pack
from ui.status_labels import StatusLabels
from ui.window_pages import WindowPages
from ui.workspace import Workspace

if TYPE_CHECKING:
    from ui.import_dialog import ImportSummaryDialog
    from ui.meta_page import MetaPage
    from ui.prose_page import ProsePage
    from ui.register_page import RegisterPage
    from ui.table_pages import PreviewPage, TablePage

__all__ = ["TAB_META", "TAB_NAMES", "TAB_S5", "TAB_S6", "TAB_T3", "MainWindow"]


class MainWindow(QMainWindow):
    """One open report."""

    def __init__(
        self,
        report: Report | None = None,
        path: Path | None = None,
        *,
        autosave: bool = True,
        recovery_folder: Path | None = None,
        settings: QSettings | None = None,
        defer_prose_check: bool = False,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.workspace = Workspace(
            report,
            path,
            autosave=autosave,
            recovery_folder=recovery_folder,
            settings=settings,
            defer_prose_check=defer_prose_check,
            parent=self,
        )
        self.document = self.workspace.document
        self.settings = self.workspace.settings
        self.files = FileActions(self.workspace, self, self.commit_pending_edits)
        self._spawned: list[MainWindow] = []
        self.setAcceptDrops(True)
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        if room is not None and room.width() > 0:
            self.resize(min(1440, int(room.width() * 0.92)), min(940, int(room.height() * 0.9)))
        else:
            self.resize(1280, 820)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        # Pages are built when their tab is first shown: at start only the current one.
        self.pages = WindowPages(self.tabs, self.document, self.show_message)
        self.tabs.setTabToolTip(TAB_PREVIEW, "按导出后的样子查看整份报告（只读）")
        for i, title in ((TAB_S1, 0), (TAB_T2, 1), (TAB_T3, 2), (TAB_T4, 3), (TAB_S5, 4)):
            self.tabs.setTabToolTip(i, SECTION_TITLES[title])
        self.tabs.setTabToolTip(TAB_S6, SECTION_TITLES[5])
        self.pages.build_current()
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)

        self.findings_panel = FindingsPanel(self.document.findings, self)
        self.findings_panel.findingActivated.connect(self.go_to_finding)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.findings_panel)
        self.resizeDocks([self.findings_panel], [300], Qt.Orientation.Horizontal)

        self.status = StatusLabels(self.statusBar(), self.workspace)
        self.counts_label: QLabel = self.status.counts_label
        self.save_label: QLabel = self.status.save_label

        self.menu_actions = build_menus(
            self.menuBar(),
            self,
            self,
            self.files,
            self.document.undo_stack,
            self.findings_panel.toggleViewAction(),
        )

        install_register(self, self.menu_actions.export_html)
        self.workspace.message.connect(self.show_message)
        # Notes about the opened file (text removed, open elsewhere, lock) are shown in a box.
        self.notice_boxes: list[QMessageBox] = []
        self.workspace.notice.connect(
            lambda text: self.notice_boxes.append(show_notice(self, text))
        )
        self.workspace.stateChanged.connect(self._state_changed)
        self.workspace.replaced.connect(self._report_replaced)
        self.files.message.connect(self.show_message)
        self.files.startShown.connect(self._show_start)
        self.document.set_rule_pack(current_pack(self.settings))
        self.document.findingsChanged.connect(self._findings_changed)
        self.document.stepReplayed.connect(self.go_to_place)
        self.document.cellsChanged.connect(self._update_counts)
        self.document.proseChanged.connect(self._update_counts)  # 未写 follows the prose
        self._findings_changed()
        self._state_changed()
        self._restore_layout()

    # --- what other parts of the app and the tests call -------------------------------------------

    @property
    def meta_page(self) -> MetaPage:
        return self.pages.meta_page()

    @property
    def prose_pages(self) -> Mapping[int, ProsePage]:
        return self.pages.prose_pages

    @property
    def table_pages(self) -> Mapping[str, TablePage]:
        return self.pages.table_pages

    @property
    def register_page(self) -> RegisterPage:
        return self.pages.register_page()

    @property
    def preview(self) -> PreviewPage:
        return self.pages.preview()

    @property
    def autosaver(self) -> Autosaver | None:
        return self.workspace.autosaver

    @property
    def import_summary(self) -> ImportSummaryDialog | None:
        return self.files.import_summary

    def recent_files(self) -> list[Path]:
        return self.workspace.recent.paths()

    def load_file(self, path: Path) -> None:
        """Replace the report with the file's (raises UserError); no questions asked."""
        self.workspace.open(path)

    def note_opened(self, path: Path) -> None:
        self.workspace.note_opened(path)

    def open_file(self, path: Path, ask: bool = True) -> bool:
        return self.files.open_file(path, ask)

    def open_path(self, path: Path) -> bool:
        return self.files.open_path(path)

    def import_file(self, path: Path, ask: bool = True) -> bool:
        return self.files.import_file(path, ask)

    def save(self) -> bool:
        return self.files.save()

    def choose_rule_pack(self) -> None:
        """工具 → 规则包…: the chosen pack is remembered and checked from now on."""
        self.document.set_rule_pack(choose_rule_pack(self, self.settings))

    def write_recovery_now(self) -> bool:
        return self.workspace.write_recovery_now()

    def offer_recovery(self) -> None:
        offer_recovery(self.workspace, self, self._new_window_workspace)

    def _new_window_workspace(self) -> Workspace:
        window = MainWindow(
            recovery_folder=self.autosaver.folder if self.autosaver else None,
            settings=self.settings,
        )
        self._spawned.append(window)
        window.show()
        return window.workspace

    # --- status ----------------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _findings_changed(self) -> None:
        per_tab = dict.fromkeys(range(len(TAB_NAMES)), 0)
        for finding in self.document.findings():
            if is_counted_error(finding):
                for tab in tabs_of_finding(finding):
                    per_tab[tab] += 1
        for tab, name in enumerate(TAB_NAMES):
            n = per_tab[tab]
            self.tabs.setTabText(tab, f"{name} ({n})" if n else name)
        self.findings_panel.refresh()
        self._update_counts()

    def _update_counts(self, *_: object) -> None:
        self.status.update_counts()
        self.menu_actions.accept_totals.setEnabled(bool(self.document.report.printed_totals))
        self.menu_actions.fill_zero.setEnabled(bool(self.document.report.blank_ids()))

    def _state_changed(self) -> None:
        self.setWindowTitle(self.workspace.title())
        self.setWindowModified(self.document.is_dirty())
        self.status.update_save_state()

    def _report_replaced(self) -> None:
        self._update_counts()
        if self.tabs.currentIndex() == TAB_PREVIEW:
            self.preview.refresh()

    def _show_start(self, focus_name: bool) -> None:
        self.tabs.setCurrentIndex(TAB_META)
        if focus_name:
            self.meta_page.org_name.setFocus()

    def _tab_changed(self, index: int) -> None:
        # A notice about the tab just left (a refused paste) must not linger on the next one.
        self.statusBar().clearMessage()
        if index == TAB_PREVIEW:
            self.preview.refresh()

    # --- edit and check --------------------------------------------------------------------------

    def fill_blanks(self) -> None:
        n = self.document.fill_blanks_with_zero()
        self.show_message(f"已把 {n} 个空白单元格填为 0（可撤销）。" if n else "没有空白单元格。")

    def accept_computed_totals(self) -> None:
        if self.document.accept_computed_totals():
            self.show_message("已采用计算的合计（可撤销）。")
        else:
            self.show_message("没有需要改正的印刷合计。")

    def check_now(self) -> None:
        self.document.refresh_prose_findings()
        self.findings_panel.show()
        self.findings_panel.raise_()
        findings = self.document.findings()
        errors = sum(1 for f in findings if is_counted_error(f))
        warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
        self.show_message(f"检查完成：错误 {errors} 处，警告 {warnings} 处。")

    # --- navigation ------------------------------------------------------------------------------

    def go_to_finding(self, finding: Finding) -> None:
        """Show the tab of ``finding`` and select its first cell or field. A finding that
        quotes prose (it has a ``span``) selects the quoted text, even when it also names the
        cells the text disagrees with (R16)."""
        if finding.cells and finding.span is None:
            self._go_to_cell(finding.cells[0])
            return
        for i, field in enumerate(finding.fields):
            if self.go_to_place(field, finding.span if i == 0 else None):
                return
        if finding.cells:
            self._go_to_cell(finding.cells[0])
            return
        # Nothing on screen to point at (e.g. last year's report): say it where it is seen.
        self.show_message(finding.message)

    def go_to_place(self, place: Place, span: tuple[int, int] | None = None) -> bool:
        """Show the tab of ``place`` and focus it (selecting ``span``); False when it is on no
        tab. Also where an undo or redo takes the user: to what it changed back."""
        if place.kind is PlaceKind.CELL:
            self._go_to_cell(place.name)
            return True
        tab = tab_of_field(place)
        if tab is None:
            return False
        self.tabs.setCurrentIndex(tab)
        page = self.pages.field_page(tab)
        return page is not None and page.focus_field(place, span)

    def _go_to_cell(self, cid: str) -> None:
        key = table_of(cid).key
        self.tabs.setCurrentIndex(TABLE_TABS[key])
        self.table_pages[key].view.select_cell(cid)
        self.table_pages[key].view.setFocus(Qt.FocusReason.OtherFocusReason)

    def next_finding(self) -> None:
        items = self.findings_panel.items()
        if not items:
            self.show_message("没有发现问题。")
            return
        current = self.findings_panel.tree.currentItem()
        index = next((i for i, (item, _) in enumerate(items) if item is current), -1)
        item, finding = items[(index + 1) % len(items)]
        self.findings_panel.tree.setCurrentItem(item)
        self.go_to_finding(finding)

    def commit_pending_edits(self) -> None:
        """Apply what is being typed (a field or cell not yet confirmed with Enter), so that
        Ctrl+S, closing or exporting right after typing includes it."""
        widget = QApplication.focusWidget()
        if widget is None or widget.window() is not self:
            return
        # Line edits, spin boxes and table cell editors all commit when they lose focus.
        widget.clearFocus()
        if widget.isVisible():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- window events ---------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        # After the drop returns: a question asked inside it would keep the file manager
        # that started the drag waiting (frozen, on Windows) until it is answered.
        QTimer.singleShot(0, lambda: self.open_path(path))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self.workspace.stop()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        event.accept()

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray | bytes) and state:
            self.restoreState(state)

    def discard_changes_and_close(self) -> None:
        """Close without asking and without touching any file (smoke test, tests)."""
        self.workspace.stop()
        self.document.mark_saved()
        self.close()
