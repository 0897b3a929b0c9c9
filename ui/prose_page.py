"""The prose tabs 一, 五 and 六: the lead paragraph and the sub-parts (heading + text), each in a
plain-text editor with the format's guidance and a character count; 六 also holds the
信息处理费 amount."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.numbers import (
    Entry,
    NumberKind,
    format_number,
    normalize_number_text,
    text_refusal,
)
from desktop.place import Place, PlaceKind
from desktop.report import Section
from desktop.standard_text import chinese_ordinal
from desktop.template import SECTION_GUIDANCE, SECTION_TITLES
from ui.document import Document
from ui.prose_assist import StandardSentenceButton, repeated_ranges, show_repeats
from ui.text_guard import guard_line_edit
from ui.undo_keys import attach_undo_keys
from ui.widgets import CountLabel, ProseEdit, count_chars

PART_PLACEHOLDER = "在此填写本部分内容。"
NUMBERED = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
FEE_REFUSED_STYLE = "QLineEdit { border: 2px solid #c62828; background: #fff4f4; }"


def fee_problem(text: str) -> str | None:
    """Why ``text`` cannot be taken as the 信息处理费 (the one number check of spec §10, as
    typed: 元, up to 2 decimals), or None (blank is fine: 未填). Full-width digits and
    thousands separators are accepted, as in the tables."""
    s = normalize_number_text(text)
    if not s:
        return None
    return text_refusal(NumberKind.YUAN, s, Entry.TYPED)


class PartEditor(QFrame):
    """One sub-part: heading line, text, count and the move/remove buttons."""

    def __init__(self, page: ProsePage, index: int) -> None:
        super().__init__()
        self.page = page
        self.index = index
        self.setObjectName("partEditor")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.heading = QLineEdit()
        guard_line_edit(self.heading, "小节标题")
        self.heading.setPlaceholderText("小标题，例如：（一）主动公开")
        hfont = QFont(self.heading.font())
        hfont.setBold(True)
        self.heading.setFont(hfont)
        top.addWidget(self.heading, 1)
        self.insert_button: StandardSentenceButton | None = None
        self.text = ProseEdit(PART_PLACEHOLDER, min_lines=4)
        if page.number in (1, 6):
            self.insert_button = StandardSentenceButton(
                page.document, self.text, lambda: (page.number, self.heading.text())
            )
            top.addWidget(self.insert_button)
        self.up = QPushButton("上移")
        self.down = QPushButton("下移")
        self.remove = QPushButton("删除")
        for button, tip in (
            (self.up, "把这一部分移到上一部分之前"),
            (self.down, "把这一部分移到下一部分之后"),
            (self.remove, "删除这一部分（有内容时先询问；可按 Ctrl+Z 撤销）"),
        ):
            button.setToolTip(tip)
            button.setAutoDefault(False)
            top.addWidget(button)
        layout.addLayout(top)
        layout.addWidget(self.text)
        self.count = CountLabel()
        layout.addWidget(self.count)

        attach_undo_keys(self.heading, self.text)
        self.heading.textEdited.connect(self._heading_edited)
        self.text.textChanged.connect(self._text_changed)
        self.up.clicked.connect(lambda: page.move_part(self.index, self.index - 1))
        self.down.clicked.connect(lambda: page.move_part(self.index, self.index + 1))
        self.remove.clicked.connect(lambda: page.remove_part(self.index))

    def show_part(self, heading: str, text: str, count: int) -> None:
        if self.heading.text() != heading:
            blocked = self.heading.blockSignals(True)
            self.heading.setText(heading)
            self.heading.blockSignals(blocked)
        self.text.set_text_quietly(text)
        self.count.show_count(text)
        self.up.setEnabled(self.index > 0)
        self.down.setEnabled(self.index < count - 1)

    def _heading_edited(self, text: str) -> None:
        self.page.document.set_prose(Place.heading(self.page.number, self.index), text)

    def _text_changed(self) -> None:
        text = self.text.plain_text()
        self.count.show_count(text)
        self.page.document.set_prose(Place.text(self.page.number, self.index), text)


class ProsePage(QScrollArea):
    """Editors over ``report.prose.s{number}`` (number 1, 5 or 6)."""

    def __init__(self, document: Document, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.number = number
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(24, 18, 24, 18)
        outer.setSpacing(12)

        heading = QLabel(SECTION_TITLES[number - 1])
        hfont = QFont(heading.font())
        hfont.setPointSizeF(hfont.pointSizeF() * 1.3)
        hfont.setBold(True)
        heading.setFont(hfont)
        outer.addWidget(heading)

        lead_row = QHBoxLayout()
        lead_row.addWidget(QLabel("导语（可不填）："))
        lead_row.addStretch(1)
        outer.addLayout(lead_row)
        self.lead = ProseEdit(SECTION_GUIDANCE[number], min_lines=3)
        self.lead_insert: StandardSentenceButton | None = None
        if number in (1, 6):
            self.lead_insert = StandardSentenceButton(document, self.lead, lambda: (number, ""))
            lead_row.addWidget(self.lead_insert)
        self.outline_button: QPushButton | None = None
        if number == 5:
            # 五 must be written (a warning says so): a prompt in the three parts it names.
            self.outline_button = QPushButton("按提纲填写…")
            self.outline_button.setToolTip(
                "按“本年度存在的主要问题、上年度问题的改进情况、下一步举措”三项填写，"
                "插入为本节的小标题和正文（可撤销）"
            )
            self.outline_button.clicked.connect(self.open_outline)
            lead_row.addWidget(self.outline_button)
        self.lead_count = CountLabel()
        attach_undo_keys(self.lead)
        self.lead.textChanged.connect(self._lead_changed)
        outer.addWidget(self.lead)
        outer.addWidget(self.lead_count)

        self.fee: QLineEdit | None = None
        self._fee_refused = False
        if number == 6:
            fee_row = QHBoxLayout()
            fee_row.addWidget(QLabel("本年度收取信息处理费："))
            self.fee = QLineEdit()
            self.fee.setPlaceholderText("未填")
            attach_undo_keys(self.fee)
            self.fee.setMaximumWidth(160)
            self.fee.setAlignment(Qt.AlignmentFlag.AlignRight)
            # No validator: it dropped keys silently. The text stays as typed; a value that is
            # not an amount is refused in place (red frame, the reason beside the box).
            self.fee.editingFinished.connect(self._fee_edited)
            self.fee.textEdited.connect(self._fee_typed)
            fee_row.addWidget(self.fee)
            fee_row.addWidget(QLabel("元（未收取请填 0；金额须在正文中写明）"))
            fee_row.addStretch(1)
            outer.addLayout(fee_row)
            self.fee_message = QLabel()
            self.fee_message.setObjectName("feeMessage")
            self.fee_message.setWordWrap(True)
            self.fee_message.setStyleSheet(
                "QLabel#feeMessage { color: #8c1d18; background: #fff4f4;"
                " border: 1px solid #c62828; padding: 4px 6px; }"
            )
            self.fee_message.hide()
            outer.addWidget(self.fee_message)

        self.parts_box = QVBoxLayout()
        self.parts_box.setSpacing(10)
        outer.addLayout(self.parts_box)
        self.part_editors: list[PartEditor] = []

        add_row = QHBoxLayout()
        self.add_button = QPushButton("＋ 添加一部分")
        self.add_button.setToolTip("在本节末尾添加一个小标题和正文")
        self.add_button.clicked.connect(self.add_part)
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        outer.addLayout(add_row)
        outer.addStretch(1)
        self.setWidget(body)

        document.proseChanged.connect(self.refresh)
        document.reportReplaced.connect(self.refresh)
        if number == 6:
            document.metaChanged.connect(self.refresh)
        document.findingsChanged.connect(self.show_repeats)
        self.refresh()

    @property
    def section(self) -> Section:
        return self.document.report.prose.section(self.number)

    # --- report → widgets ------------------------------------------------------------------------

    def refresh(self) -> None:
        section = self.section
        before = [self.lead.plain_text()] + [e.text.plain_text() for e in self.part_editors]
        self.lead.set_text_quietly(section.lead)
        self.lead_count.show_count(section.lead)
        while len(self.part_editors) < len(section.parts):
            editor = PartEditor(self, len(self.part_editors))
            self.part_editors.append(editor)
            self.parts_box.addWidget(editor)
        while len(self.part_editors) > len(section.parts):
            editor = self.part_editors.pop()
            self.parts_box.removeWidget(editor)
            # Hidden at once: deleteLater waits for the event loop, and until then the editor
            # would float over the page.
            editor.hide()
            editor.deleteLater()
        for editor, part in zip(self.part_editors, section.parts, strict=True):
            editor.show_part(part.heading, part.text, len(section.parts))
        if self.fee is not None and not self.fee.hasFocus() and not self._fee_refused:
            value = self.document.report.info_fee_yuan
            self.fee.setText(format_number(value))
        after = [self.lead.plain_text()] + [e.text.plain_text() for e in self.part_editors]
        if after != before:
            # reloaded text (undo, another report): the shading must be laid on again; an edit
            # typed here keeps its shading, which moves with the text until the rules re-run
            self.show_repeats()

    def show_repeats(self) -> None:
        """Shade the sentences R21 found repeated from last year's report."""
        findings = self.document.prose_findings()
        show_repeats(self.lead, repeated_ranges(findings, Place.lead(self.number)))
        for editor in self.part_editors:
            field = Place.text(self.number, editor.index)
            show_repeats(editor.text, repeated_ranges(findings, field))

    # --- widgets → report ------------------------------------------------------------------------

    def _lead_changed(self) -> None:
        text = self.lead.plain_text()
        self.lead_count.show_count(text)
        self.document.set_prose(Place.lead(self.number), text)

    def _fee_typed(self) -> None:
        # Once refused, the frame and the note follow the text: gone as soon as it is valid.
        if self._fee_refused and self.fee is not None and fee_problem(self.fee.text()) is None:
            self._show_fee_problem(None)

    def _show_fee_problem(self, problem: str | None) -> None:
        assert self.fee is not None
        self._fee_refused = problem is not None
        self.fee.setStyleSheet(FEE_REFUSED_STYLE if problem else "")
        self.fee_message.setText(problem or "")
        self.fee_message.setVisible(problem is not None)

    def _fee_edited(self) -> None:
        assert self.fee is not None
        problem = fee_problem(self.fee.text())
        self._show_fee_problem(problem)
        if problem is not None:
            return  # the stored amount stays; the text stays as typed
        text = self.fee.text().strip()
        try:
            # The number check of spec §10 reads the text as typed (12.50 stays 12.50).
            self.document.set_meta_field("info_fee_yuan", normalize_number_text(text) or None)
        except ValueError as exc:
            self._show_fee_problem(getattr(exc, "reason", str(exc)))

    def open_outline(self) -> None:
        from ui.s5_prompt import S5PromptDialog

        dialog = S5PromptDialog(self.document, self)
        dialog.exec()
        dialog.deleteLater()

    def add_part(self) -> None:
        parts = self.section.parts
        # A new part in a numbered section starts with its number (renumbered as parts move).
        numbered = not parts or all(NUMBERED.match(p.heading) for p in parts)
        heading = f"（{chinese_ordinal(len(parts) + 1)}）" if numbered else ""
        self.document.add_subpart(self.number, heading=heading)
        if self.part_editors:
            editor = self.part_editors[-1]
            self.ensureWidgetVisible(editor)
            editor.heading.setFocus()

    def remove_part(self, index: int) -> bool:
        """删除: a part with text is deleted only after the user confirms; True when deleted."""
        part = self.section.parts[index]
        written = count_chars(part.text)
        if written:
            name = part.heading.strip() or f"第{index + 1}部分"
            box = QMessageBox(
                QMessageBox.Icon.Question,
                "删除这一部分",
                f"“{name}”中有 {written} 个字。确定要删除这一部分吗？\n\n"
                "删除后可以按 Ctrl+Z 撤销。",
                QMessageBox.StandardButton.NoButton,
                self,
            )
            delete = box.addButton("删除", QMessageBox.ButtonRole.DestructiveRole)
            keep = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(keep)
            box.setEscapeButton(keep)
            box.exec()
            if box.clickedButton() is not delete:
                return False
        self.document.remove_subpart(self.number, index)
        return True

    def move_part(self, index: int, to: int) -> None:
        if 0 <= to < len(self.section.parts):
            self.document.move_subpart(self.number, index, to)
            self.part_editors[to].heading.setFocus()

    # --- navigation ------------------------------------------------------------------------------

    def focus_field(self, field: Place, span: tuple[int, int] | None = None) -> bool:
        """Focus the editor of ``field`` (this section as a whole, its lead, a part, a part's
        heading or text, the 信息处理费) and select ``span`` in it."""
        if field.kind is PlaceKind.INFO_FEE and self.fee is not None:
            self._show(self.fee)
            return True
        if field.section != self.number or not field.is_prose:
            return False
        if field.kind is PlaceKind.SECTION:
            return self._focus_section_offset(span)
        if field.kind is PlaceKind.LEAD:
            self._show(self.lead)
            if span is not None:
                self.lead.select_range(*span)
            return True
        if field.part is not None:
            index = field.part
            if index >= len(self.part_editors):
                return False
            editor = self.part_editors[index]
            if field.kind is PlaceKind.HEADING:
                self._show(editor.heading)
                if span is not None:
                    editor.heading.setSelection(span[0], span[1] - span[0])
                return True
            if field.kind is PlaceKind.TEXT or span is None:
                self._show(editor.text)
                if span is not None:
                    editor.text.select_range(*span)
                return True
            # A span over the part as a whole runs through heading then text.
            self._select_in_part(editor, span[0], span[1])
            return True
        return False

    def _focus_section_offset(self, span: tuple[int, int] | None) -> bool:
        """A span over ``Section.full_text()``: lead, then each part's heading + text, one
        paragraph a line (empty chunks skipped, as ``full_text`` does)."""
        if span is None:
            self._show(self.lead)
            return True
        section = self.section
        offset = 0
        if section.lead:
            end = offset + len(section.lead)
            if span[0] <= end:
                self._show(self.lead)
                self.lead.select_range(span[0] - offset, span[1] - offset)
                return True
            offset = end + 1
        for index, part in enumerate(section.parts):
            chunk = part.heading + part.text
            if not chunk:
                continue
            end = offset + len(chunk)
            if span[0] <= end:
                self._select_in_part(self.part_editors[index], span[0] - offset, span[1] - offset)
                return True
            offset = end + 1
        self._show(self.lead)
        return True

    def _select_in_part(self, editor: PartEditor, start: int, end: int) -> None:
        heading_len = len(editor.heading.text())
        if start < heading_len:
            self._show(editor.heading)
            editor.heading.setSelection(start, min(end, heading_len) - start)
        else:
            self._show(editor.text)
            editor.text.select_range(start - heading_len, end - heading_len)

    def _show(self, widget: QWidget) -> None:
        self.ensureWidgetVisible(widget, 50, 80)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
