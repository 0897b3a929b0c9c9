"""``nianbao next LAST.nianbao -o NEW.nianbao``: start next year's report from last year's."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.commands._common import add_command, load_report_file
from desktop.errors import UserError

HELP = "由上年度报告创建下一年度报告（结转数据、沿用正文）"


def register(subparsers: Any) -> None:
    """Add the ``next`` subcommand."""
    p = add_command(
        subparsers,
        "next",
        HELP,
        HELP + "。新报告的“上年结转”各列取自上年度报告的“结转下年度”，其余表格留空待填，"
        "正文沿用上年度内容作为草稿，上年度报告一并保存在新文件中，用于核对上年结转和"
        "现行有效件数。",
    )
    p.add_argument("last", metavar="上年度报告.nianbao", help="上年度的年报文件")
    p.add_argument(
        "-o", "--output", required=True, metavar="新报告.nianbao", help="新报告保存到哪里"
    )
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Create the new report; prints what was carried. Returns 0, or raises UserError."""
    from desktop.commands.outputs import NIANBAO, check_output
    from desktop.next_year import plan_next_year, summary_lines
    from desktop.project_file import save_report

    last_path = Path(args.last)
    out = check_output(args.output, NIANBAO, force=args.force)
    if out.exists() and last_path.exists() and out.resolve() == last_path.resolve():
        raise UserError(f"新报告不能保存到上年度报告“{last_path}”本身，请换一个文件名。")
    last = load_report_file(last_path)
    plan = plan_next_year(last)
    save_report(plan.report, out, force=args.force)

    for line in summary_lines(plan, out, last_path):
        print(line)
    return 0
