"""Time the Word and HTML export of the bundled example (not a test): prints the median in ms.

Run from the repository root: ``python bench/bench_export.py``. Measures building the document
in memory (``docx_bytes`` / ``export_html``) and the whole ``export_docx`` to a file, completeness
check included.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.html_export import export_html  # noqa: E402
from desktop.project_file import load_report  # noqa: E402
from desktop.word_export import docx_bytes, export_docx  # noqa: E402


def median_ms(fn: Callable[[], object], runs: int = 50) -> float:
    fn()  # warm-up: imports, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def main() -> None:
    report = load_report(ROOT / "resources" / "examples" / "yanchi-2022.nianbao")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "年报.docx"
        print(f"docx (in memory):         {median_ms(lambda: docx_bytes(report)):7.1f} ms")
        print(f"docx (checked, to file):  {median_ms(lambda: export_docx(report, out)):7.1f} ms")
        print(f"html (in memory):         {median_ms(lambda: export_html(report)):7.1f} ms")


if __name__ == "__main__":
    main()
