"""The report model: meta, prose and input cells of one annual report (spec §9).

Computed cells (totals) are never stored as inputs; ``Report.value`` derives them from the inputs.
A report imported from a published document may carry ``printed_totals`` — the totals exactly as
printed there, possibly wrong — kept apart so the rules can show where they disagree.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import StrEnum
from operator import itemgetter
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from desktop.numbers import COUNT_ALWAYS_OK, LIMITS, Entry, NumberKind, check_number
from desktop.register.model import Register
from desktop.template import (
    AMOUNT_IDS,
    CELL_BY_ID,
    CELL_IDS,
    COMPUTED_IDS,
    DEFAULT_SUBPARTS,
    INPUT_IDS,
)
from desktop.text_gate import Text

Number = int | Decimal
INFO_FEE_NAME = "信息处理费"
CellValue = Number | None

_COMPUTED_SOURCES: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (cid, CELL_BY_ID[cid].sources) for cid in COMPUTED_IDS
)


def _getter(sources: tuple[str, ...]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A function fetching ``sources`` from a dict as a tuple in one C call."""
    if len(sources) == 1:  # itemgetter of one key returns the value, not a tuple
        key = sources[0]
        return lambda d: (d[key],)
    return itemgetter(*sources)


# The same as getters (``values`` runs for every unit of a merge and on every keystroke).
_COMPUTED_GETTERS = tuple((cid, _getter(sources)) for cid, sources in _COMPUTED_SOURCES)
_COMPUTED_GETTER_BY_ID = dict(_COMPUTED_GETTERS)
_INPUT_GETTER = itemgetter(*INPUT_IDS)
# Copied, never changed: a copy of a built dict is one block copy, where dict.fromkeys inserts
# key by key and grows the table five times.
_BLANK_INPUTS: dict[str, Any] = dict.fromkeys(INPUT_IDS)
_BLANK_ALL: dict[str, Any] = dict.fromkeys(CELL_IDS)


class ValuesOnDemand(dict[str, CellValue]):
    """The values of ``Report.values()`` for ``[]`` lookups alone: the inputs copied, a total
    summed (as ``values`` sums it) when first looked up. The table rules read a handful of the
    46 totals; summing all of them was a fifth of checking a merged unit. ``get``, ``len`` and
    iteration see only what was looked up so far: use ``values()`` for those."""

    __slots__ = ()

    def __missing__(self, cell_id: str) -> CellValue:
        sources = _COMPUTED_GETTER_BY_ID[cell_id]  # KeyError for what is no cell, like values()
        value: CellValue
        try:
            value = sum(sources(self))
        except TypeError:  # a blank source (None): the total is blank, never partial
            value = None
        self[cell_id] = value
        return value


# Where a cell's value comes from (dump --sources, the CSV 来源 column, the window's marks).
SOURCE_INPUT = "输入"
SOURCE_COMPUTED = "计算"
SOURCE_PRINTED = "原文印出"


class OrgKind(StrEnum):
    """机关类型."""

    GOVERNMENT = "人民政府"
    DEPARTMENT = "政府部门"
    OTHER = "其他"


class Level(StrEnum):
    """层级."""

    STATE_COUNCIL_DEPT = "国务院部门"
    PROVINCE = "省级"
    CITY = "设区的市级"
    COUNTY = "县级"
    TOWNSHIP = "乡镇（街道）"


class Meta(BaseModel):
    """The unit and the report year."""

    model_config = ConfigDict(validate_assignment=True, extra="allow")

    org_name: Text = ""  # 机关全称
    year: int = Field(ge=2000, le=2100)  # 报告年度
    org_kind: OrgKind = OrgKind.DEPARTMENT  # 机关类型
    level: Level = Level.COUNTY  # 层级
    published: date | None = None  # 发布日期 (put online; R18 reads it)
    # 成文日期: the date printed under the organ's name at the end (落款, spec §11); a final
    # export needs it, a draft prints （成文日期未填）.
    written: date | None = None
    contact: Text = ""  # 联系方式


class SubPart(BaseModel):
    """A sub-part of a prose section: an editable heading and its text."""

    model_config = ConfigDict(validate_assignment=True, extra="allow")

    heading: Text = ""
    text: Text = ""


class Section(BaseModel):
    """A prose section (一, 五 or 六): an optional lead paragraph and any number of sub-parts."""

    model_config = ConfigDict(validate_assignment=True, extra="allow")

    lead: Text = ""
    parts: list[SubPart] = Field(default_factory=list)

    def full_text(self) -> str:
        """All text of the section, headings included, one paragraph a line."""
        chunks = [self.lead] + [f"{p.heading}{p.text}" for p in self.parts]
        return "\n".join(c for c in chunks if c)


