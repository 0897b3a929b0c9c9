"""``nianbao accept-totals FILE``: replace the totals printed in an imported report by the
computed ones wherever they can be computed (a total with a blank cell keeps its printed value)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.commands._common import add_command, load_report_file

HELP = "改用软件计算的合计（放弃导入时原文印出的合计）"


def register(subparsers: Any) -> None:
    """Add ``accept-totals`` to the command line."""
    p = add_command(
        subparsers,
        "accept-totals",
        HELP,
        HELP + "。导入的报告保存了原文印出的合计，检查时会指出与各项之和不符之处；"
        "核对后运行本命令，合计即由软件按各项计算。",
    )
    p.add_argument("file", metavar="文件", help="导入生成的年报文件（.nianbao）")
    p.add_argument(
        "-o",
        "--output",
        default=None,
        metavar="新文件.nianbao",
        help="另存为新文件；不写则保存回原文件（原文件另存为 .bak）",
    )
    p.add_argument(
        "--force", action="store_true", help="-o 给出的文件已存在时覆盖它；文件被设为只读时仍然写入"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Replace the printed totals that can be computed, keep the rest, save; 0 on success."""
    from desktop.commands.outputs import NIANBAO, check_outputs
    from desktop.importers.summary import differing_totals, totals_kept_on_accept
    from desktop.project_file import save_report

    # Without -o the command edits the file it was given (its purpose; the old version is kept
    # as .bak); -o names a new file, checked like every other output.
    target = args.file
    if args.output is not None:
        [checked] = check_outputs(
            [(args.output, NIANBAO)], force=args.force, inputs=[Path(args.file)]
        )
        assert checked is not None
        target = checked
    report = load_report_file(args.file)
    kept = totals_kept_on_accept(report)
    if not report.printed_totals:
        print(f"“{args.file}”中没有原文印出的合计，合计已经由软件计算，无需处理。")
        return 0
    if len(kept) == len(report.printed_totals):
        print(
            f"“{args.file}”中原文印出的 {len(kept)} 个合计都有空白的分项，软件算不出，"
            "全部保留，未做改动。填好空白单元格后再运行本命令。"
        )
        return 0
    differ = differing_totals(report)
    report.printed_totals = kept
    save_report(report, target, force=args.force)
    print(f"已改用软件计算的合计，并保存到“{target}”。")
    if kept:
        print(
            f"有 {len(kept)} 个合计的分项中有空白单元格，软件算不出，仍保留原文印出的数字"
            "（填好空白单元格后可再运行本命令）。"
        )
    if differ:
        names = "、".join(place.template_cell.describe() for place in differ[:8])
        more = f" 等 {len(differ)} 处" if len(differ) > 8 else ""
        print(f"与原文印出的合计不同的有：{names}{more}。")
    return 0
