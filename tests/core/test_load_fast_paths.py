"""The shortcuts taken when a report file is read and checked (issue 17: a merge reads a
thousand files) give what the plain per-cell and per-string code gives."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop import text_gate
from desktop.project_file import (
    FileNumber,
    ProjectFileError,
    load_report,
    report_from_json,
    report_to_json,
    save_report,
)
from desktop.report import Report, coerce_cell_value, new_report, plain_counts
from desktop.resources import example_path
from desktop.template import AMOUNT_IDS, CELL_IDS, INPUT_IDS


def _slow_values(report: Report) -> dict[str, object]:
    return {cid: report.value(cid) for cid in CELL_IDS}


def test_values_match_cell_by_cell_sums_filled_blank_and_amounts() -> None:
    report = load_report(example_path())
    assert report.values() == _slow_values(report)
    assert list(report.values()) == list(CELL_IDS)
    amount = next(iter(AMOUNT_IDS))
    report.set_cell(amount, "12.50")
    report.set_cell("t3.new.natural", None)
    values = report.values()
    assert values == _slow_values(report)
    assert values["t3.new.total"] is None  # a blank source: the total is blank, not partial
    assert report.blank_ids() == ["t3.new.natural"]
    blank = new_report("某局", 2023)
    assert blank.values() == _slow_values(blank)
    assert blank.blank_ids() == list(INPUT_IDS)


@pytest.mark.parametrize(
    ("value", "plain"),
    [(0, True), (7, True), (10**9 - 1, True), (10**9, False), (-1, False), (True, False)],
)
def test_plain_counts_only_for_whole_numbers_typing_accepts(value: object, plain: bool) -> None:
    cells: dict[str, object] = dict.fromkeys(INPUT_IDS, 1)
    cells["t3.new.natural"] = value
    assert plain_counts(cells) is plain


def test_plain_counts_refuses_missing_and_unknown_cells() -> None:
    cells: dict[str, object] = dict.fromkeys(INPUT_IDS, 1)
    del cells["t3.new.natural"]
    assert not plain_counts(cells)
    cells = dict.fromkeys(INPUT_IDS, 1)
    cells["t9.nothing"] = 1
    assert not plain_counts(cells)


def test_cells_read_alike_with_and_without_the_shortcut(tmp_path: Path) -> None:
    report = load_report(example_path())
    doc = json.loads(report_to_json(report), parse_float=FileNumber)
    expected = {cid: coerce_cell_value(cid, v) for cid, v in doc["cells"].items()}
    assert report.cells == expected
    # A count past what typing accepts leaves the shortcut: kept, flagged (R5), not refused.
    doc["cells"]["t3.new.natural"] = 10**12
    doc.update(format="nianbao-report", schema_version=2)
    big = report_from_json(json.dumps(doc, default=str))
    assert big.cells["t3.new.natural"] == 10**12
    # A computed cell among the inputs is still refused, naming it.
    doc["cells"]["t3.new.total"] = 1
    with pytest.raises(ProjectFileError, match=r"t3\.new\.total"):
        report_from_json(json.dumps(doc, default=str))
    amount = next(iter(AMOUNT_IDS))
    assert isinstance(report.cells[amount], Decimal)


def test_strings_with_line_breaks_pass_and_forbidden_ones_are_cleaned(tmp_path: Path) -> None:
    report = load_report(example_path())
    report.prose.s1.lead = "第一段。\n\u3000\u3000第二段。"  # not isprintable(), still clean
    report.prose.s5.lead = "问题XX一"
    path = tmp_path / "r.nianbao"
    save_report(report, path)
    # The model refuses it; a file can still hold one (another program wrote it).
    path.write_text(path.read_text(encoding="utf-8").replace("XX", "\\u0001"), encoding="utf-8")
    back = load_report(path)
    assert back.prose.s1.lead == "第一段。\n\u3000\u3000第二段。"
    assert back.prose.s5.lead == "问题一"
    assert back.removed_text == {"第五部分导语": 1}
    assert text_gate.clean("a\nb\u3000c") == ("a\nb\u3000c", 0)
    assert text_gate.clean("a\ud800b\ufffe") == ("ab", 2)


def test_a_model_built_in_code_still_refuses_forbidden_text() -> None:
    # The validation context that skips the second scan is only passed when a file is read.
    with pytest.raises(ValueError, match="特殊字符"):
        Report.model_validate({"meta": {"org_name": "某\x02局", "year": 2023}})


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ('{"a": "行\\n行\\t\\"引\\" \\/ \\\\"}', True),
        ('{"a": "\\\\ x"}', False),  # an escaped backslash before a space: walked, harmlessly
        ('{"a": "x\\by"}', False),
        ('{"a": "x\\fy"}', False),
        ('{"a": "x\\u0001y"}', False),
        ('{"a": "x\\ud800y"}', False),
        ('{"a": "x\\u00e9y"}', False),  # harmless, but any \\u sends the file through the walk
        ('{"a": "x\x7fy"}', False),
        ('{"a": "x\ufffey"}', False),
        ('{"a": "x\uffffy"}', False),
        ('{"a": "\\\\u0001"}', False),  # an escaped backslash before u: walked, harmlessly
    ],
)
def test_json_text_is_clean_only_when_no_string_can_hold_a_forbidden_char(
    text: str, clean: bool
) -> None:
    assert text_gate.json_text_is_clean(text) is clean


@given(st.text(), st.booleans())
def test_a_clean_json_text_never_decodes_to_a_forbidden_char(value: str, ascii_only: bool) -> None:
    text = json.dumps({"k": value, "l": [value, {"m": value}]}, ensure_ascii=ascii_only)
    if text_gate.json_text_is_clean(text):
        assert text_gate.FORBIDDEN_RE.search(value) is None


def test_a_file_with_an_escaped_control_char_is_still_cleaned(tmp_path: Path) -> None:
    report = load_report(example_path())
    report.meta.contact = "电话：XX"
    path = tmp_path / "r.nianbao"
    save_report(report, path)
    path.write_text(path.read_text(encoding="utf-8").replace("XX", "\\b12"), encoding="utf-8")
    back = load_report(path)
    assert back.meta.contact == "电话：12"
    assert back.removed_text == {"联系方式": 1}


def test_a_file_read_in_short_pieces_loads_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.nianbao"
    save_report(load_report(example_path()), path)
    whole = load_report(path)
    real_read = os.read

    def short_read(fd: int, n: int) -> bytes:
        return real_read(fd, min(n, 7))

    monkeypatch.setattr(os, "read", short_read)
    assert load_report(path) == whole


@given(st.lists(st.sampled_from(INPUT_IDS), max_size=20), st.integers(0, 10**9))
def test_values_on_demand_are_the_values(blanks: list[str], seed: int) -> None:
    report = load_report(example_path())
    for i, cid in enumerate(INPUT_IDS):
        if cid not in AMOUNT_IDS:
            report.cells[cid] = (seed + i * 7919) % 1000
    for cid in blanks:
        report.cells[cid] = None
    on_demand = report.values_on_demand()
    values = report.values()
    for cid in reversed(CELL_IDS):  # totals first: each is summed from the inputs
        assert on_demand[cid] == values[cid]
        assert type(on_demand[cid]) is type(values[cid])
    with pytest.raises(KeyError):
        on_demand["t9.nothing"]


def test_a_leading_bom_is_dropped_once(tmp_path: Path) -> None:
    path = tmp_path / "r.nianbao"
    data = save_report(load_report(example_path()), path)
    path.write_bytes(b"\xef\xbb\xbf" + data)
    assert load_report(path) == load_report(example_path())
    path.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + data)  # a second one is no JSON
    with pytest.raises(ProjectFileError, match="第 1 行第 1 列格式错误"):
        load_report(path)
