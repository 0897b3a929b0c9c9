"""``nianbao next LAST.nianbao -o NEW.nianbao``: start next year's report from last year's."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.commands._common import add_command
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
    from desktop.next_year import plan_next_year
    from desktop.project_file import load_report, save_report

    last_path = Path(args.last)
    out = Path(args.output)
    if out.exists() and not args.force:
        raise UserError(f"文件“{out}”已存在，未做任何改动。请换一个文件名，或加上 --force 覆盖它。")
    if out.exists() and last_path.exists() and out.resolve() == last_path.resolve():
        raise UserError(f"新报告不能保存到上年度报告“{last_path}”本身，请换一个文件名。")
    last = load_report(last_path)
    plan = plan_next_year(last)
    save_report(plan.report, out)

    meta = plan.report.meta
    name = meta.org_name or "（未填机关全称）"
    print(f"已创建 {name} {meta.year} 年度报告：{out}")
    print(f"依据上年度（{last.meta.year} 年）报告：{last_path}")
    if plan.carried:
        print(f"已结转“上年结转”{len(plan.carried)} 列（取自上年度“结转下年度”）：")
        for cid, value in plan.carried.items():
            print(f"  {_column_label(cid)}：{value}")
    if plan.blank_carried:
        print(
            f"注意：上年度报告的“结转下年度”有 {len(plan.blank_carried)} 列未填写，"
            "新报告中对应的“上年结转”也留空，请核实后填写："
        )
        for cid in plan.blank_carried:
            print(f"  {_column_label(cid)}")
    print("其余表格单元格均已留空，请填写本年度数据；信息处理费金额也已留空。")
    print("正文沿用上年度内容作为草稿，请逐段修改为本年度情况。")
    if plan.title_dropped:
        print(f"上年度自定义的标题“{plan.title_dropped}”含上年年份，已改回标准标题。")
    if plan.prose_naming_last_year:
        print(f"以下正文仍提到 {last.meta.year} 年，请改写：")
        for place in plan.prose_naming_last_year:
            print(f"  {place}")
    print("上年度报告已保存在新文件中，检查时会自动核对上年结转和现行有效件数。")
    return 0


def _column_label(cell_id: str) -> str:
    from desktop.template import CELL_BY_ID

    return CELL_BY_ID[cell_id].col_label
