"""Run something once a page has been painted for the first time: start-up work the user
need not wait for (the prose rules' first run) goes after the window is on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _AfterFirstPaint(QObject):
    """Watches the page's top-level window for its first paint event, then calls back once the
    whole paint pass has been handled.

    Qt paints a window in one pass, the window itself first and then every visible widget
    inside it (the current page among them), so a call queued at the window's first paint
    runs after the page has painted. Watching the window alone, not every paint event of the
    application: an application-wide filter is handed every object that gets an event, and
    PySide6 building Python wrappers for the many Qt-internal ones loaded every QObject class
    of the three modules, with their enum classes (76 of them, ~25 ms before the window was on
    screen; issue 17)."""

    def __init__(self, window: QWidget, callback: Callable[[], object]) -> None:
        super().__init__(window)
        self._callback = callback
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._fire)
        return False

    def _fire(self) -> None:
        self._callback()
        self.deleteLater()


def after_first_paint(page: QWidget, callback: Callable[[], object]) -> None:
    """Call ``callback`` after the first paint of ``page``'s window (at once when there is no
    application). Call it before the window is shown, or before the page's window paints."""
    if QCoreApplication.instance() is None:
        callback()
        return
    _AfterFirstPaint(page.window(), callback)
