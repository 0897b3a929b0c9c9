"""Prose rules on long texts: time against length, and a keystroke in a 100k-character prose.

    python bench/bench_prose_scale.py

1. ``prose_findings`` on one section holding 10k, 30k, 100k and 300k characters (the example's
   prose repeated), cold caches, median of 3: the rules must be linear (300k ≤ 12× 30k).
2. In the window (offscreen), a keystroke typed into 第一部分's lead holding 100k characters:
   key event → text stored in the report → editor repainted (p50 / worst of 30), and the prose
   rules' run that follows the typing pause (it blocks the event loop while it runs, so a key
   pressed during it waits that long). Goal: both within 100 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.project_file import load_report  # noqa: E402
from desktop.prose_rules import _normalise, prose_findings  # noqa: E402
from desktop.report import Report  # noqa: E402

EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"


def long_report(chars: int) -> Report:
    report = load_report(EXAMPLE)
    base = report.prose.s1.full_text() + report.prose.s5.full_text() + report.prose.s6.full_text()
    report.prose.s1.lead = (base * (chars // len(base) + 1))[:chars]
    return report


def scaling() -> None:
    times: dict[int, float] = {}
    for chars in (10_000, 30_000, 100_000, 300_000):
        report = long_report(chars)
        runs = []
        for _ in range(3):
            _normalise.cache_clear()
            t0 = time.perf_counter()
            prose_findings(report)
            runs.append(time.perf_counter() - t0)
        times[chars] = statistics.median(runs)
        print(f"prose rules, {chars:>7,} characters: {times[chars] * 1000:8.1f} ms")
    ratio = times[300_000] / times[30_000]
    print(f"300k / 30k = {ratio:.1f}x (linear: 10x; goal <= 12x)")


def keystroke() -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(long_report(100_000), autosave=False)
    window.show()
    window.tabs.setCurrentWidget(window.prose_pages[1])
    app.processEvents()
    editor = window.prose_pages[1].lead
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    app.processEvents()
    window.document.refresh_prose_findings()
    samples = []
    for i in range(30):
        t0 = time.perf_counter()
        QTest.keyClick(editor, Qt.Key.Key_A if i % 2 else Qt.Key.Key_B)
        editor.viewport().repaint()
        app.processEvents()
        samples.append(time.perf_counter() - t0)
    stalls = []
    for _ in range(5):
        QTest.keyClick(editor, Qt.Key.Key_C)
        app.processEvents()
        t0 = time.perf_counter()
        window.document.refresh_prose_findings()  # what the typing-pause timer runs
        stalls.append(time.perf_counter() - t0)
    ms = sorted(s * 1000 for s in samples)
    print(
        f"keystroke in 100k-character lead -> repaint: p50 {statistics.median(ms):.1f} ms, "
        f"worst {ms[-1]:.1f} ms (30 keys)"
    )
    st = sorted(s * 1000 for s in stalls)
    print(
        f"prose check after the pause (blocks input): p50 {statistics.median(st):.1f} ms, "
        f"worst {st[-1]:.1f} ms"
    )
    window.discard_changes_and_close()


if __name__ == "__main__":
    scaling()
    keystroke()
