"""文件 → 导入已有报告…: running the import without freezing the window, and the dialog that
says what the import found (the same summary ``nianbao import`` prints)."""

from __future__ import annotations

import html
import threading
from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.findings import Finding
from desktop.importers import ImportResult
from desktop.importers.summary import (
    ImportCheck,
    SummarySection,
    differing_totals,
    summary_sections,
)
from ui.file_filters import IMPORT_FILTER, IMPORT_SUFFIXES, is_importable
from ui.slow_work import run_slow

__all__ = ["IMPORT_FILTER", "IMPORT_SUFFIXES", "ImportSummaryDialog", "is_importable", "run_import"]

KIND_NAMES: dict[str, str] = {
    "docx": "Word 文档",
    "html": "网页",
    "txt": "文本",
    "md": "Markdown 文本",
    "pdf": "PDF 文件",
}
# Totals that disagree are named in the hint up to this many, then counted.
_TOTALS_LISTED = 5
# How a disagreeing total is shown in the table, kept on one line when the hint wraps.
_BOTH_SHOWN = "“印\u00a0X\u00a0/\u00a0算\u00a0Y”"


def run_import(path: Path, parent: QWidget) -> tuple[ImportResult, ImportCheck] | None:
    """Import ``path`` without freezing the window (``ui.slow_work``: a progress box with 取消
    after a moment). Returns None when the user cancelled; raises what the import raised
    (``UserError`` for a file it cannot read)."""

    def work(cancelled: threading.Event) -> tuple[ImportResult, ImportCheck]:
        # Importing writes nothing: a cancelled import stops at its next checkpoint
        # (desktop.importers.cancel) and its result, if any, is dropped.
        from desktop.importers import import_report
        from desktop.importers.cancel import cancellable
        from desktop.importers.summary import import_check

        with cancellable(cancelled):
            result = import_report(path)
        # Checked once here, in the worker: the summary and the window both use these.
        return result, import_check(result)

    return run_slow(
        parent, "导入已有报告", f"正在导入“{path.name}”，请稍候…", work, "nianbao-import"
    )


def summary_html(sections: list[SummarySection]) -> str:
    """The summary sections as simple HTML for a QTextBrowser (headings bold, items listed)."""
    parts: list[str] = []
    for section in sections:
        parts.append(
            f'<p style="margin-top:10px; margin-bottom:2px"><b>{_esc(section.heading)}</b></p>'
        )
        if section.items:
            tag = "ol" if section.numbered else "ul"
            items = "".join(
                f'<li style="margin-bottom:3px">{_esc(item.text)}</li>' for item in section.items
            )
            parts.append(f'<{tag} style="margin-top:0px; -qt-list-indent:1">{items}</{tag}>')
    return "".join(parts)


def totals_hint(result: ImportResult) -> str:
    """What to know about the totals printed in the source, or "" when it printed none."""
    report = result.report
    if not report.printed_totals:
        return ""
    differ = differing_totals(report)
    accept = "核对各项无误后，选择菜单“编辑 → 采用计算的合计”即改用软件计算的合计（可撤销）。"
    if not differ:
        return (
            "原文印出的合计已原样保存，目前都与各项之和一致。"
            f"以后修改数字时，与各项之和不符的合计在表格中显示为{_BOTH_SHOWN}"
            "（X 为原文印的，Y 为软件计算的）；" + accept
        )
    names = "、".join(place.template_cell.describe() for place in differ[:_TOTALS_LISTED])
    more = f" 等 {len(differ)} 处" if len(differ) > _TOTALS_LISTED else ""
    return (
        f"原文有 {len(differ)} 处印出的合计与各项之和不符：{names}{more}。"
        f"这些合计在表格中显示为{_BOTH_SHOWN}（X 为原文印的，Y 为软件计算的）并列为错误。" + accept
    )


class ImportSummaryDialog(QDialog):
    """What the import recovered, left blank and why, could not map, and the findings."""

    def __init__(
        self,
        source: Path,
        result: ImportResult,
        findings: list[Finding],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importSummary")
        self.setWindowTitle("导入结果")
        self.import_result = result
        self.findings = findings
        meta = result.report.meta
        kind = KIND_NAMES.get(result.source_kind, "文件")
        what = f"{meta.org_name}{meta.year}年" if meta.org_name else f"{meta.year}年"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.setSpacing(10)

        self.heading = QLabel(f"已导入{kind}“{source.name}”：{what}政府信息公开工作年度报告")
        self.heading.setWordWrap(True)
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.next_step = QLabel(
            "导入的报告还没有保存。请对照原文核对下面列出的内容，然后按 Ctrl+S 保存为年报文件。"
        )
        self.next_step.setWordWrap(True)
        layout.addWidget(self.next_step)

        self.text = QTextBrowser()
        self.text.setObjectName("importSummaryText")
        self.text.setReadOnly(True)
        self.text.setOpenLinks(False)
        self.text.document().setIndentWidth(22)
        self.text.setHtml(summary_html(summary_sections(result, findings)))
        layout.addWidget(self.text, 1)

        self.hint = QLabel(totals_hint(result))
        self.hint.setObjectName("importTotalsHint")
        self.hint.setWordWrap(True)
        self.hint.setFrameShape(QFrame.Shape.StyledPanel)
        self.hint.setMargin(8)
        self.hint.setStyleSheet("QLabel#importTotalsHint { background: #fff8e1; }")
        self.hint.setVisible(bool(self.hint.text()))
        layout.addWidget(self.hint)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("确定")
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(720, 600)

    def plain_text(self) -> str:
        """Everything the dialog says, as plain text (tests, copying)."""
        return "\n".join(
            t for t in (self.heading.text(), self.text.toPlainText(), self.hint.text()) if t
        )


def _esc(text: str) -> str:
    return html.escape(text, quote=False)
