"""Nianbao's Qt layer. Imports ``desktop``; never the reverse.

This package's ``__init__`` and ``launcher`` import no Qt, so command-line use stays fast.
"""

import sys


def _protect_bools() -> None:
    # PySide6 6.12.0 hands out borrowed references as new ones in two places: every
    # SignalInstance.emit() from Python returns True, and an invalid QVariant read from Python
    # (e.g. ``index.data(role)`` with nothing for that role) returns None. Each call drops one
    # reference to True or None. Before Python 3.12 these are not immortal, and after a few
    # hundred signals the process aborts ("bool_dealloc" / "none_dealloc: deallocating None").
    # A huge extra count on these static objects (never freed anyway) puts that out of reach.
    # Measured here: 100 emits → refcount of True down by 100; 100 ``data()`` → None down 100.
    if sys.version_info >= (3, 12):
        return
    import ctypes

    for obj in (True, False, None):
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 48


_protect_bools()
