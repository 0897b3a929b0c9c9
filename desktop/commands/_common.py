"""Shared bits of the subcommands: Chinese help, choices given in Chinese."""

from __future__ import annotations

import argparse
import re
import unicodedata
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

E = TypeVar("E", bound=StrEnum)


class ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's help with the usage line introduced in Chinese."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


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
