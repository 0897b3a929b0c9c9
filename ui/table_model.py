"""One Qt table model per template table: a thin view of the report held by a Document.

The grid is the template's grid (labels are cells, as on the printed form). The model keeps no
copy of any value: every ``data`` call reads the report through the Document.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.findings import Severity
from desktop.numbers import (
    LIMITS,
    Entry,
    NumberKind,
    format_number,
    normalize_number_text,
    text_refusal,
)
from desktop.report import CellValue, coerce_cell_value, number_kind
from desktop.template import TABLE_BY_KEY, Cell, CellKind, Label
from ui.document import BLANK_RULE, Document

CELL_ID_ROLE = Qt.ItemDataRole.UserRole + 1

BLANK_TEXT = "未填"

# Colours: input cells white as on paper; computed cells grey so nobody types there; findings
# tinted strongly enough to see at a glance but light enough to read black digits on.
COLOR_HEADER = QColor("#f2f2f2")
COLOR_COMPUTED = QColor("#e4e4e4")
COLOR_ERROR = QColor("#f6c4c4")
COLOR_WARNING = QColor("#fbe3a6")
COLOR_BLANK_TEXT = QColor("#9a9a9a")

COUNT_EXPECTED = "此处只能填写 0 或正整数"
AMOUNT_EXPECTED = f"此处只能填写金额（万元），最多 {LIMITS[NumberKind.WAN].typed_decimals} 位小数"

Index = QModelIndex | QPersistentModelIndex

# Plain ints and precomputed flags: data() and flags() run for every cell on every repaint, and
# enum attribute lookups and flag arithmetic there cost more than the work itself.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_CELL_ID = int(CELL_ID_ROLE)
_FLAGS_LABEL = Qt.ItemFlag.ItemIsEnabled
_FLAGS_COMPUTED = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_FLAGS_INPUT = _FLAGS_COMPUTED | Qt.ItemFlag.ItemIsEditable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_CENTER = Qt.AlignmentFlag.AlignCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


# A label spanning this many rows stands upright, one character a line, as on the printed
# form (word wrap in a narrow column would break it as 本年/度办/理结/果).
UPRIGHT_ROWSPAN = 10


def label_display_text(label: Label) -> str:
    """A label's text as shown: upright labels get one character a line."""
    if label.rowspan >= UPRIGHT_ROWSPAN and label.colspan == 1:
        return "\n".join(label.text)
    return label.text


def expected_text(cell: Cell) -> str:
    """What an input cell accepts, as a status-bar sentence."""
    return AMOUNT_EXPECTED if cell.kind is CellKind.AMOUNT else COUNT_EXPECTED


def parse_cell_text(cell_id: str, text: str) -> CellValue:
    """Parse a typed or pasted text for an input cell; empty → blank (None). The one number
    check of spec §10 with the limits of typing (``Entry.TYPED``).

    Raises ValueError with a Chinese message naming the cell by its printed labels.
    """
    s = normalize_number_text(text)
    if not s:
        return None
    return coerce_cell_value(cell_id, s, Entry.TYPED)


def typed_problem(cell: Cell, text: str) -> str | None:
    """Why ``text`` typed or pasted into ``cell`` cannot be taken as it stands, in plain
    Chinese saying what is wrong and what to type; None when it can (blank included). The
    words are the number check's own (spec §10), without the cell's name: the message is
    shown next to the cell.

    Nothing is ever dropped or repaired here: the caller keeps the text as typed and shows
    this message next to the cell.
    """
    s = normalize_number_text(text)
    if not s:
        return None
    return text_refusal(number_kind(cell.id), s, Entry.TYPED)


def typed_value(cell: Cell, text: str) -> CellValue:
    """The value of a typed or pasted ``text`` for ``cell``; raises ValueError with the
    message of :func:`typed_problem`, naming the cell."""
    return parse_cell_text(cell.id, text)


# A stored value as shown, exactly as exported (one formatting function for both).
format_value = format_number


