"""Median time to import the sample report as text and as a .docx exported by Nianbao.

Run from the repository root: ``.venv/bin/python bench/bench_import.py``. Goal: under
0.5 s each on an office PC.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.importers import import_report  # noqa: E402
from desktop.word_export import export_docx  # noqa: E402

SAMPLE = ROOT / "tests" / "data" / "yanchi-2022-report.txt"
PDF_TEXT = ROOT / "tests" / "data" / "real" / "huaian-2024-from-pdf.txt"
RUNS = 15
GOAL_S = 0.5


def median_seconds(path: Path) -> float:
    """Median wall time of ``import_report(path)`` over RUNS runs (after one warm-up)."""
    import_report(path)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        import_report(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        docx_path = Path(tmp) / "yanchi-2022.docx"
        report = import_report(SAMPLE).report
        report.printed_totals = {}
        export_docx(report, docx_path)
        results = {
            "sample text (yanchi-2022-report.txt)": median_seconds(SAMPLE),
            "PDF text (huaian-2024-from-pdf.txt)": median_seconds(PDF_TEXT),
            "exported .docx of the sample": median_seconds(docx_path),
        }
    worst = 0.0
    for name, seconds in results.items():
        worst = max(worst, seconds)
        print(f"import {name}: median {seconds * 1000:.1f} ms over {RUNS} runs")
    print(f"goal < {GOAL_S * 1000:.0f} ms each: {'met' if worst < GOAL_S else 'NOT met'}")
    return 0 if worst < GOAL_S else 1


if __name__ == "__main__":
    sys.exit(main())
