"""PySide6 6.12 drops a reference to True on every Python emit() and to None on every invalid
QVariant read from Python; ``ui`` compensates (see ``ui/__init__.py``). Without that, a user's
session aborts after a few hundred signals on Python 3.11."""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Signal

import ui  # noqa: F401  (applies the compensation)


class _Emitter(QObject):
    changed = Signal(int)


class _EmptyModel(QAbstractTableModel):
    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 1

    def columnCount(self, parent: QModelIndex | None = None) -> int:
        return 1

    def data(self, index: object, role: int = 0) -> None:
        return None


def test_many_signals_and_empty_values_do_not_exhaust_true_and_none(qapp) -> None:
    emitter = _Emitter()
    received: list[int] = []
    emitter.changed.connect(received.append)
    model = _EmptyModel()
    index = model.index(0, 0)
    # More than the whole reference count True and None start with in a fresh interpreter.
    n = 20_000
    for i in range(n):
        emitter.changed.emit(i)
        assert index.data() is None
    assert len(received) == n
    assert sys.getrefcount(True) > n and sys.getrefcount(None) > n
