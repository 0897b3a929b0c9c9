"""The 检查结果 dock: every finding of the report grouped by severity; a click jumps to it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from desktop.findings import Finding
from ui.widgets import viewport_of

BLANK_RULE = "R12"
# Groups in display order: (key, mark, title, colour). Blank cells are not errors while the
# user is still typing, so they get a group of their own, in grey.
GROUPS: tuple[tuple[str, str, str, QColor], ...] = (
    ("error", "●", "错误", QColor("#b3261e")),
    ("warning", "▲", "警告", QColor("#8a5a00")),
    ("blank", "○", "未填", QColor("#5f6368")),
    ("info", "ⓘ", "提示", QColor("#2f5d8a")),
)
_FINDING_ROLE = Qt.ItemDataRole.UserRole + 1


def group_of(finding: Finding) -> str:
    """The panel group a finding is listed under."""
    if finding.rule == BLANK_RULE:
        return "blank"
    return finding.severity.value


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the tree's current width (QTreeView alone keeps
    one line per row and cuts long messages off)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree
        self._viewport = viewport_of(tree)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        width = self._viewport.width() - self._tree.indentation() * (depth + 1) - 12
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = option.fontMetrics if font is None else QFontMetrics(font)
        rect = metrics.boundingRect(
            QRect(0, 0, max(width, 80), 100_000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(max(width, 80), rect.height() + 8)


class _Tree(QTreeWidget):
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()  # row heights depend on the width


class FindingsPanel(QDockWidget):
    """A dock listing findings; ``findingActivated`` fires when the user clicks one."""

    findingActivated = Signal(object)  # Finding

    def __init__(
        self, findings: Callable[[], Sequence[Finding]], parent: QWidget | None = None
    ) -> None:
        super().__init__("检查结果", parent)
        self.setObjectName("findingsDock")
        self._findings = findings
        self.tree = _Tree(self)
        self.tree.setItemDelegate(_WrappingDelegate(self.tree))
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)
        self.setWidget(self.tree)
        self.setMinimumWidth(260)
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the list from the current findings, keeping groups' open/closed state."""
        collapsed = {head.data(0, _FINDING_ROLE) for head in self._heads() if not head.isExpanded()}
        self.tree.clear()
        findings = list(self._findings())
        if not findings:
            empty = QTreeWidgetItem(["没有发现问题。"])
            empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(empty)
            return
        for key, mark, title, colour in GROUPS:
            group = [f for f in findings if group_of(f) == key]
            if not group:
                continue
            count = "" if key == "blank" else f" {len(group)}"
            head = QTreeWidgetItem([f"{mark} {title}{count}"])
            head.setData(0, _FINDING_ROLE, key)
            head.setForeground(0, QBrush(colour))
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(head)
            for finding in group:
                item = QTreeWidgetItem([finding.message])
                # The rule code only here, on a details line for support staff (issue 14).
                item.setToolTip(
                    0, f"{finding.message}\n（规则编号 {finding.rule}，供技术支持核对）"
                )
                item.setData(0, _FINDING_ROLE, finding)
                head.addChild(item)
            head.setExpanded(key not in collapsed)

    def items(self) -> list[tuple[QTreeWidgetItem, Finding]]:
        """Every finding row with its finding (for tests and keyboard navigation)."""
        out = []
        for head in self._heads():
            for j in range(head.childCount()):
                child = head.child(j)
                finding = child.data(0, _FINDING_ROLE) if child is not None else None
                if child is not None and isinstance(finding, Finding):
                    out.append((child, finding))
        return out

    def _heads(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        finding = item.data(0, _FINDING_ROLE)
        if isinstance(finding, Finding):
            self.findingActivated.emit(finding)
