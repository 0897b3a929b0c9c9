"""The ``nianbao`` entry point: subcommands go to ``desktop.cli`` without importing Qt; no
command, a file to open or a GUI flag opens the window."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

# Flags handled by the window, not by the command line.
GUI_FLAGS = frozenset({"--smoke-test"})


def wants_gui(argv: Sequence[str]) -> bool:
    """True when the arguments ask for the window rather than a subcommand."""
    if not argv:
        return True
    first = argv[0]
    if first in GUI_FLAGS:
        return True
    if first.startswith("-"):
        return False
    if "." in first or "/" in first or os.sep in first:
        # A file name (no command has a dot or a slash): open it without loading the command
        # line's modules, which the window does not need before its first frame.
        return True
    from desktop.cli import command_names

    return first not in command_names()


def unknown_command(argv: Sequence[str]) -> str | None:
    """A Chinese message when the first argument looks like a mistyped command rather than a
    file to open (it does not exist and has no extension, e.g. ``chek``), else None."""
    if not argv or argv[0].startswith("-"):
        return None
    first = argv[0]
    path = Path(first)
    if path.suffix or os.sep in first or "/" in first or path.exists():
        return None
    import difflib

    from desktop.cli import command_names

    names = sorted(command_names())
    close = difflib.get_close_matches(first.lower(), names, n=1, cutoff=0.6)
    hint = f"您是不是要输入 {close[0]}？" if close else f"可用的命令：{'、'.join(names)}。"
    return (
        f"nianbao：没有“{first}”这个命令，也没有名为“{first}”的文件。{hint}\n"
        "请运行 nianbao --help 查看用法。"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to the command line or the window; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    # Starting allocates many objects and frees few, so Python's cycle collector only costs
    # time there: it ran 86 times before the window's first paint (15 ms of CPU, issue 17).
    # Off until the command line starts its work, or the window has painted (ui.app.run).
    gc.disable()
    # The app uses no pydantic plugins: skip pydantic's discovery of them (a scan of every
    # installed package, and the import of importlib.metadata) before any model is built, and
    # keep hashlib from loading OpenSSL (see desktop.pydantic_start).
    from desktop.pydantic_start import light_start

    light_start()
    if not wants_gui(args):
        from desktop.cli import main as cli_main

        gc.enable()
        return cli_main(args)
    mistyped = unknown_command(args)
    if mistyped is not None:
        gc.enable()
        print(mistyped, file=sys.stderr)
        return 2
    from ui.app import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
