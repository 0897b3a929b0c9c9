"""Cooperative cancelling of work running in a worker thread (an import, the prose rules).

A thread cannot be stopped from outside, so the work calls ``checkpoint()`` in its loops; inside
``cancellable(event)`` a checkpoint raises once ``event`` is set, so the thread stops within
milliseconds instead of burning CPU on a result nobody will use. Outside ``cancellable`` a
checkpoint costs one attribute lookup.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Cancelled(Exception):
    """The work was cancelled; nothing was produced."""


_local = threading.local()


class _State:
    __slots__ = ("error", "event", "pause_s", "run_s", "since")

    def __init__(
        self, event: threading.Event, error: type[Cancelled], run_s: float, pause_s: float
    ) -> None:
        self.event = event
        self.error = error
        self.run_s = run_s
        self.pause_s = pause_s
        self.since = time.perf_counter()


@contextmanager
def cancellable(
    event: threading.Event,
    error: type[Cancelled] = Cancelled,
    *,
    run_ms: float = 0.0,
    pause_ms: float = 0.0,
) -> Iterator[None]:
    """Within this block (in this thread) ``checkpoint`` raises ``error`` once ``event`` is
    set. With ``pause_ms``, a checkpoint reached after ``run_ms`` of work sleeps that long:
    the interpreter lock is then free for the GUI thread, which otherwise must wait for this
    thread to be scheduled again whenever the OS took the CPU from it while it held the lock
    (on a busy machine, most of a keystroke's time while the prose rules ran)."""
    previous = getattr(_local, "state", None)
    _local.state = _State(event, error, run_ms / 1000, pause_ms / 1000)
    try:
        yield
    finally:
        _local.state = previous


def checkpoint() -> None:
    """Raise (see ``cancellable``) when the work running in this thread was cancelled."""
    state = getattr(_local, "state", None)
    if state is None:
        return
    if state.event.is_set():
        raise state.error
    if state.pause_s and time.perf_counter() - state.since >= state.run_s:
        time.sleep(state.pause_s)
        state.since = time.perf_counter()
