"""``nianbao register-import 台账.xlsx --into F [--mapping M.json] [--yes]``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.commands._common import add_command
from desktop.errors import UserError

HELP = "把本机关的依申请公开台账或复议诉讼案件表（Excel/CSV）导入年报文件"


def register(subparsers: Any) -> None:
    """Add the ``register-import`` subcommand."""
    p = add_command(
        subparsers,
        "register-import",
        HELP,
        HELP + "。按表头识别是申请台账还是复议诉讼案件表（有“类型”“收到日期”“结果”“结案日期”"
        "等列的是案件表；也可用 --cases 指定）。不加 --yes 时只显示识别出的列和取值的对应关系"
        "以及无法导入的行，不写入任何内容（全部可以对应时返回 0，否则返回 1）；加 --yes 时导入"
        "可以对应的行（已有的——编号相同或内容相同——不重复导入），并列出其余的行。"
        "表三（表四）尚未填写时，导入后改为“由台账生成”。"
        "可读取 .xlsx、旧版 .xls 和 .csv（UTF-8 或 GB18030 编码），默认读第一个工作表。",
    )
    p.add_argument("table", metavar="台账.xlsx", help="要导入的表格（.xlsx、.xls 或 .csv）")
    p.add_argument("--into", required=True, metavar="年报.nianbao", help="导入到哪个年报文件")
    p.add_argument(
        "--mapping",
        metavar="映射.json",
        help="列和取值的对应关系（在软件窗口中保存的映射文件，或手工编辑的同格式文件）",
    )
    p.add_argument("--cases", action="store_true", help="这是复议诉讼案件表（不按表头自动识别）")
    p.add_argument(
        "--sheet",
        metavar="工作表",
        help="读取哪个工作表（默认第一个；例如导出的台账中的“复议诉讼案件”）",
    )
    p.add_argument("--yes", action="store_true", help="确认导入可以对应的行")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Propose (and with --yes, do) the import. Returns 0 or 1 as the help says."""
    from desktop.project_file import load_report, save_report
    from desktop.register.sync import apply_register, decision_words, t3_is_blank, t4_is_blank
    from desktop.register.table_io import (
        CASES,
        Mapping,
        add_rows,
        propose,
        read_sheet,
        summary_lines,
    )

    target = Path(args.into)
    if target.suffix.lower() != ".nianbao":
        raise UserError(f"“{target}”不是年报文件，--into 请指定 .nianbao 文件。")
    report = load_report(target)
    mapping = None
    if args.mapping:
        mpath = Path(args.mapping)
        try:
            text = mpath.read_text(encoding="utf-8-sig")
        except OSError as exc:
            from desktop.errors import os_error_reason

            raise UserError(f"无法读取映射文件“{mpath}”：{os_error_reason(exc)}。") from None
        except UnicodeDecodeError:
            raise UserError(f"映射文件“{mpath}”不是 UTF-8 文本。") from None
        mapping = Mapping.from_json(text, str(mpath))
    rows = read_sheet(Path(args.table), args.sheet)
    proposal = propose(
        rows,
        report.meta.year,
        mapping,
        table=CASES if args.cases else None,
        decision_words=decision_words(report.ledger),
    )
    cases = proposal.table == CASES
    where = "复议诉讼案件表" if cases else "申请台账"
    for line in summary_lines(proposal):
        print(line)
    if not args.yes:
        probe = report.ledger.model_copy(deep=True)
        _, dups = add_rows(probe, proposal)
        if dups:
            print(f"其中 {len(dups)} 行{where}中已有，导入时不会重复添加：")
            print("  " + "、".join(f"第 {line} 行（{rid}）" for line, rid in dups))
        print("未写入任何内容。确认无误后加上 --yes 导入可以对应的行。")
        return 0 if proposal.complete else 1
    if not proposal.rows:
        print("没有可以导入的行，未写入任何内容。")
        return 1
    added, dups = add_rows(report.ledger, proposal)
    switched = ""
    if cases:
        if added and not report.ledger.t4_generated and t4_is_blank(report):
            report.ledger.t4_generated = True
            switched = (
                "表四原来未填写，已改为“由台账生成”：表四的数字现在按复议诉讼案件表自动统计。"
            )
    elif added and not report.ledger.t3_generated and t3_is_blank(report):
        report.ledger.t3_generated = True
        switched = "表三原来未填写，已改为“由台账生成”：表三的数字现在按申请台账自动统计。"
    apply_register(report)
    save_report(report, target)
    print(f"已导入 {added} 行到“{target}”的{where}。")
    if dups:
        print(f"{len(dups)} 行{where}中已有，未重复导入：")
        print("  " + "、".join(f"第 {line} 行（{rid}）" for line, rid in dups))
    if proposal.unmapped:
        print(f"{len(proposal.unmapped)} 行无法对应，未导入（见上面的列表）。")
    if switched:
        print(switched)
    return 0
