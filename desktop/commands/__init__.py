"""Subcommands of the ``nianbao`` command line, one module each.

Each module defines ``register(subparsers)``, which adds its parser and sets ``func`` to a
function ``(args: argparse.Namespace) -> int`` returning the exit code. ``desktop.cli`` lists
the modules in ``COMMAND_MODULES``.
"""
