"""``nianbao import REPORT -o FILE.nianbao``: bring a published report (Word, web page, PDF,
Markdown, text)
into the app, saying what was recovered, what was left blank and why, and what to check."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.commands._common import add_command

HELP = "导入已有的年报（Word 文档、网页、PDF、Markdown 或文本），生成年报文件"


def register(subparsers: Any) -> None:
    """Add ``import`` to the command line."""
    p = add_command(
        subparsers,
        "import",
        HELP,
        HELP + "。支持 .docx、.html/.htm、.pdf（有文字层的 PDF，扫描件不行）、.md 和 .txt"
        "（从网页或 PDF 复制的文字）。"
        "按2021年格式的表格标题识别数字；原文没有、或无法唯一确定的数字一律留空，不会猜测。"
        "原文印出的合计原样保存，检查时会指出与各项之和不符之处；"
        "核对后可用 nianbao accept-totals 改用软件计算的合计。",
    )
    p.add_argument(
        "source", metavar="原报告", help="要导入的报告文件（.docx、.html、.htm、.pdf、.md、.txt）"
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="年报文件.nianbao", help="导入结果保存到哪里"
    )
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import, save, print the summary; 0 on success (findings do not make it fail)."""
    from desktop.commands.outputs import NIANBAO, check_outputs
    from desktop.importers import import_report
    from desktop.importers.summary import summary_lines, summary_sections
    from desktop.project_file import save_report

    source = Path(args.source)
    [out] = check_outputs([(args.output, NIANBAO)], force=args.force, inputs=[source])
    assert out is not None
    result = import_report(source)
    save_report(result.report, out, force=args.force)

    print(f"已导入：{source.name} → {out}")
    print("\n".join(summary_lines(summary_sections(result))))
    if result.report.printed_totals:
        print(
            "\n原文印出的合计已原样保存；核对无误后，可运行 "
            f"nianbao accept-totals {out} 改用软件计算的合计。"
        )
    return 0
