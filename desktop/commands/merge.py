"""``nianbao merge A.nianbao B.nianbao … -o TOTAL.nianbao``: 汇总 of many units' reports.

Exit codes: 0 merged and nothing needs attention (warnings allowed); 1 merged, but the total or
a unit has errors, cells are blank, or a unit was given twice; 2 an input could not be read or
the inputs cannot be merged.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from desktop.commands._common import add_command, enum_choice
from desktop.report import Level, OrgKind

HELP = "汇总多个单位的年报（逐格相加），可同时生成分单位明细表"


def register(subparsers: Any) -> None:
    """Add the ``merge`` subcommand."""
    p = add_command(
        subparsers,
        "merge",
        HELP,
        HELP + "。某单元格只要有一个单位未填写，汇总结果中该单元格就留空（不按 0 计），"
        "并列出未填写的单位。退出码：0 汇总完成且没有错误；1 汇总完成，但有错误、未填的单元格"
        "或重复的单位；2 文件无法读取或不能汇总。",
    )
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="年报文件或文件夹",
        help="各单位的年报文件（.nianbao）；给出文件夹时汇总其中所有 .nianbao 文件",
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="汇总.nianbao", help="汇总报告保存到哪里"
    )
    p.add_argument("--org", default="", metavar="机关全称", help="汇总报告的机关全称")
    p.add_argument(
        "--level",
        type=enum_choice(Level, "层级"),
        default=None,
        metavar="层级",
        help="汇总报告的层级：国务院部门、省级、设区的市级、县级、乡镇（街道）；"
        "不填则取各单位中最高的层级",
    )
    p.add_argument(
        "--kind",
        type=enum_choice(OrgKind, "机关类型"),
        default=OrgKind.GOVERNMENT,
        metavar="机关类型",
        help="汇总报告的机关类型：人民政府（默认）、政府部门、其他",
    )
    p.add_argument(
        "--breakdown", default=None, metavar="明细.xlsx", help="同时生成分单位明细表（Excel）"
    )
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Merge, save the total (and the breakdown) and print a Chinese summary."""
    from desktop.commands.outputs import NIANBAO, XLSX, check_outputs
    from desktop.merge import (
        check_output,
        expand_inputs,
        load_units,
        merge_reports,
        one_look_per_file,
        summary_lines,
        write_breakdown,
    )
    from desktop.project_file import save_report

    # Every output is checked before anything is read or written: all of them, or none.
    out, breakdown = check_outputs(
        [(args.output, NIANBAO), (args.breakdown, XLSX)], force=args.force
    )
    assert out is not None
    with one_look_per_file():
        paths = expand_inputs(args.inputs, out)
        check_output(out, paths)
        units = load_units(paths)
        result = merge_reports(
            units, org_name=args.org.strip(), level=args.level, org_kind=args.kind
        )
    if breakdown is None:
        save_report(result.report, out, force=args.force)
    else:
        _write_both(
            result,
            out,
            breakdown,
            partial(save_report, force=args.force),
            partial(write_breakdown, force=args.force),
        )
    for line in summary_lines(result, out, breakdown):
        print(line)
    return 0 if result.clean else 1


def _write_both(
    result: Any,
    out: Path,
    breakdown: Path,
    save_report: Callable[[Any, Path], object],
    write_breakdown: Callable[[Any, Path], None],
) -> None:
    """Write the breakdown, then the total; when the total fails, put the breakdown back as it
    was (absent, or its earlier content under --force), so a retry finds neither file written."""
    from desktop.project_file import atomic_write_bytes

    try:
        before: bytes | None = breakdown.read_bytes() if breakdown.is_file() else None
    except OSError:
        before = None
    write_breakdown(result, breakdown)
    try:
        save_report(result.report, out)
    except BaseException:
        with contextlib.suppress(OSError):
            if before is None:
                breakdown.unlink()
            else:
                atomic_write_bytes(breakdown, before)
        raise
