"""The prose check after a typing pause runs in a worker thread on a copy of the report: the
window keeps taking keys meanwhile, a run whose copy is older than the report is dropped, and
what it finds is what the same rules find in the GUI thread."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from datetime import date

import pytest
import shiboken6
from PySide6.QtCore import QTimer

from desktop import prose_rules, rules
from desktop.cancel import Cancelled, checkpoint
from desktop.findings import Finding, Severity
from desktop.place import Place
from desktop.register.model import ApplicantKind, Application
from desktop.report import Report
from ui.document import Document
from ui.slow_work import BACKGROUND_THREAD_NAME, workers_running

LEAD = Place.lead(5)
# The texts the tests type: only runs on these are the tests' own.
TEXTS = frozenset({"第一稿", "旧的文字", "新的文字", "换掉之前", "关闭之前"})


class Gate:
    """Stands in for the prose rules: records where and on what each background run happened,
    and holds it until the test lets it go."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Event()
        self.runs: list[tuple[str, bool, str]] = []  # thread name, collector on, text seen
        self.reports: list[Report] = []
        self.stopped: list[str] = []  # runs stopped at a checkpoint (the text they saw)

    def __call__(self, report: Report, previous: Report | None = None) -> list[Finding]:
        found = [Finding("R20", Severity.INFO, "看到：" + report.prose.s5.lead)]
        if threading.current_thread() is threading.main_thread():
            return found  # a check run at once (opening, replacing): not held
        if report.prose.s5.lead not in TEXTS:
            # A document of an earlier test, not yet collected, whose pause timer ran out now.
            return found
        self.runs.append((threading.current_thread().name, gc.isenabled(), report.prose.s5.lead))
        self.reports.append(report)
        self.started.set()
        deadline = time.monotonic() + 30
        while not self.release.wait(0.005):
            try:
                checkpoint()  # as the real rules do in their loops
            except Cancelled:
                self.stopped.append(report.prose.s5.lead)
                raise
            assert time.monotonic() < deadline
        return found


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    g = Gate()
    monkeypatch.setattr(prose_rules, "prose_findings", g)
    yield g
    g.release.set()


def _seen(doc: Document) -> list[str]:
    return [f.message for f in doc.prose_findings()]


def _wait_until(qtbot, condition: Callable[[], bool]) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(condition, timeout=20_000)


def test_the_check_after_an_edit_runs_in_a_worker_while_the_gui_thread_goes_on(
    qtbot, doc: Document, gate: Gate
) -> None:
    doc.set_prose(LEAD, "第一稿")
    assert gate.runs == []  # nothing on the key itself
    _wait_until(qtbot, gate.started.is_set)
    (name, collector_on, text) = gate.runs[0]
    assert name == BACKGROUND_THREAD_NAME and threading.current_thread().name != name
    assert not collector_on  # no collection in the worker (Qt wrappers must die here)
    assert text == "第一稿" and gate.reports[0] is not doc.report  # a copy, not the live one
    # The run is held, yet this thread keeps handling events and edits.
    fired: list[bool] = []
    QTimer.singleShot(0, lambda: fired.append(True))
    _wait_until(qtbot, lambda: bool(fired))
    assert not doc.prose_check_idle()
    gate.release.set()
    _wait_until(qtbot, doc.prose_check_idle)
    assert _seen(doc) == ["看到：第一稿"]
    _wait_until(qtbot, lambda: workers_running() == 0)  # (another test's document may run)
    assert gc.isenabled()


def test_a_run_is_stopped_when_the_report_changes_and_runs_again_after_the_pause(
    qtbot, doc: Document, gate: Gate
) -> None:
    applied: list[list[str]] = []
    doc.findingsChanged.connect(lambda: applied.append(_seen(doc)))
    doc.set_prose(LEAD, "旧的文字")
    _wait_until(qtbot, gate.started.is_set)
    doc.set_prose(LEAD, "新的文字")  # while the run on 旧的文字 is held
    # The run stops at its next checkpoint, without being let go: its result would be stale.
    _wait_until(qtbot, lambda: gate.stopped == ["旧的文字"])
    gate.release.set()
    _wait_until(qtbot, doc.prose_check_idle)
    assert [text for _, _, text in gate.runs] == ["旧的文字", "新的文字"]
    assert _seen(doc) == ["看到：新的文字"]
    assert ["看到：旧的文字"] not in applied  # never shown, not even for a moment


def test_a_stale_result_is_dropped_and_the_check_runs_again(
    qtbot, doc: Document, gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A result that arrives after the report changed (the run passed its last checkpoint, or
    # the rule has none) is dropped too.
    monkeypatch.setattr("ui.document.cancellable", lambda _event, **_pace: nullcontext())
    applied: list[list[str]] = []
    doc.findingsChanged.connect(lambda: applied.append(_seen(doc)))
    doc.set_prose(LEAD, "旧的文字")
    _wait_until(qtbot, gate.started.is_set)
    doc.set_prose(LEAD, "新的文字")  # while the run on 旧的文字 is held
    _wait_until(qtbot, lambda: not doc._prose_timer.isActive())  # the pause ended meanwhile
    assert len(gate.runs) == 1  # one run at a time
    gate.release.set()
    _wait_until(qtbot, doc.prose_check_idle)
    assert [text for _, _, text in gate.runs] == ["旧的文字", "新的文字"]
    assert gate.stopped == []
    assert _seen(doc) == ["看到：新的文字"]
    assert ["看到：旧的文字"] not in applied  # never shown, not even for a moment


def test_a_result_after_the_report_was_replaced_is_dropped(
    qtbot, doc: Document, gate: Gate
) -> None:
    doc.set_prose(LEAD, "换掉之前")
    _wait_until(qtbot, gate.started.is_set)
    other = doc.report.model_copy(deep=True)
    other.prose.s5.lead = "另一个报告"
    gate.release.set()  # the replacement's own check runs in this thread, through the gate
    doc.replace_report(other)
    _wait_until(qtbot, doc.prose_check_idle)
    qtbot.wait(100)
    assert _seen(doc) == ["看到：另一个报告"]


def test_a_closed_document_gets_nothing_and_the_collector_comes_back(
    qtbot, report: Report, gate: Gate
) -> None:
    doc = Document(report)
    doc.set_prose(LEAD, "关闭之前")
    _wait_until(qtbot, gate.started.is_set)
    shiboken6.delete(doc)
    gate.release.set()
    _wait_until(qtbot, lambda: workers_running() == 0)
    assert gc.isenabled()


def test_background_findings_equal_the_rules_run_in_the_gui_thread(qtbot, doc: Document) -> None:
    # The copy leaves the register out; the findings must not change for it.
    doc.report.ledger.applications = [
        Application(id="2022-001", received=date(2022, 3, 1), kind=ApplicantKind.NATURAL)
    ]
    doc.report.prose.s1.lead = "本年度共收到政府信息公开申请99件。"
    doc.set_prose(LEAD, "本年度公开文件123件，其中规章5件。")
    _wait_until(qtbot, doc.prose_check_idle)
    table = set(rules.table_findings(doc.report))
    expected = [f for f in rules.check(doc.report) if f not in table]
    assert any(f.rule == "R16" for f in expected)
    assert doc.prose_findings() == expected
