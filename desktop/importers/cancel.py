"""Cooperative cancelling of an import running in a worker thread.

The window runs ``import_report`` in a thread and, when the user presses 取消, sets the event it
passed to ``cancellable``; the importer calls ``checkpoint()`` in its loops (per HTML tag, per
line, per table row scored), which raises ``ImportCancelled`` so the thread stops within
milliseconds instead of burning CPU until the end. The mechanism is ``desktop.cancel``'s.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from desktop import cancel
from desktop.cancel import checkpoint

__all__ = ["ImportCancelled", "cancellable", "checkpoint"]


class ImportCancelled(cancel.Cancelled):
    """The user cancelled the import; nothing was produced."""


@contextmanager
def cancellable(event: threading.Event) -> Iterator[None]:
    """Within this block (in this thread) ``checkpoint`` raises ImportCancelled once ``event``
    is set."""
    with cancel.cancellable(event, ImportCancelled):
        yield
