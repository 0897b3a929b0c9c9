"""One way to run slow work (import, 汇总) without freezing the window, and one for quiet
background work (the prose rules after a typing pause) that shows nothing at all.

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
import sys
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

T = TypeVar("T")

# A job usually takes well under this; only a slow one (a long Word file, 1,000 units, a slow
# disk) shows that the app is working, so the common case does not flash a dialog.
BUSY_AFTER_MS = 600
_POLL_MS = 15
THREAD_NAME = "nianbao-work"
BACKGROUND_THREAD_NAME = "nianbao-background"


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

    def finish(self, collect: bool = True) -> None:
        self.workers -= 1
        if self.workers == 0 and self.we_disabled:
            self.we_disabled = False
            gc.enable()
            # Without ``collect`` the next automatic collection happens soon enough, and in
            # the GUI thread too (no worker runs now); a full collection costs the window
            # tens of milliseconds, too much after each quiet background job.
            if collect:
                gc.collect()


_pause = _CollectorPause()


# While a quiet background job runs, the GUI thread must get the interpreter lock back quickly:
# each Qt call from Python releases it, and by default the worker may then hold it for up to
# 5 ms before it has to hand it back, so a keystroke making a few dozen Qt calls waited
# 60-80 ms longer (measured with the prose rules running on a 100,000-character text). The
# worker only pays this when the GUI thread actually wants the lock.
_BACKGROUND_SWITCH_S = 0.0005


class _SwitchInterval:
    def __init__(self) -> None:
        self.jobs = 0
        self.saved = 0.0

    def start(self) -> None:
        if self.jobs == 0:
            self.saved = sys.getswitchinterval()
            sys.setswitchinterval(min(self.saved, _BACKGROUND_SWITCH_S))
        self.jobs += 1

    def finish(self) -> None:
        self.jobs -= 1
        if self.jobs == 0:
            sys.setswitchinterval(self.saved)


_switch = _SwitchInterval()


@dataclass(slots=True)
class WorkProgress:
    """How far a job is, written by the worker and shown by the progress box (read on the
    GUI thread's poll: plain attribute writes, no Qt object crosses threads). ``total`` 0
    shows a busy bar; ``text`` empty keeps the box's label."""

    done: int = 0
    total: int = 0
    text: str = ""

    def report(self, done: int, total: int, text: str = "") -> None:
        """The worker's side: where it is now."""
        self.done, self.total = done, total
        if text:
            self.text = text


def run_slow(
    parent: QWidget,
    title: str,
    label: str,
    work: Callable[[threading.Event], T],
    thread_name: str = THREAD_NAME,
    progress: WorkProgress | None = None,
) -> T | None:
    """Run ``work(cancelled)`` in a worker thread; return its result, or None when the user
    pressed 取消 (the work should then return without writing anything). What the work raised
    is raised here, in the GUI thread. With ``progress`` (which the work updates), the box
    shows a bar and the work's own text instead of a busy bar and ``label``."""
    job: _Job[T] = _Job(work)
    gc.collect()  # the GUI's garbage goes now, in this thread
    _pause.start()
    worker = threading.Thread(target=job.run, name=thread_name, daemon=True)
    worker.start()
    cancelled = _wait(job, parent, title, label, progress)
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


def _wait(
    job: _Job[T], parent: QWidget, title: str, label: str, state: WorkProgress | None
) -> bool:
    """Keep the window painting until the job is done; True when the user cancelled."""
    loop = QEventLoop()
    poll = QTimer(loop)
    poll.setInterval(_POLL_MS)
    progress: QProgressDialog | None = None

    def check_done() -> None:
        if job.done.is_set():
            loop.quit()
        elif progress is not None and state is not None:
            done, total, text = state.done, state.total, state.text
            if progress.maximum() != total:
                progress.setMaximum(total)
            progress.setValue(min(done, total))
            if text and progress.labelText() != text:
                progress.setLabelText(text)

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


def run_in_background(
    work: Callable[[], T], on_done: Callable[[T | None, BaseException | None], None]
) -> None:
    """Run ``work()`` in a worker thread with no busy cursor or progress box; then call
    ``on_done(result, error)`` in the GUI thread.

    ``work`` must hold nothing of Qt (plain data only): the worker may drop the last reference
    to what it holds. ``on_done`` is a bound method of a QObject: only a weak reference to
    that object is kept, and nothing is called once it has been deleted (a closed window),
    so a worker still running then cannot keep it alive or call into a deleted C++ object.
    The collector is paused while the worker runs, as for ``run_slow``, and the interpreter's
    switch interval is shortened (see ``_BACKGROUND_SWITCH_S``).
    """
    job: _Job[T] = _Job(lambda _cancelled: work())
    method = weakref.WeakMethod(on_done)

    def deliver(result: T | None, error: BaseException | None) -> None:
        bound = method()
        if bound is not None and shiboken6.isValid(getattr(bound, "__self__", None)):
            bound(result, error)

    _pause.start()
    _switch.start()
    worker = threading.Thread(target=job.run, name=BACKGROUND_THREAD_NAME, daemon=True)
    worker.start()
    # Owned by the application, not by the receiver: the collector must be resumed even when
    # the receiver is gone before the worker ends.
    timer = QTimer(QCoreApplication.instance())
    timer.setInterval(_POLL_MS)

    def check() -> None:
        # Not before the thread has ended: it may still allocate on its way out.
        if not job.done.is_set() or worker.is_alive():
            return
        timer.stop()
        timer.deleteLater()
        _pause.finish(collect=False)
        _switch.finish()
        result, error = job.result, job.error
        job.result = job.error = None
        deliver(result, error)

    timer.timeout.connect(check)
    timer.start()


def workers_running() -> int:
    """How many workers have not finished (the collector is paused while any run)."""
    return _pause.workers