class Prose(BaseModel):
    """The report's words. Sections 二–四 are tables; each may have an optional sentence before
    its table (``table_intros``, keyed 2, 3, 4)."""

    model_config = ConfigDict(validate_assignment=True, extra="allow")

    title: Text | None = None  # override of the conventional title
    opening: Text = ""  # the unnumbered opening paragraph; empty → generated on export
    s1: Section = Field(default_factory=Section)
    s5: Section = Field(default_factory=Section)
    s6: Section = Field(default_factory=Section)
    # Mutated in place by its editors, so they ask the gate (``text_gate.problem``) first.
    table_intros: dict[int, Text] = Field(default_factory=dict)

    def section(self, number: int) -> Section:
        """Section 1, 5 or 6."""
        return {1: self.s1, 5: self.s5, 6: self.s6}[number]


# Input cells that hold counts (all but the 万元 amounts).
_COUNT_INPUTS = frozenset(INPUT_IDS) - frozenset(AMOUNT_IDS)
_INPUT_SET = frozenset(INPUT_IDS)
_COUNT_GETTER = itemgetter(*(cid for cid in INPUT_IDS if cid in _COUNT_INPUTS))
_AMOUNT_INPUTS: tuple[str, ...] = tuple(cid for cid in INPUT_IDS if cid in AMOUNT_IDS)
_WHOLE_OR_BLANK = frozenset({int, type(None)})
_AMOUNT_INPUT_SET = frozenset(_AMOUNT_INPUTS)


def plain_counts(cells: dict[Any, Any]) -> bool:
    """True when ``cells`` (as a file holds them) names only input cells and every count cell
    is there, blank or a whole number every entry accepts: what nearly every file holds,
    settled in a few C-level passes instead of a Python test per cell (a merge reads 150
    cells a file)."""
    try:
        counts = _COUNT_GETTER(cells)  # every count cell is there
    except KeyError:
        return False
    # As many keys as input cells, every count and amount among them: exactly the input
    # cells, without a lookup of each key in the set (the common case, a validated report).
    if len(cells) != len(_INPUT_SET) or not cells.keys() >= _AMOUNT_INPUT_SET:
        if not cells.keys() <= _INPUT_SET:
            return False
    return _plain_count_values(counts)


def _plain_count_values(counts: tuple[Any, ...]) -> bool:
    """Every value blank or a whole number from 0 to ``COUNT_ALWAYS_OK``."""
    if not _WHOLE_OR_BLANK.issuperset(map(type, counts)):
        return False
    filled = [*filter(None, counts)]  # zeros and blanks need no range check
    if not filled:
        return True
    # min() and max() compare object by object (a third of this test); an unsigned array
    # refuses a negative number in one C pass, and with none negative a sum within the bound
    # puts every value within it (a real report's counts sum far below 10^9).
    try:
        array("Q", filled)
    except OverflowError:
        return False
    return bool(sum(filled) <= COUNT_ALWAYS_OK or max(filled) <= COUNT_ALWAYS_OK)


# A stored amount written plainly (digits, an optional point and digits): at most 15 characters
# hold at most 15 significant digits, so the number check would accept it as it is.
_PLAIN_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_AMOUNT_FAST_LEN = LIMITS[NumberKind.WAN].most_digits
_YUAN_INT_LIMIT = 10 ** LIMITS[NumberKind.YUAN].most_digits


def _plain_amount(value: object) -> Decimal | None:
    """The stored Decimal of an amount a file holds plainly (``12.50``, ``0``), as
    ``check_number(…, Entry.STORED)`` gives it for a 万元 or 元 amount; None when that check
    has to read it (anything else: it says why or normalises the text)."""
    if type(value) is int:
        return Decimal(value) if 0 <= value < _YUAN_INT_LIMIT else None
    if (
        isinstance(value, str)
        and len(value) <= _AMOUNT_FAST_LEN
        and _PLAIN_AMOUNT.fullmatch(value) is not None
    ):
        return Decimal(str.__str__(value))
    return None


