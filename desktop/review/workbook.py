"""The review workbook (审核结果.xlsx): 汇总, 问题清单 and, with a roster, 缺报.

Every sheet has its header frozen, an auto-filter, set column widths and wrapped text, so a
reviewer can sort and filter fifty units' findings without formatting anything first.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from desktop.findings import Finding, Severity
from desktop.place import Place, PlaceKind
from desktop.review.collect import ReviewResult, Status, UnitReview
from desktop.spreadsheet import cell_text, looks_like_formula
from desktop.template import CELL_BY_ID, SECTION_TITLES

SUMMARY_HEADER = ("单位", "机关类型", "层级", "年度", "文件", "状态", "错误", "警告")
FINDINGS_HEADER = ("单位", "位置", "问题", "建议修改", "错误/警告", "规则", "文件")
MISSING_HEADER = ("单位", "情况", "说明")
SUMMARY_WIDTHS = (30, 10, 12, 7, 36, 9, 7, 7)
FINDINGS_WIDTHS = (26, 26, 60, 44, 10, 8, 30)
MISSING_WIDTHS = (32, 16, 60)
LINE_POINTS = 16  # one line of 11 pt text, CJK glyphs included

MISSING = "缺报"
NOT_ON_ROSTER = "不在名单上"
MAYBE_SAME = "可能是同一单位"
CONFIRMED = "已确认为同一单位"

_FIELD_PLACES: dict[Place, str] = {
    Place.opening(): "开头段落",
    Place.title(): "标题",
    Place.meta("published"): "基本信息 发布日期",
    Place.meta("year"): "基本信息 报告年度",
    Place.info_fee(): f"{SECTION_TITLES[5]}（信息处理费）",
    Place.previous(): "上年度报告",
    Place.structure(): "各部分标题",
}
# Where a message turns from the problem to the fix: its last “；” clause, or a sentence or
# clause that starts with 请 / 如果 / 如是.
_FIX_RE = re.compile(r"[；。，](?=请|如果|如是|如有|若)")


def place_of(finding: Finding) -> str:
    """Where a finding is, in words a reviewer knows (表三 … / 一、总体情况 / 开头段落)."""
    if finding.cells:
        first = CELL_BY_ID[finding.cells[0]].describe()
        return first if len(finding.cells) == 1 else f"{first} 等 {len(finding.cells)} 格"
    for f in finding.fields:
        if f in _FIELD_PLACES:
            return _FIELD_PLACES[f]
        if f.section is None or not f.is_prose:
            continue
        if f.kind is PlaceKind.TABLE_INTRO:
            return f"{SECTION_TITLES[f.section - 1]} 表前说明"
        return SECTION_TITLES[f.section - 1]
    return "全文"


def split_fix(message: str) -> tuple[str, str]:
    """(问题, 建议修改): the fix is the message's last “；” clause, else from “请/如果…” on."""
    if "；" in message:
        head, _, tail = message.rpartition("；")
        return head, tail.rstrip("。")
    matches = list(_FIX_RE.finditer(message))
    if matches:
        # A fix sentence (“。如是……”) starts at its first sentence; a fix clause (“，请……”)
        # is the last clause.
        sentences = [m for m in matches if m.group(0) == "。"]
        m = sentences[0] if sentences else matches[-1]
        return message[: m.start()], message[m.end() :].rstrip("。")
    return message, ""


def finding_rows(unit: UnitReview) -> Iterator[tuple[str, str, str, str, str, str, str]]:
    """The 问题清单 rows of one unit (an unreadable file is one error row)."""
    if unit.report is None:
        yield (
            unit.name,
            "文件",
            f"文件无法读取：{unit.error}",
            "请该单位重新报送可以打开的文件（年报软件的 .nianbao 文件或 Word 文档）",
            Severity.ERROR.label,
            "",
            unit.rel,
        )
        return
    for f in unit.findings:
        problem, fix = split_fix(f.message)
        yield (unit.name, place_of(f), problem, fix, f.severity.label, f.rule, unit.rel)


