"""``nianbao new``: create a blank report file with the standard headings."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.commands._common import add_command, add_enum_option, parse_date
from desktop.errors import UserError
from desktop.report import Level, OrgKind

# The 2021 format (国办公开办函〔2021〕30号) applies from the 2021 report on.
FIRST_YEAR = 2021
LAST_YEAR = 2100


def register(subparsers: Any) -> None:
    """Add ``new`` to the command line."""
    p = add_command(
        subparsers,
        "new",
        "新建一份空白年报文件",
        "新建一份空白的年报文件（.nianbao），带有标准的小标题，表格全部未填。",
    )
    p.add_argument("-o", "--output", required=True, metavar="文件", help="新文件的路径")
    p.add_argument("--org", required=True, metavar="机关全称", help="机关全称，如“盐池县”")
    p.add_argument("--year", required=True, type=int, metavar="年度", help="报告年度，如 2024")
    add_enum_option(p, "--kind", OrgKind, "机关类型", OrgKind.DEPARTMENT)
    add_enum_option(p, "--level", Level, "层级", Level.COUNTY)
    p.add_argument(
        "--date",
        type=parse_date,
        default=None,
        metavar="成文日期",
        help="成文日期（报告末尾落款的日期），如 2024-01-20 或 2024年1月20日；可以以后再填",
    )
    p.add_argument("--force", action="store_true", help="文件已存在时覆盖它（旧文件另存为 .bak）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Create the file; refuses to overwrite an existing one without ``--force``."""
    from desktop.commands.outputs import NIANBAO, check_output
    from desktop.project_file import save_report
    from desktop.report import new_report

    org = str(args.org).strip()
    if not org:
        raise UserError("机关全称不能为空，请用 --org 填写，如 --org 盐池县。")
    if not FIRST_YEAR <= args.year <= LAST_YEAR:
        raise UserError(
            f"报告年度 {args.year} 不在 {FIRST_YEAR}–{LAST_YEAR} 之间：本软件使用 2021 年版格式"
            f"（国办公开办函〔2021〕30号），适用于 {FIRST_YEAR} 年及以后的年度报告。"
        )
    if args.date is not None and args.date.year <= args.year:
        raise UserError(
            f"成文日期 {args.date:%Y-%m-%d} 不在报告年度（{args.year}年）结束之后："
            "年度报告在年度结束后成文，请核对日期。"
        )
    path = check_output(args.output, NIANBAO, force=args.force)
    report = new_report(org, args.year, args.kind, args.level)
    report.meta.written = args.date
    save_report(report, path, force=args.force)
    print(f"已新建“{report.title()}”：{path}")
    return 0