def cells_one_by_one(v: dict[Any, Any]) -> dict[str, CellValue]:
    """The cells a file holds as the report stores them, cell by cell (every input id
    present, blank when the file leaves it out); raises ValueError naming the first cell
    refused. ``Report`` takes a shortcut for plain files that must give the same."""
    out: dict[str, CellValue] = _BLANK_INPUTS.copy()
    for cid, value in v.items():
        # The common case first, inline (a merge reads ~150 cells a file): a count cell
        # holding a whole number every entry accepts (as in coerce_cell_value).
        if type(value) is int and 0 <= value <= COUNT_ALWAYS_OK and cid in _COUNT_INPUTS:
            out[cid] = value
            continue
        if cid in COMPUTED_IDS:
            raise ValueError(f"“{cid}”是合计单元格（由软件计算），不能作为填写的数据")
        if cid not in out:
            raise ValueError(f"未知的单元格编号“{cid}”")
        out[cid] = coerce_cell_value(cid, value)
    return out


class Report(BaseModel):
    """One annual report.

    Every model of the report keeps fields it does not know (``extra="allow"``): a file of the
    same schema version written by a newer build of the app may carry them, and saving here
    writes them back instead of dropping them. A newer schema version is refused (请升级).
    """

    model_config = ConfigDict(extra="allow")

    meta: Meta
    prose: Prose = Field(default_factory=Prose)
    # 信息处理费 collected in the report year, in 元 (a field of section 六; no table cell).
    info_fee_yuan: Decimal | None = None
    # Input cells only; None = not filled. Every input id is present.
    cells: dict[str, CellValue] = Field(default_factory=lambda: dict.fromkeys(INPUT_IDS))
    # Totals as printed in a published source document (only computed ids); empty when typed.
    printed_totals: dict[str, CellValue] = Field(default_factory=dict)
    # Last year's report when known (next-year flow), so R7/R8/R21 run without --previous.
    previous: Report | None = None
    # The 申请台账 and 复议/诉讼 cases (personal data: never exported, dumped or merged).
    ledger: Register = Field(default_factory=Register)
    # Not stored: what the text gate removed when the report was opened (field name → count),
    # so the window and the command line can say so.
    _removed_text: dict[str, int] = PrivateAttr(default_factory=dict)

    @property
    def removed_text(self) -> dict[str, int]:
        """Characters removed on opening (field → count); empty when the file was clean."""
        return self._removed_text

    @removed_text.setter
    def removed_text(self, value: dict[str, int]) -> None:
        self._removed_text = dict(value)

    # The three number fields are checked here alone (wrap validators that never call pydantic's
    # handler): the handler would test every cell against the annotation's union once more after
    # the number check built it, a third of a file's validation time.
    @field_validator("cells", mode="wrap")
    @classmethod
    def _check_cells(cls, v: Any, _handler: Any) -> dict[str, CellValue]:
        if not isinstance(v, dict):
            raise ValueError("表格数据格式不正确")
        # Put into a copy of the template's keys first: the file's keys are new strings, each
        # compared by its characters at every lookup, where the copy keeps the template's own
        # key objects (found by identity); a file naming only input cells adds no key.
        out: dict[str, CellValue] = _BLANK_INPUTS.copy()
        out.update(v)
        if len(out) == len(_BLANK_INPUTS) and _plain_count_values(_COUNT_GETTER(out)):
            # The counts are their own stored values (a count the file left out is blank, as
            # below); only the amounts need the number check.
            for cid in _AMOUNT_INPUTS:
                out[cid] = coerce_cell_value(cid, out[cid])
            return out
        return cells_one_by_one(v)

    @field_validator("info_fee_yuan", mode="wrap")
    @classmethod
    def _check_fee(cls, v: Any, _handler: Any) -> Decimal | None:
        if v is None:
            return None
        plain = _plain_amount(v)
        if plain is not None:
            return plain
        fee = check_number(v, NumberKind.YUAN, INFO_FEE_NAME, Entry.STORED)
        assert isinstance(fee, Decimal)
        return fee

    @field_validator("printed_totals", mode="wrap")
    @classmethod
    def _check_printed(cls, v: Any, _handler: Any) -> dict[str, CellValue]:
        if not isinstance(v, dict):
            raise ValueError("印刷合计格式不正确")
        out: dict[str, CellValue] = {}
        for cid, value in v.items():
            if cid not in COMPUTED_IDS:
                raise ValueError(f"“{cid}”不是合计单元格，不能作为印刷合计")
            out[cid] = coerce_cell_value(cid, value)
        return out

    # --- values ---------------------------------------------------------------------------------

    def value(self, cell_id: str) -> CellValue:
        """The value of any of the 200 cells; a computed cell is the sum of its sources, or
        None when any source is blank."""
        cell = CELL_BY_ID[cell_id]
        if not cell.computed:
            return self.cells[cell_id]
        cells = self.cells
        total: Number = 0
        for sid in cell.sources:
            v = cells[sid]
            if v is None:
                return None
            total += v
        return total

    def values(self) -> dict[str, CellValue]:
        """All 200 cells in template order, computed ones derived (as ``value`` does)."""
        # Built in C as far as possible (the rules call this on every keystroke, a merge for
        # every unit): the keys in template order first, then the inputs, then each total from
        # its sources (always input cells) fetched in one call.
        cells = self.cells
        vals: dict[str, Any] = _BLANK_ALL.copy()
        vals.update(cells)
        for cid, sources in _COMPUTED_GETTERS:
            try:
                vals[cid] = sum(sources(cells))
            except TypeError:  # a blank source (None): the total is blank, never partial
                vals[cid] = None
        return vals

    def values_on_demand(self) -> ValuesOnDemand:
        """``values()`` for lookups by cell id, each total summed when first looked up."""
        return ValuesOnDemand(self.cells)

    def held_values(self) -> dict[str, tuple[CellValue, str]]:
        """All 200 cells as the report holds them, with where each value comes from: ``输入``
        (an input cell), ``计算`` (a total computed from its cells) or ``原文印出`` (a total
        whose sum is unknown because a cell is blank, shown as the imported source printed it)."""
        out: dict[str, tuple[CellValue, str]] = {}
        for cid, v in self.values().items():
            if not CELL_BY_ID[cid].computed:
                out[cid] = (v, SOURCE_INPUT)
            elif v is None and self.printed_totals.get(cid) is not None:
                out[cid] = (self.printed_totals[cid], SOURCE_PRINTED)
            else:
                out[cid] = (v, SOURCE_COMPUTED)
        return out

    def input_values(self) -> tuple[CellValue, ...]:
        """The input cells' values in template order (``INPUT_IDS``), fetched in one C call."""
        return _INPUT_GETTER(self.cells)  # type: ignore[no-any-return]

    def blank_ids(self) -> list[str]:
        """Input cells not yet filled, in template order."""
        cells = self.cells
        if None not in _INPUT_GETTER(cells):  # a finished report: one C pass
            return []
        return [cid for cid in INPUT_IDS if cells[cid] is None]

    def set_cell(self, cell_id: str, value: object) -> None:
        """Set one input cell after validating it (raises ValueError with a Chinese message)."""
        if cell_id not in self.cells:
            raise ValueError(f"“{cell_id}”不是可填写的单元格")
        self.cells[cell_id] = coerce_cell_value(cell_id, value)

    def title(self) -> str:
        """The report title: the override, or the conventional one."""
        if self.prose.title:
            return self.prose.title
        return f"{self.meta.org_name}{self.meta.year}年政府信息公开工作年度报告"


