"""The register (issue 18) at 10,000 applications: deriving table 三, opening the file, the
model's ``data()`` and scrolling the register tab, each next to a same-run reference.

``bench/run.py`` (step ``register``) turns these figures into rows of bench/RESULTS.md; run
alone, ``python bench/bench_register.py`` prints them as JSON. The window figures are taken
in a child process (offscreen Qt) so that nothing else in the bench shares its caches.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REGISTER_ROWS = 10_000
RUNS = 15
TODAY = date(2025, 6, 30)
SCREEN_ROWS = 40


def _median(fn: Callable[[], object], runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def register_demo(n: int = REGISTER_ROWS) -> tuple[Any, str]:
    """A register of ``n`` applications spread over two years (about four in five answered,
    some carried over) and the JSON text of its rows."""
    from desktop.project_file import _encode, _jsonable
    from desktop.register.model import ApplicantKind, Application, Register
    from desktop.template import T3_RESULT_KEYS

    rng = random.Random(18)
    kinds = list(ApplicantKind)
    apps = []
    for i in range(n):
        received = date(2024, 6, 1) + timedelta(days=rng.randrange(570))
        answered = None
        result = None
        if rng.random() < 0.8:
            answered = received + timedelta(days=rng.randrange(1, 40))
            result = rng.choice(T3_RESULT_KEYS)
        apps.append(
            Application(
                id=f"A{i:05d}",
                received=received,
                kind=rng.choice(kinds),
                applicant=f"申请人{i}",
                content="关于某地块征收补偿方案的信息",
                result=result,
                answered=answered,
            )
        )
    reg = Register(applications=apps, t3_generated=True)
    text = _encode(_jsonable([a.model_dump(mode="python") for a in apps]), None)
    return reg, text


def file_text() -> str:
    """A report file holding the 10,000-row register."""
    from desktop.project_file import report_to_json
    from desktop.register.sync import apply_register
    from desktop.report import new_report

    reg, _ = register_demo()
    report = new_report("测试", 2025)
    report.ledger = reg
    apply_register(report)
    return report_to_json(report)


def core_figures() -> dict[str, float]:
    """Deriving table 三 next to json.loads of the rows; loading the file next to json.loads."""
    from desktop.project_file import report_from_json
    from desktop.register.derive import derive_t3

    reg, rows_text = register_demo()
    text = file_text()
    return {
        "derive": _median(lambda: derive_t3(reg, 2025), RUNS),
        "loads_rows": _median(lambda: json.loads(rows_text), RUNS),
        "load": _median(lambda: report_from_json(text), 5),
        "loads_file": _median(lambda: json.loads(text), 5),
        "file_kb": len(text.encode()) // 1024,
    }


def _scroll_frames(view: Any, app: Any) -> tuple[list[float], float]:
    """Scroll ``view`` from top to bottom a screen at a time, painting each frame at once;
    the wall time of each frame (scroll + paint) and the mean CPU time of a frame (steadier
    than wall time when other jobs share the machine)."""
    bar = view.verticalScrollBar()
    bar.setValue(0)
    app.processEvents()
    frames = []
    rows = view.model().rowCount()
    cpu0 = time.process_time()
    for first in range(0, rows, SCREEN_ROWS):
        t0 = time.perf_counter()
        bar.setValue(first)
        view.viewport().repaint()
        frames.append(time.perf_counter() - t0)
    return frames, (time.process_time() - cpu0) / len(frames)


def window_figures() -> dict[str, float]:
    """In the window (offscreen): opening the file and showing the register tab, data() over
    one screen called from Python, and scrolling frames (the view calling data() as it
    paints), each next to a QStandardItemModel of the same texts in a plain QTableView (the
    register tab shows its model without the sort/filter proxy until asked to sort or
    filter)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView

    from desktop.project_file import report_from_json
    from ui.document import Document
    from ui.register_page import RegisterPage

    app = QApplication.instance() or QApplication(sys.argv[:1])
    text = file_text()
    size = (1400, 24 * SCREEN_ROWS + 220)

    # Opening: read the file, build the tab, show it and paint its first frame.
    def open_page() -> Any:
        doc = Document(report_from_json(text))
        page = RegisterPage(doc, today=TODAY)
        page.resize(*size)
        page.show()
        page.applications.viewport().repaint()
        return page

    t0 = time.perf_counter()
    page = open_page()
    t_open = time.perf_counter() - t0
    t_loads = _median(lambda: json.loads(text), 3)
    table = page.applications
    table.setMinimumHeight(24 * SCREEN_ROWS + 30)
    app.processEvents()
    model = table.source

    # The same texts in Qt's own item model, viewed the same way.
    ref = QStandardItemModel(model.rowCount(), model.columnCount())
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            ref.setItem(r, c, QStandardItem(str(model.data(model.index(r, c)) or "")))
    ref_view = QTableView()
    ref_view.setModel(ref)
    ref_view.verticalHeader().setDefaultSectionSize(24)
    ref_view.setAlternatingRowColors(True)
    for i, col in enumerate(model.columns):
        ref_view.setColumnWidth(i, col.width)
    ref_view.resize(table.size())
    ref_view.show()
    app.processEvents()

    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole)

    def screen(m: Any, first: int) -> None:
        for r in range(first, first + SCREEN_ROWS):
            for c in range(m.columnCount()):
                idx = m.index(r, c)
                for role in roles:
                    m.data(idx, role)

    t_screen = _median(lambda: screen(model, 5000), 21)
    t_ref_screen = _median(lambda: screen(ref, 5000), 21)

    model.refresh()  # first display: texts and due dates built while scrolling
    first, cpu_first = _scroll_frames(table, app)
    again, cpu_again = _scroll_frames(table, app)
    ref_first, ref_cpu_first = _scroll_frames(ref_view, app)
    ref_again, ref_cpu_again = _scroll_frames(ref_view, app)
    out = {
        "frame_cpu_first": cpu_first,
        "frame_cpu": cpu_again,
        "ref_frame_cpu_first": ref_cpu_first,
        "ref_frame_cpu": ref_cpu_again,
        "open": t_open,
        "open_loads": t_loads,
        "screen": t_screen,
        "ref_screen": t_ref_screen,
        "frames": float(len(first)),
        "frame_p50_first": statistics.median(first),
        "frame_p99_first": _percentile(first, 0.99),
        "frame_p50": statistics.median(again),
        "frame_p99": _percentile(again, 0.99),
        "ref_frame_p50_first": statistics.median(ref_first),
        "ref_frame_p99_first": _percentile(ref_first, 0.99),
        "ref_frame_p50": statistics.median(ref_again),
        "ref_frame_p99": _percentile(ref_again, 0.99),
        "visible_rows": float(table.rowAt(table.viewport().height() - 1) - table.rowAt(0) + 1),
    }
    page.close()
    ref_view.close()
    return out


if __name__ == "__main__":
    figures = dict(core_figures())
    figures |= window_figures()
    print(json.dumps(figures, indent=1))
