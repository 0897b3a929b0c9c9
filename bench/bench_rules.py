"""Time a full check of the bundled example (not a test): prints the median in µs.

Run from the repository root: ``python bench/bench_rules.py``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.project_file import load_report  # noqa: E402
from desktop.report import new_report  # noqa: E402
from desktop.rules import check, table_findings  # noqa: E402


def median_us(fn: object, runs: int = 2000) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def main() -> None:
    report = load_report(ROOT / "resources" / "examples" / "yanchi-2022.nianbao")
    last_year = report.model_copy(deep=True)
    last_year.meta.year -= 1
    print(f"check (example):                 {median_us(lambda: check(report)):8.1f} µs")
    print(f"check (example, with last year): {median_us(lambda: check(report, last_year)):8.1f} µs")
    print(f"table_findings (example):        {median_us(lambda: table_findings(report)):8.1f} µs")
    blank = new_report("测试县", 2023)
    print(f"check (blank report, 166 blanks):{median_us(lambda: check(blank)):8.1f} µs")


if __name__ == "__main__":
    main()
