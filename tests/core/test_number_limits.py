"""Spec §10: one number check for typing, paste, import, merge and file load — what is accepted,
what a file may hold flagged, what is refused outright — with one message wherever it enters,
and a value shown and exported exactly as stored."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from import_texts import HUAIAN, expected, pipes, report_text

from desktop.cli import main
from desktop.export_common import format_value
from desktop.importers import import_report
from desktop.merge import MergeError, merge_reports
from desktop.numbers import (
    Entry,
    NumberKind,
    NumberRefused,
    check_number,
    format_number,
    needs_review,
)
from desktop.project_file import ProjectFileError, load_report, report_from_json, save_report
from desktop.report import coerce_cell_value
from desktop.resources import example_path
from desktop.rules import check
from desktop.template import CELL_BY_ID

ROOT = Path(__file__).resolve().parents[2]
COUNT, WAN, YUAN = NumberKind.COUNT, NumberKind.WAN, NumberKind.YUAN
TYPED, STORED = Entry.TYPED, Entry.STORED
NATURAL = "t3.new.natural"


@pytest.mark.parametrize(
    ("kind", "text", "typed", "stored"),
    [
        # counts: typed 0…999,999,999; separators and full-width digits read
        (COUNT, "0", 0, 0),
        (COUNT, "999999999", 999_999_999, 999_999_999),
        (COUNT, "14,356", 14356, 14356),
        (COUNT, "１２３", 123, 123),
        (COUNT, "1234567890", "太大", 1_234_567_890),  # 10 digits: a file keeps it
        (COUNT, "123456789012345", "太大", 123_456_789_012_345),  # 15 digits
        (COUNT, "1234567890123456", "超过 15 位", "超过 15 位"),
        (COUNT, "12.5", "整数", "整数"),
        (COUNT, "-5", "负数", "负数"),
        (COUNT, "1e5", "科学计数法", "科学计数法"),
        (COUNT, "NaN", "不是数字", "不是数字"),
        (COUNT, "Infinity", "不是数字", "不是数字"),
        (COUNT, "十二", "不是数字", "不是数字"),
        # 万元: up to 6 decimals typed, more kept from a file; ≤ 15 significant digits
        (WAN, "24252.311082", Decimal("24252.311082"), Decimal("24252.311082")),
        (WAN, "12.50", Decimal("12.50"), Decimal("12.50")),
        (WAN, "1.1234567", "6 位小数", Decimal("1.1234567")),
        (WAN, "1234567890.1234567", "有效数字", "有效数字"),
        (WAN, "-1", "负数", "负数"),
        (WAN, "1E3", "科学计数法", "科学计数法"),
        (WAN, "inf", "不是数字", "不是数字"),
        # 元: up to 2 decimals typed
        (YUAN, "30.5", Decimal("30.5"), Decimal("30.5")),
        (YUAN, "30.505", "2 位小数", Decimal("30.505")),
        (YUAN, "-5", "负数", "负数"),
    ],
)
def test_the_table_of_spec_10(kind: NumberKind, text: str, typed: object, stored: object) -> None:
    for entry, want in ((TYPED, typed), (STORED, stored)):
        if isinstance(want, str):
            with pytest.raises(NumberRefused, match=want) as info:
                check_number(text, kind, "某处", entry)
            assert str(info.value).startswith("某处：")
        else:
            got = check_number(text, kind, "某处", entry)
            assert got == want and str(got) == str(want)  # as written: 12.50 stays 12.50
            # Flagged exactly when typing would not have taken it.
            assert needs_review(got, kind) is isinstance(typed, str)


def test_python_values_go_through_the_same_check() -> None:
    assert check_number(7, COUNT, "x", STORED) == 7
    assert check_number(Decimal("5"), COUNT, "x", STORED) == 5
    assert check_number(3.0, COUNT, "x", STORED) == 3
    for bad in (True, -1, 10**16, Decimal("1E+100000000"), Decimal("NaN"), float("inf"), 2.5):
        with pytest.raises(NumberRefused):
            check_number(bad, COUNT, "x", STORED)
    assert check_number(Decimal("1E+100000000") * 0, WAN, "x", STORED) == 0


def test_a_gigantic_number_is_refused_from_its_text_at_once() -> None:
    # A 100 000-digit literal and a huge exponent: refused from the text, no arithmetic.
    with pytest.raises(NumberRefused, match="超过 15 位"):
        check_number("9" * 100_000, COUNT, "x", STORED)
    with pytest.raises(NumberRefused, match="科学计数法"):
        check_number("1e100000000", WAN, "x", STORED)


def _file_with(tmp_path: Path, name: str, edit: str, value: str) -> Path:
    """The example file with the JSON literal of ``edit`` replaced by ``value`` as written."""
    text = example_path().read_text(encoding="utf-8")
    if edit == "info_fee_yuan":
        doc = json.loads(text)
        doc["info_fee_yuan"] = "@@"
        text = json.dumps(doc, ensure_ascii=False, indent=2)
    else:
        doc = json.loads(text)
        doc["cells"][edit] = "@@"
        text = json.dumps(doc, ensure_ascii=False, indent=2)
    path = tmp_path / name
    path.write_text(text.replace('"@@"', value), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("field", "value", "named", "reason"),
    [
        ("info_fee_yuan", "-5", "信息处理费", "负数"),
        (NATURAL, "1e100000000", "自然人", "科学计数法"),
        (NATURAL, "9" * 6000, "自然人", "超过 15 位"),
        (NATURAL, "-3", "自然人", "负数"),
        (NATURAL, "2.5", "自然人", "整数"),
        ("t2.fees", "NaN", "行政事业性收费", "不是"),
    ],
)
def test_a_file_with_a_refused_number_exits_2_naming_the_field(
    tmp_path: Path, field: str, value: str, named: str, reason: str
) -> None:
    path = _file_with(tmp_path, "坏数字.nianbao", field, value)
    # A separate process with a time limit: 1e100000000 must not hang the program.
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "check", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert named in proc.stderr and reason in proc.stderr
    assert "Traceback" not in proc.stderr
    with pytest.raises(ProjectFileError) as info:
        load_report(path)
    # The same words as typing it (the check's message is inside the file's message).
    kind = YUAN if field == "info_fee_yuan" else (WAN if field == "t2.fees" else COUNT)
    where = "信息处理费" if field == "info_fee_yuan" else CELL_BY_ID[field].describe()
    with pytest.raises(NumberRefused) as typed:
        check_number(value, kind, where, TYPED)
    assert str(typed.value) in str(info.value)


def test_a_file_with_a_13_digit_count_keeps_it_flagged(tmp_path: Path, capsys) -> None:
    path = _file_with(tmp_path, "大数.nianbao", NATURAL, "1234567890123")
    report = load_report(path)
    assert report.cells[NATURAL] == 1_234_567_890_123
    flagged = [f for f in check(report) if f.rule == "R5"]
    assert [f.cells for f in flagged] == [(NATURAL,)]
    assert flagged[0].severity.value == "warning" and "请核对" in flagged[0].message
    # Saved and loaded again unchanged; `check` says it (exit 1 for the R1 error it causes).
    save_report(report, tmp_path / "again.nianbao")
    assert load_report(tmp_path / "again.nianbao").cells[NATURAL] == 1_234_567_890_123
    assert main(["check", str(path)]) == 1
    assert "1234567890123 超过 9 位" in capsys.readouterr().out


def test_an_import_with_a_13_digit_count_keeps_it_flagged(tmp_path: Path) -> None:
    text = report_text(expected(HUAIAN), pipes)
    assert "行政许可 | 447228 |" in text
    text = text.replace("行政许可 | 447228 |", "行政许可 | 4472281234567 |")
    source = tmp_path / "report.txt"
    source.write_text(text, encoding="utf-8")
    result = import_report(source)
    assert result.report.cells["t2.license"] == 4_472_281_234_567
    assert any(f.rule == "R5" and f.cells == ("t2.license",) for f in check(result.report))


def test_amounts_are_stored_shown_and_saved_as_written(tmp_path: Path) -> None:
    report = load_report(example_path())
    report.set_cell("t2.fees", "12.50")
    report.info_fee_yuan = Decimal("30.00")
    path = tmp_path / "a.nianbao"
    save_report(report, path)
    text = path.read_text(encoding="utf-8")
    assert '"t2.fees": 12.50' in text and '"info_fee_yuan": 30.00' in text
    again = load_report(path)
    assert str(again.cells["t2.fees"]) == "12.50"
    assert format_value(again.cells["t2.fees"]) == format_number(Decimal("12.50")) == "12.50"


def test_merge_refuses_a_sum_past_the_limit_with_the_same_words(tmp_path: Path) -> None:
    base = load_report(example_path())
    base.cells[NATURAL] = 999_999_999_999_999  # 15 digits: a file may hold it
    other = base.model_copy(deep=True)
    other.meta.org_name = "另一个单位"
    with pytest.raises(MergeError) as info:
        merge_reports([(tmp_path / "a.nianbao", base), (tmp_path / "b.nianbao", other)], "汇总")
    with pytest.raises(NumberRefused) as same:
        coerce_cell_value(NATURAL, 2 * 999_999_999_999_999)
    assert str(same.value) in str(info.value)


def test_recovery_copies_read_numbers_the_same_way(tmp_path: Path) -> None:
    text = (
        example_path()
        .read_text(encoding="utf-8")
        .replace('"t3.new.natural": 11', '"t3.new.natural": 1e100000000')
    )
    assert "1e100000000" in text
    with pytest.raises(ProjectFileError, match="科学计数法"):
        report_from_json(text, "x.nianbao")
