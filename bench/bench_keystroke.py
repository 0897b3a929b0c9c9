"""Keystroke latency of table 三: ``setData`` on the model → value stored, table findings
re-run, totals and finding colours announced (``dataChanged`` delivered to the view).

    python bench/bench_keystroke.py [N]
    python bench/bench_keystroke.py --prose [CHARACTERS] [BURSTS] [--json]

``--prose``: someone typing into 第一部分's lead holding 100,000 characters (default), in
bursts with pauses long enough for the prose check to start after each (see ``prose_typing``):
key → repaint for every key, and for the keys that arrived while a prose check ran. Run three
times in the same process: the check in its worker thread (as the window does), in the GUI
thread (as it did before: a key arriving during it waited until it ended), and not at all (what
the typing costs by itself on this machine now). Goal: ≤ 100 ms.

Each edit alternates 自然人 本年新收 between 12 and 11, so every edit also flips an R1 error on
and off (the worst case: totals AND findings change). A second run adds the synchronous repaint
of the view (offscreen) to show the whole edit → pixels time. Goal: p99 < 2 ms for the first.
Wall-clock figures include time the OS gave to other processes; thread CPU time does not.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.report import Report, new_report  # noqa: E402
from desktop.template import INPUT_IDS  # noqa: E402
from ui.document import Document  # noqa: E402
from ui.table_view import ReportTableView  # noqa: E402


def sample() -> Report:
    cells = json.loads((ROOT / "tests/data/yanchi-2022-cells.json").read_text(encoding="utf-8"))
    report = new_report("盐池县人民政府", 2022)
    report.cells = {cid: cells[cid] for cid in INPUT_IDS}
    return Report.model_validate(report.model_dump())


def figures(label: str, samples: list[float]) -> None:
    ms = sorted(s * 1000 for s in samples)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    print(f"  {label}: median={statistics.median(ms):.3f} ms p99={p99:.3f} ms max={ms[-1]:.3f} ms")


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    app = QApplication([])
    doc = Document(sample())
    view = ReportTableView(doc, "t3")
    view.resize(*view.full_size())
    view.show()
    app.processEvents()
    model = view.table_model
    index = model.index_of("t3.new.natural")
    total = model.index_of("t3.new.total")
    delivered: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b: delivered.append((a.row(), a.column())))
    edit = Qt.ItemDataRole.EditRole

    def run(mode: str) -> tuple[list[float], list[float]]:
        wall, cpu = [], []
        for i in range(n):
            delivered.clear()
            value = "12" if i % 2 == 0 else "11"
            w0, c0 = time.perf_counter(), time.thread_time()
            ok = model.setData(index, value, edit)
            if mode == "paint":
                app.processEvents()  # the view repaints the cells it was told changed
            elif mode == "full":
                view.viewport().repaint()
            wall.append(time.perf_counter() - w0)
            cpu.append(time.thread_time() - c0)
            assert ok and total.data() == value
            assert (total.row(), total.column()) in delivered
            assert any(f.rule == "R1" for f in doc.findings()) == (value == "12")
            app.processEvents()
        return wall, cpu

    run("model")  # warm up
    version = sys.version.split()[0]
    print(f"{n} edits of 表三 自然人 本年新收 (each flips an R1 error), Python {version}")
    for mode, label in (
        ("model", "setData → totals + findings + dataChanged delivered"),
        ("paint", "the same + processEvents repainting the changed cells"),
        ("full", "the same + a forced repaint of the whole table (scrolling, resizing)"),
    ):
        wall, cpu = run(mode)
        print(label)
        figures("wall clock ", wall)
        figures("thread CPU ", cpu)
    return 0


def prose_typing(chars: int, bursts: int, mode: str) -> dict[str, list[float]]:
    """Key → repaint latencies (seconds) of keys typed into a ``chars``-character lead.

    A second thread types like a person: bursts of 4 keys 120 ms apart, then a pause of
    450–900 ms (the prose check starts 400 ms after the last key, so the next burst often
    lands while it runs). It posts each key event at its planned moment, whatever the GUI
    thread is doing; a key's latency runs from that moment to the end of the first paint of
    the editor after the key's text is in the report. Keys whose moment fell inside a run of
    the prose rules are also listed apart (``during``).
    """
    import random
    import threading

    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QTimer
    from PySide6.QtGui import QKeyEvent

    from desktop import prose_rules
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    rng = random.Random(chars + bursts)
    report = long_lead_report(chars)
    window = MainWindow(report, autosave=False)
    window.resize(1200, 800)
    window.show()
    window.tabs.setCurrentWidget(window.prose_pages[1])
    app.processEvents()
    editor = window.prose_pages[1].lead
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    # Both runs type the same keys: the second must not find the first's texts cached.
    prose_rules._normalise.cache_clear()
    prose_rules._place_claims.cache_clear()
    window.document.refresh_prose_findings()
    app.processEvents()
    doc = window.document
    if mode == "gui":  # as before: the pause timer ran the rules in this thread
        doc._prose_timer.timeout.disconnect()
        doc._prose_timer.timeout.connect(doc.refresh_prose_findings)
    elif mode == "none":  # the floor: the same typing with no prose check at all
        doc._prose_timer.timeout.disconnect()

    runs: list[tuple[float, float]] = []
    cpu: list[float] = []
    real = prose_rules.prose_findings

    def timed(*args: object, **kwargs: object) -> object:
        t0, c0 = time.perf_counter(), time.thread_time()
        try:
            return real(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            runs.append((t0, time.perf_counter()))
            cpu.append(time.thread_time() - c0)

    prose_rules.prose_findings = timed  # type: ignore[assignment]
    planned: list[float] = []  # moment each key was due, in order
    stored: list[int] = []  # how many keys are in the report's text
    painted: dict[int, float] = {}  # keys stored → end of the first paint showing them
    base_len = len(report.prose.s1.lead)

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                n = len(doc.report.prose.s1.lead) - base_len
                if n and n not in painted:
                    QTimer.singleShot(0, lambda n=n: painted.setdefault(n, time.perf_counter()))
            return False

    watch = Watch()
    editor.viewport().installEventFilter(watch)

    total = bursts * 4
    # Made here: a key event made in another thread makes Qt's default keyboard device there.
    events = [
        QKeyEvent(kind, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
        for _ in range(total)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)
    ]

    def typist() -> None:
        t = time.perf_counter() + 0.3
        for _ in range(bursts):
            for _ in range(4):
                planned.append(t)
                time.sleep(max(0.0, t - time.perf_counter()))
                for _ in range(2):
                    QCoreApplication.postEvent(editor, events.pop(0))
                t += 0.12
            t += rng.uniform(0.45, 0.9) - 0.12

    thread = threading.Thread(target=typist, daemon=True)
    thread.start()
    # The event loop waits in Qt as the app's does (a loop of processEvents + sleep would
    # wake this thread every millisecond and take the interpreter lock from the worker).
    loop = QEventLoop()
    deadline = time.perf_counter() + bursts * 2.5 + 30

    def done() -> None:
        if (total in painted and not thread.is_alive()) or time.perf_counter() > deadline:
            loop.quit()

    poll = QTimer()
    poll.timeout.connect(done)
    poll.start(100)
    loop.exec()
    poll.stop()
    stored.append(len(doc.report.prose.s1.lead) - base_len)
    prose_rules.prose_findings = real
    editor.viewport().removeEventFilter(watch)
    window.discard_changes_and_close()
    app.processEvents()
    if stored[-1] != total or total not in painted:
        raise SystemExit(f"prose typing: {stored[-1]} of {total} keys arrived")
    # A paint showing key m shows every key before it too.
    latency = [min(t for m, t in painted.items() if m > n) - planned[n] for n in range(total)]
    during = [
        lat
        for lat, due in zip(latency, planned, strict=True)
        if any(start <= due < end for start, end in runs)
    ]
    checks = [end - start for start, end in runs]
    return {"all": latency, "during": during, "checks": checks, "checks_cpu": cpu}


def long_lead_report(chars: int) -> Report:
    """The example with 第一部分's lead made ``chars`` characters long from its own prose."""
    from desktop.project_file import load_report

    report = load_report(ROOT / "resources" / "examples" / "yanchi-2022.nianbao")
    base = report.prose.s1.full_text() + report.prose.s5.full_text() + report.prose.s6.full_text()
    report.prose.s1.lead = (base * (chars // len(base) + 1))[:chars]
    return report


def _p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def prose_main(chars: int, bursts: int, as_json: bool = False) -> int:
    print(
        f"typing into a {chars:,}-character 第一部分 lead, {bursts} bursts of 4 keys; "
        f"Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}"
    )
    summary: dict[str, float] = {"load": os.getloadavg()[0]}
    for mode, label in (
        ("worker", "prose check in the worker thread (now)"),
        ("gui", "prose check in the GUI thread (before)"),
        ("none", "no prose check at all (the floor)"),
    ):
        data = prose_typing(chars, bursts, mode)
        for part in ("all", "during", "checks", "checks_cpu"):
            if data[part]:
                summary[f"{mode}_{part}_p50"] = statistics.median(data[part])
                summary[f"{mode}_{part}_p99"] = _p99(data[part])
                summary[f"{mode}_{part}_n"] = len(data[part])
        print(f"{label}:")
        figures(f"all {len(data['all'])} keys, key → repaint", data["all"])
        if data["during"]:
            figures(f"{len(data['during'])} keys typed during a check", data["during"])
        if data["checks"]:
            figures(f"{len(data['checks'])} prose checks ran, each", data["checks"])
            figures("  their thread CPU time", data["checks_cpu"])
    if as_json:
        print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--prose":
        as_json = "--json" in sys.argv
        args = [int(a) for a in sys.argv[2:4] if a != "--json"]
        chars, bursts = (args + [100_000, 15][len(args) :])[:2]
        sys.exit(prose_main(chars, bursts, as_json))
    sys.exit(main())
