"""The review workbook's body rows are written as sheet XML beside openpyxl's header and
settings (a review of 500 units has thousands of findings). These tests hold that writer to
what openpyxl would have written: every value, style and row height read back."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from desktop.findings import Finding, Severity
from desktop.review import workbook
from desktop.review.collect import ReviewResult, UnitReview
from desktop.spreadsheet import cell_text, looks_like_formula
from tests.core.unit_reports import example_report


def plain_lines(value: object, width: int) -> int:
    """The per-character definition the counted one must equal."""
    if not isinstance(value, str) or not value:
        return 1
    chars = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in value)
    return -(-chars // max(width - 1, 1))


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=200), st.integers(1, 80))
def test_wrapped_line_count_equals_the_per_character_count(text: str, width: int) -> None:
    assert workbook._lines(text, width) == plain_lines(text, width)


def test_wrapped_line_count_on_chinese_text() -> None:
    text = "表三“本年新收政府信息公开申请数量”与各项之和不符（全角，ＡＢ１２；😀𠀀）" * 5
    for width in (7, 10, 26, 60):
        assert workbook._lines(text, width) == plain_lines(text, width) > 1
    # below U+1100 too: this Python's unicodedata calls an unassigned code point wide (F)
    assert workbook._lines("\u0a4e\u0378", 2) == plain_lines("\u0a4e\u0378", 2) == 4


TRICKY = [
    "=SUM(A1:A2)",
    "  前后有空格  ",
    "a & b < c > d",
    "换行\n第二行\r第三行",
    "控制字符\x01在此",
    "+86 电话",
    "很长的问题描述，" * 30,
]


def test_body_cells_read_back_as_written(tmp_path: Path) -> None:
    report = example_report("测试县&<局>", 2022)
    unit = UnitReview(path=tmp_path / "a.nianbao", rel="a.nianbao", report=report)
    unit.findings = [Finding("R1", Severity.ERROR, f"{text}；请改正") for text in TRICKY] + [
        Finding("R2", Severity.WARNING, "没有建议的问题")
    ]
    bad = UnitReview(path=tmp_path / "b.nianbao", rel="b.nianbao", error="文件是空的")
    result = ReviewResult(folder=tmp_path, units=[unit, bad])
    data = workbook.workbook_bytes(result)
    # Excel drops a string's outer spaces unless they are marked as kept (openpyxl does not).
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet2.xml").decode()
    assert '<t xml:space="preserve">  前后有空格  </t>' in xml
    wb = load_workbook(io.BytesIO(data))
    ws = wb["问题清单"]
    rows = [list(r) for u in result.units for r in workbook.finding_rows(u)]
    assert ws.max_row == len(rows) + 1 and ws.max_column == len(workbook.FINDINGS_HEADER)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c)
            expected = cell_text(value) if isinstance(value, str) else value
            assert cell.value == (expected or None), (r, c)
            assert cell.data_type == "s" if isinstance(value, str) and value else True
            assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
            assert cell.border.left.style == "thin"
            assert cell.quotePrefix == looks_like_formula(str(expected))
        height = ws.row_dimensions[r].height
        lines = max(plain_lines(v, w) for v, w in zip(row, workbook.FINDINGS_WIDTHS, strict=True))
        assert (height or 0) == (lines * workbook.LINE_POINTS if lines > 1 else 0)
    head = ws["A1"]
    assert head.value == "单位" and head.font.bold and head.fill.fgColor.rgb.endswith("DDEBF7")
    summary = wb["汇总"]
    assert [c.value for c in summary[2]] == [
        "测试县&<局>",
        report.meta.org_kind.value,
        report.meta.level.value,
        2022,
        "a.nianbao",
        "有错误",
        7,
        1,
    ]
    assert summary.cell(2, 4).data_type == "n" and summary.freeze_panes == "A2"
