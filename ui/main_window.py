"""The main window: tabs per section, the findings dock, the status bar, menus and file actions.

Files are never lost: a recovery copy is written while there are unsaved changes (``Autosaver``),
closing or replacing unsaved work asks 保存 / 不保存 / 取消, and copies left by a crash are
offered at the next start.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStyle,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.errors import UserError
from desktop.findings import Finding, Severity
from desktop.project_file import (
    EXTENSION,
    RecoveryCopy,
    discard_recovery,
    list_recovery,
    load_report,
    read_recovery,
    save_report,
)
from desktop.report import Report, new_report
from desktop.template import SECTION_TITLES, TABLE_BY_KEY, table_of
from ui.autosave import Autosaver, data_dir
from ui.data_actions import open_merge_dialog, start_next_year
from ui.document import BLANK_RULE, Document
from ui.file_filters import FILE_FILTER
from ui.findings_panel import FindingsPanel
from ui.import_dialog import IMPORT_FILTER, ImportSummaryDialog, is_importable, run_import
from ui.meta_page import MetaPage
from ui.prose_page import ProsePage
from ui.table_view import ReportTableView

TAB_NAMES: tuple[str, ...] = (
    "基本信息",
    "一、总体情况",
    "二、主动公开",
    "三、依申请公开",
    "四、复议诉讼",
    "五、问题及改进",
    "六、其他事项",
    "预览",
)
TAB_META, TAB_S1, TAB_T2, TAB_T3, TAB_T4, TAB_S5, TAB_S6, TAB_PREVIEW = range(8)
TABLE_TABS: dict[str, int] = {"t2": TAB_T2, "t3": TAB_T3, "t4": TAB_T4}
SECTION_TABS: dict[str, int] = {"s1": TAB_S1, "s5": TAB_S5, "s6": TAB_S6}
MAX_RECENT = 8


def tabs_of_finding(finding: Finding) -> set[int]:
    """The tabs a finding points into (cells → table tabs, fields → pages)."""
    tabs = {TABLE_TABS[table_of(cid).key] for cid in finding.cells}
    for field in finding.fields:
        tab = tab_of_field(field)
        if tab is not None:
            tabs.add(tab)
    return tabs


def tab_of_field(field: str) -> int | None:
    """The tab holding a ``Finding.fields`` entry, or None when unknown."""
    parts = field.split(".")
    if parts[0] == "meta" or field in ("prose.opening", "prose.title"):
        return TAB_META
    if "fee" in field:
        return TAB_S6
    if len(parts) >= 2 and parts[0] == "prose":
        if parts[1] in SECTION_TABS:
            return SECTION_TABS[parts[1]]
        if parts[1] == "table_intros" and len(parts) == 3:
            return {"2": TAB_T2, "3": TAB_T3, "4": TAB_T4}.get(parts[2])
    return None


def is_counted_error(finding: Finding) -> bool:
    """Errors counted in tabs and the status bar; blank cells are counted on their own."""
    return finding.severity is Severity.ERROR and finding.rule != BLANK_RULE


def default_report() -> Report:
    """What 新建 starts from: last year's report, the unit still to be named."""
    return new_report("", date.today().year - 1)


class _PageTableView(ReportTableView):
    """The table view asking for room for its scroll bars when the page is too small."""

    _extra = QSize(0, 0)

    def set_extra_room(self, width: int, height: int) -> None:
        extra = QSize(width, height)
        if extra != self._extra:
            self._extra = extra
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        return super().sizeHint() + self._extra


