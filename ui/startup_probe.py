"""Start-up milestones for ``bench/run.py`` (issue 17): with ``NIANBAO_STARTUP_PROBE=1`` the
app prints ``nianbao-probe frame|visible|painted rss=KiB`` to stderr as the starting frame is
on screen, the main window is on screen and its current tab has painted, then quits after
``painted``. Without the variable nothing is installed and no Qt class is loaded here (this
module is imported before the starting frame is shown)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

ENV = "NIANBAO_STARTUP_PROBE"


def requested() -> bool:
    return os.environ.get(ENV) == "1"


def watch_frame(frame: QWidget) -> None:
    """``frame`` once the starting frame is on screen (call after showing it)."""
    if requested():
        from ui.startup_probe_events import watch_exposed

        watch_exposed(frame, "frame")


def watch_window(window: QWidget, first_page: QWidget | None) -> None:
    """``visible`` once the window is on screen, ``painted`` after its page's first paint
    (call after ``show()``, before returning to the event loop)."""
    if requested():
        from ui.startup_probe_events import watch_exposed, watch_first_paint

        watch_exposed(window, "visible")
        watch_first_paint(first_page if first_page is not None else window)
