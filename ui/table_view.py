"""The table widget: the printed form on screen, edited like a spreadsheet.

Merged cells come from the template (``setSpan``); the Qt headers are hidden because the form's
own labels are cells. Keys follow Excel/WPS: typing overwrites, Enter/Shift+Enter move down/up,
Tab/Shift+Tab right/left, arrows move, F2 edits, Delete clears, Ctrl+C/Ctrl+V copy and paste
tab-separated blocks. Every refusal is explained through ``statusMessage``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QFontMetrics,
    QGuiApplication,
    QHideEvent,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop.report import CellValue
from desktop.template import CELL_BY_ID, Cell, Label
from ui.document import Document
from ui.table_model import (
    ReportTableModel,
    format_value,
    label_display_text,
    typed_problem,
    typed_value,
)

Index = QModelIndex | QPersistentModelIndex
_ENSURE_VISIBLE = QAbstractItemView.ScrollHint.EnsureVisible

COMPUTED_REFUSED = "这是自动计算的合计，不能直接填写；请修改它所合计的各单元格"
LABEL_REFUSED = "这是表格的标题，不能填写；请选中一个空白格或数字格"

SELECTION_TINT = QColor("#d6e4fa")
CURRENT_BORDER = QColor("#1a5fb4")
GRID_COLOR = QColor("#7a7a7a")
REFUSED_STYLE = "QLineEdit { border: 2px solid #c62828; background: #fff4f4; }"


class CellMessage(QLabel):
    """A refusal shown next to the cell it is about (not only in the status bar): a small
    framed note below the cell, or above it when there is no room below."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view.viewport())
        self._view = view
        self._index: QPersistentModelIndex | None = None
        self.setObjectName("cellMessage")
        self.setWordWrap(True)
        self.setStyleSheet(
            "QLabel#cellMessage { background: #fff4f4; color: #8c1d18;"
            " border: 1px solid #c62828; padding: 4px 6px; }"
        )
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def show_at(self, index: Index, text: str) -> None:
        self._index = QPersistentModelIndex(index)
        self.setText(text)
        self.place()
        self.show()
        self.raise_()

    def dismiss(self) -> None:
        self._index = None
        self.hide()

    def place(self) -> None:
        if self._index is None or not self._index.isValid():
            return
        rect = self._view.visualRect(self._index)
        room = self._view.viewport().rect()
        em = self.fontMetrics().horizontalAdvance("中")
        width = min(max(rect.width(), 22 * em), room.width())
        self.setFixedWidth(max(60, width))
        self.adjustSize()
        x = max(0, min(rect.left(), room.width() - self.width()))
        y = rect.bottom() + 2
        if y + self.height() > room.height() and rect.top() - self.height() - 2 >= 0:
            y = rect.top() - self.height() - 2
        self.move(x, y)