class TablePage(QWidget):
    """A table tab: the section heading, an optional sentence before the table, the table."""

    def __init__(self, document: Document, table_key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.table = TABLE_BY_KEY[table_key]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.setSpacing(8)
        heading = QLabel(self.table.title)
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        row = QHBoxLayout()
        row.addWidget(QLabel("表前说明："))
        self.intro = QLineEdit()
        self.intro.setPlaceholderText("可不填；例如：本年度情况如下表。")
        self.intro.textEdited.connect(self._intro_edited)
        row.addWidget(self.intro, 1)
        self.fill_zero = QPushButton("本表空白单元格填0")
        self.fill_zero.setToolTip("把本表所有“未填”的单元格填为 0（可撤销）")
        self.fill_zero.clicked.connect(self._fill_zero)
        row.addWidget(self.fill_zero)
        layout.addLayout(row)
        self.view = _PageTableView(document, table_key)
        layout.addWidget(self.view, 1, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.view.horizontalHeader().sectionResized.connect(self._fit_view)
        self.view.verticalHeader().sectionResized.connect(self._fit_view)
        document.proseChanged.connect(self.refresh)
        document.reportReplaced.connect(self.refresh)
        self.refresh()

    @property
    def field(self) -> str:
        return f"prose.table_intros.{self.table.section}"

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_view()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_view()

    def _fit_view(self, *_: object) -> None:
        """Let the frame hug the table as printed rather than stretch over the empty page;
        a table larger than the page keeps its scroll bars (room is made for them)."""
        view = self.view
        width, height = view.full_size()
        margins = self.layout().contentsMargins()
        room_w = self.width() - margins.left() - margins.right()
        room_h = self.height() - view.y() - margins.bottom()
        bar = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view)
        extra_w = extra_h = 0
        if height > room_h:
            extra_w = bar
        if width + extra_w > room_w:
            extra_h = bar
            if not extra_w and height + extra_h > room_h:
                extra_w = bar
        view.set_extra_room(extra_w, extra_h)

    def refresh(self) -> None:
        text = self.document.prose_text(self.field)
        if self.intro.text() != text:
            self.intro.setText(text)

    def _intro_edited(self, text: str) -> None:
        self.document.set_prose(self.field, text)

    def _fill_zero(self) -> None:
        self.view.fill_blanks()  # tells the status bar itself

    def focus_field(self, field: str, span: tuple[int, int] | None = None) -> bool:
        if field != self.field:
            return False
        self.intro.setFocus(Qt.FocusReason.OtherFocusReason)
        if span is not None:
            self.intro.setSelection(span[0], span[1] - span[0])
        return True


class PreviewPage(QTextBrowser):
    """The whole report as it will be exported (the HTML export), read-only."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document_ = document
        self.setOpenLinks(False)
        self.setReadOnly(True)
        # Undo and redo work on any tab: a visible preview follows them, a little later so a
        # burst of changes renders once.
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(150)
        self._later.timeout.connect(self.refresh)
        for signal in (document.cellsChanged, document.metaChanged, document.proseChanged):
            signal.connect(self._changed)

    def _changed(self, *_: object) -> None:
        if self.isVisible():
            self._later.start()

    def refresh(self) -> None:
        from desktop.html_export import export_html

        bar = self.verticalScrollBar()
        position = bar.value()
        self.setHtml(export_html(self.document_.report))
        bar.setValue(position)


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
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.document = Document(report or default_report(), path, self)
        self.settings = settings if settings is not None else _default_settings()
        self.autosaver: Autosaver | None = None
        if autosave:
            self.autosaver = Autosaver(self._recovery_snapshot, recovery_folder, self)
            self.autosaver.saved.connect(self._autosaved)
            self.autosaver.failed.connect(self._autosave_failed)
        self._autosave_error = ""
        self._spawned: list[MainWindow] = []
        # The folder of the file an unsaved imported report came from: 保存 suggests it.
        self._imported_from: Path | None = None
        self.import_summary: ImportSummaryDialog | None = None
        self.setAcceptDrops(True)
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        if room is not None and room.width() > 0:
            self.resize(min(1440, int(room.width() * 0.92)), min(940, int(room.height() * 0.9)))
        else:
            self.resize(1280, 820)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.meta_page = MetaPage(self.document)
        self.prose_pages = {n: ProsePage(self.document, n) for n in (1, 5, 6)}
        self.table_pages = {key: TablePage(self.document, key) for key in TABLE_TABS}
        self.preview = PreviewPage(self.document)
        pages: list[QWidget] = [
            self.meta_page,
            self.prose_pages[1],
            self.table_pages["t2"],
            self.table_pages["t3"],
            self.table_pages["t4"],
            self.prose_pages[5],
            self.prose_pages[6],
            self.preview,
        ]
        for page, name in zip(pages, TAB_NAMES, strict=True):
            self.tabs.addTab(page, name)
        self.tabs.setTabToolTip(TAB_PREVIEW, "按导出后的样子查看整份报告（只读）")
        for i, title in ((TAB_S1, 0), (TAB_T2, 1), (TAB_T3, 2), (TAB_T4, 3), (TAB_S5, 4)):
            self.tabs.setTabToolTip(i, SECTION_TITLES[title])
        self.tabs.setTabToolTip(TAB_S6, SECTION_TITLES[5])
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)

        self.findings_panel = FindingsPanel(self.document.findings, self)
        self.findings_panel.findingActivated.connect(self.go_to_finding)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.findings_panel)
        self.resizeDocks([self.findings_panel], [300], Qt.Orientation.Horizontal)

        self.counts_label = QLabel()
        self.save_label = QLabel()
        self.save_label.setContentsMargins(14, 0, 6, 0)
        self.counts_label.setContentsMargins(6, 0, 6, 0)
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.save_label)
        for view in (page.view for page in self.table_pages.values()):
            view.statusMessage.connect(self.show_message)

        self._build_menus()

        doc = self.document
        doc.findingsChanged.connect(self._findings_changed)
        doc.cellsChanged.connect(self._update_counts)
        doc.dirtyChanged.connect(self._dirty_changed)
        doc.pathChanged.connect(self._update_title)
        doc.reportReplaced.connect(self._report_replaced)
        doc.undo_stack.indexChanged.connect(self._edited)
        doc.proseChanged.connect(self._edited)
        doc.metaChanged.connect(self._edited)
        self._findings_changed()
        self._update_title()
        self._update_save_state()
        self._restore_layout()

    # --- menus -----------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        self.new_action = self._action(
            file_menu, "新建(&N)", self.new_report, QKeySequence.StandardKey.New
        )
        self.open_action = self._action(
            file_menu, "打开(&O)…", self.open_dialog, QKeySequence.StandardKey.Open
        )
        self.recent_menu = file_menu.addMenu("最近打开的文件(&R)")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        self.save_action = self._action(
            file_menu, "保存(&S)", self.save, QKeySequence.StandardKey.Save
        )
        self.save_as_action = self._action(
            file_menu, "另存为(&A)…", self.save_as, QKeySequence("Ctrl+Shift+S")
        )
        file_menu.addSeparator()
        self.export_word_action = self._action(
            file_menu, "导出Word(&E)…", self.export_word, QKeySequence("Ctrl+E")
        )
        self.export_html_action = self._action(file_menu, "导出网页(&H)…", self.export_html)
        file_menu.addSeparator()
        self.import_action = self._action(
            file_menu, "导入已有报告(&I)…", self.import_dialog, QKeySequence("Ctrl+I")
        )
        self.import_action.setStatusTip("把已发布的年报（Word 文档、网页或文本）导入为新的报告")
        self.next_year_action = self._action(
            file_menu, "新建下一年度报告(&Y)…", lambda: start_next_year(self)
        )
        self.merge_action = self._action(
            file_menu, "汇总多个单位(&M)…", lambda: open_merge_dialog(self)
        )
        file_menu.addSeparator()
        self._action(file_menu, "退出(&X)", self.close, QKeySequence("Ctrl+Q"))

        edit_menu = bar.addMenu("编辑(&E)")
        self.undo_action = self.document.undo_stack.createUndoAction(self, "撤销")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.document.undo_stack.createRedoAction(self, "重做")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.fill_zero_action = self._action(
            edit_menu, "空白单元格填0（全部表格）", self.fill_blanks
        )
        self.accept_totals_action = self._action(
            edit_menu, "采用计算的合计", self.accept_computed_totals
        )

        check_menu = bar.addMenu("检查(&C)")
        self._action(check_menu, "立即检查全部(&K)", self.check_now, QKeySequence("F9"))
        self._action(check_menu, "下一个问题(&N)", self.next_finding, QKeySequence("F8"))
        toggle = self.findings_panel.toggleViewAction()
        toggle.setText("显示检查结果面板")
        check_menu.addAction(toggle)

        help_menu = bar.addMenu("帮助(&H)")
        self._action(help_menu, "使用说明", self.show_help, QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, "关于年报", self.show_about)

    def _action(
        self,
        menu: object,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    # --- status ----------------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _findings_changed(self) -> None:
        findings = self.document.findings()
        per_tab = dict.fromkeys(range(len(TAB_NAMES)), 0)
        for finding in findings:
            if is_counted_error(finding):
                for tab in tabs_of_finding(finding):
                    per_tab[tab] += 1
        for tab, name in enumerate(TAB_NAMES):
            n = per_tab[tab]
            self.tabs.setTabText(tab, f"{name} ({n})" if n else name)
        self.findings_panel.refresh()
        self._update_counts()

    def _update_counts(self, *_: object) -> None:
        findings = self.document.findings()
        errors = sum(1 for f in findings if is_counted_error(f))
        warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
        blanks = len(self.document.report.blank_ids())
        self.counts_label.setText(f"错误 {errors} · 警告 {warnings} · 未填 {blanks} 单元格")
        self.accept_totals_action.setEnabled(bool(self.document.report.printed_totals))
        self.fill_zero_action.setEnabled(blanks > 0)

    def _update_title(self, *_: object) -> None:
        path = self.document.path
        name = path.name if path is not None else "未命名"
        self.setWindowTitle(f"{name}[*] - 年报")
        self.setWindowModified(self.document.is_dirty())

    def _update_save_state(self, *_: object) -> None:
        label = self.save_label
        if self._autosave_error:
            label.setText("自动保存失败")
            label.setToolTip(self._autosave_error)
            label.setStyleSheet("color: #b3261e;")
            return
        label.setStyleSheet("")
        label.setToolTip("")
        if not self.document.is_dirty():
            label.setText("已保存" if self.document.path is not None else "")
            return
        last = self.autosaver.last_saved if self.autosaver is not None else None
        if last is not None:
            label.setText(f"已自动保存 {last:%H:%M}")
            label.setToolTip("未保存的修改已另存恢复副本；请记得按 Ctrl+S 保存到文件")
        else:
            label.setText("有未保存的修改")

    def _autosaved(self, *_: object) -> None:
        self._autosave_error = ""
        self._update_save_state()

    def _autosave_failed(self, message: str) -> None:
        self._autosave_error = message
        self._update_save_state()

    # --- document events -------------------------------------------------------------------------

    def _edited(self, *_: object) -> None:
        if self.autosaver is not None and self.document.is_dirty():
            self.autosaver.note_edit()
        self._update_save_state()

    def _dirty_changed(self, dirty: bool) -> None:
        self.setWindowModified(dirty)
        if not dirty and self.autosaver is not None:
            # Back to what is on disk (saved, or undone to it): the copies are not needed.
            self.autosaver.discard()
        self._update_save_state()

    def _report_replaced(self) -> None:
        self._imported_from = None
        self._update_title()
        self._update_counts()
        self._update_save_state()
        if self.tabs.currentIndex() == TAB_PREVIEW:
            self.preview.refresh()

    def _tab_changed(self, index: int) -> None:
        if index == TAB_PREVIEW:
            self.preview.refresh()

    # --- navigation ------------------------------------------------------------------------------

    def go_to_finding(self, finding: Finding) -> None:
        """Show the tab of ``finding`` and select its first cell or field. A finding that
        quotes prose (it has a ``span``) selects the quoted text, even when it also names the
        cells the text disagrees with (R16)."""
        if finding.cells and finding.span is None:
            self._go_to_cell(finding.cells[0])
            return
        for i, field in enumerate(finding.fields):
            tab = tab_of_field(field)
            if tab is None:
                continue
            self.tabs.setCurrentIndex(tab)
            page = self.tabs.widget(tab)
            focus = getattr(page, "focus_field", None)
            if focus is not None and focus(field, finding.span if i == 0 else None):
                return
        if finding.cells:
            self._go_to_cell(finding.cells[0])
            return
        # Nothing on screen to point at (e.g. last year's report): say it where it is seen.
        self.show_message(finding.message)

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

    # --- file actions ----------------------------------------------------------------------------

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

    def maybe_save(self) -> bool:
        """Ask 保存 / 不保存 / 取消 when there are unsaved changes; True when it is fine to go
        on (saved, or the changes given up)."""
        self.commit_pending_edits()
        if not self.document.is_dirty():
            return True
        name = self.document.path.name if self.document.path else "未命名的报告"
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "年报",
            f"“{name}”有尚未保存的修改。\n\n要在关闭前保存吗？",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Save).setText("保存")
        box.button(QMessageBox.StandardButton.Discard).setText("不保存")
        box.button(QMessageBox.StandardButton.Cancel).setText("取消")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.standardButton(box.clickedButton())
        if clicked == QMessageBox.StandardButton.Save:
            return self.save()
        if clicked == QMessageBox.StandardButton.Discard:
            if self.autosaver is not None:
                self.autosaver.discard()
            return True
        return False

    def new_report(self) -> None:
        if not self.maybe_save():
            return
        self.document.replace_report(default_report(), None)
        self.tabs.setCurrentIndex(TAB_META)
        self.meta_page.org_name.setFocus()
        self.show_message("已新建报告：请先在“基本信息”中填写机关全称和报告年度。")

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        start = str(self.document.path.parent) if self.document.path else _documents_folder()
        name, _ = QFileDialog.getOpenFileName(self, "打开年报文件", start, FILE_FILTER)
        if name:
            self.open_file(Path(name), ask=False)

    def open_file(self, path: Path, ask: bool = True) -> bool:
        """Open ``path`` (asking about unsaved changes first when ``ask``); a problem is shown
        in a dialog. True when the report was opened."""
        if ask and not self.maybe_save():
            return False
        try:
            self.load_file(path)
        except UserError as exc:
            QMessageBox.warning(self, "无法打开文件", str(exc))
            return False
        return True

    def open_path(self, path: Path) -> bool:
        """Open a report file, or import a published report (.docx, .html, .htm, .txt)."""
        if is_importable(path):
            return self.import_file(path)
        return self.open_file(path)

    def import_dialog(self) -> None:
        """文件 → 导入已有报告…: ask about unsaved changes, pick a file, import it."""
        if not self.maybe_save():
            return
        start = self.settings.value("import/folder", "")
        if not isinstance(start, str) or not start or not Path(start).is_dir():
            folder = self.document.path.parent if self.document.path else None
            start = str(folder) if folder is not None else _documents_folder()
        name, _ = QFileDialog.getOpenFileName(self, "导入已有报告", start, IMPORT_FILTER)
        if name:
            self.import_file(Path(name), ask=False)

    def import_file(self, path: Path, ask: bool = True) -> bool:
        """Import a published report as a new, unsaved report (asking about unsaved changes
        first when ``ask``) and show what the import found. A file the importer cannot read
        is refused in a dialog and nothing changes. True when the report was imported."""
        if ask and not self.maybe_save():
            return False
        path = Path(path)
        self.commit_pending_edits()
        try:
            done = run_import(path, self)
        except UserError as exc:
            QMessageBox.warning(self, "无法导入", str(exc))
            return False
        if done is None:
            self.show_message("已取消导入，报告未作改动。")
            return False
        result, findings = done
        if self.autosaver is not None:
            self.autosaver.discard()
        self.document.replace_report(result.report, None, dirty=True)
        self._imported_from = path.resolve().parent
        self.settings.setValue("import/folder", str(self._imported_from))
        if self.autosaver is not None:
            # Unsaved work from now on: a recovery copy follows as after any edit.
            self.autosaver.note_edit()
        self.tabs.setCurrentIndex(TAB_META)
        self.show_message(f"已导入“{path.name}”：请核对后按 Ctrl+S 保存。")
        if self.import_summary is not None:
            self.import_summary.close()
            self.import_summary.deleteLater()
        self.import_summary = ImportSummaryDialog(path, result, findings, self)
        self.import_summary.open()
        return True

    def load_file(self, path: Path) -> None:
        """Replace the report with the file's (raises UserError); no questions asked."""
        path = Path(path)
        report = load_report(path)
        if self.autosaver is not None:
            self.autosaver.discard()
        self.document.replace_report(report, path.resolve())
        self.note_opened(path)

    def note_opened(self, path: Path) -> None:
        """Remember a file just opened (最近打开) and say so in the status bar."""
        self._add_recent(path.resolve())
        self.show_message(f"已打开“{path.name}”。")

    def save(self) -> bool:
        """Save to the report's file (asks for one when there is none); True when saved."""
        self.commit_pending_edits()
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        self.commit_pending_edits()
        start = self.document.path or self._save_folder() / self._suggested_name(EXTENSION)
        name, _ = QFileDialog.getSaveFileName(self, "另存为", str(start), FILE_FILTER)
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() != EXTENSION:
            path = path.with_name(path.name + EXTENSION)
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        try:
            save_report(self.document.report, path)
        except UserError as exc:
            QMessageBox.warning(self, "保存失败", str(exc))
            return False
        self.document.mark_saved(path.resolve())
        if self.autosaver is not None:
            self.autosaver.discard()
        self._autosave_error = ""
        self._add_recent(path.resolve())
        self._update_title()
        self._update_save_state()
        self.show_message(f"已保存到“{path}”（{datetime.now():%H:%M}）。")
        return True

    def _save_folder(self) -> Path:
        return self._imported_from or Path(_documents_folder())

    def _suggested_name(self, suffix: str, draft: bool = False) -> str:
        if self.document.path is not None and suffix == EXTENSION:
            return self.document.path.name
        meta = self.document.report.meta
        if self._imported_from is not None and suffix == EXTENSION:
            # Beside the source it came from, named the way staff name their files.
            return _safe_filename(f"{meta.org_name}{meta.year}年报") + suffix
        base = f"{meta.org_name}{meta.year}年政府信息公开工作年度报告"
        if draft:
            base += "（草稿）"
        return _safe_filename(base) + suffix

    # --- recent files ----------------------------------------------------------------------------

    def recent_files(self) -> list[Path]:
        value = self.settings.value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [Path(v) for v in (value or []) if v]

    def _add_recent(self, path: Path) -> None:
        paths = [p for p in self.recent_files() if p != path]
        paths.insert(0, path)
        self.settings.setValue("recentFiles", [str(p) for p in paths[:MAX_RECENT]])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = self.recent_files()
        if not paths:
            empty = self.recent_menu.addAction("（无）")
            empty.setEnabled(False)
            return
        for i, path in enumerate(paths, start=1):
            action = self.recent_menu.addAction(f"&{i} {path.name}")
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _c=False, p=path: self._open_recent(p))
        self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction("清除列表")
        clear.triggered.connect(lambda: self.settings.setValue("recentFiles", []))

    def _open_recent(self, path: Path) -> None:
        if not path.exists():
            QMessageBox.warning(
                self,
                "找不到文件",
                f"找不到文件“{path}”，它可能已被移动、改名或删除。\n已从“最近打开的文件”中移除。",
            )
            self.settings.setValue(
                "recentFiles", [str(p) for p in self.recent_files() if p != path]
            )
            return
        self.open_file(path)

    # --- edit actions ----------------------------------------------------------------------------

    def fill_blanks(self) -> None:
        self.show_message(_filled_message(self.document.fill_blanks_with_zero()))

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

    # --- export ----------------------------------------------------------------------------------

    def _draft_question(self, what: str) -> bool | None:
        """None: cancelled; True: export a draft; False: the report is complete."""
        from desktop.export_common import export_problems

        self.commit_pending_edits()
        problems = export_problems(self.document.report)
        if not problems:
            return False
        blanks = len(self.document.report.blank_ids())
        errors = sum(1 for f in problems if f.rule != BLANK_RULE)
        listed = []
        if blanks:
            listed.append(f"{blanks} 个单元格未填")
        if errors:
            listed.append(f"{errors} 处错误")
        what_is_wrong = "、".join(listed) if listed else "未完成的内容"
        box = QMessageBox(
            QMessageBox.Icon.Question,
            f"导出{what}",
            f"报告还有{what_is_wrong}，现在只能导出草稿。\n\n"
            "草稿会在文档中醒目地标出未填和有问题的地方，供内部审阅，不能直接发布。"
            "改正后再导出即为正式稿。",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        draft = box.addButton("导出草稿", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(draft)
        box.exec()
        return True if box.clickedButton() is draft else None

    def export_word(self) -> None:
        draft = self._draft_question("Word")
        if draft is None:
            return
        path = self._export_target("导出Word", ".docx", "Word 文档 (*.docx)", draft)
        if path is None:
            return
        from desktop.word_export import export_docx

        try:
            export_docx(self.document.report, path, draft=draft)
        except UserError as exc:
            QMessageBox.warning(self, "导出失败", str(exc))
            return
        self._exported(path, "Word 文档" + ("（草稿）" if draft else ""))

    def export_html(self) -> None:
        draft = self._draft_question("网页")
        if draft is None:
            return
        path = self._export_target("导出网页", ".html", "网页 (*.html)", draft)
        if path is None:
            return
        from desktop.html_export import write_html

        try:
            write_html(self.document.report, path, draft=draft)
        except UserError as exc:
            QMessageBox.warning(self, "导出失败", str(exc))
            return
        self._exported(path, "网页" + ("（草稿）" if draft else ""))

    def _export_target(self, title: str, suffix: str, filter_: str, draft: bool) -> Path | None:
        folder = self.document.path.parent if self.document.path else Path(_documents_folder())
        start = folder / self._suggested_name(suffix, draft)
        name, _ = QFileDialog.getSaveFileName(self, title, str(start), filter_)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def _exported(self, path: Path, what: str) -> None:
        self.show_message(f"已导出{what}：{path}")
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "导出完成",
            f"已导出{what}：\n{path}",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        open_folder = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

    # --- recovery --------------------------------------------------------------------------------

    def _recovery_snapshot(self) -> tuple[Report, Path | None]:
        return self.document.report, self.document.path

    def write_recovery_now(self) -> bool:
        """Write a recovery copy at once when there are unsaved changes (crash handler)."""
        if self.autosaver is None or not self.document.is_dirty():
            return False
        return self.autosaver.write_now() is not None

    def offer_recovery(self) -> None:
        """Offer every recovery copy newer than its file; stale copies are removed."""
        if self.autosaver is None:
            return
        for copy in list_recovery(self.autosaver.folder):
            if not _recovery_is_newer(copy):
                # The file was saved after the copy was written: the copy holds nothing more.
                discard_recovery(copy.path)
                continue
            self._offer_one(copy)

    def _offer_one(self, copy: RecoveryCopy) -> None:
        original = str(copy.original) if copy.original else "（尚未保存为文件）"
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "恢复未保存的工作",
            f"上次退出时有未保存的工作，已自动保存了一份恢复副本：\n\n"
            f"报告：{copy.title}\n原文件：{original}\n"
            f"自动保存于：{copy.saved_at:%Y年%m月%d日 %H:%M}\n\n"
            "要恢复吗？恢复后请检查内容并保存。",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        restore = box.addButton("恢复", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("丢弃", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("以后再说", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)
        box.exec()
        clicked = box.clickedButton()
        if clicked is discard:
            discard_recovery(copy.path)
            return
        if clicked is not restore:
            return
        try:
            report = read_recovery(copy.path)
        except UserError as exc:
            QMessageBox.warning(self, "无法恢复", str(exc))
            return
        target = self
        same_file = copy.original is not None and copy.original == self.document.path
        if self.document.is_dirty() or (self.document.path is not None and not same_file):
            # This window already holds a report: restore into a window of its own.
            target = MainWindow(recovery_folder=self.autosaver.folder, settings=self.settings)
            self._spawned.append(target)
            target.show()
        target.restore(report, copy)

    def restore(self, report: Report, copy: RecoveryCopy) -> None:
        """Show a restored recovery copy: unsaved, tied to its original file when that folder
        still exists."""
        path = copy.original if copy.original and copy.original.parent.is_dir() else None
        self.document.replace_report(report, path, dirty=True)
        if self.autosaver is not None:
            self.autosaver.adopt(copy.path)
        self._update_title()
        self._update_save_state()
        self.show_message("已恢复未保存的工作。请检查内容，然后按 Ctrl+S 保存。")

    # --- help ------------------------------------------------------------------------------------

    def show_help(self) -> None:
        QMessageBox.information(
            self,
            "使用说明",
            "填写表格：像 Excel 一样直接输入数字；回车下移，Tab 右移，F2 修改，Delete 清空。\n"
            "可以从 Excel 或 WPS 复制一块数据，选中起始单元格后按 Ctrl+V 粘贴。\n"
            "灰色单元格是自动计算的合计，不能填写；“未填”表示还没有填写（不等于 0）。\n"
            "右侧“检查结果”列出所有问题，点击即可跳到出问题的地方。\n"
            "修改会自动另存恢复副本，但仍请随时按 Ctrl+S 保存。",
        )

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "关于年报",
            f"年报 {__version__}\n\n政府信息公开工作年度报告的填写、检查与导出工具。\n"
            "格式依据：国办公开办函〔2021〕30号。\n本软件不联网，数据只保存在本机。",
        )

    # --- window events ---------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        # After the drop returns: a question asked inside it would keep the file manager
        # that started the drag waiting (frozen, on Windows) until it is answered.
        QTimer.singleShot(0, lambda: self.open_path(path))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        if self.autosaver is not None:
            self.autosaver.stop()
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
        if self.autosaver is not None:
            self.autosaver.stop()
        self.document.mark_saved()
        self.close()


def _recovery_is_newer(copy: RecoveryCopy) -> bool:
    """``newer_than_original`` compares whole seconds; a copy written in the same second as
    the file was saved must still count as newer, so also compare the files' own times."""
    if copy.newer_than_original or copy.original is None:
        return True
    try:
        return copy.path.stat().st_mtime > copy.original.stat().st_mtime
    except OSError:
        return True


def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
    mime = event.mimeData()
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.suffix.lower() == EXTENSION or is_importable(path):
            return path
    return None


def _filled_message(n: int) -> str:
    if n == 0:
        return "没有空白单元格。"
    return f"已把 {n} 个空白单元格填为 0（可撤销）。"


def _safe_filename(name: str) -> str:
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in name).strip() or "年报"


def _documents_folder() -> str:
    from PySide6.QtCore import QStandardPaths

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return folder or str(Path.home())


def _default_settings() -> QSettings:
    # Tests and portable use point NIANBAO_DATA_DIR elsewhere; keep settings there too.
    if os.environ.get("NIANBAO_DATA_DIR"):
        return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings()
