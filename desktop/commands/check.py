"""``nianbao check``: check a report and print the findings grouped by severity."""

from __future__ import annotations

import argparse
import json
from typing import Any

from desktop.commands._common import add_command, load_report_file
from desktop.errors import UserError
from desktop.findings import Severity

EXIT_OK, EXIT_ERRORS = 0, 1


def register(subparsers: Any) -> None:
    """Add ``check`` to the command line."""
    p = add_command(
        subparsers,
        "check",
        "检查年报，列出错误和警告",
        "检查年报文件：表格的勾稽关系、未填的单元格、与上年度报告的衔接、第五、六部分等。"
        "没有错误时退出码为 0，有错误时为 1，文件无法读取时为 2。",
    )
    p.add_argument("file", metavar="文件", help="要检查的年报文件（.nianbao）")
    p.add_argument(
        "--previous",
        metavar="上年度文件",
        help="上一年度的年报文件，用于核对上年结转和现行有效件数",
    )
    p.add_argument(
        "--rules",
        metavar="规则包.nbrules",
        help="本地规则包（政务公开办下发的 .nbrules 文件），其提示会带上规则包的名称",
    )
    p.add_argument("--json", action="store_true", help="以 JSON 格式输出检查结果（含规则编号）")
    p.add_argument("-v", "--verbose", action="store_true", help="每条结果后注明规则编号（如 R12）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check the file; exit 1 when there is at least one error."""
    from desktop.project_file import ProjectFileError
    from desktop.rules import check

    report = load_report_file(args.file)
    previous = None
    if args.previous:
        try:
            previous = load_report_file(args.previous)
        except ProjectFileError as exc:
            raise UserError(f"上年度报告无法读取：{exc}") from None
    findings = check(report, previous)
    if args.rules:
        from desktop.rulepack import optional_pack

        pack = optional_pack(args.rules)
        if pack is not None:
            findings += pack.findings(report)
    has_error = any(f.severity is Severity.ERROR for f in findings)
    if args.json:
        print(json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=2))
        return EXIT_ERRORS if has_error else EXIT_OK

    print(f"检查：{report.title()}（{args.file}）")
    if not findings:
        print("检查通过：没有发现问题。")
        return EXIT_OK
    for severity in Severity:
        group = [f for f in findings if f.severity is severity]
        if not group:
            continue
        print(f"\n{severity.label} {len(group)} 项：")
        for i, f in enumerate(group, start=1):
            # Rule codes mean nothing to a clerk; they are for support and --json readers.
            print(f"  {i}. {f.message}（{f.rule}）" if args.verbose else f"  {i}. {f.message}")
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    print()
    if has_error:
        print(f"结论：有 {counts[Severity.ERROR]} 项错误，改正后才能发布。")
    else:
        print(f"结论：没有错误；有 {counts[Severity.WARNING]} 项警告，请逐项核对。")
    return EXIT_ERRORS if has_error else EXIT_OK
