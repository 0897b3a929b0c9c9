"""Small widgets shared by the pages."""

from __future__ import annotations

import re

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QTextCursor
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QPlainTextEdit, QSizePolicy, QWidget

# ``\s`` in a str pattern is exactly ``str.isspace``; one C-level scan instead of a Python
# generator over every character (which took 30 ms a call at 100k characters, a dozen calls a
# keystroke).
_SPACE_RE = re.compile(r"\s+")


def viewport_of(area: QAbstractScrollArea) -> QWidget:
    """The viewport of a scroll area (a tree, table or text view) as ``viewport()`` returns it.

    Asked for by its object name, which hands back a plain ``QWidget``: the first
    ``viewport()`` made PySide6 work out the Python class of a widget Qt created, which loads
    every widget class of QtWidgets with its enum classes (about 60; 10-15 ms before the window
    was on screen, issue 17). Later ``viewport()`` calls return this same object."""
    found = area.findChild(QWidget, "qt_scrollarea_viewport")
    return found if found is not None else area.viewport()


def count_chars(text: str) -> int:
    """Characters a Chinese reader would count: everything except whitespace."""
    return len(text) - sum(map(len, _SPACE_RE.findall(text)))


class ProseEdit(QPlainTextEdit):
    """A plain-text editor that reports its text when it changes and when it loses focus, grows
    with its content up to a limit, and lets Tab move the focus (a report has no tab stops)."""

    committed = Signal(str)
    MAX_LINES = 18  # longer texts scroll inside the editor

    def __init__(self, placeholder: str = "", min_lines: int = 3, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self._min_lines = min_lines
        self._last_height = -1
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        # The text as last read; every page re-reads every editor after each keystroke, and
        # each toPlainText copies the whole text (a dozen 100,000-character copies a key).
        # The document says when its content changes, signals of the editor blocked or not.
        self._plain: str | None = None
        self.document().contentsChanged.connect(self._forget_text)

    def _forget_text(self) -> None:
        self._plain = None

    def plain_text(self) -> str:
        """``toPlainText()``, read again only after the text changed."""
        if self._plain is None:
            self._plain = self.toPlainText()
        return self._plain

    def set_text_quietly(self, text: str) -> None:
        """Show ``text`` (from the report) without emitting ``committed``; keeps the cursor
        when the text is unchanged."""
        if self.plain_text() == text:
            return
        blocked = self.blockSignals(True)
        try:
            position = self.textCursor().position()
            self.setPlainText(text)
            cursor = self.textCursor()
            cursor.setPosition(min(position, len(text)))
            self.setTextCursor(cursor)
        finally:
            self.blockSignals(blocked)
        self._fit_height()

    def select_range(self, start: int, end: int) -> None:
        """Select characters ``start``..``end`` and show them."""
        length = len(self.plain_text())
        cursor = self.textCursor()
        cursor.setPosition(max(0, min(start, length)))
        cursor.setPosition(max(0, min(end, length)), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def insertFromMimeData(self, source: QMimeData) -> None:
        # The text gate: pasted text holding what a report cannot hold is refused with a
        # message (never silently cleaned); other pasted text arrives as plain text.
        if not source.hasText():
            return
        from ui.text_guard import refuse_paste

        text = refuse_paste(self, source.text())
        if text is not None:
            self.insertPlainText(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.committed.emit(self.plain_text())

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._wanted_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._wanted_height())

    def _wanted_height(self) -> int:
        # In a plain-text document the layout's height is its number of wrapped lines.
        lines = int(self.document().size().height()) + 1
        lines = min(max(self._min_lines, lines), self.MAX_LINES)
        margins = self.contentsMargins()
        frame = margins.top() + margins.bottom()
        padding = int(2 * self.document().documentMargin())
        return lines * self.fontMetrics().lineSpacing() + frame + padding

    def _fit_height(self, *_: object) -> None:
        height = self._wanted_height()
        if height != self._last_height:
            # Through sizeHint and the layout: a fixed height set from inside a resize would
            # let the widgets below overlap this one.
            self._last_height = height
            self.updateGeometry()


class CountLabel(QLabel):
    """“N 字” under an editor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setStyleSheet("color: palette(mid);")
        self._counted: str | None = None

    def show_count(self, text: str) -> None:
        # Every page refresh re-shows every count; only a changed text is counted again.
        if text == self._counted:
            return
        self._counted = text
        self.setText(f"{count_chars(text)} 字")
