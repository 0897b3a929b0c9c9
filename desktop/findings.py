"""What a check says: a finding with its rule, severity, cells and a Chinese message."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from desktop.place import Place


class Severity(StrEnum):
    """How bad a finding is (spec §5)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """The Chinese word shown to users."""
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found.

    ``cells`` are cell ids; ``fields`` are the other places it is about (a prose section or
    part, a field of 基本信息 …) so the GUI can jump there; ``span`` is an optional (start, end)
    character range inside the first field's text, for findings that quote prose. ``spans``
    lists further ranges as (place, start, end) when a finding covers several places (R21's
    repeated sentences); ``span`` stays the first of them.
    """

    rule: str
    severity: Severity
    message: str
    cells: tuple[str, ...] = ()
    fields: tuple[Place, ...] = ()
    span: tuple[int, int] | None = field(default=None)
    spans: tuple[tuple[Place, int, int], ...] = ()

    def as_json(self) -> dict[str, object]:
        """The ``check --json`` shape."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "cells": list(self.cells),
            "message": self.message,
        }
