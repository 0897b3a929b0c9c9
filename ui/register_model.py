"""Qt models of the register: the 申请台账 and the 复议诉讼案件 list as editable tables.

Thin adapters over ``report.ledger`` (no copy of the data): ``data()`` reads the row objects,
``setData()`` goes through ``ui.register_edits`` (undo steps). A view asks ``data()`` for every
role of every visible cell on each paint, so a row's display texts and backgrounds (with its
due date) are built once, on its first display, and kept until the register changes; roles
the model does not use return at once. An edit that keeps the number of rows forgets the
cache and repaints (the view keeps its current cell and selection); adding or removing rows
resets the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desktop.register.model import (
    CASE_PENDING,
    DECISIONS,
    DEFAULT_DECISION_MAP,
    PENDING_LABEL,
    RESULT_LABELS,
    RESULT_SHORT,
    ApplicantKind,
    CaseCategory,
    CaseKind,
    Channel,
    Register,
)
from desktop.register.table_io import parse_date_text
from desktop.register.workdays import Due, DueState, due_of
from ui.document import Document
from ui.register_edits import Kind, field_label, set_field

Index = QModelIndex | QPersistentModelIndex
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 1  # the dropdown's entries for a choice column
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the row's position in the register
SORT_ROLE = Qt.ItemDataRole.UserRole + 3

COLOR_OVERDUE = QColor("#f4c7c3")
COLOR_DUE_SOON = QColor("#fde9b8")
COLOR_LATE = QColor("#f8dcd9")
COLOR_PLACEHOLDER = QColor("#e8eaf6")
COLOR_COMPUTED = QColor("#f0f0f0")

_RESULT_CHOICES: tuple[str, ...] = (PENDING_LABEL, *RESULT_LABELS.values())
_RESULT_BY_TEXT: dict[str, str | None] = (
    {PENDING_LABEL: None, "": None}
    | {t: k for k, t in RESULT_LABELS.items()}
    | {t: k for k, t in RESULT_SHORT.items()}
)
USE_MAPPING = "按结果对应"

# Roles as plain ints: the view passes ints, and comparing with the enum members (looked up on
# each call) costs more than the rest of the fast path.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_CHOICES = int(CHOICES_ROLE)
_ROW = int(ROW_ROLE)
_SORT = int(SORT_ROLE)
_OTHER_ROLES = frozenset({_EDIT, _TOOLTIP, _CHOICES, _ROW, _SORT})


@dataclass(frozen=True, slots=True)
class Column:
    """One column: the field, its header, what it holds (text, date, choice, money, due)."""

    field: str
    header: str
    kind: str
    choices: tuple[str, ...] = ()
    width: int = 90


APPLICATION_COLUMNS: tuple[Column, ...] = (
    Column("id", "编号", "text", width=80),
    Column("received", "收到申请日期", "date"),
    Column("channel", "申请方式", "choice", ("", *(c.value for c in Channel)), 60),
    Column("kind", "申请人类型", "choice", tuple(k.value for k in ApplicantKind)),
    Column("applicant", "申请人", "text", width=90),
    Column("content", "申请内容", "text", width=160),
    Column("result", "办理结果", "choice", _RESULT_CHOICES, 150),
    Column("answered", "答复日期", "date"),
    Column("due", "答复期限", "due"),
    Column("state", "状态", "due", width=70),
    Column("correction_notice", "补正告知日期", "date"),
    Column("correction_received", "收到补正日期", "date"),
    Column("consult_party", "征求意见对象", "text"),
    Column("consult_start", "征求意见开始", "date"),
    Column("consult_end", "征求意见结束", "date"),
    Column("extension_notice", "延期告知日期", "date"),
    Column("fee_notice", "收费通知日期", "date"),
    Column("fee_yuan", "收费金额（元）", "money", width=80),
    Column("fee_paid", "缴费日期", "date"),
    Column("note", "备注", "text", width=140),
)
CASE_COLUMNS: tuple[Column, ...] = (
    Column("id", "编号", "text", width=100),
    Column("kind", "类型", "choice", tuple(k.value for k in CaseKind), 120),
    Column("application", "关联申请", "text"),
    Column("received", "收到日期", "date"),
    Column("decision", "结果（按决定书）", "choice", DECISIONS, 110),
    Column("category", "计入表四", "choice", (USE_MAPPING, *(c.value for c in CaseCategory)), 160),
    Column("decided", "结案日期", "date"),
    Column("note", "备注", "text", width=160),
)


def date_text(d: date | None) -> str:
    """A date as the register shows it: 2025-03-05."""
    return "" if d is None else d.isoformat()


class RegisterModel(QAbstractTableModel):
    """The applications (``kind="applications"``) or cases of the document's register."""

    def __init__(self, document: Document, kind: Kind, today: date | None = None) -> None:
        super().__init__()
        self.document = document
        self.kind: Kind = kind
        self.columns = APPLICATION_COLUMNS if kind == "applications" else CASE_COLUMNS
        self.today = today
        self._ncols = len(self.columns)
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        self._flags = [
            base if c.kind == "due" else base | Qt.ItemFlag.ItemIsEditable for c in self.columns
        ]
        self._due: dict[int, Due] = {}
        # The register's list, and per row its display texts then its backgrounds (one flat
        # list, built on the row's first display); both renewed by refresh().
        self._list: list[Any] = getattr(document.report.ledger, kind)
        self._shown: list[list[Any] | None] = [None] * len(self._list)
        self._brushes = {
            DueState.OVERDUE: QBrush(COLOR_OVERDUE),
            DueState.DUE_SOON: QBrush(COLOR_DUE_SOON),
            DueState.ANSWERED_LATE: QBrush(COLOR_LATE),
            "placeholder": QBrush(COLOR_PLACEHOLDER),
            "computed": QBrush(COLOR_COMPUTED),
        }
        self._last_error = ""
        # Not on metaChanged: nothing shown depends on the meta fields, and a change of the year
        # (which decides what the register counts) comes as registerChanged too.
        document.registerChanged.connect(self.refresh)
        document.reportReplaced.connect(self.refresh)

    @property
    def rows(self) -> list[Any]:
        """The register's list this model shows (read only here)."""
        return self._list

    @property
    def last_error(self) -> str:
        """The message of the last refused edit."""
        return self._last_error

    def refresh(self) -> None:
        """The register changed: forget cached texts and due dates and show it again. Same
        number of rows (an edit, an undo of one): repaint, keeping the view's current cell and
        selection; otherwise reset."""
        rows: list[Any] = getattr(self.document.report.ledger, self.kind)
        if len(rows) == len(self._list) and rows:
            self._list = rows
            self._due.clear()
            self._shown = [None] * len(rows)
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, self._ncols - 1))
            return
        self.beginResetModel()
        self._list = rows
        self._due.clear()
        self._shown = [None] * len(rows)
        self.endResetModel()

    def due(self, row: int) -> Due:
        """The due date and state of application ``row`` (cached until the next change)."""
        d = self._due.get(row)
        if d is None:
            from desktop.register.checks import current_calendar

            d = self._due[row] = due_of(self._list[row], current_calendar(), self.today)
        return d

    # --- Qt model API ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._list)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._ncols

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return self._flags[index.column()]  # combined once: each | of enum flags is slow

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY or role == _BACKGROUND:
            row = index.row()
            shown_rows = self._shown
            if row < 0 or row >= len(shown_rows):
                return None  # an invalid index
            shown = shown_rows[row]
            if shown is None:
                shown = shown_rows[row] = [self._text(row, c, False) for c in self.columns] + [
                    self._background(row, c) for c in self.columns
                ]
            return shown[index.column() + self._ncols if role == _BACKGROUND else index.column()]
        if role not in _OTHER_ROLES or not index.isValid():
            return None
        row = index.row()
        col = self.columns[index.column()]
        if role == _EDIT:
            return self._text(row, col, True)
        if role == _TOOLTIP:
            return self._tooltip(row, col)
        if role == _CHOICES:
            return list(col.choices) if col.kind == "choice" else None
        if role == _ROW:
            return row
        if role == _SORT:
            obj = self._list[row]
            if col.kind == "date":
                v = getattr(obj, col.field)
                return v.toordinal() if v else 0
            if col.field == "due":
                due = self.due(row).due
                return due.toordinal() if due else 0
            return self._text(row, col, False)
        return None

    def _text(self, row: int, col: Column, edit: bool) -> str:
        obj = self._list[row]
        if col.kind == "due":
            d = self.due(row)
            if col.field == "due":
                return date_text(d.due) if d.due else "—"
            return d.state.value
        v = getattr(obj, col.field)
        if col.kind == "date":
            return date_text(v)
        if col.field == "result":
            if v is None:
                return PENDING_LABEL
            return RESULT_LABELS[v] if edit else RESULT_SHORT[v]
        if col.field == "category":
            if v is None:
                word = obj.decision.strip()
                if word in ("", CASE_PENDING):
                    return USE_MAPPING if edit else CASE_PENDING
                mapped = self.document.report.ledger.category_of(obj)
                if edit:
                    return USE_MAPPING
                return f"{mapped.value}（按对应）" if mapped else "（请指定）"
            return str(v.value)
        if v is None:
            return ""
        if isinstance(v, Decimal):
            return format(v, "f")
        return str(getattr(v, "value", v))

    def _background(self, row: int, col: Column) -> Any:
        obj = self._list[row]
        if col.kind == "due":
            if self.kind == "applications":
                state = self.due(row).state
                if state in self._brushes:
                    return self._brushes[state]
            return self._brushes["computed"]
        if getattr(obj, "placeholder", False):
            return self._brushes["placeholder"]
        return None

    def _tooltip(self, row: int, col: Column) -> str | None:
        obj = self._list[row]
        if col.kind == "due" and self.kind == "applications":
            d = self.due(row)
            lines = [f"状态：{d.state.value}"]
            if d.due is not None:
                lines.append(f"答复期限：{date_text(d.due)}")
            if d.base_due is not None and d.base_due != d.due:
                lines.append(f"延期前的期限：{date_text(d.base_due)}")
            if d.workdays_left is not None and d.state is not DueState.OVERDUE:
                lines.append(f"还剩 {d.workdays_left} 个工作日")
            lines += list(d.notes)
            return "\n".join(lines)
        if col.field == "category":
            return (
                "结果计入表四哪一栏：默认按本报告的结果对应（软件建议：维持、驳回→结果维持；变更、"
                "撤销、确认违法、确认无效、责令履行→结果纠正；调解、和解、终止、撤诉→其他结果；"
                "可点“结果对应…”修改），也可在这里逐案指定。"
            )
        if getattr(obj, "placeholder", False):
            return "上年结转的占位记录：请补全收到日期、申请人和申请内容"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        col = self.columns[index.column()]
        try:
            parsed = self.parse(col, value)
            set_field(self.document, self.kind, index.row(), col.field, parsed)
        except ValueError as exc:
            self._last_error = str(exc)
            return False
        self._last_error = ""
        return True

    def parse(self, col: Column, value: Any) -> Any:
        """A typed or pasted text for ``col`` as the field's value; ValueError (Chinese)."""
        text = "" if value is None else str(value).strip()
        label = field_label(self.kind, col.field)
        if col.kind == "date":
            if not text:
                if col.field == "received":
                    raise ValueError(f"{label}不能为空")
                return None
            d = parse_date_text(text, self.document.report.meta.year)
            if d is None:
                raise ValueError(
                    f"{label}：“{text}”不是日期，请写成 2025-3-5、2025/03/05 或 3月5日"
                )
            return d
        if col.field == "result":
            if text not in _RESULT_BY_TEXT:
                raise ValueError(f"办理结果“{text}”不是表三的结果，请从下拉列表中选择")
            return _RESULT_BY_TEXT[text]
        if col.field == "category":
            return None if text in ("", USE_MAPPING) else CaseCategory(text)
        if col.field == "decision":
            return text or CASE_PENDING
        if col.kind == "choice":
            if not text:
                if col.field == "channel":
                    return None
                raise ValueError(f"{label}不能为空")
            if text not in col.choices:
                raise ValueError(
                    f"{label}“{text}”无效，应为 {'、'.join(c for c in col.choices if c)} 之一"
                )
            return text
        if col.kind == "money":
            if not text:
                return None
            try:
                return Decimal(text.rstrip("元"))
            except InvalidOperation:
                raise ValueError(f"{label}：“{text}”不是金额") from None
        return text