class CellDelegate(QStyledItemDelegate):
    """Line-edit editor with a validator; Enter/Tab commit and move like a spreadsheet; cells
    in findings keep their colour when selected (a border and a light tint mark selection)."""

    statusMessage = Signal(str)
    # "down", "up", "next", "previous": where to go after the editor committed
    moveRequested = Signal(str)
    # (editor, message or ""): the typed text was refused in place / is acceptable again
    refusedInPlace = Signal(QWidget, str)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model = index.model()
        assert isinstance(model, ReportTableModel)
        cell = model.cell_at(index)
        assert cell is not None and not cell.computed
        # No validator: a validator drops the keys it does not like, and "12.5" became 125.
        # Every character stays as typed; the check runs when the user confirms.
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setProperty("cellId", cell.id)
        editor.textEdited.connect(lambda _t, e=editor, c=cell: self._recheck(e, c))
        return editor

    def _recheck(self, editor: QLineEdit, cell: Cell) -> None:
        # Once refused, the frame and the note follow the text: gone as soon as it is valid.
        if editor.property("refused"):
            problem = typed_problem(cell, editor.text())
            if problem is None:
                editor.setProperty("refused", False)
                editor.setStyleSheet("")
                self.refusedInPlace.emit(editor, "")
            else:
                self.refusedInPlace.emit(editor, problem)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.end(False)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        cell = model.cell_at(index) if isinstance(model, ReportTableModel) else None
        if cell is not None:
            problem = typed_problem(cell, editor.text())
            if problem is not None:
                # Left by a click elsewhere: the stored value stays, and the user is told why.
                self.statusMessage.emit(
                    f"未修改{cell.edit_name()}：{problem}（原值未变，请重新填写）"
                )
                return
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        editor.setGeometry(option.rect.adjusted(1, 1, -1, -1))

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if isinstance(editor, QLineEdit) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            direction = None
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                direction = "up" if shift else "down"
            elif key == Qt.Key.Key_Tab:
                direction = "next"
            elif key == Qt.Key.Key_Backtab:
                direction = "previous"
            if direction is not None:
                cell_id = editor.property("cellId")
                problem = typed_problem(CELL_BY_ID[cell_id], editor.text()) if cell_id else None
                if problem is not None:
                    # Refused in place: the editor stays open with the text as typed.
                    editor.setProperty("refused", True)
                    editor.setStyleSheet(REFUSED_STYLE)
                    self.refusedInPlace.emit(editor, problem)
                    return True
                # Commit synchronously (Qt's own Enter handling queues it), then move.
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                self.moveRequested.emit(direction)
                return True
        return super().eventFilter(editor, event)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        if selected:
            # Qt would paint the highlight over the finding colour; keep the colour visible.
            # (The view has already filled the cell with the highlight colour: paint over it.)
            opt.state &= ~QStyle.StateFlag.State_Selected
            brush = index.data(Qt.ItemDataRole.BackgroundRole)
            painter.fillRect(option.rect, brush if brush is not None else QBrush(SELECTION_TINT))
        opt.state &= ~QStyle.StateFlag.State_HasFocus
        super().paint(painter, opt, index)
        # The grid is drawn here, each cell its right and bottom edge: QTableView's own grid
        # leaves stray dots along the top of merged header cells.
        rect = option.rect
        painter.save()
        painter.setPen(QPen(GRID_COLOR, 0))
        model = index.model()
        item = (
            model.item_at(index.row(), index.column())
            if isinstance(model, ReportTableModel)
            else None
        )
        last_col = last_row = False
        if item is not None:
            # The view's frame is the outer border; a second line there would look bold.
            last_col = item.col + item.colspan >= model.columnCount()
            last_row = item.row + item.rowspan >= model.rowCount()
        if not last_col:
            painter.drawLine(rect.topRight(), rect.bottomRight())
        if not last_row:
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        if selected:
            pen = QPen(CURRENT_BORDER)
            has_focus = bool(option.state & QStyle.StateFlag.State_HasFocus)
            pen.setWidth(2 if has_focus else 1)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        painter.restore()


