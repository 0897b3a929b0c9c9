"""``nianbao export``: write the report as a Word document (.docx) or a web page (.html)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.commands._common import add_command, load_report_file
from desktop.errors import UserError

if TYPE_CHECKING:
    from desktop.report import Report

FORMATS = {".docx": "Word 文档", ".html": "网页"}


def register(subparsers: Any) -> None:
    """Add ``export`` to the command line."""
    p = add_command(
        subparsers,
        "export",
        "导出为 Word 文档或网页",
        "把年报导出为 Word 文档（.docx，按国办公开办函〔2021〕30号格式和公文版式排版）"
        "或网页（.html，可粘贴到政府网站后台编辑器）。格式由输出文件的扩展名决定。"
        "报告有未填的单元格或错误时不导出并列出问题（退出码 1）；加 --draft 则导出草稿，"
        "未填的单元格以红色“未填”标出。",
    )
    p.add_argument("file", metavar="文件", help="年报文件（.nianbao）")
    p.add_argument(
        "-o",
        "--output",
        metavar="输出文件",
        required=True,
        help="导出的文件：以 .docx 结尾导出 Word 文档，以 .html 结尾导出网页",
    )
    p.add_argument(
        "--draft",
        action="store_true",
        help="导出草稿：即使有未填的单元格或错误也导出，未填处以红色“未填”标出",
    )
    p.add_argument(
        "--page",
        action="store_true",
        help="导出网页时生成完整的网页文件（含编码声明），而不是供粘贴到网站后台的片段",
    )
    p.add_argument("--force", action="store_true", help="输出文件已存在（或被设为只读）时覆盖它")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Export; 0 on success, 1 when the report is unfinished, 2 on file problems."""
    from desktop.commands.outputs import EXPORT, check_outputs

    [out] = check_outputs([(args.output, EXPORT)], force=args.force, inputs=[Path(args.file)])
    assert out is not None
    suffix = out.suffix.lower()
    if args.page and suffix != ".html":
        raise UserError("--page 只用于导出网页（.html），Word 文档不需要它。")
    report = load_report_file(args.file)
    if not args.draft:
        _print_open_items(report)
    if suffix == ".docx":
        from desktop.word_export import export_docx

        export_docx(report, out, draft=args.draft, force=args.force)
    else:
        from desktop.html_export import write_html

        write_html(report, out, draft=args.draft, page=args.page, force=args.force)
    kind = FORMATS[suffix] + ("草稿" if args.draft else "")
    print(f"已导出 {kind}：{out}" if kind[0].isascii() else f"已导出{kind}：{out}")
    return 0


def _print_open_items(report: Report) -> None:
    """A final export goes out with warnings and empty sub-parts (only errors stop it), but
    says each of them first, on stderr, so a script's log shows what went out unfinished."""
    from desktop.export_common import open_warnings
    from desktop.unwritten import empty_parts

    warnings = open_warnings(report)
    empty = empty_parts(report)
    if not warnings and not empty:
        return
    lines = []
    if warnings:
        lines.append(f"注意：报告还有 {len(warnings)} 处警告，仍按正式稿导出：")
        lines.extend(f"  {i}. {f.message}" for i, f in enumerate(warnings, start=1))
    if empty:
        lines.append(f"注意：以下 {len(empty)} 个部分还没有写内容（未写）：")
        lines.extend(f"  - {name}" for name in empty)
    print("\n".join(lines), file=sys.stderr)
