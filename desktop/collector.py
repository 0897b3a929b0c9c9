"""Python's cycle collector paused over work that builds many objects which all stay alive.

A merge or a review keeps every unit's report and findings until it ends; the collector,
started by the count of new objects, walked them again and again: 15-18% of a 1,000-unit
merge. (``ui.slow_work`` pauses it too, for another reason: Qt objects must not be freed in a
worker thread. The two nest: the inner pause finds the collector off and leaves it so.)
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic collection inside the block. What survives is put straight into the
    oldest generation (``freeze`` then ``unfreeze`` move whole lists), where the next full
    collection sees it, instead of a pass over all of it as young objects the moment the
    collector is back on."""
    if not gc.isenabled():  # paused already (nested), or the program turned it off
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        gc.enable()
