"""Ctrl+Z / Ctrl+Y wherever the focus is.

A line edit or text box takes Ctrl+Z for its own typing history even when that history is
empty, so with the caret in a sub-part's heading Ctrl+Z did nothing after 上移 (the move is in
the report's undo stack, not the box's). This filter lets a box undo its own typing while it
has any, and otherwise passes the key on to the window's 撤销/重做 (the report's undo stack).
Ctrl+Y is redo everywhere, as in WPS, Excel and Word.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

_CTRL_Y = QKeySequence("Ctrl+Y")


def _is_redo(event: QKeyEvent) -> bool:
    if event.matches(QKeySequence.StandardKey.Redo):
        return True
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() == Qt.Key.Key_Y and mods == Qt.KeyboardModifier.ControlModifier


def _own_history(widget: QObject, redo: bool) -> bool | None:
    """Whether ``widget`` has typing of its own to undo/redo (None: not a text box)."""
    if isinstance(widget, QLineEdit):
        return widget.isRedoAvailable() if redo else widget.isUndoAvailable()
    if isinstance(widget, QPlainTextEdit):
        doc = widget.document()
        return doc.isRedoAvailable() if redo else doc.isUndoAvailable()
    return None


class UndoKeys(QObject):
    """Event filter for text boxes: see the module docstring."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        assert isinstance(event, QKeyEvent)
        undo = event.matches(QKeySequence.StandardKey.Undo)
        redo = not undo and _is_redo(event)
        if not (undo or redo):
            return False
        own = _own_history(watched, redo)
        if own is None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            if own:
                event.accept()  # the box handles it (its KeyPress follows)
                return True
            # Left unaccepted: the window's 撤销/重做 shortcut (the report's stack) fires.
            event.ignore()
            return True
        if own and redo and not event.matches(QKeySequence.StandardKey.Redo):
            # Ctrl+Y is not a redo key of Qt's text boxes on every platform: do it here.
            if isinstance(watched, QLineEdit | QPlainTextEdit):
                watched.redo()
            return True
        return False


_FILTER: list[UndoKeys] = []


def attach_undo_keys(*widgets: QWidget) -> None:
    """Install the filter on text boxes (one filter object for the whole application: it
    holds no state, and a parentless object outlives every window)."""
    if not _FILTER:
        _FILTER.append(UndoKeys())
    for widget in widgets:
        widget.installEventFilter(_FILTER[0])
