"""Errors whose message is meant for the user (Chinese, names the place and the fix)."""

from __future__ import annotations


class UserError(Exception):
    """An error the user can act on; ``str(error)`` is the Chinese message shown as is.

    ``exit_code`` is what the command line returns for it (2: a file could not be read or
    written).
    """

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
