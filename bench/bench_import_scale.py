"""Issue 17, goal 6: import scales linearly. Per MB, a report text of about 5 MB costs no more
than the 14.6 KB sample (import and the summary the window and ``nianbao import`` show, whose
check runs every rule), and the check inside the summary does not dominate.

The big texts are the sample with section 一's paragraphs repeated, each numbered so no two are
equal, until they hold 1 or 5 MB: every paragraph states the sample's figures, so the prose
check reads thousands of statements. ``figures()`` is used by ``bench/run.py``;
``python bench/bench_import_scale.py`` prints the figures.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "tests" / "data" / "yanchi-2022-report.txt"
MB = 1024 * 1024
SIZES_MB = (1, 5)
SMALL_RUNS = 15
BIG_RUNS = 3


def big_text(target_bytes: int) -> str:
    """The sample with section 一's paragraphs repeated until it holds ``target_bytes``."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    start, end = lines.index("一、总体情况"), lines.index("二、主动公开政府信息情况")
    body = [line for line in lines[start + 1 : end] if line.strip()]
    size = len("\n".join(lines).encode("utf-8"))
    extra: list[str] = []
    k = 0
    while size < target_bytes:
        for line in body:
            paragraph = f"{line}（补充材料第{k}段。）"
            extra += [paragraph, ""]
            size += len(paragraph.encode("utf-8")) + 2
        k += 1
    return "\n".join(lines[:end] + extra + lines[end:])


def _timed(path: Path) -> tuple[float, float]:
    """Seconds to import ``path`` and to build its summary (the check of every rule included);
    the summary runs on a fresh import, as after 导入 (no rule has read this text before)."""
    from desktop.importers import import_report
    from desktop.importers.summary import summary_sections

    t0 = time.perf_counter()
    result = import_report(path)
    t1 = time.perf_counter()
    summary_sections(result)
    return t1 - t0, time.perf_counter() - t1


def forget_read_texts() -> None:
    # The prose rules keep what they read of a text (so an edit re-reads one paragraph); an
    # import reads a text they have not seen.
    from desktop import prose_rules

    for name in dir(prose_rules):
        cached = getattr(prose_rules, name)
        # Caches (functools' and the rules' own), not a class that defines the method.
        cache_clear = getattr(cached, "cache_clear", None)
        if cache_clear is not None and not isinstance(cached, type):
            cache_clear()


def _median(path: Path, runs: int) -> tuple[float, float]:
    _timed(path)  # warm-up: modules, compiled patterns
    samples = []
    for _ in range(runs):
        forget_read_texts()
        samples.append(_timed(path))
    return (
        statistics.median(s[0] for s in samples),
        statistics.median(s[1] for s in samples),
    )


def figures() -> dict[str, float]:
    """``{name}.import`` and ``{name}.summary`` seconds and ``{name}.mb`` for the sample and
    each big text (``mb1``, ``mb5``)."""
    out: dict[str, float] = {}
    imp, summ = _median(SAMPLE, SMALL_RUNS)
    out.update(
        {"sample.import": imp, "sample.summary": summ, "sample.mb": SAMPLE.stat().st_size / MB}
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES_MB:
            path = Path(tmp) / f"report-{size}mb.txt"
            path.write_text(big_text(size * MB), encoding="utf-8")
            imp, summ = _median(path, BIG_RUNS)
            key = f"mb{size}"
            out.update(
                {
                    f"{key}.import": imp,
                    f"{key}.summary": summ,
                    f"{key}.mb": path.stat().st_size / MB,
                }
            )
    return out


def per_mb(f: dict[str, float], key: str) -> float:
    """Seconds a MB for import and summary together."""
    return (f[f"{key}.import"] + f[f"{key}.summary"]) / f[f"{key}.mb"]


def main() -> None:
    f = figures()
    for key in ("sample", *(f"mb{s}" for s in SIZES_MB)):
        total = f[f"{key}.import"] + f[f"{key}.summary"]
        print(
            f"{key:7s} {f[f'{key}.mb']:6.3f} MB: import {f[f'{key}.import'] * 1000:7.0f} ms, "
            f"summary {f[f'{key}.summary'] * 1000:7.0f} ms ({f[f'{key}.summary'] / total:4.0%}), "
            f"{per_mb(f, key) * 1000:6.0f} ms/MB"
        )


if __name__ == "__main__":
    main()
