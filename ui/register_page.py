"""The 申请台账 tab: the applications and the 复议/诉讼 cases, how tables 三 and 四 use them,
and what is due this week."""

from __future__ import annotations

import csv
import io
from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.register.derive import derive_t3, derive_t4
from desktop.register.sync import expected_carry_in, placeholder_rows
from desktop.register.workdays import DueState
from desktop.template import T3, table_key
from ui.document import Document
from ui.register_due import due_this_week, due_this_week_text
from ui.register_edits import Kind, new_application, new_case, replace_rows, set_mode
from ui.register_model import (
    CHOICES_ROLE,
    T4_RULE_NOTE,
    RegisterFilter,
    RegisterModel,
    decision_note,
)

Index = QModelIndex | QPersistentModelIndex
GENERATED, MANUAL = "由台账生成", "手工填写"


class ChoiceDelegate(QStyledItemDelegate):
    """A dropdown for the fixed lists (the case decision also takes other words)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        choices = index.data(CHOICES_ROLE)
        if not choices:
            return super().createEditor(parent, option, index)
        box = QComboBox(parent)
        box.addItems(list(choices))
        header = index.model().headerData(index.column(), Qt.Orientation.Horizontal)
        box.setEditable(str(header).startswith("结果"))
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            text = str(index.data(Qt.ItemDataRole.EditRole) or "")
            i = editor.findText(text)
            if i >= 0:
                editor.setCurrentIndex(i)
            elif editor.isEditable():
                editor.setEditText(text)
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class RegisterTable(QTableView):
    """One register list with sorting, a text filter, paste of many rows, and edit messages.

    The view shows the model itself until the user sorts or filters, and the sort/filter proxy
    only then: through the proxy every role of every painted cell costs one more call into
    Python (the proxy asks the model for the source index each time), which doubled the time
    of a scrolled frame of 10,000 rows. Use ``view_index`` and ``source_row`` to go between
    register rows and the view's indexes.
    """

    message = Signal(str)

    def __init__(self, document: Document, kind: Kind, today: date | None = None) -> None:
        super().__init__()
        self.document = document
        self.kind: Kind = kind
        self.source = RegisterModel(document, kind, today)
        self.proxy = RegisterFilter(self.source)
        self.setModel(self.source)
        self.setItemDelegate(ChoiceDelegate(self))
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # register order until asked
        self.horizontalHeader().sortIndicatorChanged.connect(self._sort_chosen)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setDefaultSectionSize(24)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, col in enumerate(self.source.columns):
            self.setColumnWidth(i, col.width)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        QShortcut(QKeySequence.StandardKey.Paste, self, self.paste)

    def commitData(self, editor: QWidget) -> None:
        super().commitData(editor)
        if self.source.last_error:
            self.message.emit(self.source.last_error)

    @property
    def proxied(self) -> bool:
        """The view shows the sort/filter proxy (sorted or filtered), not the model."""
        return self.model() is self.proxy

    def source_row(self, index: QModelIndex) -> int:
        """The register row of a view index."""
        return self.proxy.mapToSource(index).row() if self.proxied else index.row()

    def view_index(self, row: int, column: int) -> QModelIndex:
        """The view's index of a register row's cell (invalid when the row is filtered out)."""
        index = self.source.index(row, column)
        return self.proxy.mapFromSource(index) if self.proxied else index

    def set_filter_text(self, text: str) -> None:
        """Show only the rows holding ``text``."""
        self.proxy.setFilterFixedString(text)
        self._sync_model()

    def set_rows(self, rows: frozenset[int] | None) -> None:
        """Show only these register rows (None: all)."""
        self.proxy.set_rows(rows)
        self._sync_model()

    def _sort_chosen(self, column: int, _order: Qt.SortOrder) -> None:
        if column >= 0 and not self.proxied:
            self._show_model(self.proxy)  # sorts it by the header's indicator

    def _sync_model(self) -> None:
        needed = (
            bool(self.proxy.filterRegularExpression().pattern())
            or self.proxy.rows_filter is not None
            or self.horizontalHeader().sortIndicatorSection() >= 0
        )
        if needed != self.proxied:
            self._show_model(self.proxy if needed else self.source)

    def _show_model(self, model: QAbstractItemModel) -> None:
        # A new model gives the header new sections: keep the widths the user set.
        widths = [self.columnWidth(i) for i in range(len(self.source.columns))]
        old = self.selectionModel()
        self.setModel(model)
        if old is not None:
            old.deleteLater()  # setModel leaves the old selection model to its owner
        for i, w in enumerate(widths):
            self.setColumnWidth(i, w)

    def selected_rows(self) -> list[int]:
        """Register rows with a selected cell, in register order."""
        return sorted({self.source_row(i) for i in self.selectedIndexes()})

    def paste(self) -> None:
        """Paste tab-separated rows (from Excel or WPS) from the current cell on, adding rows
        at the end as needed; all or nothing, one undo step."""
        clip = QGuiApplication.clipboard()
        text = clip.text() if clip is not None else ""
        self.paste_text(text)

    def paste_text(self, text: str) -> bool:
        """Paste ``text`` (tab-separated lines) at the current cell; False with a message when
        any value is refused (then nothing changed)."""
        lines = [r for r in csv.reader(io.StringIO(text.rstrip("\r\n")), delimiter="\t")]
        lines = [r for r in lines if any(c.strip() for c in r)]
        if not lines:
            return False
        current = self.currentIndex()
        start_row = self.source_row(current) if current.isValid() else len(self.source.rows)
        start_col = current.column() if current.isValid() else 0
        rows = [r.model_copy() for r in self.source.rows]
        problems: list[str] = []
        for n, values in enumerate(lines):
            target = start_row + n
            if target >= len(rows):
                fresh = new_application(self.document) if self.kind == "applications" else None
                obj = fresh if fresh is not None else new_case(self.document)
                taken = {r.id for r in rows}
                k = 1
                while obj.id in taken:
                    obj = obj.model_copy(update={"id": f"{obj.id}-{k}"})
                    k += 1
                rows.append(obj)
            data = rows[target].model_dump()
            for j, text_value in enumerate(values):
                c = start_col + j
                if c >= len(self.source.columns):
                    break
                col = self.source.columns[c]
                if col.kind == "due":
                    continue
                try:
                    data[col.field] = self.source.parse(col, text_value)
                except ValueError as exc:
                    problems.append(f"第 {n + 1} 行：{exc}")
            try:
                rows[target] = type(rows[target]).model_validate(data)
            except ValueError as exc:
                problems.append(f"第 {n + 1} 行：{exc}")
        if problems:
            self.message.emit("未粘贴：" + "；".join(problems[:3]))
            return False
        try:
            replace_rows(self.document, self.kind, rows, f"粘贴 {len(lines)} 行")
        except ValueError as exc:
            self.message.emit(f"未粘贴：{exc}")
            return False
        return True


class RegisterPage(QWidget):
    """The tab between 三 and 四."""

    message = Signal(str)
    importRequested = Signal()

    def __init__(
        self, document: Document, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.today = today
        # In a scroll area, so the tab's tool rows never set the window's minimum width.
        inner = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(12, 10, 12, 6)
        head = QHBoxLayout()
        title = QLabel("申请台账")
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        head.addWidget(title)
        head.addSpacing(16)
        head.addWidget(QLabel("表三："))
        self.t3_mode = QComboBox()
        self.t3_mode.addItems([GENERATED, MANUAL])
        self.t3_mode.setToolTip(
            "由台账生成：表三的数字按本台账自动统计（只读）；手工填写：表三自己填，"
            "与台账不一致的单元格会提示（R22）"
        )
        head.addWidget(self.t3_mode)
        head.addWidget(QLabel("表四："))
        self.t4_mode = QComboBox()
        self.t4_mode.addItems([GENERATED, MANUAL])
        head.addWidget(self.t4_mode)
        head.addStretch(1)
        self.privacy = QLabel("台账含申请人个人信息：不会进入导出的报告、汇总和报送副本。")
        self.privacy.setStyleSheet("color: #555;")
        head.addWidget(self.privacy)
        layout.addLayout(head)

        self.due_label = QLabel()
        self.due_label.setWordWrap(True)
        self.due_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.due_label)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet("color: #8a5300;")
        layout.addWidget(self.note_label)

        tools = QHBoxLayout()
        self.add_button = QPushButton("添加申请")
        self.delete_button = QPushButton("删除所选申请")
        self.placeholder_button = QPushButton("添加上年结转占位记录")
        self.import_button = QPushButton("导入台账…")
        self.export_button = QPushButton("导出台账…")
        self.holidays_button = QPushButton("节假日设置…")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("筛选（编号、申请人、内容、结果…）")
        self.filter.setMinimumWidth(80)
        self.show_all = QPushButton("显示全部")
        for w in (
            self.add_button,
            self.delete_button,
            self.placeholder_button,
            self.import_button,
            self.export_button,
            self.holidays_button,
        ):
            tools.addWidget(w)
        tools.addStretch(1)
        tools.addWidget(self.filter)
        tools.addWidget(self.show_all)
        layout.addLayout(tools)

        split = QSplitter(Qt.Orientation.Vertical)
        self.applications = RegisterTable(document, "applications", today)
        split.addWidget(self.applications)
        cases_box = QWidget()
        cases_layout = QVBoxLayout(cases_box)
        cases_layout.setContentsMargins(0, 6, 0, 0)
        case_head = QHBoxLayout()
        label = QLabel("复议诉讼案件")
        label.setFont(font)
        case_head.addWidget(label)
        self.add_case_button = QPushButton("添加案件")
        self.delete_case_button = QPushButton("删除所选案件")
        self.decision_map_button = QPushButton("结果对应…")
        self.decision_map_button.setToolTip("修改各类决定计入表四哪一栏（软件的建议可以修改）")
        case_head.addWidget(self.add_case_button)
        case_head.addWidget(self.delete_case_button)
        case_head.addWidget(self.decision_map_button)
        case_head.addStretch(1)
        cases_layout.addLayout(case_head)
        self.rule_label = QLabel()
        self.rule_label.setWordWrap(True)
        self.rule_label.setStyleSheet("color: #444;")
        cases_layout.addWidget(self.rule_label)
        self.cases = RegisterTable(document, "cases", today)
        cases_layout.addWidget(self.cases, 1)
        split.addWidget(cases_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        scroll.setWidget(inner)

        self.t3_mode.activated.connect(lambda _i: self._mode_chosen("t3"))
        self.t4_mode.activated.connect(lambda _i: self._mode_chosen("t4"))
        self.add_button.clicked.connect(self.add_application)
        self.delete_button.clicked.connect(lambda: self.delete_selected("applications"))
        self.add_case_button.clicked.connect(self.add_case)
        self.delete_case_button.clicked.connect(lambda: self.delete_selected("cases"))
        self.placeholder_button.clicked.connect(self.add_placeholders)
        self.import_button.clicked.connect(self.importRequested.emit)
        self.export_button.clicked.connect(self.export_dialog)
        self.holidays_button.clicked.connect(self.holidays_dialog)
        self.decision_map_button.clicked.connect(self.decision_map_dialog)
        self.filter.textChanged.connect(self._filter_text)
        self.show_all.clicked.connect(self.clear_row_filter)
        for table in (self.applications, self.cases):
            table.message.connect(self.message.emit)
        document.registerChanged.connect(self.refresh)
        document.reportReplaced.connect(self.refresh)
        document.metaChanged.connect(self.refresh)
        self.refresh()

    # --- state ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the modes, what is due this week and the notes again."""
        reg = self.document.report.ledger
        self.t3_mode.setCurrentText(GENERATED if reg.t3_generated else MANUAL)
        self.t4_mode.setCurrentText(GENERATED if reg.t4_generated else MANUAL)
        self.due_label.setText(self.due_this_week_text())
        note = self._notes()
        self.note_label.setText(note)
        self.note_label.setVisible(bool(note))
        self.placeholder_button.setVisible(self._needs_placeholders())
        self.rule_label.setText(T4_RULE_NOTE + "\n" + decision_note(reg))
        self.show_all.setVisible(self.applications.proxy.rows_filter is not None)

    def _today(self) -> date:
        return self.today or date.today()

    def due_this_week(self) -> list[tuple[str, date, DueState]]:
        """Open applications due by the end of this week, or already overdue."""
        return due_this_week(self.document.report, self._today())

    def due_this_week_text(self) -> str:
        """The line shown above the register."""
        return due_this_week_text(self.document.report, self._today())

    def _notes(self) -> str:
        """The weekends-only note of any open application whose count met an unknown year."""
        model = self.applications.source
        notes: dict[str, None] = {}
        for row, app in enumerate(model.rows):
            if app.done:
                continue
            for note in model.due(row).notes:
                if "按周末计算" in note:
                    notes[note] = None
        return "\n".join(notes)

    def _needs_placeholders(self) -> bool:
        report = self.document.report
        reg = report.ledger
        if not expected_carry_in(report):
            return False
        start = date(report.meta.year, 1, 1)
        return not any(a.received < start for a in reg.applications)

    # --- actions -------------------------------------------------------------------------------

    def _mode_chosen(self, table: str) -> None:
        box = self.t3_mode if table == "t3" else self.t4_mode
        generated = box.currentText() == GENERATED
        set_mode(self.document, "t3" if table == "t3" else "t4", generated)
        self.refresh()

    def add_application(self) -> None:
        """Add a row at the end and start editing its date."""
        rows = [*self.document.report.ledger.applications, new_application(self.document)]
        replace_rows(self.document, "applications", rows, "添加申请")
        self._edit_last(self.applications, 1)

    def add_case(self) -> None:
        """Add a case row at the end."""
        rows = [*self.document.report.ledger.cases, new_case(self.document)]
        replace_rows(self.document, "cases", rows, "添加案件")
        self._edit_last(self.cases, 1)

    def _edit_last(self, table: RegisterTable, column: int) -> None:
        index = table.view_index(table.source.rowCount() - 1, column)
        if index.isValid():
            table.setCurrentIndex(index)
            table.scrollTo(index)

    def delete_selected(self, kind: Kind) -> int:
        """Delete the rows with a selected cell (one undo step); returns how many."""
        table = self.applications if kind == "applications" else self.cases
        chosen = set(table.selected_rows())
        if not chosen:
            return 0
        rows = [
            r for i, r in enumerate(getattr(self.document.report.ledger, kind)) if i not in chosen
        ]
        what = "申请" if kind == "applications" else "案件"
        replace_rows(self.document, kind, rows, f"删除 {len(chosen)} 条{what}")
        return len(chosen)

    def add_placeholders(self) -> int:
        """Add last year's carried-over applications as placeholder rows (one undo step)."""
        rows = placeholder_rows(self.document.report)
        if rows:
            replace_rows(
                self.document,
                "applications",
                [*self.document.report.ledger.applications, *rows],
                f"添加 {len(rows)} 条上年结转占位记录",
            )
        return len(rows)

    def _filter_text(self, text: str) -> None:
        for table in (self.applications, self.cases):
            table.set_filter_text(text)

    def clear_row_filter(self) -> None:
        """Show every row again after following a number of table 三."""
        self.applications.set_rows(None)
        self.cases.set_rows(None)
        self.refresh()

    def show_rows_for_cell(self, cell_id: str) -> int:
        """Show only the register rows counted in ``cell_id`` (a cell of table 三 or 四);
        returns how many."""
        report = self.document.report
        if table_key(cell_id) == T3:
            rows = derive_t3(report.ledger, report.meta.year).sources.get(cell_id, [])
            self.cases.set_rows(None)
            self.applications.set_rows(frozenset(rows))
        else:
            rows = derive_t4(report.ledger, report.meta.year).sources.get(cell_id, [])
            self.applications.set_rows(None)
            self.cases.set_rows(frozenset(rows))
        self.refresh()
        self.show_all.setVisible(True)
        return len(rows)

    def export_dialog(self) -> None:
        """Save the register as .xlsx (says it holds personal data)."""
        from ui.register_dialogs import export_register

        export_register(self, self.document)

    def decision_map_dialog(self) -> None:
        """Edit the report's decision mapping (结果对应)."""
        from ui.register_dialogs import DecisionMapDialog

        DecisionMapDialog(self.document, self).exec()

    def holidays_dialog(self) -> None:
        """Edit the user's 放假/调休 days."""
        from ui.register_dialogs import HolidaysDialog

        dialog = HolidaysDialog(self)
        if dialog.exec():
            self.applications.source.refresh()
            self.refresh()
            self.document.register_applied()
