"""Cancelling an import stops its work (the worker thread ends within a moment), and a long
section is no longer quadratic (paragraphs were appended to a validated model field)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from desktop.importers import import_report
from desktop.importers.cancel import ImportCancelled, cancellable, checkpoint

DATA = Path(__file__).parent.parent / "data"


def _big_html(path: Path, rows: int) -> Path:
    base = (DATA / "yanchi-2022-report.txt").read_text(encoding="utf-8").splitlines()
    cells = "".join(
        "<tr>" + "".join(f"<td>{i}{j}</td>" for j in range(15)) + "</tr>" for i in range(rows)
    )
    body = "\n".join(f"<p>{line}</p>" for line in base)
    path.write_text(f"<html><body>{body}<table>{cells}</table></body></html>", encoding="utf-8")
    return path


def test_checkpoint_outside_a_cancellable_import_does_nothing() -> None:
    checkpoint()
    event = threading.Event()
    with cancellable(event):
        checkpoint()
        event.set()
        with pytest.raises(ImportCancelled):
            checkpoint()
    checkpoint()


@pytest.mark.timeout(120)
def test_cancelled_import_stops_its_thread(tmp_path: Path) -> None:
    source = _big_html(tmp_path / "big.html", 1_900)  # under the row limit: accepted
    event = threading.Event()
    outcome: list[object] = []

    def work() -> None:
        try:
            with cancellable(event):
                outcome.append(import_report(source))
        except ImportCancelled:
            outcome.append("cancelled")

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    # Cancel soon after the start: the whole import takes ~10x longer (0.3–0.6 s), so the answer
    # "cancelled" (not a result) shows the checkpoints stopped it part-way. The join's limit is
    # generous because a loaded CI machine may be slow to schedule the thread at all; before
    # the checkpoints the import ran on for minutes.
    time.sleep(0.05)
    event.set()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert outcome == ["cancelled"]


def test_long_section_imports_in_linear_time(tmp_path: Path) -> None:
    # One sub-part holding many paragraphs: every paragraph used to re-validate the whole text.
    paras = "\n".join(
        f"本部分第{i}段，内容较长，" + "用于测试的文字" * 20 + "。" for i in range(3000)
    )
    text = (DATA / "yanchi-2022-report.txt").read_text(encoding="utf-8")
    head, sep, tail = text.partition("二、")
    path = tmp_path / "long.txt"
    path.write_text(head + "（一）很长的小节\n" + paras + "\n" + sep + tail, encoding="utf-8")
    result = import_report(path)
    joined = "\n".join(p.text for p in result.report.prose.s1.parts)
    assert "本部分第2999段" in joined


@pytest.mark.slow  # a hostile file: 20,000 table rows
def test_too_many_table_rows_refused_quickly(tmp_path: Path) -> None:
    from desktop.errors import UserError

    source = _big_html(tmp_path / "rows.html", 20_000)
    with pytest.raises(UserError, match="表格共有 20000 行"):
        import_report(source)
