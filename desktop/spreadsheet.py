"""Spreadsheets the app writes (.xlsx and .csv): atomic, and user text never becomes a formula.

Every workbook (the 汇总 breakdown, the register export, the review workbook) is built with
openpyxl and saved through ``save_workbook``: a temp file in the same folder, fsynced, then
``os.replace`` with the old file's permissions kept — a kill or a full disk leaves the previous
workbook as it was (openpyxl's own ``save`` truncates the target first).

Text written through ``set_text`` is always a string cell: openpyxl turns any string starting with
``=`` into a formula, and Excel/WPS evaluate ``= + - @`` typed at the start of a cell, so an org
name like ``=HYPERLINK(...)`` would become a live link. Such cells are stored as strings with the
"quote prefix" style (Excel's own ``'`` marker), so editing the cell later keeps it text.
In CSV there is no cell type: ``csv_text`` puts a leading ``'`` before such text, which is what
spreadsheet programs show and what OWASP recommends.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from desktop import safe_write
from desktop.errors import UserError

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# Characters that make a spreadsheet program read a cell as a formula; tab and carriage return
# are included because a CSV field starting with them is trimmed by some importers and the
# following character then starts the cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# What XML 1.0 cannot carry (openpyxl raises IllegalCharacterError on C0 controls; lone
# surrogates fail later when the XML is encoded). The model keeps them out of report text;
# file names and messages can still hold them, so they are shown as U+FFFD here.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel's limit for the text of one cell.
MAX_CELL_CHARS = 32_767


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet program would take ``text`` (typed into a cell) as a formula."""
    return text.startswith(FORMULA_STARTS)


def cell_text(text: str) -> str:
    """``text`` made storable in a workbook cell: characters XML cannot carry shown as U+FFFD,
    cut to Excel's cell limit with a visible ``…``."""
    text = _NOT_XML.sub("\ufffd", text)
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    return text


def set_text(ws: Worksheet, row: int, column: int, text: str) -> Cell:
    """Put ``text`` into a cell as a string cell, never a formula; return the cell."""
    cell = ws.cell(row=row, column=column)
    value = cell_text(text)
    cell.value = value
    if value.startswith(FORMULA_STARTS):
        # openpyxl has just marked it a formula ('f') when it starts with '='.
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def set_value(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """A cell holding a number, None, or text (through ``set_text``)."""
    if isinstance(value, str):
        return set_text(ws, row, column, value)
    return ws.cell(row=row, column=column, value=value)


def csv_text(text: str) -> str:
    """A CSV field for user text: a leading ``'`` when a spreadsheet would read a formula."""
    return "'" + text if looks_like_formula(text) else text


def save_workbook(wb: Workbook, path: str | Path, *, force: bool = False, what: str = "") -> None:
    """Save ``wb`` atomically at ``path``, keeping the old file's permissions.

    Raises UserError with a Chinese message (``what`` names the workbook, e.g. 明细表) when the
    file cannot be written; the previous file is then untouched.
    """
    path = Path(path)

    def write(f: BinaryIO) -> None:
        wb.save(f)  # openpyxl writes through zipfile, which takes any binary file object

    try:
        safe_write.atomic_write(path, write, force=force)
    except OSError as exc:
        err = safe_write.write_error(path, exc, "保存" + what if what else "保存")
        raise UserError(err.message) from None
