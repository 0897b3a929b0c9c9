"""One way to run slow work (import, 汇总) without freezing the window.

``run_slow`` runs a function in a worker thread while the window keeps painting. A quick job
(the common case) shows nothing; after ``BUSY_AFTER_MS`` a busy cursor and a modal progress box
with 取消 appear. Cancelling is cooperative: the work receives a ``threading.Event`` and checks
it before anything it must not do once cancelled (writing files); its result is then dropped.

The cyclic garbage collector is paused while a worker runs and run in the GUI thread afterwards.
Otherwise a collection triggered by the worker's allocations can free Qt wrappers left in
reference cycles by the GUI (a closed window, a dialog and its connected lambdas): their C++
destructors then run in the worker thread, and Qt crashes. Measured: the UI suite beside a
CPU-bound job died with a segmentation fault in the import worker (in pure Python code, where
the collector ran) before this.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

T = TypeVar("T")

# A job usually takes well under this; only a slow one (a long Word file, 1,000 units, a slow
# disk) shows that the app is working, so the common case does not flash a dialog.
BUSY_AFTER_MS = 600
_POLL_MS = 15
THREAD_NAME = "nianbao-work"


@dataclass(slots=True)
class _Job(Generic[T]):
    work: Callable[[threading.Event], T]
    cancel: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    result: T | None = None
    error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.work(self.cancel)
        except BaseException as exc:  # noqa: BLE001 — handed to the GUI thread, raised there
            self.error = exc
        finally:
            self.done.set()


class _CollectorPause:
    """Keeps automatic garbage collection off while any worker runs; collects in the GUI
    thread when the last one has finished."""

    def __init__(self) -> None:
        self.workers = 0
        self.we_disabled = False

    def start(self) -> None:
        if self.workers == 0 and gc.isenabled():
            gc.disable()
            self.we_disabled = True
        self.workers += 1

    def finish(self) -> None:
        self.workers -= 1
        if self.workers == 0 and self.we_disabled:
            self.we_disabled = False
            gc.enable()
            gc.collect()


_pause = _CollectorPause()


def run_slow(
    parent: QWidget,
    title: str,
    label: str,
    work: Callable[[threading.Event], T],
    thread_name: str = THREAD_NAME,
) -> T | None:
    """Run ``work(cancelled)`` in a worker thread; return its result, or None when the user
    pressed 取消 (the work should then return without writing anything). What the work raised
    is raised here, in the GUI thread."""
    job: _Job[T] = _Job(work)
    gc.collect()  # the GUI's garbage goes now, in this thread
    _pause.start()
    worker = threading.Thread(target=job.run, name=thread_name, daemon=True)
    worker.start()
    cancelled = _wait(job, parent, title, label)
    if cancelled and not job.done.is_set():
        # The worker finishes in the background and its result is dropped; the collector
        # stays paused until then.
        job.cancel.set()
        _resume_when_done(job)
        return None
    worker.join()
    _pause.finish()
    if job.error is not None:
        raise job.error
    return None if cancelled else job.result


def _wait(job: _Job[T], parent: QWidget, title: str, label: str) -> bool:
    """Keep the window painting until the job is done; True when the user cancelled."""
    loop = QEventLoop()
    poll = QTimer(loop)
    poll.setInterval(_POLL_MS)

    def check_done() -> None:
        if job.done.is_set():
            loop.quit()

    poll.timeout.connect(check_done)
    poll.start()
    # First stretch: repaint but keep the user's clicks and keys for later, as a quick
    # synchronous call would.
    QTimer.singleShot(BUSY_AFTER_MS, loop, loop.quit)
    if not job.done.is_set():
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    cancelled = False
    if not job.done.is_set():
        progress = QProgressDialog(label, "取消", 0, 0, parent)
        progress.setWindowTitle(title)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)

        def cancel() -> None:
            nonlocal cancelled
            cancelled = True
            loop.quit()

        progress.canceled.connect(cancel)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            progress.show()
            if not job.done.is_set():
                loop.exec()
        finally:
            QApplication.restoreOverrideCursor()
            progress.canceled.disconnect(cancel)
            progress.close()
            progress.deleteLater()
    poll.stop()
    return cancelled


def _resume_when_done(job: _Job[T]) -> None:
    app = QCoreApplication.instance()
    timer = QTimer(app)
    timer.setInterval(50)

    def check() -> None:
        if job.done.is_set():
            timer.stop()
            timer.deleteLater()
            _pause.finish()

    timer.timeout.connect(check)
    timer.start()


def workers_running() -> int:
    """How many workers have not finished (the collector is paused while any run)."""
    return _pause.workers
