"""Time ``nianbao review`` against ``nianbao merge`` on the same unit files, in the same run.

Run from the repository root: ``python bench/bench_review.py [SIZES...]`` (default 100 250 500).
For each size the same folder of ``.nianbao`` files (full reports with last year's embedded,
as ``bench_merge.py`` builds them) is merged (load + merge + check + save the total, what
``nianbao merge`` does) and reviewed (read + all rules + review rules + the workbook, what
``nianbao review -o`` does), alternately, best of ``ROUNDS``. Published sources (.txt, .html,
.docx from the corpus) go through the importer and are timed separately, per file.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_merge import unit_report  # noqa: E402

from desktop.merge import merge_reports  # noqa: E402
from desktop.next_year import next_year  # noqa: E402
from desktop.project_file import load_report, save_report  # noqa: E402
from desktop.report import Report  # noqa: E402
from desktop.resources import example_path  # noqa: E402
from desktop.review.collect import review_folder  # noqa: E402
from desktop.review.workbook import workbook_bytes  # noqa: E402
from desktop.template import INPUT_IDS  # noqa: E402

ROUNDS = 3
CORPUS = ROOT / "tests" / "data" / "real"
SOURCES = (
    "hongze-2023/text_plain.txt",
    "huaian-2024-from-pdf.txt",
    "shanghai-2019-old-format/report_as_word.docx",
    "shanghai-2019-old-format/report_normalized.html",
    "excerpt-06.txt",
    "excerpt-09.txt",
    "hongze-2023/hzq2023_working.pdf",
)


def best(fn: Callable[[], object], rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def _mark_prose(report: Report, i: int) -> None:
    # Each unit's prose made its own (a number at the end of every paragraph, which no rule
    # reads: R21 masks numbers, and a bare number is no claim), so that no cache keyed on a
    # text serves one unit with another's work, as none would in a real county's folder.
    prose = report.prose
    prose.opening += f"（{i}）"
    for number in (1, 5, 6):
        section = prose.section(number)
        section.lead = section.lead + f"（{i}）" if section.lead else ""
        for part in section.parts:
            part.text += f"（{i}）"
    prose.table_intros = {k: v + f"（{i}）" for k, v in prose.table_intros.items()}


def example_unit(i: int, distinct: bool = True) -> Report:
    """The bundled example (a real county report, last year's embedded as ``next`` writes
    it) under a made-up unit's name, every tenth with a wrong carry-over (an error); with
    ``distinct``, every unit's text differs, and each year's (see ``_mark_prose``)."""
    last = load_report(example_path())
    last.meta.year = 2021
    last.meta.org_name = f"测试县第{i}局"
    if distinct:
        _mark_prose(last, i)
    report = next_year(last)
    if distinct:
        # This year's text differs from last year's too (as a unit's edits make it), so that
        # R21 reads both years' words afresh; the marks are numbers, so R21 still finds every
        # sentence repeated (numbers are masked) and its findings are those of a copy.
        _mark_prose(report, 100_000 + i)
    for cid in INPUT_IDS:
        if report.cells[cid] is None:
            report.cells[cid] = last.cells[cid]
    if i % 10 == 0:
        report.cells["t3.carried_out.natural"] = 1
    return report


def bench_units(n: int, folder: Path, kind: str, distinct: bool) -> tuple[float, float]:
    rng = random.Random(n)
    units = folder / "units"
    units.mkdir()
    paths = []
    for i in range(n):
        p = units / f"unit-{i:04d}.nianbao"
        save_report(example_unit(i, distinct) if kind == "example" else unit_report(i, rng), p)
        paths.append(p)

    def merge() -> None:
        loaded = [(p, load_report(p)) for p in paths]
        result = merge_reports(loaded, org_name="测试县人民政府")
        save_report(result.report, folder / "total.nianbao")

    def review() -> None:
        result = review_folder(units)
        assert len(result.units) == n and all(u.report is not None for u in result.units)
        (folder / "review.xlsx").write_bytes(workbook_bytes(result))

    merge_t, review_t = float("inf"), float("inf")
    for _ in range(ROUNDS):  # alternate, so a busy moment hits both
        merge_t = min(merge_t, best(merge, 1))
        review_t = min(review_t, best(review, 1))
    return merge_t, review_t


def bench_floor(n: int, folder: Path) -> list[tuple[str, float, float]]:
    """What a review of ``n`` example units costs step by step against the merge of the same
    files, in one run, alternating, best of ``ROUNDS``: (step, wall s, CPU s). Each step
    includes the ones above it, so the differences are each step's own cost."""
    from desktop.review.collect import read_folder
    from desktop.review.rules import review_findings
    from desktop.rules import check, table_findings

    units = folder / "units"
    units.mkdir()
    paths = []
    for i in range(n):
        p = units / f"unit-{i:04d}.nianbao"
        save_report(example_unit(i, True), p)
        paths.append(p)

    def merge() -> None:
        loaded = [(p, load_report(p)) for p in paths]
        save_report(merge_reports(loaded, org_name="测试县人民政府").report, folder / "t.nianbao")

    def read() -> list[Report]:
        return [u.report for u in read_folder(units)[0] if u.report is not None]

    def read_table() -> None:
        for r in read():
            table_findings(r, r.previous)

    def read_check() -> None:
        for r in read():
            check(r, r.previous)

    def read_check_review() -> None:
        for r in read():
            check(r, r.previous)
            review_findings(r, r.previous, None)

    def review() -> None:
        (folder / "review.xlsx").write_bytes(workbook_bytes(review_folder(units)))

    steps: list[tuple[str, Callable[[], object]]] = [
        ("merge (load + merge + check of the total + save)", merge),
        ("review: read the files", read),
        ("  + table rules (R1–R13, R18 dates, R20 structure)", read_table),
        ("  + prose rules (R16, R18, R20, R21: all of check)", read_check),
        ("  + review rules R24–R29", read_check_review),
        ("  + duplicates, pairing, workbook (nianbao review -o)", review),
    ]
    best_of: dict[str, tuple[float, float]] = {}
    for _ in range(ROUNDS):  # alternate, so a busy moment hits every step alike
        for name, fn in steps:
            w0, c0 = time.perf_counter(), time.process_time()
            fn()
            w, c = time.perf_counter() - w0, time.process_time() - c0
            old = best_of.get(name, (w, c))
            best_of[name] = (min(old[0], w), min(old[1], c))
    return [(name, *best_of[name]) for name, _ in steps]


