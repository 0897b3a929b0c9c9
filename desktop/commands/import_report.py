"""``nianbao import REPORT -o FILE.nianbao``: bring a published report (Word, web page, text)
into the app, saying what was recovered, what was left blank and why, and what to check."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.commands._common import add_command
from desktop.errors import UserError

HELP = "导入已有的年报（Word 文档、网页或文本），生成年报文件"
# Rows with blank cells are named up to this many per reason, then counted.
_ROWS_LISTED = 6


def register(subparsers: Any) -> None:
    """Add ``import`` to the command line."""
    p = add_command(
        subparsers,
        "import",
        HELP,
        HELP + "。支持 .docx、.html/.htm 和 .txt（从网页或 PDF 复制的文字）。"
        "按2021年格式的表格标题识别数字；原文没有、或无法唯一确定的数字一律留空，不会猜测。"
        "原文印出的合计原样保存，检查时会指出与各项之和不符之处；"
        "核对后可用 nianbao accept-totals 改用软件计算的合计。",
    )
    p.add_argument("source", metavar="原报告", help="要导入的报告文件（.docx、.html、.htm、.txt）")
    p.add_argument(
        "-o", "--output", required=True, metavar="年报文件.nianbao", help="导入结果保存到哪里"
    )
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import, save, print the summary; 0 on success (findings do not make it fail)."""
    from desktop.importers import import_report
    from desktop.project_file import save_report
    from desktop.rules import check
    from desktop.template import CELL_BY_ID, TABLE_NUMBERS

    source = Path(args.source)
    out = Path(args.output)
    if out.suffix.lower() != ".nianbao":
        raise UserError(f"输出文件“{out}”应以 .nianbao 结尾，请换一个文件名。")
    if out.exists() and not args.force:
        raise UserError(f"文件“{out}”已存在，未做任何改动。请换一个文件名，或加上 --force 覆盖它。")
    result = import_report(source)
    save_report(result.report, out)

    print(f"已导入：{source.name} → {out}")
    print("\n找到的内容：")
    for line in result.recovered:
        print(f"  · {line}")
    if result.notes:
        print("\n说明：")
        for line in result.notes:
            print(f"  · {line}")
    if result.blanks:
        print(f"\n留空的单元格 {len(result.blanks)} 个（原文没有或无法确定，请对照原文填写）：")
        by_reason: dict[str, list[str]] = {}
        for cid, why in result.blanks.items():
            by_reason.setdefault(why, []).append(cid)
        for why, ids in by_reason.items():
            rows: list[str] = []
            for cid in ids:
                cell = CELL_BY_ID[cid]
                name = f"表{TABLE_NUMBERS[cell.table]} {cell.short_row}"
                if name not in rows:
                    rows.append(name)
            listed = "、".join(rows[:_ROWS_LISTED])
            more = f" 等 {len(rows)} 行" if len(rows) > _ROWS_LISTED else ""
            print(f"  · {why}：{listed}{more}（{len(ids)} 个单元格）")
    if result.unmapped:
        print("\n原文中无法对应到2021年格式的内容（未导入）：")
        for line in result.unmapped:
            print(f"  · {line}")
    findings = list(result.source_findings) + check(result.report)
    if not findings:
        print("\n检查结果：没有发现问题。")
    else:
        print(f"\n检查结果 {len(findings)} 项：")
        for i, f in enumerate(findings, start=1):
            print(f"  {i}. {f.severity.label}：{f.message}（{f.rule}）")
    if result.report.printed_totals:
        print(
            "\n原文印出的合计已原样保存；核对无误后，可运行 "
            f"nianbao accept-totals {out} 改用软件计算的合计。"
        )
    return 0
