"""Time the prose rules on the bundled example: median milliseconds per run.

Run from the repository root: ``python bench/bench_prose.py``. The GUI runs these rules
debounced after prose edits, so a run must stay well under the debounce interval.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.project_file import load_report
from desktop.prose_rules import _normalise, prose_findings
from desktop.rules import check

EXAMPLE = Path(__file__).resolve().parents[1] / "resources" / "examples" / "yanchi-2022.nianbao"


def _median_ms(fn: object, runs: int) -> float:
    assert callable(fn)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    report = load_report(EXAMPLE)
    chars = len(report.prose.s1.full_text() + report.prose.s5.full_text())
    chars += len(report.prose.s6.full_text())
    nxt = report.model_copy(deep=True)
    nxt.meta.year += 1
    runs = 200
    print(f"example: {EXAMPLE.name}, {chars} characters of prose, {runs} runs each")

    def cold() -> None:
        # every paragraph normalised anew, as after opening a file
        _normalise.cache_clear()
        prose_findings(report)

    cases = (
        ("prose_findings (cold, no previous)", cold),
        ("prose_findings (no previous)", lambda: prose_findings(report)),
        ("prose_findings (with previous, R21)", lambda: prose_findings(nxt, report)),
        ("check (all rules, with previous)", lambda: check(nxt, report)),
    )
    for name, fn in cases:
        print(f"{name:38} {_median_ms(fn, runs):6.2f} ms")


if __name__ == "__main__":
    main()
