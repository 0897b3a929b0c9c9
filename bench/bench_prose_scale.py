"""Prose rules on long texts: time against length.

    python bench/bench_prose_scale.py

``prose_findings`` on one section holding 10k, 30k, 100k and 300k characters (the example's
prose repeated), cold caches, median of 3: the rules must be linear (300k ≤ 12× 30k). Typing
into such a text in the window: ``python bench/bench_keystroke.py --prose``.
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
from desktop.prose_rules import _normalise, _place_claims, prose_findings  # noqa: E402
from desktop.report import Report  # noqa: E402

EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"


def long_report(chars: int) -> Report:
    report = load_report(EXAMPLE)
    base = report.prose.s1.full_text() + report.prose.s5.full_text() + report.prose.s6.full_text()
    report.prose.s1.lead = (base * (chars // len(base) + 1))[:chars]
    return report


def scaling(rounds: int = 5) -> None:
    sizes = (10_000, 30_000, 100_000, 300_000)
    reports = {chars: long_report(chars) for chars in sizes}
    wall: dict[int, list[float]] = {chars: [] for chars in sizes}
    cpu: dict[int, list[float]] = {chars: [] for chars in sizes}
    # Sizes interleaved round by round, so that a busy moment of the machine slows all alike;
    # thread CPU time beside the wall clock, as other processes do not add to it.
    for _ in range(rounds):
        for chars in sizes:
            _normalise.cache_clear()  # cold: every text read afresh
            _place_claims.cache_clear()
            w0, c0 = time.perf_counter(), time.thread_time()
            prose_findings(reports[chars])
            wall[chars].append(time.perf_counter() - w0)
            cpu[chars].append(time.thread_time() - c0)
    print(f"load average at the end {os.getloadavg()[0]:.1f}; median of {rounds} cold runs")
    for chars in sizes:
        print(
            f"prose rules, {chars:>7,} characters: {statistics.median(wall[chars]) * 1000:8.1f} ms"
            f" (thread CPU {statistics.median(cpu[chars]) * 1000:8.1f} ms)"
        )
    for label, times in (("wall", wall), ("CPU", cpu)):
        ratio = statistics.median(times[300_000]) / statistics.median(times[30_000])
        print(f"300k / 30k ({label}) = {ratio:.1f}x (linear: 10x; goal <= 12x)")


if __name__ == "__main__":
    scaling()
