"""``nianbao dump``: print all 200 cells as JSON or CSV (computed cells included)."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path
from typing import Any

from desktop.commands._common import add_command, load_report_file
from desktop.numbers import number_text
from desktop.report import Report
from desktop.spreadsheet import csv_text
from desktop.template import CELL_BY_ID, TABLE_NUMBERS


def register(subparsers: Any) -> None:
    """Add ``dump`` to the command line."""
    p = add_command(
        subparsers,
        "dump",
        "输出全部 200 个单元格的数值",
        "输出年报三张表格全部 200 个单元格的数值（含合计）。json：单元格编号到数值的对象，"
        "未填为 null；合计能由各项算出时为计算值，否则为导入时原文印出的合计。"
        "csv：单元格编号、表格、行、列、数值、来源（输入、计算或原文印出），可用 Excel 打开。",
    )
    p.add_argument("file", metavar="文件", help="年报文件（.nianbao）")
    p.add_argument(
        "--format",
        choices=("json", "csv"),
        default="json",
        help="输出格式：json（默认）或 csv",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="输出文件",
        help="写入该文件（扩展名须与格式一致：.json 或 .csv），不写则输出到屏幕",
    )
    p.add_argument(
        "--sources",
        action="store_true",
        help="json 中同时给出每个数值的来源：输入、计算或原文印出",
    )
    p.add_argument("--force", action="store_true", help="输出文件已存在（或被设为只读）时覆盖它")
    p.set_defaults(func=run)


def cells_json(report: Report, sources: bool = False) -> str:
    """One JSON object: every cell id in template order → the number the report holds (a total
    computed where it can be, else as the imported source printed it) or null. With
    ``sources``: ``{"cells": {…}, "sources": {cell id: "输入" | "计算" | "原文印出"}}``."""
    held = report.held_values()
    lines = [
        f'  "{cid}": {"null" if v is None else number_text(v)}' for cid, (v, _) in held.items()
    ]
    if not sources:
        return "{\n" + ",\n".join(lines) + "\n}\n"
    cells = "{\n" + ",\n".join("  " + ln for ln in lines) + "\n  }"
    where = ",\n".join(f'    "{cid}": "{src}"' for cid, (_, src) in held.items())
    return '{\n  "cells": ' + cells + ',\n  "sources": {\n' + where + "\n  }\n}\n"


def cells_csv(report: Report) -> str:
    """CSV text (no BOM): a header row, then id, table, row label, column label, value and
    where the value comes from (输入 / 计算 / 原文印出)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(("单元格编号", "表格", "行", "列", "数值", "来源"))
    for cid, (value, src) in report.held_values().items():
        cell = CELL_BY_ID[cid]
        shown = "" if value is None else number_text(value)
        table = f"表{TABLE_NUMBERS[cell.table]}"
        # Labels go through csv_text like any text a spreadsheet could take for a formula.
        row = (cid, table, csv_text(cell.row_label), csv_text(cell.col_label), shown, src)
        writer.writerow(row)
    return buf.getvalue()


def run(args: argparse.Namespace) -> int:
    """Write the cells to the output file or standard output."""
    from desktop.commands.outputs import check_outputs, dump_kind
    from desktop.project_file import atomic_write_bytes, write_error

    target = None
    if args.output:
        [target] = check_outputs(
            [(args.output, dump_kind(args.format))], force=args.force, inputs=[Path(args.file)]
        )
    report = load_report_file(args.file)
    if args.format == "json":
        data = cells_json(report, args.sources).encode("utf-8")
    else:
        # The BOM makes Excel read the file as UTF-8 instead of the legacy code page.
        data = cells_csv(report).encode("utf-8-sig")
    if target is not None:
        try:
            atomic_write_bytes(target, data, force=args.force)
        except OSError as exc:
            # The project file's wording of write errors (no permission, disk full, folder gone).
            raise write_error(target, exc) from None
        print(f"已写入：{target}")
        return 0
    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)
    if out is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        out.write(data)
        out.flush()
    return 0
