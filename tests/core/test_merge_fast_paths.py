"""The shortcuts a merge takes through loading and the table rules (issue 17, goal 5) give
exactly what the plain code gives, on hostile values too: each shortcut is compared with the
code it stands in for."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from unit_reports import example_report

from desktop import rules
from desktop.merge import BLANK_RULE, merge_reports
from desktop.numbers import COUNT_ALWAYS_OK, Entry, NumberKind, NumberRefused, check_number
from desktop.project_file import FileNumber
from desktop.report import (
    INFO_FEE_NAME,
    Report,
    cells_one_by_one,
    coerce_cell_value,
    plain_counts,
)
from desktop.template import AMOUNT_IDS, COMPUTED_IDS, INPUT_IDS

AMOUNT = sorted(AMOUNT_IDS)[0]
COUNTS = [cid for cid in INPUT_IDS if cid not in AMOUNT_IDS]

# Values a file (or code) may put where a number belongs, the awkward ones included.
HOSTILE = [
    None,
    0,
    1,
    -1,
    COUNT_ALWAYS_OK,
    COUNT_ALWAYS_OK + 1,
    10**14,
    10**15,
    10**15 - 1,
    2**64,
    -(2**64),
    True,
    False,
    1.0,
    0.0,
    Decimal(3),
    Decimal("0E+5"),
    "7",
    "",
    FileNumber("12.50"),
    FileNumber("0012.5"),
    FileNumber("1.1234567"),
    FileNumber("123456789012345"),
    FileNumber("1234567890123456"),
    FileNumber("1e5"),
    "１２.5",
    "12.5\n",
    " 12.5",
    "1,234.5",
    "-0.5",
    ".5",
    "5.",
    [1],
]


def _outcome(fn: Any, *args: Any) -> tuple[str, str]:
    """What a call gives, comparable across the fast and the plain path: the value with its
    type and exact text, or the error with its message."""
    try:
        value = fn(*args)
    except (ValueError, TypeError) as exc:
        return ("raised", f"{type(exc).__name__}: {exc}")
    return ("value", repr(value))


def _amount_reference(value: object) -> tuple[str, str]:
    if value is None:
        return ("value", "None")
    return _outcome(check_number, value, NumberKind.WAN, _describe(AMOUNT), Entry.STORED)


def _describe(cid: str) -> str:
    from desktop.template import CELL_BY_ID

    return CELL_BY_ID[cid].describe()


amount_texts = st.text(alphabet="0123456789.,-+eE ０１。\n", max_size=20)
amount_values = st.one_of(
    amount_texts,
    amount_texts.map(FileNumber),
    st.integers(-(10**16), 10**16),
    st.sampled_from(HOSTILE),
)


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
def test_a_stored_amount_reads_as_the_number_check_reads_it(value: object) -> None:
    assert _outcome(coerce_cell_value, AMOUNT, value) == _amount_reference(value)
    fee = _outcome(Report._check_fee, value, None)
    if value is None:
        assert fee == ("value", "None")
    else:
        expected = _outcome(check_number, value, NumberKind.YUAN, INFO_FEE_NAME, Entry.STORED)
        assert fee == expected


@given(amount_values)
def test_any_stored_amount_reads_as_the_number_check_reads_it(value: object) -> None:
    assert _outcome(coerce_cell_value, AMOUNT, value) == _amount_reference(value)
    if value is not None:
        expected = _outcome(check_number, value, NumberKind.YUAN, INFO_FEE_NAME, Entry.STORED)
        assert _outcome(Report._check_fee, value, None) == expected


def test_a_typed_amount_is_still_refused_past_its_decimals() -> None:
    # The shortcut is for stored values only: typing takes at most 6 decimals for 万元.
    with pytest.raises(NumberRefused):
        coerce_cell_value(AMOUNT, "1.1234567", Entry.TYPED)
    assert coerce_cell_value(AMOUNT, "1.1234567") == Decimal("1.1234567")


def _plain_counts_reference(cells: dict[Any, Any]) -> bool:
    """plain_counts as written first: a Python test per cell."""
    if not set(cells) <= set(INPUT_IDS):
        return False
    for cid in COUNTS:
        if cid not in cells:
            return False
        v = cells[cid]
        if v is not None and not (type(v) is int and 0 <= v <= COUNT_ALWAYS_OK):
            return False
    return True


def _hostile_cells(
    seed: int, changes: list[tuple[int, object]], drop: list[int], extra: str | None
) -> dict[Any, Any]:
    cells: dict[Any, Any] = {cid: (seed + i * 7919) % 50 for i, cid in enumerate(COUNTS)}
    cells[AMOUNT] = FileNumber("12.5")
    for i, value in changes:
        cells[INPUT_IDS[i % len(INPUT_IDS)]] = value
    for i in drop:
        cells.pop(INPUT_IDS[i % len(INPUT_IDS)], None)
    if extra is not None:
        cells[extra] = 1
    return cells


cell_changes = st.lists(
    st.tuples(st.integers(0, 10**4), st.sampled_from(HOSTILE) | st.integers(-5, 10**10)),
    max_size=6,
)


@given(
    st.integers(0, 10**6),
    cell_changes,
    st.lists(st.integers(0, 10**4), max_size=3),
    st.sampled_from([None, "t9.nothing", sorted(COMPUTED_IDS)[0]]),
)
def test_cells_shortcut_gives_what_cell_by_cell_gives(
    seed: int, changes: list[tuple[int, object]], drop: list[int], extra: str | None
) -> None:
    cells = _hostile_cells(seed, changes, drop, extra)
    assert plain_counts(cells) is _plain_counts_reference(cells)
    assert _outcome(Report._check_cells, cells, None) == _outcome(cells_one_by_one, cells)


def test_counts_whose_sum_passes_the_bound_are_still_each_checked() -> None:
    # The range test sums the counts first; a sum past 10^9 falls back to the largest count.
    cells: dict[Any, Any] = dict.fromkeys(COUNTS, COUNT_ALWAYS_OK // 2)
    cells[AMOUNT] = None
    assert plain_counts(cells)
    cells[COUNTS[3]] = COUNT_ALWAYS_OK + 1
    assert not plain_counts(cells)
    cells[COUNTS[3]] = -1
    assert not plain_counts(cells)
    cells[COUNTS[3]] = True
    assert not plain_counts(cells)
    for value in HOSTILE:
        one = dict(cells)
        one[COUNTS[5]] = value
        assert plain_counts(one) is _plain_counts_reference(one), value
        assert _outcome(Report._check_cells, one, None) == _outcome(cells_one_by_one, one)


def test_a_missing_count_is_blank_by_either_path() -> None:
    cells: dict[Any, Any] = dict.fromkeys(COUNTS, 3)
    del cells[COUNTS[0]]
    checked = Report._check_cells(cells, None)
    assert checked == cells_one_by_one(cells)
    assert checked[COUNTS[0]] is None
    assert list(checked) == list(INPUT_IDS)


_OLD_WORD_CHAR_RE = re.compile(r"[^\s。，、；：！？.,;:!?“”\"'（）()]")


def _says_nothing_reference(text: str) -> bool:
    """R20's test as written before the one-match shortcut."""
    chars = _OLD_WORD_CHAR_RE.finditer(text)
    if sum(1 for _ in itertools.islice(chars, rules._LONGEST_EMPTY_WORD + 1)) > 10:
        return False
    return rules._PUNCT_RE.sub("", text) in rules._EMPTY_WORDS


