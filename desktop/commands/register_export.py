"""``nianbao register-export F -o 台账.xlsx``: write the register as a spreadsheet."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.commands._common import add_command

HELP = "把年报文件中的申请台账和复议诉讼案件导出为 Excel 表格（含个人信息）"


def register(subparsers: Any) -> None:
    """Add the ``register-export`` subcommand."""
    p = add_command(
        subparsers,
        "register-export",
        HELP,
        HELP + "。导出的表格含申请人姓名和申请内容等个人信息，仅供本机关内部使用。",
    )
    p.add_argument("file", metavar="年报.nianbao", help="年报文件")
    p.add_argument("-o", "--output", required=True, metavar="台账.xlsx", help="保存到哪里")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the register; says that the file holds personal data. Returns 0."""
    from desktop.commands.outputs import XLSX, check_output
    from desktop.project_file import load_report
    from desktop.register.table_io import PERSONAL_DATA_NOTE, save_register_xlsx

    out = check_output(args.output, XLSX, force=args.force)
    report = load_report(Path(args.file))
    reg = report.ledger
    save_register_xlsx(reg, out, force=args.force)
    print(f"已导出申请台账 {len(reg.applications)} 条、复议诉讼案件 {len(reg.cases)} 件：{out}")
    print(f"注意：{PERSONAL_DATA_NOTE}")
    return 0
