"""Run something once a page has been painted for the first time: start-up work the user
need not wait for (the prose rules' first run) goes after the window is on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _AfterFirstPaint(QObject):
    """Watches every paint event until one lands on the page or a widget inside it (a page
    paints through its children: scroll-area viewports, tables, editors), then calls back once
    that paint has been handled."""

    def __init__(self, app: QCoreApplication, page: QWidget, callback: Callable[[], object]):
        super().__init__(app)
        self._app = app
        self._page = page
        self._callback = callback
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and (watched is self._page or self._page.isAncestorOf(watched))
        ):
            self._app.removeEventFilter(self)
            QTimer.singleShot(0, self._fire)
        return False

    def _fire(self) -> None:
        self._callback()
        self.deleteLater()


def after_first_paint(page: QWidget, callback: Callable[[], object]) -> None:
    """Call ``callback`` after ``page``'s first paint (at once when there is no application)."""
    app = QCoreApplication.instance()
    if app is None:
        callback()
        return
    _AfterFirstPaint(app, page, callback)