@pytest.mark.parametrize(
    "text",
    [
        "",
        "无",
        "。无。",
        " \n无其他需要报告的事项。",
        "无其他需要报告的事项了",
        "（无）" * 30,
        "。" * 500 + "无",
        "。" * 500 + "无其他需要报告的事项！",
        "abcdefghijk",
        "a b c d e f g h i j",
        "a b c d e f g h i j k",
    ],
)
def test_says_nothing_as_before(text: str) -> None:
    assert rules._says_nothing(text) is _says_nothing_reference(text)


@given(st.text(alphabet=" \n。，（）无暂没有其他需要报告的事项ab!", max_size=40))
def test_says_nothing_as_before_on_any_text(text: str) -> None:
    assert rules._says_nothing(text) is _says_nothing_reference(text)


def test_unit_counts_and_blanks_as_the_report_gives_them() -> None:
    units = []
    for i in range(4):
        report = example_report(f"某局{i}")
        if i % 2:
            report.cells[INPUT_IDS[i * 7]] = None
            report.cells[INPUT_IDS[-1]] = None
        if i == 3:
            report.info_fee_yuan = None
        units.append((Path(f"/nonexistent/u{i}.nianbao"), report))
    result = merge_reports(units, org_name="某县")
    for unit, (_, report) in zip(result.units, units, strict=True):
        assert unit.blank_ids == tuple(report.blank_ids())
        errors = [f for f in unit.findings if f.severity.value == "error" and f.rule != BLANK_RULE]
        warnings = [f for f in unit.findings if f.severity.value == "warning"]
        assert (unit.errors, unit.warnings) == (len(errors), len(warnings))
    assert result.units[1].blank_ids and not result.units[0].blank_ids
    assert any(f.rule == BLANK_RULE for f in result.units[3].findings)


