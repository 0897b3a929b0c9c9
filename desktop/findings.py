"""What a check says: a finding with its rule, severity, cells and a Chinese message."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import FrozenInstanceError
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


_set = object.__setattr__


class Finding:
    """One thing a check found (immutable, compared and hashed by its contents).

    ``cells`` are cell ids; ``fields`` are the other places it is about (a prose section or
    part, a field of 基本信息 …) so the GUI can jump there; ``span`` is an optional (start, end)
    character range inside the first field's text, for findings that quote prose. ``spans``
    lists further ranges as (place, start, end) when a finding covers several places (R21's
    repeated sentences); ``span`` stays the first of them.

    ``message`` is built on first read when the finding was made by ``Finding.later``: a merge
    checks every unit but shows only their counts unless a breakdown is written, and building
    the Chinese text of every unit's findings was half the time of checking them.
    """

    __slots__ = ("_build", "_message", "cells", "fields", "rule", "severity", "span", "spans")

    rule: str
    severity: Severity
    cells: tuple[str, ...]
    fields: tuple[Place, ...]
    span: tuple[int, int] | None
    spans: tuple[tuple[Place, int, int], ...]
    _message: str | None
    _build: tuple[Callable[..., str], tuple[Any, ...]] | None

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
        _set(self, "rule", rule)
        _set(self, "severity", severity)
        _set(self, "_message", message)
        _set(self, "_build", None)
        _set(self, "cells", cells)
        _set(self, "fields", fields)
        _set(self, "span", span)
        _set(self, "spans", spans)

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
        _set(finding, "rule", rule)
        _set(finding, "severity", severity)
        _set(finding, "_message", None)
        _set(finding, "_build", (build, args))
        _set(finding, "cells", cells)
        _set(finding, "fields", fields)
        _set(finding, "span", None)
        _set(finding, "spans", ())
        return finding

    @property
    def message(self) -> str:
        """The Chinese message shown to users."""
        message = self._message
        if message is None:
            assert self._build is not None
            build, args = self._build
            message = build(*args)
            _set(self, "_message", message)
            _set(self, "_build", None)
        return message

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

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
