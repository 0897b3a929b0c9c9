"""Random text typed into a table cell or pasted as a block: the cell takes a valid number or
the edit is refused with a Chinese message naming the cell — never an exception, never a
half-applied paste."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from desktop.template import AMOUNT_IDS
from ui.document import Document
from ui.table_model import parse_cell_text
from ui.table_view import ReportTableView

_CJK = re.compile(r"[\u4e00-\u9fff]")
_typed = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789０１２３４５６７８９.,，。-+eE _万元件\t\n", max_size=25),
    st.from_regex(r"\A[+-]?\d{0,45}(\.\d{0,8})?([eE][+-]?\d{1,12})?\Z"),
)
COUNT_ID = "t3.new.natural"
AMOUNT_ID = sorted(AMOUNT_IDS)[0]


@settings(max_examples=400, deadline=None)
@given(_typed)
@pytest.mark.timeout(120)
def test_parse_cell_text_gives_a_number_or_a_chinese_error(text: str) -> None:
    for cid in (COUNT_ID, AMOUNT_ID):
        try:
            value = parse_cell_text(cid, text)
        except ValueError as exc:
            assert _CJK.search(str(exc)), str(exc)
            continue
        if value is None:
            assert not text.strip()
        elif cid in AMOUNT_IDS:
            assert isinstance(value, Decimal) and value.is_finite() and value >= 0
        else:
            assert type(value) is int and value >= 0


@pytest.fixture
def view(doc: Document) -> ReportTableView:
    # One view for all of a test's examples: each example undoes what it did.
    return ReportTableView(doc, "t3")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(_typed)
@pytest.mark.timeout(120)
def test_typing_random_text_into_table_3(view: ReportTableView, text: str) -> None:
    model = view.table_model
    doc = model.document
    index = model.index_of(COUNT_ID)
    before = doc.report.cells[COUNT_ID]
    rejected: list[str] = []
    model.editRejected.connect(rejected.append)
    try:
        ok = model.setData(index, text, Qt.ItemDataRole.EditRole)
    finally:
        model.editRejected.disconnect(rejected.append)
    if ok:
        assert doc.report.cells[COUNT_ID] == parse_cell_text(COUNT_ID, text)
        doc.undo_stack.undo()
    else:
        assert rejected and _CJK.search(rejected[0])
    assert doc.report.cells[COUNT_ID] == before


_block = st.lists(st.lists(_typed, min_size=1, max_size=4), min_size=1, max_size=4).map(
    lambda rows: "\n".join("\t".join(cell.replace("\t", " ") for cell in r) for r in rows)
)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(_block)
@pytest.mark.timeout(120)
def test_pasting_a_random_block_is_all_or_nothing(view: ReportTableView, text: str) -> None:
    doc = view.table_model.document
    before = dict(doc.report.cells)
    view.setCurrentIndex(view.table_model.index_of(COUNT_ID))
    messages: list[str] = []
    view.statusMessage.connect(messages.append)
    try:
        ok = view.paste_text(text)
    finally:
        view.statusMessage.disconnect(messages.append)
    assert messages and _CJK.search(messages[-1])
    if ok:
        doc.undo_stack.undo()  # a paste is one undo step
    assert doc.report.cells == before  # a refused paste changed nothing
