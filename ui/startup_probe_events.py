"""The event filters behind ``ui.startup_probe`` (loaded only when the probe is requested)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


def rss_kib() -> int:
    """Resident memory now (Linux), else the peak so far; 0 when neither is known."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # Windows
        return 0
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def say(milestone: str) -> None:
    print(f"nianbao-probe {milestone} rss={rss_kib()}", file=sys.stderr, flush=True)


class _FirstExpose(QObject):
    """Reports a milestone at the first Expose of a native window, then removes itself."""

    def __init__(self, target: QObject, milestone: str) -> None:
        super().__init__(target)
        self._milestone = milestone
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose:
            watched.removeEventFilter(self)
            say(self._milestone)
        return False


def watch_exposed(widget: QWidget, milestone: str) -> None:
    """Call after ``show()``: the native window's first Expose is when it is on screen."""
    handle = widget.windowHandle()
    if handle is None or handle.isExposed():
        say(milestone)
        return
    _FirstExpose(handle, milestone)


class _FirstPaintWithin(QObject):
    """``painted`` after the first paint of the page or any widget inside it has been handled
    (a page paints through its children: scroll-area viewports, tables, editors), then quits."""

    def __init__(self, app: QCoreApplication, page: QWidget) -> None:
        super().__init__(app)
        self._app = app
        self._page = page
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and (watched is self._page or self._page.isAncestorOf(watched))
        ):
            self._app.removeEventFilter(self)
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        say("painted")
        QCoreApplication.exit(0)


def watch_first_paint(page: QWidget) -> None:
    app = QCoreApplication.instance()
    if app is not None:
        _FirstPaintWithin(app, page)