def _r1_reference(report: Report) -> list[tuple[object, ...]]:
    """R1 as written before it read the applicant columns from the input cells: every value
    from ``Report.values()``."""
    from desktop.template import T3_BALANCES, TOTAL

    vals = report.values()
    printed = report.printed_totals
    out = []
    for b in T3_BALANCES:
        ids, note = b.ids, ""
        if b.column == TOTAL:
            if not any(printed.get(i) is not None for i in ids):
                continue
            nums = [printed.get(i) if printed.get(i) is not None else vals[i] for i in ids]
            note = "（按原报告印出的总计）"
        else:
            nums = [vals[i] for i in ids]
        n, p, t, f = nums
        if n is None or p is None or t is None or f is None or n + p == t + f:
            continue
        cells = (ids[3], ids[0], ids[1], ids[2]) if n + p - t >= 0 else ids
        out.append((b.column, note, n, p, t, f, cells))
    return out


def _assert_r1_as_before(report: Report) -> None:
    found = rules._r1(report, report.values_on_demand())
    ref = _r1_reference(report)
    assert [f.rule for f in found] == ["R1"] * len(ref)
    assert [f.cells for f in found] == [r[-1] for r in ref]
    assert [f.message for f in found] == [rules._r1_message(*r[:-1]) for r in ref]


@given(
    st.lists(st.tuples(st.integers(0, 10**4), st.none() | st.integers(0, 40)), max_size=30),
    st.lists(st.tuples(st.integers(0, 10**4), st.none() | st.integers(0, 400)), max_size=4),
)
def test_r1_from_the_input_cells_as_from_the_values(
    changes: list[tuple[int, int | None]], printed: list[tuple[int, int | None]]
) -> None:
    from desktop.template import T3_BALANCES

    report = example_report()
    t3_inputs = [cid for cid in INPUT_IDS if cid.startswith("t3.")]
    for i, value in changes:
        report.cells[t3_inputs[i % len(t3_inputs)]] = value
    totals = [cid for b in T3_BALANCES for cid in b.ids if cid in COMPUTED_IDS]
    for i, value in printed:
        report.printed_totals[totals[i % len(totals)]] = value
    _assert_r1_as_before(report)


def test_r10_message_names_the_unit_as_it_was_when_checked() -> None:
    from desktop.report import Level, OrgKind
    from desktop.rules import table_findings

    report = example_report(kind=OrgKind.OTHER, level=Level.TOWNSHIP)
    report.set_cell("t2.rules.made", 2)
    found = [f for f in table_findings(report) if f.rule == "R10"]
    report.meta.org_kind, report.meta.level = OrgKind.DEPARTMENT, Level.CITY  # after the check
    assert "本单位是乡镇（街道）单位，" in found[0].message
    assert found[0].cells == ("t2.rules.made",)
    assert "填了本年制发件数 2；" in found[0].message
