"""Issue 17, goal 8: the full check of the example against loading the example file, both as
a user has them in a fresh process, and warm (repeated in one process).

Each child process (``python bench/bench_cold_load.py --child``) starts as ``nianbao`` does
(``desktop.pydantic_start.light_start()`` first), imports the modules loading and checking a
file need (timed apart, see *imports*), and only then starts the clock. Measured, each once in
that process, in this order:

* **cold load**: ``load_report`` of the example: reading the file, parsing, the first model
  validation of the process with everything pydantic and the model do on first use;
* **cold check**: the first ``check`` of that report (every rule, the prose rules compiling
  and filling whatever they build on first use);
* then **warm** figures in the same process: medians of loading again and of checking again
  with the prose rules' caches cleared (a text they have not read);
* **imports** (interpreter start excluded), for the reading in which loading includes bringing
  the model in: what loading needs (``light_start``, ``desktop.project_file`` with pydantic and
  the report model) and, separately, what the check adds (``desktop.rules``,
  ``desktop.prose_rules``).

``figures(runs)`` runs that many children one after another and returns medians;
``python bench/bench_cold_load.py`` prints them.
"""

from __future__ import annotations

import importlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"
WARM_RUNS = 200


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def child() -> None:
    """One fresh process's figures, printed as one JSON line (seconds)."""
    sys.path.insert(0, str(ROOT))
    t0 = _clock()
    from desktop.pydantic_start import light_start

    light_start()
    from desktop.project_file import load_report

    load_imports = _since(t0)
    t0 = _clock()
    # What the check imports on its first run (prose_totals from inside prose_findings).
    for name in ("desktop.prose_rules", "desktop.prose_totals"):
        importlib.import_module(name)
    from desktop.rules import check

    check_imports = _since(t0)
    t1 = _clock()
    report = load_report(EXAMPLE)
    load = _since(t1)
    t2 = _clock()
    found = check(report)
    first_check = _since(t2)
    assert found is not None

    def median(fn: object) -> float:
        times = []
        for _ in range(WARM_RUNS):
            start = time.perf_counter()
            fn()  # type: ignore[operator]
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    # Imported after the timed first load and check: its own imports (tempfile …) must not
    # count as theirs.
    from bench_import_scale import forget_read_texts

    def fresh_check() -> None:
        forget_read_texts()
        check(report)

    out = {
        "load_imports_wall": load_imports[0],
        "load_imports_cpu": load_imports[1],
        "check_imports_wall": check_imports[0],
        "check_imports_cpu": check_imports[1],
        "load_wall": load[0],
        "load_cpu": load[1],
        "check_wall": first_check[0],
        "check_cpu": first_check[1],
        "warm_load": median(lambda: load_report(EXAMPLE)),
        "warm_check": median(fresh_check),
    }
    print(json.dumps(out))


def figures(runs: int = 7) -> dict[str, float]:
    """Medians over ``runs`` fresh processes of every figure of ``child``."""
    # Modules compiled, as an installed app has them: a first, discarded child writes the .pyc
    # files (PYTHONDONTWRITEBYTECODE, set in some shells, would make every child compile the
    # modules changed since the last write, counted as import or, for a module imported on
    # first use, as the first check).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    samples: list[dict[str, float]] = []
    for i in range(runs + 1):
        out = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if i > 0:
            samples.append(json.loads(out.strip().splitlines()[-1]))
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def with_imports(f: dict[str, float]) -> float:
    """Seconds to load the example in a fresh process counting the imports loading needs."""
    return f["load_imports_wall"] + f["load_wall"]


def main() -> None:
    if "--child" in sys.argv:
        child()
        return
    f = figures()
    ms = {k: v * 1000 for k, v in f.items()}
    print(
        f"imports: for loading {ms['load_imports_wall']:.1f} ms (CPU "
        f"{ms['load_imports_cpu']:.1f}), the check's own {ms['check_imports_wall']:.1f} ms\n"
        f"cold load {ms['load_wall']:.2f} ms (CPU {ms['load_cpu']:.2f}); "
        f"first check {ms['check_wall']:.2f} ms (CPU {ms['check_cpu']:.2f}): "
        f"{f['check_wall'] / f['load_wall']:.0%} of the cold load; "
        f"{f['check_wall'] / with_imports(f):.1%} of the cold load with its imports\n"
        f"warm load {ms['warm_load']:.3f} ms; warm first check {ms['warm_check']:.3f} ms: "
        f"{f['warm_check'] / f['warm_load']:.0%}"
    )


if __name__ == "__main__":
    main()
