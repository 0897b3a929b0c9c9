"""``nianbao review 各单位/ -o 审核结果.xlsx``: the 政务公开办's review of a whole folder.

Exit codes: 0 no unit has an error (warnings allowed); 1 a unit has an error, is unreadable or
is 缺报; 2 nothing could be read, or an output cannot be written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.commands._common import add_command
from desktop.errors import UserError

HELP = "审核一个文件夹中各单位的年报，生成审核结果表（Excel）和审核意见"


def register(subparsers: Any) -> None:
    """Add the ``review`` subcommand."""
    p = add_command(
        subparsers,
        "review",
        HELP,
        HELP + "。读取文件夹（含子文件夹）中的 .nianbao 文件，以及 Word（.docx）、网页（.html）、"
        "文本（.txt）等已发布的报告（只在内存中读取，不在原文件旁写任何文件）。退出码：0 没有单位"
        "有错误（可有警告）；1 有单位有错误、无法读取或缺报；2 没有读到任何报告，或结果无法保存。",
    )
    p.add_argument("folder", metavar="文件夹", help="存放各单位年报的文件夹")
    p.add_argument(
        "-o", "--output", required=True, metavar="审核结果.xlsx", help="审核结果表保存到哪里"
    )
    p.add_argument(
        "--roster",
        metavar="名单",
        help="应报单位名单（.xlsx 或 .txt，每行一个单位），用于列出缺报的单位",
    )
    p.add_argument(
        "--previous", metavar="上年度文件夹", help="上一年度各单位的年报，用于跨年度核对"
    )
    p.add_argument(
        "--letters", metavar="意见文件夹", help="为每个有问题的单位写一份审核意见（Word）"
    )
    p.add_argument("--rules", metavar="规则包.nbrules", help="本地规则包（JSON）")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Review the folder; write the workbook (and the letters); print a Chinese summary."""
    from desktop.commands.outputs import XLSX, check_outputs
    from desktop.review.collect import Status, review_folder
    from desktop.review.letters import letter_paths, write_letters
    from desktop.review.workbook import write_workbook
    from desktop.rulepack import optional_pack

    letters = Path(args.letters) if args.letters else None
    if letters is not None and letters.exists() and not letters.is_dir():
        raise UserError(f"“{letters}”是一个文件，不是文件夹；审核意见要写进一个文件夹。")
    (out,) = check_outputs([(args.output, XLSX)], force=args.force)
    assert out is not None
    pack = optional_pack(args.rules) if args.rules else None
    exclude = [letters] if letters is not None else []
    result = review_folder(
        args.folder,
        previous=args.previous,
        roster=args.roster,
        exclude=exclude,
        extra_rules=pack.findings if pack is not None else None,
    )
    if not result.units:
        raise UserError(
            f"文件夹“{args.folder}”中没有年报文件（.nianbao、.docx、.html、.txt、.pdf）。"
        )
    if letters is not None and not args.force:
        taken = [p for _, p in letter_paths(result, letters) if p.exists()]
        if taken:
            raise UserError(
                f"审核意见“{taken[0]}”等 {len(taken)} 个文件已存在，未做任何改动。"
                "请换一个文件夹，或加上 --force 覆盖。"
            )
    write_workbook(result, out, force=args.force)
    written = write_letters(result, letters) if letters is not None else []

    counts = {s: sum(1 for u in result.units if u.status is s) for s in Status}
    print(f"审核：{args.folder}，共 {len(result.units)} 个文件")
    print("  " + "，".join(f"{s.value} {counts[s]} 个" for s in Status if s is not Status.MISSING))
    if result.roster is not None:
        print(
            f"  名单 {len(result.roster)} 个单位：缺报 {len(result.missing)} 个，"
            f"不在名单上 {len(result.extra)} 个，可能是同一单位 {len(result.maybe_same)} 对"
        )
    if pack is not None:
        print(f"  已使用规则包“{pack.name}”")
    print(f"审核结果已保存：{out}")
    if letters is not None:
        print(f"审核意见 {len(written)} 份已保存到：{letters}")
    if not result.readable:
        print("没有读到任何报告。", flush=True)
    return result.exit_code
