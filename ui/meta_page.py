"""The 基本信息 tab: the unit, the year, dates, contact, the title preview, the opening."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.place import Place
from desktop.report import Level, OrgKind, Report
from ui.document import Document
from ui.prose_assist import StandardSentenceButton
from ui.text_guard import guard_line_edit
from ui.undo_keys import attach_undo_keys
from ui.widgets import CountLabel, ProseEdit

OPENING_PLACEHOLDER = (
    "可留空：导出时自动生成标准开头段落（说明本报告依据《中华人民共和国政府信息公开条例》编制、"
    "包括哪些部分、统计期限和网址等）。如需自己撰写，请在此输入。"
)


class MetaPage(QScrollArea):
    """Form over ``report.meta`` and ``report.prose.opening``; every edit goes through the
    Document (undoable)."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("metaBody")
        outer = QVBoxLayout(body)
        outer.setContentsMargins(24, 18, 24, 18)
        outer.setSpacing(14)

        heading = QLabel("基本信息")
        heading.setObjectName("pageHeading")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        outer.addWidget(heading)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(10)

        self.org_name = QLineEdit()
        guard_line_edit(self.org_name, "机关全称")
        self.org_name.setPlaceholderText("例如：盐池县人民政府办公室")
        self.org_name.setMaxLength(100)
        self.org_name.editingFinished.connect(
            lambda: self._set("org_name", self.org_name.text().strip())
        )
        self.org_name.textEdited.connect(self._preview_title)
        form.addRow("机关全称：", self.org_name)

        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setSuffix(" 年")
        self.year.setMinimumWidth(120)
        # A spin box only reports whole valid years (2000–2100), so every change is a real one.
        self.year.valueChanged.connect(lambda value: self._set("year", value))
        form.addRow("报告年度：", _left(self.year))

        self.org_kind = QComboBox()
        for kind in OrgKind:
            self.org_kind.addItem(kind.value, kind)
        self.org_kind.activated.connect(lambda i: self._set("org_kind", self.org_kind.itemData(i)))
        form.addRow("机关类型：", _left(self.org_kind))

        self.level = QComboBox()
        for level in Level:
            self.level.addItem(level.value, level)
        self.level.activated.connect(lambda i: self._set("level", self.level.itemData(i)))
        form.addRow("层级：", _left(self.level))

        self.has_published, self.published = self._date_row(
            form, "published", "发布日期：", "（可不填；填写后检查是否在规定期限前发布）"
        )
        self.has_written, self.written = self._date_row(
            form, "written", "成文日期：", "（印在报告末尾机关名称下方；导出正式文件时必须填写）"
        )

        self.contact = QLineEdit()
        guard_line_edit(self.contact, "联系方式")
        self.contact.setPlaceholderText("例如：盐池县人民政府办公室，电话 0953-×××××××")
        self.contact.editingFinished.connect(
            lambda: self._set("contact", self.contact.text().strip())
        )
        form.addRow("联系方式：", self.contact)

        self.custom_title = QLineEdit()
        guard_line_edit(self.custom_title, "标题")
        self.custom_title.setPlaceholderText(
            "可不填；不填时按“机关全称+年度+年政府信息公开工作年度报告”生成"
        )
        self.custom_title.setMaxLength(200)
        self.custom_title.editingFinished.connect(self._title_committed)
        self.custom_title.textEdited.connect(self._custom_title_edited)
        form.addRow("自定义标题：", self.custom_title)
        outer.addLayout(form)

        title_caption = QLabel("报告标题（预览）：")
        outer.addWidget(title_caption)
        self.title_preview = QLabel()
        self.title_preview.setObjectName("titlePreview")
        self.title_preview.setWordWrap(True)
        self.title_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title_preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        tfont = QFont(self.title_preview.font())
        tfont.setPointSizeF(tfont.pointSizeF() * 1.5)
        tfont.setBold(True)
        self.title_preview.setFont(tfont)
        self.title_preview.setStyleSheet(
            "QLabel#titlePreview { background: palette(base); border: 1px solid palette(mid);"
            " padding: 12px; }"
        )
        outer.addWidget(self.title_preview)

        opening_row = QHBoxLayout()
        opening_row.addWidget(QLabel("开头段落："))
        opening_row.addStretch(1)
        outer.addLayout(opening_row)
        self.opening = ProseEdit(OPENING_PLACEHOLDER, min_lines=5)
        self.opening_insert = StandardSentenceButton(document, self.opening, lambda: (None, ""))
        opening_row.addWidget(self.opening_insert)
        self.opening_count = CountLabel()
        self.opening.textChanged.connect(self._opening_changed)
        self.opening.committed.connect(self._opening_committed)
        outer.addWidget(self.opening)
        outer.addWidget(self.opening_count)
        outer.addStretch(1)
        self.setWidget(body)

        document.metaChanged.connect(self.refresh)
        document.proseChanged.connect(self.refresh)
        document.reportReplaced.connect(self.refresh)
        self.refresh()
        attach_undo_keys(*self.findChildren(QLineEdit), *self.findChildren(ProseEdit))

    # --- report → widgets ------------------------------------------------------------------------

    def refresh(self) -> None:
        report = self.document.report
        meta = report.meta
        if not self.org_name.hasFocus() or self.org_name.text().strip() != meta.org_name:
            _quiet(self.org_name.setText, self.org_name, meta.org_name)
        _quiet(self.year.setValue, self.year, meta.year)
        _quiet(self.org_kind.setCurrentIndex, self.org_kind, self.org_kind.findData(meta.org_kind))
        _quiet(self.level.setCurrentIndex, self.level, self.level.findData(meta.level))
        for check, edit, value in (
            (self.has_published, self.published, meta.published),
            (self.has_written, self.written, meta.written),
        ):
            _quiet(check.setChecked, check, value is not None)
            # An unset date shows the usual deadline as a starting point, greyed out.
            shown = value or date(meta.year + 1, 1, 31)
            _quiet(edit.setDate, edit, QDate(shown.year, shown.month, shown.day))
            edit.setEnabled(value is not None)
        _quiet(self.contact.setText, self.contact, meta.contact)
        self.opening.set_text_quietly(report.prose.opening)
        self.opening_count.show_count(self.opening.plain_text())
        custom = report.prose.title or ""
        if not self.custom_title.hasFocus() or self.custom_title.text().strip() != custom:
            _quiet(self.custom_title.setText, self.custom_title, custom)
        self.title_preview.setText(_title(report))

    # --- widgets → report ------------------------------------------------------------------------

    def _set(self, name: str, value: object) -> None:
        if getattr(self.document.report.meta, name) != value:
            self.document.set_meta_field(name, value)

    def _preview_title(self, text: str) -> None:
        meta = self.document.report.meta
        if self.document.report.prose.title:
            return
        self.title_preview.setText(f"{text.strip()}{meta.year}年政府信息公开工作年度报告")

    def _custom_title_edited(self, text: str) -> None:
        if text.strip():
            self.title_preview.setText(text.strip())
        else:
            self.title_preview.setText(
                _title(
                    self.document.report.model_copy(
                        update={
                            "prose": self.document.report.prose.model_copy(update={"title": None})
                        }
                    )
                )
            )

    def _title_committed(self) -> None:
        text = self.custom_title.text().strip()
        if text != (self.document.report.prose.title or ""):
            self.document.set_prose(Place.title(), text)

    def _date_row(
        self, form: QFormLayout, name: str, label: str, hint_text: str
    ) -> tuple[QCheckBox, QDateEdit]:
        """A date field that may stay unset: a 已确定 box enables the date editor, so a blank
        date is never mistaken for the one the editor happens to show."""
        check = QCheckBox("已确定")
        edit = QDateEdit()
        edit.setDisplayFormat("yyyy年M月d日")
        edit.setCalendarPopup(True)
        edit.setMinimumWidth(160)

        def toggled(checked: bool) -> None:
            edit.setEnabled(checked)
            self._set(name, _pydate(edit.date()) if checked else None)

        def edited() -> None:
            if check.isChecked():
                self._set(name, _pydate(edit.date()))

        def picked(value: QDate) -> None:
            # Typing emits dateChanged on every key; the calendar popup (no focus) commits.
            if check.isChecked() and not edit.hasFocus():
                self._set(name, _pydate(value))

        check.toggled.connect(toggled)
        edit.editingFinished.connect(edited)
        edit.dateChanged.connect(picked)
        row = QHBoxLayout()
        row.addWidget(check)
        row.addWidget(edit)
        hint = QLabel(hint_text)
        hint.setStyleSheet("color: palette(mid);")
        row.addWidget(hint)
        row.addStretch(1)
        form.addRow(label, row)
        return check, edit

    def _opening_changed(self) -> None:
        text = self.opening.plain_text()
        self.opening_count.show_count(text)
        if text != self.document.report.prose.opening:
            self.document.set_prose(Place.opening(), text)

    def _opening_committed(self, text: str) -> None:
        if text != self.document.report.prose.opening:
            self.document.set_prose(Place.opening(), text)

    # --- navigation ------------------------------------------------------------------------------

    def focus_field(self, field: Place, span: tuple[int, int] | None = None) -> bool:
        """Focus the widget of a field of 基本信息, the opening or the title; True when found."""
        widgets: dict[Place, QWidget] = {
            Place.meta("org_name"): self.org_name,
            Place.meta("year"): self.year,
            Place.meta("org_kind"): self.org_kind,
            Place.meta("level"): self.level,
            Place.meta("published"): self.published
            if self.has_published.isChecked()
            else self.has_published,
            Place.meta("written"): self.written
            if self.has_written.isChecked()
            else self.has_written,
            Place.meta("contact"): self.contact,
            Place.opening(): self.opening,
            Place.title(): self.custom_title,
        }
        widget = widgets.get(field)
        if widget is None:
            return False
        self.ensureWidgetVisible(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if widget is self.opening and span is not None:
            self.opening.select_range(*span)
        if widget is self.custom_title and span is not None:
            self.custom_title.setSelection(span[0], span[1] - span[0])
        return True


def _title(report: Report) -> str:
    if not report.meta.org_name and not report.prose.title:
        return f"（请填写机关全称）{report.meta.year}年政府信息公开工作年度报告"
    return report.title()


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _quiet(setter: object, widget: QWidget, value: object) -> None:
    blocked = widget.blockSignals(True)
    try:
        setter(value)  # type: ignore[operator]
    finally:
        widget.blockSignals(blocked)


def _left(widget: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(widget)
    row.addStretch(1)
    return row
