"""Cooperative cancelling of an import running in a worker thread.

The window runs ``import_report`` in a thread and, when the user presses 取消, sets the event it
passed to ``cancellable``; the importer calls ``checkpoint()`` in its loops (per HTML tag, per
line, per table row scored), which raises ``ImportCancelled`` so the thread stops within
milliseconds instead of burning CPU until the end (a thread cannot be killed from outside).
Outside ``cancellable`` a checkpoint costs one attribute lookup.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class ImportCancelled(Exception):
    """The user cancelled the import; nothing was produced."""


_local = threading.local()


@contextmanager
def cancellable(event: threading.Event) -> Iterator[None]:
    """Within this block (in this thread) ``checkpoint`` raises once ``event`` is set."""
    previous = getattr(_local, "event", None)
    _local.event = event
    try:
        yield
    finally:
        _local.event = previous


def checkpoint() -> None:
    """Raise ImportCancelled when the import running in this thread was cancelled."""
    event = getattr(_local, "event", None)
    if event is not None and event.is_set():
        raise ImportCancelled
