"""Keystroke latency of table 三: ``setData`` on the model → value stored, table findings
re-run, totals and finding colours announced (``dataChanged`` delivered to the view).

    python bench/bench_keystroke.py [N]

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


if __name__ == "__main__":
    sys.exit(main())
