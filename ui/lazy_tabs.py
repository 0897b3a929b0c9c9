"""Tab pages built the first time their tab is shown or asked for (issue 17): at start-up only
the current tab is laid out, so the window is on screen sooner; the others cost nothing until
the user opens them. ``QTabWidget.widget(i)`` returns the real page once it is built."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QTabWidget, QWidget

K = TypeVar("K")
V = TypeVar("V")


class LazyTabs(QObject):
    """Adds tabs whose pages are made by factories; builds a page when its tab becomes current
    or when ``page(index)`` is called. Connect to ``currentChanged`` only after this object:
    its own handler puts the real page in place first."""

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self._tabs = tabs
        self._factories: dict[int, Callable[[], QWidget]] = {}
        self._adding = False
        tabs.currentChanged.connect(self._current_changed)

    def add(self, name: str, factory: Callable[[], QWidget]) -> int:
        """A tab showing an empty placeholder until its page is needed."""
        index = self._tabs.count()
        self._factories[index] = factory
        self._adding = True
        try:
            self._tabs.addTab(QWidget(), name)
        finally:
            self._adding = False
        return index

    def is_built(self, index: int) -> bool:
        return index not in self._factories

    def page(self, index: int) -> QWidget:
        """The real page of tab ``index``, built now if it was not yet."""
        factory = self._factories.pop(index, None)
        if factory is None:
            widget = self._tabs.widget(index)
            if widget is None:
                raise IndexError(f"no tab {index}")
            return widget
        page = factory()
        tabs = self._tabs
        text, tip, current = tabs.tabText(index), tabs.tabToolTip(index), tabs.currentIndex()
        placeholder = tabs.widget(index)
        # The swap is not a change of tab for anybody listening.
        blocked = tabs.blockSignals(True)
        try:
            tabs.removeTab(index)
            tabs.insertTab(index, page, text)
            tabs.setTabToolTip(index, tip)
            tabs.setCurrentIndex(current)
        finally:
            tabs.blockSignals(blocked)
        if placeholder is not None:
            placeholder.deleteLater()
        return page

    def _current_changed(self, index: int) -> None:
        if not self._adding and index >= 0:
            self.page(index)


class LazyMapping(Mapping[K, V]):
    """A read-only mapping whose values are made on first access (one page per key)."""

    def __init__(self, keys: tuple[K, ...], get: Callable[[K], V]) -> None:
        self._keys = keys
        self._get = get

    def __getitem__(self, key: K) -> V:
        if key not in self._keys:
            raise KeyError(key)
        return self._get(key)

    def __iter__(self) -> Iterator[K]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)