class RegisterFilter(QSortFilterProxyModel):
    """Sort by the column's own order (dates as dates), filter by text, or show only given
    rows (the rows behind a number of table 三)."""

    def __init__(self, source: RegisterModel) -> None:
        super().__init__()
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._rows: frozenset[int] | None = None

    def set_rows(self, rows: frozenset[int] | None) -> None:
        """Show only these register rows (None: all)."""
        if not hasattr(self, "endFilterChange"):
            # Qt 6.8 (the arm64 build) and 6.9 (the glibc 2.28 build) have no
            # endFilterChange(Direction), which came with 6.10.
            self._rows = rows
            self.invalidateRowsFilter()
            return
        self.beginFilterChange()
        self._rows = rows
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def rows_filter(self) -> frozenset[int] | None:
        """The rows shown, when limited to a set."""
        return self._rows

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._rows is not None and source_row not in self._rows:
            return False
        return super().filterAcceptsRow(source_row, source_parent)


def decision_note(register: Register | None = None) -> str:
    """The mapping of decisions to table 四's columns, as the window states it: the app's
    suggestion, and what this report changed."""
    groups: dict[CaseCategory, list[str]] = {}
    for word, cat in DEFAULT_DECISION_MAP.items():
        groups.setdefault(cat, []).append(word)
    parts = [f"{'、'.join(words)}→{cat.value}" for cat, words in groups.items()]
    text = (
        "结果对应（软件的建议，可点“结果对应…”修改，或在“计入表四”一栏逐案改变）："
        + "；".join(parts)
        + "。2023 年修订的行政复议法增加了 2021 年格式表四没有列出的决定类型，请按本机关口径核对。"
    )
    if register is not None and register.decision_map:
        changed = "；".join(f"{w}→{c.value}" for w, c in register.decision_map.items())
        text += f"本报告已改为：{changed}。"
    return text


T4_RULE_NOTE = (
    "表四统计规则：本年收到的案件，加上以前年度收到、1 月 1 日仍未审结的案件，每件计一次，"
    "按 12 月 31 日的状态计入：已结案的按结果对应计入结果维持、结果纠正或其他结果，"
    "未结案的计入尚未审结。"
)
