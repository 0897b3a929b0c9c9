"""The event filters behind ``ui.startup_probe`` (loaded only when the probe is requested)."""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from ui.first_paint import after_first_paint


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
    # CPU time too: on a busy machine it says more about our own work than the wall clock.
    cpu = time.process_time() * 1000
    print(f"nianbao-probe {milestone} rss={rss_kib()} cpu={cpu:.0f}", file=sys.stderr, flush=True)


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


# "RSS after start, idle": memory once the start-up work queued after the paint (the prose
# rules' first run) is done and the app has sat idle for a moment.
IDLE_MS = 500


def _idle() -> None:
    say("idle")
    QCoreApplication.exit(0)


def _painted() -> None:
    say("painted")
    QTimer.singleShot(IDLE_MS, _idle)


def watch_first_paint(page: QWidget) -> None:
    after_first_paint(page, _painted)
