"""What a check says: a finding with its rule, severity, cells and a Chinese message."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

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


class Finding:
    """One thing a check found (read-only, compared and hashed by its contents).

    ``cells`` are cell ids; ``fields`` are the other places it is about (a prose section or
    part, a field of 基本信息 …) so the GUI can jump there; ``span`` is an optional (start, end)
    character range inside the first field's text, for findings that quote prose. ``spans``
    lists further ranges as (place, start, end) when a finding covers several places (R21's
    repeated sentences); ``span`` stays the first of them.

    ``message`` is built on first read when the finding was made by ``Finding.later``: a merge
    checks every unit but shows only their counts unless a breakdown is written. The fields are
    private slots behind read-only properties: a frozen dataclass sets each field through
    ``object.__setattr__``, which made a finding cost five times as much to create.
    """

    __slots__ = ("_build", "_cells", "_fields", "_message", "_rule", "_severity", "_span", "_spans")

    _rule: str
    _severity: Severity
    _message: str | None
    _build: tuple[Callable[..., str], tuple[Any, ...]] | None
    _cells: tuple[str, ...]
    _fields: tuple[Place, ...]
    _span: tuple[int, int] | None
    _spans: tuple[tuple[Place, int, int], ...]

    def __init__(
        self,
        rule: str,
        severity: Severity,
        message: str,
        cells: tuple[str, ...] = (),
        fields: tuple[Place, ...] = (),
        span: tuple[int, int] | None = None,
        spans: tuple[tuple[Place, int, int], ...] = (),
    ) -> None:
        self._rule = rule
        self._severity = severity
        self._message = message
        self._build = None
        self._cells = cells
        self._fields = fields
        self._span = span
        self._spans = spans

    @classmethod
    def later(
        cls,
        rule: str,
        severity: Severity,
        build: Callable[..., str],
        args: tuple[Any, ...],
        cells: tuple[str, ...] = (),
        fields: tuple[Place, ...] = (),
    ) -> Finding:
        """A finding whose message is ``build(*args)``, built when it is first read. ``build``
        must depend on ``args`` alone (values, not a report that may change meanwhile)."""
        finding = cls.__new__(cls)
        finding._rule = rule
        finding._severity = severity
        finding._message = None
        finding._build = (build, args)
        finding._cells = cells
        finding._fields = fields
        finding._span = None
        finding._spans = ()
        return finding

    @property
    def rule(self) -> str:
        """The rule id (R1 …)."""
        return self._rule

    @property
    def severity(self) -> Severity:
        """How bad it is."""
        return self._severity

    @property
    def cells(self) -> tuple[str, ...]:
        """The cell ids it is about, the one to fix first."""
        return self._cells

    @property
    def fields(self) -> tuple[Place, ...]:
        """The other places it is about."""
        return self._fields

    @property
    def span(self) -> tuple[int, int] | None:
        """A character range in the first field's text."""
        return self._span

    @property
    def spans(self) -> tuple[tuple[Place, int, int], ...]:
        """Further ranges as (place, start, end)."""
        return self._spans

    @property
    def message(self) -> str:
        """The Chinese message shown to users."""
        message = self._message
        if message is None:
            assert self._build is not None
            build, args = self._build
            message = self._message = build(*args)
            self._build = None
        return message

    def _key(self) -> tuple[object, ...]:
        return (
            self.rule,
            self.severity,
            self.message,
            self.cells,
            self.fields,
            self.span,
            self.spans,
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Finding)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"Finding(rule={self.rule!r}, severity={self.severity!r}, message={self.message!r}, "
            f"cells={self.cells!r}, fields={self.fields!r}, span={self.span!r}, "
            f"spans={self.spans!r})"
        )

    def as_json(self) -> dict[str, object]:
        """The ``check --json`` shape."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "cells": list(self.cells),
            "message": self.message,
        }
