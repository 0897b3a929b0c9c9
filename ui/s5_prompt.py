"""Help for section 五: a structured prompt in the three parts the format and the findings name
(本年度存在的主要问题 / 上年度问题的改进情况 / 下一步举措). Each box starts with an editable
sentence; 插入 adds what was written as sub-parts of 五 (one undo step)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.standard_text import S5_TOPICS, chinese_ordinal, s5_starters
from ui.document import Document


class S5PromptDialog(QDialog):
    """按提纲填写: three boxes, each pre-filled with a sentence to complete."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle("按提纲填写“五、存在的主要问题及改进情况”")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "按以下三项填写，把“……”换成本单位的实际情况；不需要的项可以清空。"
            "点“插入”后每项成为本节的一个小标题和正文，之后仍可修改。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.boxes: list[QPlainTextEdit] = []
        for topic, starter in zip(S5_TOPICS, s5_starters(document.report), strict=True):
            layout.addWidget(QLabel(f"{topic}："))
            box = QPlainTextEdit(starter)
            box.setTabChangesFocus(True)
            box.setMinimumHeight(4 * box.fontMetrics().lineSpacing())
            layout.addWidget(box)
            self.boxes.append(box)
        buttons = QDialogButtonBox()
        self.insert_button = buttons.addButton("插入", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 520)

    def insert(self) -> int:
        """Add each non-empty box as a sub-part of 五 (a part already named for the topic and
        still empty gets the text instead); one undo step. Returns how many were written."""
        doc = self.document
        section = doc.report.prose.s5
        written = 0
        doc.undo_stack.beginMacro("按提纲填写 五、存在的主要问题及改进情况")
        try:
            for topic, box in zip(S5_TOPICS, self.boxes, strict=True):
                text = box.toPlainText().strip()
                if not text:
                    continue
                existing = next(
                    (
                        i
                        for i, p in enumerate(section.parts)
                        if topic in p.heading and not p.text.strip()
                    ),
                    None,
                )
                if existing is not None:
                    doc.remove_subpart(5, existing)
                    doc.add_subpart(5, existing, section_heading(existing, topic), text)
                else:
                    at = len(section.parts)
                    doc.add_subpart(5, at, section_heading(at, topic), text)
                written += 1
        finally:
            doc.undo_stack.endMacro()
        return written

    def accept(self) -> None:
        self.insert()
        super().accept()


def section_heading(index: int, topic: str) -> str:
    """（一）本年度存在的主要问题 …: numbered by place (renumbered as parts move)."""
    return f"（{chinese_ordinal(index + 1)}）{topic}"
