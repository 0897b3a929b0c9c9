"""``desktop.cancel``: checkpoints raise once the work is cancelled (nested blocks restore the
outer one), and paced work rests between stretches so that the GUI thread gets the interpreter
lock while the prose rules run in the background."""

from __future__ import annotations

import threading

import pytest

from desktop import cancel
from desktop.cancel import Cancelled, cancellable, checkpoint


class Other(Cancelled):
    pass


def test_checkpoints_raise_the_blocks_error_once_set_and_nest() -> None:
    checkpoint()  # outside any block: nothing
    outer, inner = threading.Event(), threading.Event()
    with cancellable(outer, Other):
        with cancellable(inner):
            inner.set()
            with pytest.raises(Cancelled) as raised:
                checkpoint()
            assert type(raised.value) is Cancelled
        checkpoint()  # the outer block again, not set
        outer.set()
        with pytest.raises(Other):
            checkpoint()
    checkpoint()


def test_paced_work_rests_after_each_stretch(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [0.0]
    slept: list[float] = []
    monkeypatch.setattr(cancel.time, "perf_counter", lambda: clock[0])
    monkeypatch.setattr(cancel.time, "sleep", slept.append)
    with cancellable(threading.Event(), run_ms=2, pause_ms=3):
        checkpoint()
        clock[0] = 0.001  # 1 ms of work: go on
        checkpoint()
        clock[0] = 0.0025  # past 2 ms: rest
        checkpoint()
        assert slept == [0.003]
        checkpoint()  # the stretch starts again after the rest
        assert slept == [0.003]
    with cancellable(threading.Event()):  # not paced: never rests
        clock[0] = 10.0
        checkpoint()
    assert slept == [0.003]
