"""Typing and paste refuse what a report cannot hold (``desktop.text_gate``), with a message.

Line editors get a validator that rejects such input and says why in a tooltip at the field;
``ProseEdit`` (ui/widgets.py) asks ``refuse_paste`` before inserting pasted text. The message
is also kept in the widget's ``gateMessage`` property (tests read it).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtGui import QGuiApplication, QValidator
from PySide6.QtWidgets import QLineEdit, QToolTip, QWidget

from desktop.text_gate import FORBIDDEN_RE, problem


def show_refusal(widget: QWidget, message: str) -> None:
    """Say at ``widget`` why the input was refused."""
    widget.setProperty("gateMessage", message)
    if QGuiApplication.platformName() == "offscreen":
        return  # no screen, no tooltip (Qt would warn that it cannot raise one)
    QToolTip.showText(widget.mapToGlobal(QPoint(0, widget.height())), message, widget)


class GateValidator(QValidator):
    """Rejects text holding characters a report cannot hold."""

    refused = Signal(str)

    def __init__(self, what: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.what = what

    def validate(self, text: str, pos: int) -> object:
        if FORBIDDEN_RE.search(text) is None:
            return (QValidator.State.Acceptable, text, pos)
        self.refused.emit(problem(text, self.what) or "")
        return (QValidator.State.Invalid, text, pos)


def guard_line_edit(edit: QLineEdit, what: str) -> None:
    """Refuse forbidden characters typed or pasted into ``edit`` (``what``: the field's name)."""
    validator = GateValidator(what, edit)
    validator.refused.connect(lambda message: show_refusal(edit, message))
    edit.setValidator(validator)


def refuse_paste(widget: QWidget, text: str, what: str = "粘贴的文字") -> str | None:
    """The text to insert (newlines made ``\\n``), or None after saying why it was refused."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    message = problem(text, what)
    if message is None:
        return text
    show_refusal(widget, message)
    return None
