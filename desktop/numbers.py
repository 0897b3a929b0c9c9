"""How cell values are written as text: in messages, JSON and CSV output, and on screen."""

from __future__ import annotations

from decimal import Decimal

from desktop.report import CellValue


def number_text(value: CellValue) -> str:
    """A value as plain digits: ``4106``, ``96171.6`` (no trailing zeros, no exponent);
    ``未填`` for a blank."""
    if value is None:
        return "未填"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)
