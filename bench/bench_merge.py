"""Time ``nianbao merge`` on 10, 100 and 1,000 unit files (loading included), CPU time next to
``json.loads`` of the same files in the same run (issue 17, goal 5: at most 3×).

Run from the repository root: ``python bench/bench_merge.py [--breakdown] [SIZES...]``.
Each unit file is a full report (all 154 input cells filled, prose, last year's report
embedded as ``next`` writes it), so loading costs what it costs for real files.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.merge import load_units, merge_reports, write_breakdown
from desktop.next_year import next_year
from desktop.project_file import load_report, save_report
from desktop.report import Report, SubPart, new_report
from desktop.template import AMOUNT_IDS, INPUT_IDS


def unit_report(i: int, rng: random.Random) -> Report:
    """A filled report of a made-up unit with last year's report embedded."""
    last = new_report(f"测试县第{i}局", 2022)
    for cid in INPUT_IDS:
        last.set_cell(cid, f"{rng.randint(0, 5000)}.5" if cid in AMOUNT_IDS else rng.randint(0, 9))
    last.info_fee_yuan = None
    last.prose.s1.parts[0].text = "围绕重点领域主动公开政府信息。" * 40
    last.prose.s5.parts.append(SubPart(heading="（一）存在的问题", text="公开质量有待提高。" * 30))
    report = next_year(last)
    for cid in INPUT_IDS:
        if report.cells[cid] is None:
            value = f"{rng.randint(0, 5000)}.25" if cid in AMOUNT_IDS else rng.randint(0, 9)
            report.set_cell(cid, value)
    return report


def bench(n: int, folder: Path, breakdown: bool, repeats: int) -> None:
    rng = random.Random(n)
    paths = []
    for i in range(n):
        p = folder / f"unit-{i:04d}.nianbao"
        save_report(unit_report(i, rng), p)
        paths.append(p)

    def merge() -> tuple[float, float]:
        t0 = time.process_time()
        units = load_units(paths)
        t1 = time.process_time()
        merge_reports(units, org_name="测试县人民政府")
        return t1 - t0, time.process_time() - t1

    def parse() -> float:
        t0 = time.process_time()
        for p in paths:
            json.loads(p.read_bytes())
        return time.process_time() - t0

    merge()
    parse()
    loads, merges, refs = [], [], []
    for _ in range(repeats):  # interleaved: a busy machine slows both alike
        load_t, merge_t = merge()
        loads.append(load_t)
        merges.append(merge_t)
        refs.append(parse())
    load_t, merge_t, ref = (statistics.median(x) for x in (loads, merges, refs))
    total = load_t + merge_t
    line = (
        f"{n:5d} files: CPU {total * 1000:8.1f} ms ({total * 1000 / n:6.3f} ms/file)"
        f"  = load {load_t * 1000:7.1f} + merge&check {merge_t * 1000:7.1f}"
        f"  | json.loads {ref * 1000:7.1f} ms: {total / ref:4.2f}x"
    )
    if breakdown:
        result = merge_reports([(p, load_report(p)) for p in paths], org_name="测试县人民政府")
        t3 = time.perf_counter()
        write_breakdown(result, folder / "breakdown.xlsx")
        line += f"  | breakdown.xlsx {(time.perf_counter() - t3) * 1000:7.1f} ms"
    print(line, flush=True)


def interleaved_cpu(
    ours: Callable[[], object], ref: Callable[[], object], runs: int
) -> tuple[float, float]:
    """Median CPU seconds of ``ours`` and ``ref``, run alternately ``runs`` times after one
    warm-up each: a busy machine slows both alike, and CPU time leaves out the waits (other
    processes, fsync) that made wall-time ratios of one run swing between 3× and 6×."""
    ours()
    ref()
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        t0 = time.process_time()
        ours()
        a.append(time.process_time() - t0)
        t0 = time.process_time()
        ref()
        b.append(time.process_time() - t0)
    return statistics.median(a), statistics.median(b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[10, 100, 1000])
    parser.add_argument("--breakdown", action="store_true", help="also time the workbook")
    parser.add_argument("--repeats", type=int, default=5, help="interleaved runs (median)")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}; medians of {args.repeats} interleaved runs")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            bench(n, Path(tmp), args.breakdown, args.repeats)


if __name__ == "__main__":
    main()