class ReportTableModel(QAbstractTableModel):
    """The template table ``table_key`` (``t2``, ``t3``, ``t4``) of the Document's report.

    ``editRejected(str)`` carries the Chinese message when ``setData`` refuses a value.
    """

    editRejected = Signal(str)

    def __init__(self, document: Document, table_key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.table = TABLE_BY_KEY[table_key]
        self._pos: dict[str, tuple[int, int]] = {c.id: (c.row, c.col) for c in self.table.cells}
        items: tuple[Label | Cell, ...] = (*self.table.labels, *self.table.cells)
        self._grid: dict[tuple[int, int], Label | Cell] = {(x.row, x.col): x for x in items}
        self._header_rows = set(range(self.table.header_rows)) | set(self.table.header_like_rows)
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)
        self._brushes = {
            "header": QBrush(COLOR_HEADER),
            "computed": QBrush(COLOR_COMPUTED),
            Severity.ERROR: QBrush(COLOR_ERROR),
            Severity.WARNING: QBrush(COLOR_WARNING),
            "blank": QBrush(COLOR_BLANK_TEXT),
        }
        document.cellsChanged.connect(self._on_cells_changed)
        document.findingsChanged.connect(self._on_findings_changed)
        document.reportReplaced.connect(self._on_report_replaced)
        if self.table.key in ("t3", "t4"):
            # 由台账生成 ↔ 手工填写 changes which cells are editable and how they look.
            document.registerChanged.connect(self._on_register_changed)

    # --- lookup ---------------------------------------------------------------------------------

    def item_at(self, row: int, col: int) -> Label | Cell | None:
        """The label or value cell anchored at (row, col); None for a position a merge covers."""
        return self.table.at(row, col)

    def cell_at(self, index: Index) -> Cell | None:
        """The value cell anchored at ``index``, or None (labels, merged-over positions)."""
        if not index.isValid():
            return None
        item = self.table.at(index.row(), index.column())
        return item if isinstance(item, Cell) else None

    def index_of(self, cell_id: str) -> QModelIndex:
        """The index of a value cell of this table (invalid for a cell of another table)."""
        pos = self._pos.get(cell_id)
        if pos is None:
            return QModelIndex()
        return self.index(*pos)

    def is_header_row(self, row: int) -> bool:
        """True for the printed header rows (bold, shaded)."""
        return row in self._header_rows

    def _on_register_changed(self) -> None:
        last = self.index(self.table.n_rows - 1, self.table.n_cols - 1)
        self.dataChanged.emit(self.index(0, 0), last)

    # --- Qt model API ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.table.n_rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.table.n_cols

    def flags(self, index: Index) -> Qt.ItemFlag:
        item = self._grid.get((index.row(), index.column())) if index.isValid() else None
        if item is None:
            return _FLAGS_LABEL if index.isValid() else _NO_FLAGS
        if item.__class__ is Label:
            # Labels are part of the form, not data: shown enabled (black) but never selected.
            return _FLAGS_LABEL
        if item.computed or self.document.is_generated(item.id):  # type: ignore[union-attr]
            return _FLAGS_COMPUTED  # 由台账生成: shown like a total, read-only
        return _FLAGS_INPUT

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        item = self._grid.get((index.row(), index.column()))
        if item is None or not index.isValid():
            return None
        if item.__class__ is Label:
            return self._label_data(item, role)
        return self._cell_data(item, role)  # type: ignore[arg-type]

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole:
            return False
        cell = self.cell_at(index)
        if cell is None or cell.computed:
            return False
        try:
            parsed = (
                typed_value(cell, value)
                if isinstance(value, str)
                else coerce_cell_value(cell.id, value, Entry.TYPED)
            )
            # The Document's cellsChanged emits dataChanged for this cell and its totals.
            self.document.set_cell(cell.id, parsed)
        except ValueError as exc:
            self.editRejected.emit(str(exc))
            return False
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # The printed form has no A/B/C or 1/2/3 headers; its labels are cells.
        return None

    # --- roles ----------------------------------------------------------------------------------

    def _label_data(self, label: Label, role: int) -> Any:
        if role == _DISPLAY:
            return label_display_text(label)
        if role == _TOOLTIP:
            return label.text
        header = self.is_header_row(label.row)
        if role == _ALIGN:
            if header or label.rowspan > 1:
                return _CENTER
            return _LEFT
        if role == _FONT and header:
            return self._bold
        if role == _BACKGROUND and header:
            return self._brushes["header"]
        return None

    def _cell_data(self, cell: Cell, role: int) -> Any:
        doc = self.document
        if role == _DISPLAY:
            value = doc.value(cell.id)
            if cell.computed:
                if doc.printed_total_differs(cell.id):
                    computed = format_value(value) or "—"
                    return f"印 {format_value(doc.printed_total(cell.id))} / 算 {computed}"
                return format_value(value)
            return BLANK_TEXT if value is None else format_value(value)
        if role == _EDIT:
            return format_value(doc.value(cell.id))
        if role == _BACKGROUND:
            severity = doc.cell_severity(cell.id)
            if severity is not None:
                return self._brushes[severity]
            if cell.computed or doc.is_generated(cell.id):
                return self._brushes["computed"]
            return None
        if role == _FOREGROUND:
            if not cell.computed and doc.value(cell.id) is None:
                return self._brushes["blank"]
            return None
        if role == _FONT:
            if not cell.computed and doc.value(cell.id) is None:
                return self._italic
            return None
        if role == _ALIGN:
            return _CENTER
        if role == _TOOLTIP:
            return self._tooltip(cell)
        if role == _CELL_ID:
            return cell.id
        return None

    def _tooltip(self, cell: Cell) -> str:
        doc = self.document
        lines = [cell.describe()]
        if doc.is_generated(cell.id):
            lines.append("由申请台账生成（只读）。双击查看计入这个数字的台账记录。")
        for f in doc.cell_findings(cell.id):
            if f.rule == BLANK_RULE:
                continue
            lines.append(f"{f.severity.label}：{f.message}")
        if cell.computed:
            if doc.printed_total_differs(cell.id):
                printed = format_value(doc.printed_total(cell.id))
                computed = format_value(doc.value(cell.id))
                if computed:
                    lines.append(
                        f"导入的原文印的是 {printed}，各项相加是 {computed}。"
                        "核对无误后，可用“采用计算的合计”改用相加的结果。"
                    )
                else:
                    lines.append(
                        f"各项中有未填的单元格，暂无法计算，先显示导入的原文印出的 {printed}。"
                    )
            lines.append("自动计算的合计，不能直接填写；请修改它所合计的各单元格。")
        elif doc.value(cell.id) is None:
            lines.append(f"未填。{expected_text(cell)}；没有的请填 0。")
        else:
            lines.append(f"{expected_text(cell)}。")
        return "\n".join(lines)

    # --- document signals -----------------------------------------------------------------------

    def _emit_cells(self, ids: Any) -> None:
        pos = self._pos
        for cid in ids:
            p = pos.get(cid)
            if p is not None:
                idx = self.index(*p)
                self.dataChanged.emit(idx, idx)

    def _on_cells_changed(self, ids: list[str]) -> None:
        self._emit_cells(ids)

    def _on_findings_changed(self) -> None:
        self._emit_cells(self.document.changed_finding_cells)

    def _on_report_replaced(self) -> None:
        self.dataChanged.emit(
            self.index(0, 0), self.index(self.table.n_rows - 1, self.table.n_cols - 1)
        )
