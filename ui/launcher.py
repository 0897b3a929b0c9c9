"""The ``nianbao`` entry point: subcommands go to ``desktop.cli`` without importing Qt; no
command, a file to open or a GUI flag opens the window."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

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


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to the command line or the window; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    # The app uses no pydantic plugins: skip pydantic's discovery of them (a scan of every
    # installed package, and the import of importlib.metadata) before any model is built.
    from desktop.pydantic_start import skip_plugin_discovery

    skip_plugin_discovery()
    if not wants_gui(args):
        from desktop.cli import main as cli_main

        return cli_main(args)
    from ui.app import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
