"""A finding whose message is built on first read behaves as one built at once."""

from __future__ import annotations

import pytest

from desktop.findings import Finding, Severity
from desktop.place import Place
from desktop.project_file import load_report
from desktop.resources import example_path
from desktop.rules import table_findings
from desktop.template import t3_id


def test_later_builds_the_message_once_on_first_read() -> None:
    calls: list[tuple[int, str]] = []

    def build(n: int, word: str) -> str:
        calls.append((n, word))
        return f"{word} {n}"

    finding = Finding.later("R1", Severity.ERROR, build, (3, "共"), ("c",))
    assert calls == []
    assert finding.message == "共 3"
    assert finding.message == "共 3"
    assert calls == [(3, "共")]


def test_later_equals_and_hashes_like_the_eager_finding() -> None:
    fields = (Place.info_fee(),)
    eager = Finding("R13", Severity.WARNING, "金额 5", ("c",), fields)
    lazy = Finding.later("R13", Severity.WARNING, "金额 {}".format, (5,), ("c",), fields)
    assert lazy == eager and hash(lazy) == hash(eager)
    assert repr(lazy) == repr(eager)
    assert lazy.as_json() == eager.as_json()
    assert lazy != Finding.later("R13", Severity.WARNING, "金额 {}".format, (6,), ("c",), fields)
    assert lazy != Finding("R13", Severity.ERROR, "金额 5", ("c",), fields)
    assert {lazy, eager} == {eager}


def test_finding_is_frozen() -> None:
    finding = Finding("R1", Severity.ERROR, "x")
    with pytest.raises(AttributeError):
        finding.rule = "R2"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del finding.cells
    with pytest.raises(AttributeError):
        finding.note = "x"  # type: ignore[attr-defined]


def test_a_late_message_shows_the_values_when_found_not_when_read() -> None:
    # The window keeps findings while the user types on: a message read later must still say
    # what was checked, not the report's current numbers.
    report = load_report(example_path())
    new = t3_id("new", "natural")
    report.set_cell(new, (report.cells[new] or 0) + 7)
    found = [f for f in table_findings(report) if f.rule == "R1"]
    assert found
    report.set_cell(new, 0)
    fresh = load_report(example_path())
    fresh.set_cell(new, (fresh.cells[new] or 0) + 7)
    assert [f.message for f in found] == [
        f.message for f in table_findings(fresh) if f.rule == "R1"
    ]
