"""The status bar's permanent labels: error/warning/blank counts and the save state."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar

from desktop.findings import Severity
from desktop.unwritten import empty_parts
from ui.navigation import is_counted_error
from ui.workspace import Workspace


class StatusLabels:
    """错误 n · 警告 n · 未填 n 单元格, and 已保存 / 已自动保存 hh:mm / 自动保存失败."""

    def __init__(self, bar: QStatusBar, workspace: Workspace) -> None:
        self.workspace = workspace
        self.counts_label = QLabel()
        self.save_label = QLabel()
        self.save_label.setContentsMargins(14, 0, 6, 0)
        self.counts_label.setContentsMargins(6, 0, 6, 0)
        bar.addPermanentWidget(self.counts_label)
        bar.addPermanentWidget(self.save_label)

    def update_counts(self) -> None:
        doc = self.workspace.document
        findings = doc.findings()
        errors = sum(1 for f in findings if is_counted_error(f))
        warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
        blanks = len(doc.report.blank_ids())
        unwritten = empty_parts(doc.report)
        self.counts_label.setText(
            f"错误 {errors} · 警告 {warnings} · 未填 {blanks} 单元格 · 未写 {len(unwritten)} 部分"
        )
        self.counts_label.setToolTip(
            "未写的部分：\n" + "\n".join(unwritten) if unwritten else "各部分都已填写内容"
        )

    def update_save_state(self) -> None:
        state = self.workspace.save_state()
        self.save_label.setText(state.text)
        self.save_label.setToolTip(state.tooltip)
        self.save_label.setStyleSheet("color: #b3261e;" if state.error else "")
