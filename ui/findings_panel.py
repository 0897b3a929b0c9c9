"""The 检查结果 dock: every finding of the report grouped by severity; a click jumps to it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDockWidget, QTreeWidget, QTreeWidgetItem, QWidget

from desktop.findings import Finding, Severity

SEVERITY_ORDER: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)
SEVERITY_MARK = {Severity.ERROR: "●", Severity.WARNING: "▲", Severity.INFO: "ⓘ"}
SEVERITY_COLOR = {
    Severity.ERROR: QColor("#b3261e"),
    Severity.WARNING: QColor("#8a5a00"),
    Severity.INFO: QColor("#2f5d8a"),
}
_FINDING_ROLE = Qt.ItemDataRole.UserRole + 1


class FindingsPanel(QDockWidget):
    """A dock listing findings; ``findingActivated`` fires when the user clicks one."""

    findingActivated = Signal(object)  # Finding

    def __init__(
        self, findings: Callable[[], Sequence[Finding]], parent: QWidget | None = None
    ) -> None:
        super().__init__("检查结果", parent)
        self.setObjectName("findingsDock")
        self._findings = findings
        self.tree = QTreeWidget(self)
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
        collapsed = {
            self.tree.topLevelItem(i).data(0, _FINDING_ROLE)
            for i in range(self.tree.topLevelItemCount())
            if not self.tree.topLevelItem(i).isExpanded()
        }
        self.tree.clear()
        findings = list(self._findings())
        if not findings:
            empty = QTreeWidgetItem(["没有发现问题。"])
            empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(empty)
            return
        for severity in SEVERITY_ORDER:
            group = [f for f in findings if f.severity is severity]
            if not group:
                continue
            head = QTreeWidgetItem([f"{SEVERITY_MARK[severity]} {severity.label} {len(group)}"])
            head.setData(0, _FINDING_ROLE, severity.value)
            head.setForeground(0, QBrush(SEVERITY_COLOR[severity]))
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(head)
            for finding in group:
                item = QTreeWidgetItem([finding.message])
                item.setToolTip(0, finding.message)
                item.setData(0, _FINDING_ROLE, finding)
                head.addChild(item)
            head.setExpanded(severity.value not in collapsed)

    def items(self) -> list[tuple[QTreeWidgetItem, Finding]]:
        """Every finding row with its finding (for tests and keyboard navigation)."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            for j in range(head.childCount()):
                child = head.child(j)
                finding = child.data(0, _FINDING_ROLE)
                if isinstance(finding, Finding):
                    out.append((child, finding))
        return out

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        finding = item.data(0, _FINDING_ROLE)
        if isinstance(finding, Finding):
            self.findingActivated.emit(finding)