def number_kind(cell_id: str) -> NumberKind:
    """The §10 kind of a cell: 万元 amounts or counts."""
    return NumberKind.WAN if cell_id in AMOUNT_IDS else NumberKind.COUNT


def coerce_cell_value(cell_id: str, value: object, entry: Entry = Entry.STORED) -> CellValue:
    """A cell value as stored (int for counts, Decimal as written for 万元 amounts), checked by
    the one number check of spec §10 (``desktop.numbers.check_number``); None is blank.

    ``entry`` is ``Entry.TYPED`` for what the user types or pastes, ``Entry.STORED`` for what a
    file, an import or a merge holds. Raises ``NumberRefused`` (a ValueError) with a Chinese
    message naming the cell by its printed labels.
    """
    if value is None:
        return None
    # Fast path (merge reads ~150 cells a file): a plain whole number that every entry accepts
    # for a count is its own stored value; the check below would only confirm it.
    if type(value) is int and 0 <= value <= COUNT_ALWAYS_OK and cell_id not in AMOUNT_IDS:
        return value
    if entry is Entry.STORED and cell_id in AMOUNT_IDS:
        plain = _plain_amount(value)
        if plain is not None:
            return plain
    return check_number(value, number_kind(cell_id), CELL_BY_ID[cell_id].describe(), entry)


def new_report(
    org_name: str,
    year: int,
    org_kind: OrgKind = OrgKind.DEPARTMENT,
    level: Level = Level.COUNTY,
) -> Report:
    """A blank report with the standard sub-part headings."""
    prose = Prose(
        s1=Section(parts=[SubPart(heading=h) for h in DEFAULT_SUBPARTS[1]]),
        s5=Section(parts=[SubPart(heading=h) for h in DEFAULT_SUBPARTS[5]]),
        s6=Section(parts=[SubPart(heading=h) for h in DEFAULT_SUBPARTS[6]]),
    )
    meta = Meta(org_name=org_name, year=year, org_kind=org_kind, level=level)
    return Report(meta=meta, prose=prose)
