"""Shared bits of the subcommands: Chinese help, choices given in Chinese."""

from __future__ import annotations

import argparse
import re
import unicodedata
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from desktop.errors import UserError

if TYPE_CHECKING:
    from desktop.report import Report

E = TypeVar("E", bound=StrEnum)


def display_width(text: str) -> int:
    """Terminal columns of ``text``: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_NO_LINE_START = frozenset("，。、；：？！）」』”’》〉】,.;:?!)")


class ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's help in Chinese: 用法：/选项：/参数：/命令： with full-width colons, columns
    aligned by display width (a Chinese character is two columns wide, which argparse's
    ``len`` does not know), lines wrapped by display width, and no second 命令 line above
    the list of commands."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        # argparse appends an ASCII ":" to the heading; the heading carries the Chinese one and
        # format_help drops argparse's.
        super().start_section(f"{heading}：\x00" if heading else heading)

    def format_help(self) -> str:
        return super().format_help().replace("：\x00:", "：")

    def add_argument(self, action: argparse.Action) -> None:
        if action.help is not argparse.SUPPRESS:
            invocations = [self._format_action_invocation(action)]
            invocations += [
                self._format_action_invocation(sub)
                for sub in self._iter_indented_subactions(action)
            ]
            width = max(map(display_width, invocations)) + self._current_indent
            self._action_max_length = max(self._action_max_length, width)
            self._add_item(self._format_action, [action])

    def _format_action(self, action: argparse.Action) -> str:
        if isinstance(action, argparse._SubParsersAction):
            # The commands themselves, without the group's metavar line above them.
            # Listed at the options' indent, like the options.
            self._dedent()
            parts = [self._format_action(sub) for sub in self._iter_indented_subactions(action)]
            self._indent()
            return self._join_parts(parts)
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        action_width = help_position - self._current_indent - 2
        header = self._format_action_invocation(action)
        indent_first = 0
        if not action.help:
            header = " " * self._current_indent + header + "\n"
        elif display_width(header) <= action_width:
            pad = action_width - display_width(header)
            header = " " * self._current_indent + header + " " * pad + "  "
        else:
            header = " " * self._current_indent + header + "\n"
            indent_first = help_position
        parts = [header]
        if action.help and action.help.strip():
            lines = self._split_lines(self._expand_help(action), help_width)
            if lines:
                parts.append(" " * indent_first + lines[0] + "\n")
                parts.extend(" " * help_position + line + "\n" for line in lines[1:])
        elif not header.endswith("\n"):
            parts.append("\n")
        for sub in self._iter_indented_subactions(action):
            parts.append(self._format_action(sub))
        return self._join_parts(parts)

    def _split_lines(self, text: str, width: int) -> list[str]:
        # Chinese has no spaces to break at: break anywhere, by display width, but keep
        # runs of Latin letters and digits (option names, 2024) whole.
        text = " ".join(text.split())
        lines: list[str] = []
        line, used = "", 0
        for token in re.findall(r"[A-Za-z0-9_.\-/]+|\s|.", text):
            w = display_width(token)
            # Closing punctuation never starts a line (it may stick out by one character).
            if used + w > width and line.strip() and token not in _NO_LINE_START:
                lines.append(line.rstrip())
                line, used = "", 0
                if token == " ":
                    continue
            line += token
            used += w
        if line.strip():
            lines.append(line.rstrip())
        return lines

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in self._split_lines(text, width - len(indent)))


def add_command(
    subparsers: Any, name: str, summary: str, description: str
) -> argparse.ArgumentParser:
    """A subcommand parser whose help text is all Chinese."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name,
        help=summary,
        description=description,
        add_help=False,
        formatter_class=ChineseHelpFormatter,
    )
    parser._positionals.title = "参数"
    parser._optionals.title = "选项"
    parser.add_argument("-h", "--help", action="help", help="显示本命令的帮助并退出")
    return parser


def enum_choice(enum: type[E], what: str) -> Any:
    """An argparse ``type`` accepting an enum's Chinese value, also in half-width form or as
    an unambiguous part of it (``乡镇`` for ``乡镇（街道）``, ``部门`` for ``政府部门``)."""

    def parse(text: str) -> E:
        wanted = unicodedata.normalize("NFKC", text).strip()
        forms = {m: unicodedata.normalize("NFKC", m.value) for m in enum}
        exact = [m for m, form in forms.items() if form == wanted]
        if exact:
            return exact[0]
        matches = [m for m, form in forms.items() if wanted and wanted in form]
        if len(matches) == 1:
            return matches[0]
        allowed = "、".join(m.value for m in enum)
        raise argparse.ArgumentTypeError(f"{what}“{text}”无效，应为 {allowed} 之一")

    parse.__name__ = what
    return parse


def add_enum_option(
    parser: argparse.ArgumentParser, flag: str, enum: type[E], what: str, default: E
) -> None:
    """An option taking one of an enum's Chinese values; the help lists them."""
    allowed = "、".join(m.value for m in enum)
    parser.add_argument(
        flag,
        type=enum_choice(enum, what),
        default=default,
        metavar=what,
        help=f"{allowed}（默认：{default.value}）",
    )


_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
)


def parse_date(text: str) -> date:
    """An argparse ``type`` for a calendar date written as 2024-01-20, 2024/1/20, 2024.1.20 or
    2024年1月20日 (full-width digits too); anything else is refused with a Chinese message."""
    wanted = unicodedata.normalize("NFKC", text).strip()
    for form in _DATE_FORMS:
        m = form.fullmatch(wanted)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                break
    raise argparse.ArgumentTypeError(f"日期“{text}”无效，请写成 2024-01-20 或 2024年1月20日 的形式")


# Published reports (what ``nianbao import`` reads) by extension, in Chinese.
PUBLISHED_KINDS = {
    ".docx": "Word 文档",
    ".doc": "Word 文档",
    ".wps": "WPS 文档",
    ".html": "网页",
    ".htm": "网页",
    ".txt": "文本文件",
    ".pdf": "PDF 文件",
}


def load_report_file(path: str | Path) -> Report:
    """``load_report`` for a command's input: a published report given where a ``.nianbao``
    file belongs is recognised by its extension and the message suggests ``nianbao import``
    (instead of calling the Word file 已损坏)."""
    from desktop.project_file import EXTENSION, load_report

    p = Path(path)
    kind = PUBLISHED_KINDS.get(p.suffix.lower())
    if kind is not None and not p.is_dir():
        source = p
        how = "请先把它导入为年报文件："
        if p.suffix.lower() in (".doc", ".wps", ".pdf"):
            # import reads .docx, .html and .txt only.
            how = "请先在 Word 或 WPS 中把它另存为 .docx（PDF 可复制文字存为 .txt），再导入："
            source = p.with_suffix(".docx")
        command = (
            f"nianbao import {_quote(str(source))} -o {_quote((p.stem or '报告') + EXTENSION)}"
        )
        raise UserError(
            f"“{p}”是{kind}（已发布的年报），不是年报文件（{EXTENSION}）。{how}\n  {command}"
        )
    return load_report(p)


def _quote(text: str) -> str:
    return f'"{text}"' if any(ch.isspace() for ch in text) else text
