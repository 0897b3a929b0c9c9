"""The pages of the table tabs (heading, sentence before the table, the table) and the
read-only preview of the whole report."""

from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QFont, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.place import Place
from desktop.template import TABLE_BY_KEY
from ui.document import Document
from ui.table_view import ReportTableView
from ui.text_guard import guard_line_edit
from ui.undo_keys import attach_undo_keys


class _PageTableView(ReportTableView):
    """The table view asking for room for its scroll bars when the page is too small."""

    _extra = QSize(0, 0)

    def set_extra_room(self, width: int, height: int) -> None:
        extra = QSize(width, height)
        if extra != self._extra:
            self._extra = extra
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        return super().sizeHint() + self._extra


class TablePage(QWidget):
    """A table tab: the section heading, an optional sentence before the table, the table."""

    def __init__(self, document: Document, table_key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.table = TABLE_BY_KEY[table_key]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        self._layout = layout
        layout.setSpacing(8)
        heading = QLabel(self.table.title)
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        row = QHBoxLayout()
        row.addWidget(QLabel("表前说明："))
        self.intro = QLineEdit()
        guard_line_edit(self.intro, "表前说明")
        self.intro.setPlaceholderText("可不填；例如：本年度情况如下表。")
        self.intro.textEdited.connect(self._intro_edited)
        row.addWidget(self.intro, 1)
        self.fill_zero = QPushButton("本表空白单元格填0")
        self.fill_zero.setToolTip("把本表所有“未填”的单元格填为 0（可撤销）")
        self.fill_zero.clicked.connect(self._fill_zero)
        row.addWidget(self.fill_zero)
        layout.addLayout(row)
        self.view = _PageTableView(document, table_key)
        layout.addWidget(self.view, 1, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.view.horizontalHeader().sectionResized.connect(self._fit_view)
        self.view.verticalHeader().sectionResized.connect(self._fit_view)
        document.proseChanged.connect(self.refresh)
        document.reportReplaced.connect(self.refresh)
        self.refresh()
        attach_undo_keys(self.intro)
        # Set by focus_field: a finding asked for the caption, so opening the tab must not
        # move the focus to the table.
        self._caption_asked = False
        self._focus_pending = False

    @property
    def field(self) -> Place:
        return Place.table_intro(self.table.section)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_view()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_view()
        # Qt gives a page's first focusable child (the caption box) the focus when its tab
        # opens, so typing "5" went into 表前说明: after Qt has done so, focus the table.
        self._focus_pending = True
        QTimer.singleShot(0, self._focus_table)

    def _focus_table(self) -> None:
        self._focus_pending = False
        if self._caption_asked or not self.isVisible():
            self._caption_asked = False
            return
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fit_view(self, *_: object) -> None:
        """Let the frame hug the table as printed rather than stretch over the empty page;
        a table larger than the page keeps its scroll bars (room is made for them)."""
        view = self.view
        margins = self._layout.contentsMargins()
        room_w = self.width() - margins.left() - margins.right()
        if self.isVisible():
            view.fit_width(room_w)
        width, height = view.full_size()
        room_h = self.height() - view.y() - margins.bottom()
        bar = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view)
        extra_w = extra_h = 0
        if height > room_h:
            extra_w = bar
        if width + extra_w > room_w:
            extra_h = bar
            if not extra_w and height + extra_h > room_h:
                extra_w = bar
        view.set_extra_room(extra_w, extra_h)

    def refresh(self) -> None:
        text = self.document.prose_text(self.field)
        if self.intro.text() != text:
            self.intro.setText(text)

    def _intro_edited(self, text: str) -> None:
        self.document.set_prose(self.field, text)

    def _fill_zero(self) -> None:
        self.view.fill_blanks()  # tells the status bar itself

    def focus_field(self, field: Place, span: tuple[int, int] | None = None) -> bool:
        if field != self.field:
            return False
        # Only matters when the tab is being opened (the table's focus is still to come).
        self._caption_asked = self._focus_pending
        self.intro.setFocus(Qt.FocusReason.OtherFocusReason)
        if span is not None:
            self.intro.setSelection(span[0], span[1] - span[0])
        return True


class PreviewPage(QTextBrowser):
    """The whole report as it will be exported (the HTML export), read-only."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document_ = document
        self.setOpenLinks(False)
        self.setReadOnly(True)
        # Undo and redo work on any tab: a visible preview follows them, a little later so a
        # burst of changes renders once.
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(150)
        self._later.timeout.connect(self.refresh)
        for signal in (document.cellsChanged, document.metaChanged, document.proseChanged):
            signal.connect(self._changed)

    def _changed(self, *_: object) -> None:
        if self.isVisible():
            self._later.start()

    def refresh(self) -> None:
        from desktop.html_export import export_html

        bar = self.verticalScrollBar()
        position = bar.value()
        self.setHtml(preview_html(export_html(self.document_.report)))
        bar.setValue(position)


_HEADING_TAG = re.compile(r"<(/?)h[1-6]\b")


def preview_html(html: str) -> str:
    """The export's HTML as Qt's rich text should show it: Qt scales <h1>–<h3> by its own
    heading sizes on top of the given 16 pt (一、总体情况 came out smaller than the body),
    so the headings are shown as paragraphs with the export's own fonts and sizes; tables
    one per cent narrower."""
    # Qt adds the tables' borders to their 100 % width: 2 px too wide, a sideways scroll bar.
    html = html.replace("width: 100%;", "width: 99%;").replace('width="100%"', 'width="99%"')
    return _HEADING_TAG.sub(r"<\1p", html)