class ReportTableView(QTableView):
    """The printed form of one template table over a :class:`ReportTableModel`.

    ``statusMessage(str)`` carries every refusal and notice for the window's status bar.
    Actions for menus: ``copy_action``, ``paste_action``, ``clear_action``,
    ``fill_blanks_action`` (空白单元格填0, this table), ``accept_totals_action`` (采用计算的合计,
    enabled when the report carries printed totals).
    """

    statusMessage = Signal(str)

    # Caps on a label's width, in character widths, by how many rows it spans: a tall narrow
    # label (三、本年度办理结果 over 22 rows) stands upright as on the printed form.
    _MAX_LABEL_EMS = 15.0
    _VALUE_MIN_EMS = 4.5

    def __init__(self, document: Document, table_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Before setModel: Qt calls currentChanged and updateGeometries from it.
        self.cell_message = CellMessage(self)
        # The column where a run of Tab presses started: Enter goes back to it, one row down.
        self._tab_anchor: int | None = None
        self._panes: FrozenPanes | None = None
        # Narrow columns with wrapped one-column headers, for a wide table on a small screen
        # (see fit_width); the natural width it had before, to go back when there is room.
        self.compact = False
        self._natural_width = 0
        self.document = document
        self.table_model = ReportTableModel(document, table_key, self)
        self.table = self.table_model.table
        self.setModel(self.table_model)
        self._delegate = CellDelegate(self)
        self.setItemDelegate(self._delegate)
        self._delegate.statusMessage.connect(self.statusMessage)
        self._delegate.moveRequested.connect(self._move_after_edit)
        self._delegate.refusedInPlace.connect(self._refused_in_place)
        self.table_model.editRejected.connect(self.statusMessage)

        for row, col, rowspan, colspan in self.table.spans():
            self.setSpan(row, col, rowspan, colspan)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setTabKeyNavigation(True)
        self.setShowGrid(False)  # the delegate draws it
        self.setStyleSheet(f"QTableView {{ border: 1px solid {GRID_COLOR.name()}; }}")
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

        self._make_actions()
        self._panes = FrozenPanes(self)
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.valueChanged.connect(self._scrolled)
        document.reportReplaced.connect(self._on_report_replaced)
        document.cellsChanged.connect(self._on_cells_changed)
        self.fit_to_contents()
        self._go(self._first_input())

    # --- actions --------------------------------------------------------------------------------

    def _make_actions(self) -> None:
        def action(text: str, shortcut: str, slot: Any) -> QAction:
            # The shortcut is shown in the menu text only; the keys themselves are handled in
            # keyPressEvent so they work the same with or without a menu.
            act = QAction(f"{text}\t{shortcut}" if shortcut else text, self)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.copy_action = action("复制", "Ctrl+C", self.copy_selection)
        self.paste_action = action("粘贴", "Ctrl+V", self.paste)
        self.clear_action = action("清除", "Delete", self.clear_selection)
        self.fill_blanks_action = action("空白单元格填0", "", self.fill_blanks)
        self.fill_blanks_action.setToolTip(
            f"把表{self.table.number}中所有未填的单元格填为 0（可撤销）"
        )
        self.accept_totals_action = action("采用计算的合计", "", self.accept_totals)
        self.accept_totals_action.setToolTip("导入的原文所印合计与各项相加不符时，改用相加的结果")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._update_actions()

    def _update_actions(self) -> None:
        self._had_printed = bool(self.document.report.printed_totals)
        self.accept_totals_action.setEnabled(self._had_printed)

    def fill_blanks(self) -> int:
        """Fill this table's blank input cells with 0 (one undo step)."""
        n = self.document.fill_blanks_with_zero(self.table.key)
        name = f"表{self.table.number}"
        self.statusMessage.emit(
            f"已将{name}的 {n} 个空白单元格填为 0" if n else f"{name}没有空白单元格"
        )
        return n

    def accept_totals(self) -> None:
        """Use the computed totals instead of the printed ones (one undo step)."""
        if self.document.accept_computed_totals():
            self.statusMessage.emit("已改用计算的合计（可撤销）")

    # --- selection ------------------------------------------------------------------------------

    def select_cell(self, cell_id: str) -> bool:
        """Make a value cell of this table current and visible (for the findings panel)."""
        idx = self.table_model.index_of(cell_id)
        if not idx.isValid():
            return False
        self._go(idx)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def current_cell(self) -> Cell | None:
        """The value cell at the current index, if any."""
        return self.table_model.cell_at(self.currentIndex())

    def selected_cells(self) -> list[Cell]:
        """Value cells in the selection (the current one when nothing is selected)."""
        model = self.table_model
        cells = [c for i in self.selectedIndexes() if (c := model.cell_at(i)) is not None]
        if not cells:
            cur = self.current_cell()
            if cur is not None:
                cells = [cur]
        return sorted(set(cells), key=lambda c: (c.row, c.col))

    # --- navigation -----------------------------------------------------------------------------

    def _item_covering(self, row: int, col: int) -> Label | Cell | None:
        return self.table.covering(row, col)

    def _step(self, start: Index, dr: int, dc: int, inputs_only: bool) -> QModelIndex | None:
        """The next value cell from ``start`` in direction (dr, dc), or None at the edge."""
        origin = self._item_covering(start.row(), start.column())
        r, c = start.row(), start.column()
        while True:
            r, c = r + dr, c + dc
            if not (0 <= r < self.table.n_rows and 0 <= c < self.table.n_cols):
                return None
            item = self._item_covering(r, c)
            if item is origin or not isinstance(item, Cell):
                continue
            if inputs_only and item.computed:
                continue
            return self.table_model.index(item.row, item.col)

    def _reading_order(self, start: Index, forward: bool) -> QModelIndex | None:
        """The next/previous input cell row by row (Tab wraps to the next row)."""
        inputs = sorted(
            ((c.row, c.col) for c in self.table.cells if not c.computed), reverse=not forward
        )
        here = (start.row(), start.column())
        for pos in inputs:
            if (pos > here) if forward else (pos < here):
                return self.table_model.index(*pos)
        return None

    def _first_input(self) -> QModelIndex | None:
        for c in sorted(self.table.cells, key=lambda c: (c.row, c.col)):
            if not c.computed:
                return self.table_model.index(c.row, c.col)
        return None

    def _go(self, target: QModelIndex | None) -> None:
        if target is not None and target.isValid():
            # Moving (Enter, Tab, a finding's link) leaves one cell selected, as in Excel.
            self.selectionModel().setCurrentIndex(
                target, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.scrollTo(target)

    def _move_after_edit(self, direction: str) -> None:
        cur = self.currentIndex()
        anchor = self._tab_anchor
        if direction == "down" and anchor is not None and anchor != cur.column():
            # Excel/WPS: after Tab, Tab, … Enter goes back to the column the run started in,
            # one row down.
            start = self.table_model.index(cur.row(), anchor)
            target = self._step(start, 1, 0, inputs_only=True)
            self._go(target if target is not None else self._step(cur, 1, 0, inputs_only=True))
        elif direction in ("down", "up"):
            self._go(self._step(cur, 1 if direction == "down" else -1, 0, inputs_only=True))
        else:
            self._go(self._reading_order(cur, forward=direction == "next"))
            if direction == "next":
                # _go reset the anchor (a new current cell); a Tab run keeps its first column.
                self._tab_anchor = cur.column() if anchor is None else anchor

    def currentChanged(self, current: Index, previous: Index) -> None:
        super().currentChanged(current, previous)
        self._tab_anchor = None
        self.cell_message.dismiss()

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        self.cell_message.dismiss()

    def _refused_in_place(self, editor: QWidget, message: str) -> None:
        if not message:
            self.cell_message.dismiss()
            return
        self.cell_message.show_at(self.currentIndex(), message)
        cell = self.current_cell()
        name = cell.edit_name() if cell is not None else ""
        self.statusMessage.emit(f"{name}：{message}（按 Esc 取消修改）")

    def _scrolled(self, *_: int) -> None:
        self.cell_message.place()
        if self._panes is not None:
            self._panes.place()

    def hideEvent(self, event: QHideEvent) -> None:
        # A note about a refused value belongs to this table; it must not linger elsewhere.
        self.cell_message.dismiss()
        super().hideEvent(event)

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if self._panes is not None:  # None while __init__ runs
            self._panes.place()

    def scrollTo(self, index: Index, hint: QAbstractItemView.ScrollHint = _ENSURE_VISIBLE) -> None:
        super().scrollTo(index, hint)
        # A cell scrolled to must not end up under the frozen headers or row labels.
        if self._panes is None:
            return
        rect = self.visualRect(index)
        top, left = self._panes.covered()
        if top and rect.top() < top and self.verticalScrollBar().value() > 0:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() - (top - rect.top()))
        if left and rect.left() < left and self.horizontalScrollBar().value() > 0:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - (left - rect.left()))

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        cur = self.currentIndex()
        if not cur.isValid():
            return self._first_input() or QModelIndex()
        act = QAbstractItemView.CursorAction
        steps = {
            act.MoveUp: (-1, 0),
            act.MoveDown: (1, 0),
            act.MoveLeft: (0, -1),
            act.MoveRight: (0, 1),
        }
        if cursorAction in steps:
            dr, dc = steps[cursorAction]
            return self._step(cur, dr, dc, inputs_only=False) or cur
        if cursorAction == act.MoveNext:
            return self._reading_order(cur, forward=True) or cur
        if cursorAction == act.MovePrevious:
            return self._reading_order(cur, forward=False) or cur
        result: QModelIndex = super().moveCursor(cursorAction, modifiers)
        if self.table_model.cell_at(result) is None:
            return cur
        return result

    # --- keys -----------------------------------------------------------------------------------

    _OWN_KEYS = (
        QKeySequence.StandardKey.Copy,
        QKeySequence.StandardKey.Paste,
        QKeySequence.StandardKey.Cut,
        QKeySequence.StandardKey.Delete,
        QKeySequence.StandardKey.SelectAll,
    )

    def event(self, event: QEvent) -> bool:
        # Window-wide shortcuts (an Edit menu's Ctrl+C, Delete) must not steal these keys from
        # the table while it has the focus.
        if event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if any(event.matches(k) for k in self._OWN_KEYS) or event.key() in (
                Qt.Key.Key_Delete,
                Qt.Key.Key_Backspace,
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
                Qt.Key.Key_F2,
            ):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        shift = mods == Qt.KeyboardModifier.ShiftModifier
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif event.matches(QKeySequence.StandardKey.Cut):
            self.copy_selection()
            self.clear_selection()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            mods == Qt.KeyboardModifier.NoModifier or shift
        ):
            self._move_after_edit("up" if shift else "down")
        elif key == Qt.Key.Key_Tab and mods == Qt.KeyboardModifier.NoModifier:
            self._move_after_edit("next")
        elif key == Qt.Key.Key_Backtab:
            self._move_after_edit("previous")
        elif key == Qt.Key.Key_Delete and mods == Qt.KeyboardModifier.NoModifier:
            self.clear_selection()
        elif key == Qt.Key.Key_Backspace and mods == Qt.KeyboardModifier.NoModifier:
            self._start_typing("")
        elif key == Qt.Key.Key_F2 and mods == Qt.KeyboardModifier.NoModifier:
            self._edit_current()
        elif (
            event.text()
            and event.text().isprintable()
            and mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
        ):
            self._start_typing(event.text())
        else:
            super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        # A Chinese input method in full-width mode sends digits as committed text, not keys.
        text = event.commitString()
        if self.state() != QAbstractItemView.State.EditingState and text:
            event.accept()
            self._start_typing(text)
            return
        super().inputMethodEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_to_contents()

    def sizeHint(self) -> QSize:
        w, h = self.full_size()
        return QSize(w, h)

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab belongs to the table (moves between cells), as in a spreadsheet.
        return False

    def _refuse_non_input(self, cur: Index) -> bool:
        cell = self.table_model.cell_at(cur)
        if cell is None:
            self.statusMessage.emit(LABEL_REFUSED)
            return True
        if cell.computed:
            self.statusMessage.emit(COMPUTED_REFUSED)
            return True
        return False

    def _edit_current(self) -> None:
        cur = self.currentIndex()
        if cur.isValid() and not self._refuse_non_input(cur):
            self.edit(cur)

    def _start_typing(self, text: str) -> None:
        """Open the editor on the current cell replacing its content with ``text`` (Excel's
        typing-overwrites). The text is kept exactly as typed; it is checked on Enter/Tab."""
        cur = self.currentIndex()
        if not cur.isValid() or self._refuse_non_input(cur):
            return
        self.edit(cur)
        editor = self.indexWidget(cur)
        if isinstance(editor, QLineEdit):
            editor.setText(text)
            editor.end(False)

    # --- clipboard ------------------------------------------------------------------------------

    def selection_as_tsv(self) -> str:
        """The selected value cells as tab-separated rows (Excel/WPS paste format); positions
        inside the selection's bounding box that are not selected are empty."""
        cells = self.selected_cells()
        if not cells:
            return ""
        rows = sorted({c.row for c in cells})
        cols = range(min(c.col for c in cells), max(c.col + c.colspan - 1 for c in cells) + 1)
        by_pos = {(c.row, c.col): c for c in cells}
        lines = []
        for r in rows:
            fields = []
            for col in cols:
                cell = by_pos.get((r, col))
                fields.append(format_value(self.document.value(cell.id)) if cell else "")
            lines.append("\t".join(fields))
        return "\n".join(lines)

    def copy_selection(self) -> None:
        """Ctrl+C: the selection to the clipboard as tab-separated text."""
        text = self.selection_as_tsv()
        if not text and not self.selected_cells():
            self.statusMessage.emit("请先选中要复制的单元格")
            return
        QGuiApplication.clipboard().setText(text)
        n = len(self.selected_cells())
        self.statusMessage.emit(f"已复制 {n} 个单元格")

    def paste(self) -> bool:
        """Ctrl+V: paste the clipboard's text (see :meth:`paste_text`)."""
        return self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> bool:
        """Paste a tab-separated block starting at the current cell, as one undo step.

        Totals and labels under the block are skipped with a notice; if any value is not valid
        for its cell, nothing is pasted and the message names that cell. A single value pasted
        over a selection of several cells fills every selected input cell.
        """
        cur = self.currentIndex()
        if not cur.isValid():
            self.statusMessage.emit("请先选中粘贴的起始单元格")
            return False
        block = parse_tsv(text)
        if not block:
            self.statusMessage.emit("剪贴板中没有可粘贴的内容")
            return False
        targets: dict[str, str] = {}
        skipped = outside = 0
        selected = [c for c in self.selected_cells() if not c.computed]
        if len(block) == 1 and len(block[0]) == 1 and len(selected) > 1:
            targets = {c.id: block[0][0] for c in selected}
        else:
            for i, line in enumerate(block):
                for j, raw in enumerate(line):
                    r, c = cur.row() + i, cur.column() + j
                    if not (0 <= r < self.table.n_rows and 0 <= c < self.table.n_cols):
                        outside += bool(raw.strip())
                        continue
                    item = self._item_covering(r, c)
                    if isinstance(item, Cell) and (item.row, item.col) == (r, c):
                        if item.computed:
                            skipped += bool(raw.strip())
                        else:
                            targets[item.id] = raw
                    elif raw.strip():
                        # A label, or the covered part of a merged cell.
                        skipped += 1
        if not targets:
            self.statusMessage.emit("粘贴的位置没有可填写的单元格")
            return False
        values: dict[str, CellValue] = {}
        for cid, raw in targets.items():
            cell = CELL_BY_ID[cid]
            try:
                values[cid] = typed_value(cell, raw)
            except ValueError as exc:
                # The same check and message as typing, shown at the cell concerned.
                self.cell_message.show_at(
                    self.table_model.index_of(cid), f"未粘贴：{typed_problem(cell, raw)}"
                )
                self.statusMessage.emit(f"未粘贴：{exc}")
                return False
        n = len(values)
        self.document.set_cells(values, f"粘贴 {n} 个单元格")
        self._select_ids(list(values))
        notes = [f"已粘贴 {n} 个单元格"]
        if skipped:
            notes.append(f"跳过 {skipped} 个合计或标题单元格（合计自动计算）")
        if outside:
            notes.append(f"{outside} 个值超出表格，未粘贴")
        self.statusMessage.emit("；".join(notes))
        return True

    def _select_ids(self, ids: list[str]) -> None:
        selection = QItemSelection()
        for cid in ids:
            idx = self.table_model.index_of(cid)
            selection.select(idx, idx)
        self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def clear_selection(self) -> int:
        """Delete: blank every selected input cell as one undo step; returns how many."""
        cells = self.selected_cells()
        inputs = [c for c in cells if not c.computed]
        if not inputs:
            if cells:
                self.statusMessage.emit(COMPUTED_REFUSED)
            return 0
        text = (
            f"清除 {inputs[0].edit_name()}" if len(inputs) == 1 else f"清除 {len(inputs)} 个单元格"
        )
        n = self.document.set_cells(dict.fromkeys((c.id for c in inputs), None), text)
        if len(inputs) < len(cells):
            self.statusMessage.emit(f"已清除 {n} 个单元格；合计单元格自动计算，未清除")
        return n

    # --- layout ---------------------------------------------------------------------------------

    def _on_report_replaced(self) -> None:
        self._update_actions()
        self.fit_to_contents()

    def _on_cells_changed(self, ids: list[str]) -> None:
        # Printed totals come and go only with 采用计算的合计 and its undo: refit then, as
        # “印 12 / 算 11” is wider than a number.
        has_printed = bool(self.document.report.printed_totals)
        if has_printed != self._had_printed:
            self._update_actions()
            self.fit_to_contents()
            return
        # A long number typed or pasted must not be cut off: widen when one no longer fits.
        model = self.table_model
        fm = QFontMetrics(self.font())
        room = fm.horizontalAdvance("中")
        for cid in ids:
            index = model.index_of(cid)
            if not index.isValid():
                continue
            cell = model.cell_at(index)
            assert cell is not None
            text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            width = sum(self.columnWidth(c) for c in range(cell.col, cell.col + cell.colspan))
            if fm.horizontalAdvance(text) + room > width:
                self.fit_to_contents()
                return

    def fit_to_contents(self) -> None:
        """Column widths and row heights that show every label (long ones wrapped) and value."""
        fm = QFontMetrics(self.font())
        bold = self.font()
        bold.setBold(True)
        fm_bold = QFontMetrics(bold)
        em = fm.horizontalAdvance("中")
        pad_w = 1.5 * em  # room for the grid line and some air on both sides
        # What the style really leaves for text inside a cell (its text margins and the grid).
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1
        text_room = 2 * margin + 2
        pad_h = max(8, round(fm.height() * 0.6))
        t = self.table
        model = self.table_model

        def metrics(row: int) -> QFontMetrics:
            return fm_bold if model.is_header_row(row) else fm

        # Columns: value columns wide enough for their widest value; label columns for their
        # labels, capped so long labels wrap; then merged labels widen what they span if needed.
        widths = [0.0] * t.n_cols
        # A table of many narrow columns (四: 15) must fit a 1366×768 screen and 1920×1080 at
        # 150% beside the findings panel: its value columns take four digits, its one-column
        # headers wrap two characters a line (结果/维持), as on the printed form.
        wide = self.compact
        # Two characters a line and four digits, with the cell's margins.
        value_min = 2.9 * em if wide else self._VALUE_MIN_EMS * em
        cell_pad = 0.8 * em if wide else pad_w
        for cell in t.cells:
            texts = [format_value(self.document.value(cell.id)), "未填", "0000"]
            shown = model.data(model.index(cell.row, cell.col), Qt.ItemDataRole.DisplayRole)
            texts.append(str(shown or ""))
            need: float = max(fm.horizontalAdvance(s) for s in texts) + cell_pad
            need = max(need, value_min) / cell.colspan
            for c in range(cell.col, cell.col + cell.colspan):
                widths[c] = max(widths[c], need)

        def label_cap(label: Label) -> float:
            if wide and label.colspan == 1:
                return 2.9 * em
            if label.rowspan >= 10:
                return 1.6 * em
            if label.rowspan >= 3:
                return 4.6 * em
            return self._MAX_LABEL_EMS * em

        singles = [x for x in t.labels if x.colspan == 1]
        merged = [x for x in t.labels if x.colspan > 1]
        for label in singles:
            need = min(metrics(label.row).horizontalAdvance(label.text) + pad_w, label_cap(label))
            widths[label.col] = max(widths[label.col], need)
        for label in merged:
            span = range(label.col, label.col + label.colspan)
            have = sum(widths[c] for c in span)
            want = min(
                metrics(label.row).horizontalAdvance(label.text) + pad_w,
                label_cap(label) * label.colspan,
            )
            if have < want:
                extra = (want - have) / label.colspan
                for c in span:
                    widths[c] += extra
        widths = [max(w, 2 * em) for w in widths]
        for c, w in enumerate(widths):
            self.setColumnWidth(c, round(w))

        # Rows: the wrapped height of every item at its merged width.
        heights = [float(fm.height() + pad_h)] * t.n_rows
        tall: list[tuple[Label | Cell, float]] = []
        items: tuple[Label | Cell, ...] = (*t.labels, *t.cells)
        for item in items:
            width = sum(round(widths[c]) for c in range(item.col, item.col + item.colspan))
            width -= text_room
            if isinstance(item, Label):
                text, m = label_display_text(item), metrics(item.row)
            else:
                text, m = "0", fm
            rect = m.boundingRect(
                0, 0, max(1, round(width)), 10_000, int(Qt.TextFlag.TextWordWrap), text
            )
            need = rect.height() + pad_h
            if item.rowspan == 1:
                heights[item.row] = max(heights[item.row], need)
            else:
                tall.append((item, need))
        for item, need in tall:
            span = range(item.row, item.row + item.rowspan)
            have = sum(heights[r] for r in span)
            if have < need:
                extra = (need - have) / item.rowspan
                for r in span:
                    heights[r] += extra
        for r, h in enumerate(heights):
            self.setRowHeight(r, round(h))

    def fit_width(self, room: int) -> None:
        """Use compact columns when a table of many columns (四: 15) is wider than ``room``
        at its natural widths, the natural ones again when it fits."""
        if self.table.n_cols < 12:
            return
        if not self.compact:
            self._natural_width = self.full_size()[0]
        want = self._natural_width > room
        if want != self.compact:
            self.compact = want
            self.fit_to_contents()

    def full_size(self) -> tuple[int, int]:
        """The pixel size that shows the whole table without scroll bars."""
        w = sum(self.columnWidth(c) for c in range(self.table.n_cols)) + 2 * self.frameWidth()
        h = sum(self.rowHeight(r) for r in range(self.table.n_rows)) + 2 * self.frameWidth()
        return w, h


