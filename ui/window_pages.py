"""The window's nine tab pages, each built the first time its tab is shown or asked for: at
start-up only the current tab is laid out, and the page modules are imported only then."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QTabWidget, QWidget

from ui.document import Document
from ui.lazy_tabs import LazyMapping, LazyTabs
from ui.navigation import (
    TAB_META,
    TAB_NAMES,
    TAB_PREVIEW,
    TAB_REGISTER,
    TAB_S1,
    TAB_S5,
    TAB_S6,
    TABLE_TABS,
    FieldPage,
)

if TYPE_CHECKING:
    from ui.meta_page import MetaPage
    from ui.prose_page import ProsePage
    from ui.register_page import RegisterPage
    from ui.table_pages import PreviewPage, TablePage

P = TypeVar("P", bound=QWidget)
PROSE_TABS = {1: TAB_S1, 5: TAB_S5, 6: TAB_S6}


class WindowPages:
    """Adds the tabs in TAB_NAMES order to ``tabs``; connect to ``tabs.currentChanged`` only
    after this is made (the real page is put in place first)."""

    def __init__(
        self, tabs: QTabWidget, document: Document, show_message: Callable[[str], None]
    ) -> None:
        self._document = document
        self._show_message = show_message
        self._lazy = LazyTabs(tabs)
        self._tabs = tabs
        # Called with each page as it is built (the register wires itself into the window).
        self.on_table_page: Callable[[str, TablePage], None] | None = None
        self.on_register_page: Callable[[RegisterPage], None] | None = None
        factories: list[Callable[[], QWidget]] = [
            self._make_meta_page,
            lambda: self._make_prose_page(1),
            lambda: self._make_table_page("t2"),
            lambda: self._make_table_page("t3"),
            self._make_register_page,
            lambda: self._make_table_page("t4"),
            lambda: self._make_prose_page(5),
            lambda: self._make_prose_page(6),
            self._make_preview_page,
        ]
        for factory, name in zip(factories, TAB_NAMES, strict=True):
            self._lazy.add(name, factory)
        self.prose_pages: Mapping[int, ProsePage] = LazyMapping(tuple(PROSE_TABS), self._prose_page)
        self.table_pages: Mapping[str, TablePage] = LazyMapping(tuple(TABLE_TABS), self._table)

    def build_current(self) -> None:
        self._lazy.page(self._tabs.currentIndex())

    def is_built(self, tab: int) -> bool:
        return self._lazy.is_built(tab)

    def page(self, tab: int) -> QWidget:
        return self._lazy.page(tab)

    def field_page(self, tab: int) -> FieldPage | None:
        """The page of ``tab`` as navigation sees it; None for the preview (no fields)."""
        if tab == TAB_META:
            return self.meta_page()
        for section, prose_tab in PROSE_TABS.items():
            if prose_tab == tab:
                return self.prose_pages[section]
        for key, table_tab in TABLE_TABS.items():
            if table_tab == tab:
                return self.table_pages[key]
        return None

    def meta_page(self) -> MetaPage:
        from ui.meta_page import MetaPage

        return self._typed(TAB_META, MetaPage)

    def preview(self) -> PreviewPage:
        from ui.table_pages import PreviewPage

        return self._typed(TAB_PREVIEW, PreviewPage)

    def register_page(self) -> RegisterPage:
        from ui.register_page import RegisterPage

        return self._typed(TAB_REGISTER, RegisterPage)

    def _prose_page(self, section: int) -> ProsePage:
        from ui.prose_page import ProsePage

        return self._typed(PROSE_TABS[section], ProsePage)

    def _table(self, key: str) -> TablePage:
        from ui.table_pages import TablePage

        return self._typed(TABLE_TABS[key], TablePage)

    def _typed(self, tab: int, kind: type[P]) -> P:
        page = self._lazy.page(tab)
        if not isinstance(page, kind):
            raise TypeError(f"tab {tab} holds {type(page).__name__}, not {kind.__name__}")
        return page

    def _make_meta_page(self) -> QWidget:
        from ui.meta_page import MetaPage

        return MetaPage(self._document)

    def _make_prose_page(self, section: int) -> QWidget:
        from ui.prose_page import ProsePage

        return ProsePage(self._document, section)

    def _make_table_page(self, key: str) -> QWidget:
        from ui.table_pages import TablePage

        page = TablePage(self._document, key)
        page.view.statusMessage.connect(self._show_message)
        if self.on_table_page is not None:
            self.on_table_page(key, page)
        return page

    def _make_register_page(self) -> QWidget:
        from ui.register_page import RegisterPage

        page = RegisterPage(self._document)
        page.message.connect(self._show_message)
        if self.on_register_page is not None:
            self.on_register_page(page)
        return page

    def _make_preview_page(self) -> QWidget:
        from ui.table_pages import PreviewPage

        return PreviewPage(self._document)