def missing_rows(result: ReviewResult) -> list[tuple[str, str, str]]:
    """The 缺报 sheet: roster units without a report, reports not on the roster, near-misses."""
    rows: list[tuple[str, str, str]] = []
    for name in result.missing:
        near = [u for m, u in result.maybe_same if m == name]
        note = "名单上有此单位，但没有收到它的报告" + (
            f"（“{'”“'.join(near)}”的报告可能就是它，见下）" if near else ""
        )
        rows.append((name, MISSING, note))
    for name in result.extra:
        rows.append((name, NOT_ON_ROSTER, "收到了这个单位的报告，但名单上没有它"))
    for roster_name, unit_name in result.confirmed:
        rows.append(
            (
                f"{roster_name} / {unit_name}",
                CONFIRMED,
                f"名单上的“{roster_name}”与报告中的“{unit_name}”名称不同，审核人已确认是同一单位",
            )
        )
    for roster_name, unit_name in result.maybe_same:
        rows.append(
            (
                f"{roster_name} / {unit_name}",
                MAYBE_SAME,
                f"名单上的“{roster_name}”与报告中的“{unit_name}”名称相近（全称与简称？），"
                "未自动认定为同一单位，请核对；是同一单位的，请统一名称后重新审核",
            )
        )
    return rows


def summary_rows(result: ReviewResult) -> list[tuple[Any, ...]]:
    """The 汇总 sheet: one row per file, then one per roster unit without a report."""
    rows: list[tuple[Any, ...]] = []
    for u in result.units:
        r = u.report
        if r is None:
            rows.append((u.name, "", "", "", u.rel, Status.UNREADABLE.value, 1, 0))
            continue
        meta = r.meta
        rows.append(
            (
                u.name,
                meta.org_kind.value,
                meta.level.value,
                meta.year,
                u.rel,
                u.status.value,
                u.errors,
                u.warnings,
            )
        )
    for name in result.missing:
        rows.append((name, "", "", "", "", Status.MISSING.value, "", ""))
    return rows


