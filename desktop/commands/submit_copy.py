"""``nianbao submit-copy F -o G``: the copy a unit sends up, without the register."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.commands._common import add_command
from desktop.errors import UserError

HELP = "保存报送副本：不含申请台账（个人信息），表格数字保留"


def register(subparsers: Any) -> None:
    """Add the ``submit-copy`` subcommand."""
    p = add_command(
        subparsers,
        "submit-copy",
        HELP,
        HELP + "。报送上级汇总或审核时使用：副本中没有申请台账和复议诉讼案件表"
        "（申请人姓名、申请内容等），由台账生成的表三、表四数字作为普通数字保留。",
    )
    p.add_argument("file", metavar="年报.nianbao", help="年报文件")
    p.add_argument("-o", "--output", required=True, metavar="副本.nianbao", help="副本保存到哪里")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the copy. Returns 0."""
    from desktop.commands.outputs import NIANBAO, check_outputs
    from desktop.project_file import load_report, save_report
    from desktop.register.sync import without_register

    source = Path(args.file)
    (out,) = check_outputs([(args.output, NIANBAO)], force=args.force, inputs=[source])
    assert out is not None
    if out.exists() and source.exists() and out.resolve() == source.resolve():
        raise UserError(f"副本不能保存到原文件“{source}”本身，请换一个文件名。")
    report = load_report(source)
    copy = without_register(report)
    save_report(copy, out)
    reg = report.ledger
    print(f"已保存报送副本：{out}")
    print(
        f"副本不含申请台账（{len(reg.applications)} 条）和复议诉讼案件（{len(reg.cases)} 件），"
        "表格中的数字保留。"
    )
    return 0
