"""Cooperative cancelling of work running in a worker thread (an import, the prose rules).

A thread cannot be stopped from outside, so the work calls ``checkpoint()`` in its loops; inside
``cancellable(event)`` a checkpoint raises once ``event`` is set, so the thread stops within
milliseconds instead of burning CPU on a result nobody will use. Outside ``cancellable`` a
checkpoint costs one attribute lookup.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Cancelled(Exception):
    """The work was cancelled; nothing was produced."""


_local = threading.local()


@contextmanager
def cancellable(event: threading.Event, error: type[Cancelled] = Cancelled) -> Iterator[None]:
    """Within this block (in this thread) ``checkpoint`` raises ``error`` once ``event`` is
    set."""
    previous = getattr(_local, "state", None)
    _local.state = (event, error)
    try:
        yield
    finally:
        _local.state = previous


def checkpoint() -> None:
    """Raise (see ``cancellable``) when the work running in this thread was cancelled."""
    state = getattr(_local, "state", None)
    if state is not None and state[0].is_set():
        raise state[1]
