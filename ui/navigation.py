"""The window's tabs and which tab a finding points into."""

from __future__ import annotations

from typing import Protocol

from desktop.findings import Finding, Severity
from desktop.place import Place, PlaceKind
from desktop.template import SECTION_TITLES, table_of
from ui.document import BLANK_RULE

TAB_NAMES: tuple[str, ...] = (
    "基本信息",
    SECTION_TITLES[0],  # short enough to be the tab's name
    "二、主动公开",
    "三、依申请公开",
    "申请台账",
    "四、复议诉讼",
    "五、问题及改进",
    "六、其他事项",
    "预览",
)
TAB_META, TAB_S1, TAB_T2, TAB_T3, TAB_REGISTER, TAB_T4, TAB_S5, TAB_S6, TAB_PREVIEW = range(9)
TABLE_TABS: dict[str, int] = {"t2": TAB_T2, "t3": TAB_T3, "t4": TAB_T4}
# The tab of each prose section, and of each table by its section number.
SECTION_TABS: dict[int, int] = {1: TAB_S1, 5: TAB_S5, 6: TAB_S6}
TABLE_SECTION_TABS: dict[int, int] = {2: TAB_T2, 3: TAB_T3, 4: TAB_T4}


class FieldPage(Protocol):
    """A tab page holding fields a finding can point at (基本信息, prose sections, the
    sentence before a table): it shows ``field`` and selects ``span`` in it."""

    def focus_field(self, field: Place, span: tuple[int, int] | None = None) -> bool: ...


def tabs_of_finding(finding: Finding) -> set[int]:
    """The tabs a finding points into (cells → table tabs, fields → pages)."""
    tabs = {TABLE_TABS[table_of(cid).key] for cid in finding.cells}
    for field in finding.fields:
        tab = tab_of_field(field)
        if tab is not None:
            tabs.add(tab)
    return tabs


def tab_of_field(field: Place) -> int | None:
    """The tab holding a ``Finding.fields`` entry, or None when it is on no tab."""
    kind = field.kind
    if kind in (PlaceKind.META, PlaceKind.OPENING, PlaceKind.TITLE):
        return TAB_META
    if kind is PlaceKind.INFO_FEE:
        return TAB_S6
    if kind is PlaceKind.CELL:
        return TABLE_TABS[table_of(field.name).key]
    if kind is PlaceKind.TABLE_INTRO:
        return TABLE_SECTION_TABS.get(field.section or 0)
    if field.is_prose:
        return SECTION_TABS.get(field.section or 0)
    return None


def is_counted_error(finding: Finding) -> bool:
    """Errors counted in tabs and the status bar; blank cells are counted on their own."""
    return finding.severity is Severity.ERROR and finding.rule != BLANK_RULE