class _Pane(QTableView):
    """A read-only copy of part of a table, laid over the edge of its view (frozen panes):
    same model, same spans and painting, no focus, no selection, no scroll bars."""

    def __init__(self, main: ReportTableView) -> None:
        super().__init__(main)
        self._main = main
        self.setModel(main.table_model)
        self.setItemDelegate(CellDelegate(self))
        for row, col, rowspan, colspan in main.table.spans():
            self.setSpan(row, col, rowspan, colspan)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setShowGrid(False)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # A thin line under/beside the pane marks where the frozen part ends.
        self.setStyleSheet("QTableView { background: white; }")
        self.hide()

    def wheelEvent(self, event: QWheelEvent) -> None:
        # Scrolling over a frozen pane scrolls the table under it.
        self._main.wheelEvent(event)


class FrozenPanes:
    """Frozen header rows and row-label columns of a :class:`ReportTableView`, shown only while
    the table is scrolled: the column headers stay visible when its rows scroll (table 三 at
    1366×768), the row labels when it scrolls sideways. Unscrolled, nothing is laid over it."""

    def __init__(self, view: ReportTableView) -> None:
        self.view = view
        table = view.table
        self.rows = table.header_rows
        value_cols = {c for cell in table.cells for c in range(cell.col, cell.col + cell.colspan)}
        self.cols = next((c for c in range(table.n_cols) if c in value_cols), 0)
        self.top = _Pane(view) if self.rows else None
        self.left = _Pane(view) if self.cols else None
        self.corner = _Pane(view) if self.rows and self.cols else None
        view.horizontalHeader().sectionResized.connect(self._column_resized)
        view.verticalHeader().sectionResized.connect(self._row_resized)

    def panes(self) -> list[_Pane]:
        return [p for p in (self.left, self.top, self.corner) if p is not None]

    def _column_resized(self, col: int, _old: int, new: int) -> None:
        for pane in self.panes():
            pane.setColumnWidth(col, new)
        self.place()

    def _row_resized(self, row: int, _old: int, new: int) -> None:
        for pane in self.panes():
            pane.setRowHeight(row, new)
        self.place()

    def covered(self) -> tuple[int, int]:
        """(height, width) of the viewport the visible panes cover."""
        top = self.top.height() if self.top is not None and self.top.isVisible() else 0
        left = self.left.width() if self.left is not None and self.left.isVisible() else 0
        return top, left

    def place(self) -> None:
        view = self.view
        port = view.viewport().geometry()
        scrolled_v = view.verticalScrollBar().value() > 0
        scrolled_h = view.horizontalScrollBar().value() > 0
        height = min(sum(view.rowHeight(r) for r in range(self.rows)), port.height())
        width = min(sum(view.columnWidth(c) for c in range(self.cols)), port.width())
        h_value = view.horizontalScrollBar().value()
        v_value = view.verticalScrollBar().value()
        if self.top is not None:
            self.top.setVisible(scrolled_v)
            if scrolled_v:
                self.top.setGeometry(port.x(), port.y(), port.width(), height)
                self.top.horizontalScrollBar().setValue(h_value)
                self.top.raise_()
        if self.left is not None:
            self.left.setVisible(scrolled_h)
            if scrolled_h:
                self.left.setGeometry(port.x(), port.y(), width, port.height())
                self.left.verticalScrollBar().setValue(v_value)
                self.left.lower()
                self.left.raise_()
                if self.top is not None and self.top.isVisible():
                    self.top.raise_()
        if self.corner is not None:
            both = scrolled_v and scrolled_h
            self.corner.setVisible(both)
            if both:
                self.corner.setGeometry(port.x(), port.y(), width, height)
                self.corner.raise_()
        view.cell_message.raise_()


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of tab-separated fields as Excel and WPS put them on the clipboard (CRLF or LF
    line ends, one trailing line end); an empty text gives no rows."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text.strip():
        return []
    return [line.split("\t") for line in text.split("\n")]
