"""The ``nianbao`` command line (``python -m desktop``). No Qt here, ever."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__
from desktop.commands._common import ChineseHelpFormatter
from desktop.errors import UserError

# Subcommand modules in the order they appear in the help text.
COMMAND_MODULES: tuple[str, ...] = (
    "desktop.commands.new",
    "desktop.commands.check",
    "desktop.commands.dump",
    "desktop.commands.export",
    "desktop.commands.import_report",
    "desktop.commands.accept_totals",
    "desktop.commands.next",
    "desktop.commands.merge",
    "desktop.commands.review",
    "desktop.commands.register_import",
    "desktop.commands.register_export",
    "desktop.commands.submit_copy",
)
# Modules whose command name is not their module name (``import`` is a Python keyword).
COMMAND_NAMES: dict[str, str] = {"desktop.commands.import_report": "import"}


class _ChineseParser(argparse.ArgumentParser):
    """argparse with its fixed English phrases in Chinese and errors as exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(
            2, f"nianbao：参数有误：{_translate(message)}\n请运行 nianbao --help 查看用法。\n"
        )


def _translate(message: str) -> str:
    replacements = {
        "the following arguments are required": "缺少必需的参数",
        "unrecognized arguments": "无法识别的参数",
        "invalid choice": "无效的选项",
        "expected one argument": "需要一个参数值",
        "argument": "参数",
        "invalid int value": "不是有效的整数",
        "choose from": "可选",
    }
    for en, zh in replacements.items():
        message = message.replace(en, zh)
    return message


def command_names() -> frozenset[str]:
    """The subcommand names, without importing their modules' dependencies."""
    return frozenset(
        COMMAND_NAMES.get(name, name.rsplit(".", 1)[1].replace("_", "-"))
        for name in COMMAND_MODULES
    )


def _module_of(name: str) -> str | None:
    """The module of subcommand ``name``, None when there is no such command."""
    for module in COMMAND_MODULES:
        if COMMAND_NAMES.get(module, module.rsplit(".", 1)[1].replace("_", "-")) == name:
            return module
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The full parser with every registered subcommand; when ``argv`` starts with a command's
    name, the parser with that subcommand alone, which parses ``argv`` (and words its errors
    and help) as the full one does: argparse hands the rest to that subcommand's parser and
    never looks at the others. Building all twelve was most of a short command's own time
    (argparse looks up its translations on disk for every argument)."""
    parser = _ChineseParser(
        prog="nianbao",
        description="年报：政府信息公开工作年度报告的填写、检查与导出工具。"
        "不带命令运行（或给出一个年报文件）时打开软件窗口。",
        add_help=False,
        formatter_class=ChineseHelpFormatter,
    )
    parser._optionals.title = "选项"
    parser.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    parser.add_argument(
        "--version",
        action="version",
        version=f"年报 nianbao {__version__}",
        help="显示版本号并退出",
    )
    sub = parser.add_subparsers(
        dest="command", title="命令", metavar="命令", parser_class=_ChineseParser
    )
    only = _module_of(argv[0]) if argv else None
    for name in COMMAND_MODULES if only is None else (only,):
        importlib.import_module(name).register(sub)
    return parser


def log_path() -> Path:
    """Where unexpected errors are logged (the user's data folder, else the temp folder)."""
    base = os.environ.get("NIANBAO_DATA_DIR")
    if base:
        folder = Path(base)
    elif sys.platform == "win32":
        folder = Path(os.environ.get("LOCALAPPDATA", tempfile.gettempdir())) / "Nianbao"
    else:
        folder = (
            Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state")) / "nianbao"
        )
    return folder / "nianbao.log"


def write_crash_log(exc: BaseException) -> Path:
    """Append the traceback of an unexpected error to the log file; return the file's path."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        path = Path(tempfile.gettempdir()) / "nianbao.log"
        handler = logging.FileHandler(path, encoding="utf-8")
    logger = logging.getLogger("nianbao.crash")
    logger.addHandler(handler)
    try:
        logger.error("".join(traceback.format_exception(exc)))
    finally:
        logger.removeHandler(handler)
        handler.close()
    return path


def _discard_stdout() -> None:
    # Python flushes stdout again at exit; point it at devnull so that flush cannot fail too.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


MAX_MESSAGE_CHARS = 2000


def bounded(message: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """A message cut in the middle when it is longer than ``limit`` characters (one quoting a
    whole hostile input must not flood the terminal)."""
    if len(message) <= limit:
        return message
    half = limit // 2
    return f"{message[:half]}…（中间省略 {len(message) - 2 * half} 字）…{message[-half:]}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code. No traceback ever reaches the user."""
    if hasattr(sys.stdout, "reconfigure"):
        # Windows consoles default to a legacy code page; Chinese must not crash printing.
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.reconfigure(errors="replace")
            except (AttributeError, ValueError):
                pass
    try:
        if argv is None:
            argv = sys.argv[1:]
        parser = build_parser(argv)
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return 0
        from desktop.project_file import set_load_notice

        # A file opened with text removed says so on stderr (stdout may be data, e.g. dump).
        set_load_notice(lambda note: print(f"提示：{note}", file=sys.stderr))
        return int(args.func(args))
    except UserError as exc:
        print(f"错误：{bounded(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of the output went away (``nianbao dump … | head``): not an error.
        _discard_stdout()
        return 0
    except OSError as exc:
        # An OS refusal no command foresaw (a name over 255 bytes, a path through a file …) is
        # still the user's environment, not a bug: say it in Chinese, exit 2.
        from desktop.errors import os_error_reason
        from desktop.safe_write import shown_path

        where = f"（{shown_path(Path(exc.filename))}）" if exc.filename else ""
        print(f"错误：操作未完成{where}：{os_error_reason(exc)}。", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 — the last line of defence: never a traceback
        path = write_crash_log(exc)
        print(
            f"出现意外错误，操作未完成。详细信息已记录在：{path}\n请把该文件发给技术支持人员。",
            file=sys.stderr,
        )
        return 3