def bench_sources(copies: int, folder: Path) -> tuple[int, float]:
    src = folder / "sources"
    src.mkdir()
    for k in range(copies):
        for name in SOURCES:
            p = CORPUS / name
            shutil.copy(p, src / f"{k:02d}-{p.parent.name}-{p.name}")
    n = copies * len(SOURCES)
    return n, best(lambda: review_folder(src))


def run_rows(sizes: tuple[int, ...] = (100, 500)) -> list[tuple[str, str, str, float | None]]:
    """The rows bench/run.py shows: review vs merge of ``sizes`` units (each unit's own text),
    the per-file time at the largest size over the smallest (linear: ≈ 1), and the imported
    sources per file. (name, value, reference, review/merge ratio or None)."""
    out: list[tuple[str, str, str, float | None]] = []
    per_file: list[float] = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            merge_t, review_t = bench_units(n, Path(tmp), "example", True)
        per_file.append(review_t / n)
        out.append(
            (
                f"审核 {n} 个单位文件（nianbao review，与汇总同一批文件）",
                f"{review_t * 1000:.0f} ms（每个 {review_t * 1000 / n:.1f} ms）",
                f"汇总同一批 {merge_t * 1000:.0f} ms",
                review_t / merge_t,
            )
        )
    out.append(
        (
            f"审核：每个文件用时 {sizes[-1]} 个 ÷ {sizes[0]} 个（线性 ≈ 1）",
            f"{per_file[-1] / per_file[0]:.2f}",
            "—",
            None,
        )
    )
    with tempfile.TemporaryDirectory() as tmp:
        n, t = bench_sources(1, Path(tmp))
    out.append(
        (
            f"审核：已发布的文件（.txt/.html/.docx/.pdf，{n} 个，经导入读取）",
            f"每个 {t * 1000 / n:.0f} ms",
            "—",
            None,
        )
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 250, 500])
    parser.add_argument("--source-copies", type=int, default=5)
    parser.add_argument(
        "--units",
        choices=("example", "random"),
        default="example",
        help="example: the bundled real report under 500 names (a few findings each); random: "
        "bench_merge's random cells (about 14 findings each, a stress case for the workbook)",
    )
    parser.add_argument(
        "--same-text",
        action="store_true",
        help="every example unit with the same prose (the per-text caches then serve them all)",
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="time a review step by step (read, table rules, prose rules, review rules, "
        "workbook) against the merge of the same example units, per unit, wall and CPU",
    )
    args = parser.parse_args()
    if args.floor:
        for n in args.sizes:
            with tempfile.TemporaryDirectory() as tmp:
                rows = bench_floor(n, Path(tmp))
            merge_w, merge_c = rows[0][1], rows[0][2]
            print(f"{n} units (ms a unit; × the merge, wall / CPU)")
            for name, w, c in rows:
                print(
                    f"  {name:<52} {w * 1000 / n:6.2f} wall {c * 1000 / n:6.2f} CPU"
                    f"  {w / merge_w:5.2f}× / {c / merge_c:5.2f}×"
                )
        return
    print(f"units: {args.units}{' (same text)' if args.same_text else ''}")
    print(
        f"{'files':>6} {'merge ms':>10} {'review ms':>10} {'review/merge':>13}"
        f" {'review ms/file':>15}"
    )
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            merge_t, review_t = bench_units(n, Path(tmp), args.units, not args.same_text)
        print(
            f"{n:6d} {merge_t * 1000:10.0f} {review_t * 1000:10.0f} {review_t / merge_t:12.2f}x"
            f" {review_t * 1000 / n:15.2f}",
            flush=True,
        )
    if not args.source_copies:
        return
    with tempfile.TemporaryDirectory() as tmp:
        n, t = bench_sources(args.source_copies, Path(tmp))
    print(
        f"imported sources (.txt/.html/.docx/.pdf of the corpus): {n} files, {t * 1000:.0f} ms, "
        f"{t * 1000 / n:.1f} ms/file"
    )


if __name__ == "__main__":
    main()