def _sheet(
    wb: Any,
    title: str,
    header: Sequence[str],
    widths: Sequence[int],
    rows: Sequence[Sequence[Any]],
) -> str:
    """One sheet of a write-only workbook: openpyxl writes the sheet's settings and its
    header; the body rows are returned as XML to go into its ``sheetData`` (``_fill``).

    Why not openpyxl's cells for the body: a styled write-only cell costs ~0.1 ms to build
    and write, and a review of 500 units has thousands of findings: the workbook took as long
    as the whole merge of the same units. The rows written here are what openpyxl writes for
    its own cells (inline strings, the same style indexes) and are read back by openpyxl,
    LibreOffice and Excel alike (tests/core/test_review_cli.py)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    # Printed (or opened as PDF) on landscape A4, all columns on one page width, the header
    # repeated on every page: a reviewer prints the 问题清单 to work through it.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4 (openpyxl: Worksheet.PAPERSIZE_A4)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    last = get_column_letter(len(header))
    ws.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 1)}"
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head = [WriteOnlyCell(ws, value=h) for h in header]
    for c in head:
        c.border, c.font = border, Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws.append(head)
    # The body's two styles, registered with the workbook through model cells: wrapped text
    # with borders, and the same marked as text (Excel's ' prefix) for a value that starts
    # like a formula — a unit name or a quoted sentence starting with “=” stays a string.
    body, as_text = WriteOnlyCell(ws), WriteOnlyCell(ws)
    body.border = as_text.border = border
    body.alignment = as_text.alignment = Alignment(wrap_text=True, vertical="top")
    as_text.quotePrefix = True
    styles = (body.style_id, as_text.style_id)
    columns = [get_column_letter(col) for col in range(1, len(header) + 1)]
    out: list[str] = []
    # A column repeats its values (the unit on each of its findings, 错误/警告, the rule's
    # advice): each value's cell XML (after its reference) and line count are made once.
    cells: dict[tuple[type, Any], str] = {}
    heights: dict[tuple[type, Any, int], int] = {}
    for r, row in enumerate(rows, start=2):
        # Excel, WPS and LibreOffice do not grow a row for wrapped text on opening a file:
        # the height is set from the longest cell, or a long 问题 shows as one cut-off line.
        lines = 1
        for v, w in zip(row, widths, strict=False):
            key = (v.__class__, v, w)
            n = heights.get(key)
            if n is None:
                n = heights[key] = _lines(v, w)
            lines = max(lines, n)
        height = f' ht="{lines * LINE_POINTS}" customHeight="1"' if lines > 1 else ""
        out.append(f'<row r="{r}"{height}>')
        for col, v in zip(columns, row, strict=False):
            tail = cells.get((v.__class__, v))
            if tail is None:
                tail = cells[(v.__class__, v)] = _cell_tail(v, styles)
            out.append(f'<c r="{col}{r}"{tail}')
        out.append("</row>")
    return "".join(out)


_XML_SPECIAL = re.compile("[&<>\r]")
_XML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}


def _cell_tail(value: Any, styles: tuple[int, int]) -> str:
    """A body cell's XML after its reference, as openpyxl writes it: an inline string, a
    number or an empty cell."""
    if value is None or value == "":
        return f' s="{styles[0]}"/>'
    if isinstance(value, str):
        text = cell_text(value)
        s = styles[1] if looks_like_formula(text) else styles[0]
        space = ' xml:space="preserve"' if text != text.strip() else ""
        # (a search, and a substitution only where needed: str.translate steps through
        # non-ASCII text a character at a time)
        if _XML_SPECIAL.search(text):
            text = _XML_SPECIAL.sub(lambda m: _XML_ESCAPES[m.group()], text)
        return f' s="{s}" t="inlineStr"><is><t{space}>{text}</t></is></c>'
    if isinstance(value, int) and not isinstance(value, bool):
        return f' s="{styles[0]}" t="n"><v>{value}</v></c>'
    raise TypeError(f"unexpected cell value {value!r}")


# East Asian wide and full-width characters (unicodedata's W and F) of the BMP; characters
# beyond it are measured one by one (rare: CJK extension B and later, emoji).
@functools.cache
def _wide_re() -> re.Pattern[str]:
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):  # from 0: this Python calls unassigned code points wide
        if unicodedata.east_asian_width(chr(code)) in "WF":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]")


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _lines(value: Any, width: int) -> int:
    """How many lines a value wraps to in a column ``width`` characters wide (a Chinese
    character is two wide)."""
    if not isinstance(value, str) or 2 * len(value) <= width - 1:
        return 1  # fits even if every character is wide
    # One regex count instead of a Python step per character (thousands of findings).
    chars = len(value) + _wide_re().subn("", value)[1]
    for ch in _ASTRAL.findall(value):
        chars += unicodedata.east_asian_width(ch) in "WF"
    return -(-chars // max(width - 1, 1))


def _fill(data: bytes, bodies: dict[str, str]) -> bytes:
    """The saved workbook with each sheet's body rows put into its ``sheetData``."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            rows = bodies.get(info.filename)
            if rows:
                xml = content.decode("utf-8")
                assert xml.count("</sheetData>") == 1, info.filename
                content = xml.replace("</sheetData>", rows + "</sheetData>").encode("utf-8")
            dst.writestr(info, content)
    return buf.getvalue()


def workbook_bytes(result: ReviewResult) -> bytes:
    """The workbook as .xlsx bytes."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    sheets: list[tuple[str, Sequence[str], Sequence[int], Sequence[Sequence[Any]]]] = [
        ("汇总", SUMMARY_HEADER, SUMMARY_WIDTHS, summary_rows(result))
    ]
    rows = [row for u in result.units for row in finding_rows(u)]
    sheets.append(("问题清单", FINDINGS_HEADER, FINDINGS_WIDTHS, rows))
    if result.roster is not None:
        sheets.append(("缺报", MISSING_HEADER, MISSING_WIDTHS, missing_rows(result)))
    bodies = [_sheet(wb, *sheet) for sheet in sheets]
    buf = io.BytesIO()
    wb.save(buf)
    # A sheet's part name is known once saved (xl/worksheets/sheetN.xml).
    parts = {ws.path.lstrip("/"): body for ws, body in zip(wb.worksheets, bodies, strict=True)}
    return _fill(buf.getvalue(), parts)


def write_workbook(result: ReviewResult, path: str | Path, *, force: bool = False) -> None:
    """Save the workbook atomically (the old file stays as it was if writing fails); raises
    UserError with a Chinese message."""
    from desktop import safe_write
    from desktop.errors import UserError

    # The bytes first: a write-only workbook whose save is never finished leaves open XML
    # writers behind. Then the same atomic write as desktop.spreadsheet.save_workbook.
    data = workbook_bytes(result)
    try:
        safe_write.atomic_write_bytes(path, data, force=force)
    except OSError as exc:
        raise UserError(safe_write.write_error(Path(path), exc, "保存审核结果表").message) from None
