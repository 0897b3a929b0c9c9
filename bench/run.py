"""All of Nianbao's benchmarks in one command, each figure next to a reference measured in the
same run (so a busy machine slows both alike).

    python bench/run.py            # prints the table (about a minute)
    python bench/run.py --record   # also writes bench/RESULTS.md with the machine

Figures are medians over repeated runs (keystrokes: p50 and p99). Parts whose code is not in
this checkout yet print “未测（功能尚未合并）” instead of failing. The GUI parts run in child
processes (offscreen) so their timings and peak memory are their own.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from desktop.report import Report

EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"
SAMPLE_TEXT = ROOT / "tests" / "data" / "yanchi-2022-report.txt"
NOT_MERGED = "未测（功能尚未合并）"
NOTES_MARKER = "<!-- notes: kept by --record -->"

STARTUP_RUNS = int(os.environ.get("BENCH_STARTUP_RUNS", "11"))
IMPORT_TIME_RUNS = 9
KEYSTROKES = 1000
PAINTS = 300
CHECK_RUNS = 300
EXPORT_RUNS = 7
MERGE_SIZES = (10, 100, 1000)

# --- the children (run as ``python bench/run.py --child NAME``) --------------------------------

BARE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.show()
app.processEvents()
window.close()
app.processEvents()
sys.exit(0)
"""

# The bare script plus only what any start of the app must do before a widget exists: import
# pydantic and read the example through the report model. Shows how much of the 1.5× budget
# the fixed stack (pydantic v2) spends before the app's own code runs.
MODEL_FLOOR = (
    """
import os
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
from desktop.project_file import load_report
from desktop.resources import example_path
load_report(example_path())
"""
    + BARE_WINDOW
)

# The app's own start with the example, shown and closed the way the bare script is: what a
# user waits for before the window is there (``--smoke-test`` also visits every tab).
FIRST_PAINT = """
import os, sys
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
from PySide6.QtWidgets import QApplication
from desktop.resources import example_path
from ui.app import configure_application, first_window
app = QApplication(sys.argv[:1])
configure_application(app)
window = first_window(example_path(), autosave=False)
window.show()
app.processEvents()
window.discard_changes_and_close()
app.processEvents()
sys.exit(0)
"""

# The bare reference for the start-up as felt: a QMainWindow shown, reporting the same
# milestones as ui/startup_probe.py (on screen = first Expose of its native window; painted =
# its first paint handled), then quitting.
BARE_PROBE = """
import sys
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
def rss():
    try:
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0
def say(what):
    import time
    cpu = time.process_time() * 1000
    print(f"nianbao-probe {what} rss={rss()} cpu={cpu:.0f}", file=sys.stderr, flush=True)
class First(QObject):
    def __init__(self, target, kind, what, end):
        super().__init__(app)
        self.kind, self.what, self.end = kind, what, end
        target.installEventFilter(self)
    def eventFilter(self, obj, event):
        if event.type() == self.kind:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self.fire) if self.end else self.fire()
        return False
    def fire(self):
        say(self.what)
        if self.end:
            QTimer.singleShot(500, idle)
def idle():
    say("idle")
    QCoreApplication.exit(0)
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.show()
handle = window.windowHandle()
if handle is None or handle.isExposed():
    say("visible")
else:
    First(handle, QEvent.Type.Expose, "visible", False)
First(window, QEvent.Type.Paint, "painted", True)
sys.exit(app.exec())
"""

# The floor of the window row, started and watched alike: the bare window after importing
# pydantic and reading the example through the report model, as lightly as the app starts
# pydantic (desktop.pydantic_start); no window code of ours.
FLOOR_PROBE = (
    """
from desktop.pydantic_start import light_start
light_start()
from desktop.project_file import load_report
from desktop.resources import example_path
load_report(example_path())
"""
    + BARE_PROBE
)


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    # Installed (pip, PyInstaller) the app runs from compiled .pyc files; measuring with
    # PYTHONDONTWRITEBYTECODE would charge every start for compiling desktop/ and ui/.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    # A run must not leave recovery copies or logs in the user's folders.
    env.setdefault("XDG_STATE_HOME", tempfile.gettempdir())
    return env


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def child_keystroke() -> None:
    """One edit of table 三 through the real model vs a QStandardItemModel of the same size."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import PySide6
    from PySide6.QtCore import QEvent, QObject, Qt, qVersion
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView

    from desktop.project_file import load_report
    from ui.document import Document
    from ui.table_view import ReportTableView

    app = QApplication(sys.argv[:1])
    doc = Document(load_report(EXAMPLE))
    view = ReportTableView(doc, "t3")
    view.resize(*view.full_size())
    view.show()
    app.processEvents()
    model = view.table_model
    index = model.index_of("t3.new.natural")
    total = model.index_of("t3.new.total")
    delivered: list[int] = []
    model.dataChanged.connect(lambda a, b: delivered.append(a.row()))
    edit = Qt.ItemDataRole.EditRole

    ref_model = QStandardItemModel(model.rowCount(), model.columnCount())
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            ref_model.setItem(r, c, QStandardItem("0"))
    ref_view = QTableView()
    ref_view.setModel(ref_model)
    # Every cell on screen, as in the real view: an edit off screen would need no repaint.
    ref_view.resize(
        ref_view.verticalHeader().width() + ref_view.horizontalHeader().length() + 40,
        ref_view.horizontalHeader().height() + ref_view.verticalHeader().length() + 40,
    )
    ref_view.show()
    app.processEvents()
    ref_delivered: list[int] = []
    ref_model.dataChanged.connect(lambda a, b: ref_delivered.append(a.row()))
    ref_index = ref_model.index(index.row(), index.column())

    cpu_s: list[float] = []

    def ours(i: int) -> float:
        delivered.clear()
        value = "12" if i % 2 == 0 else "11"  # flips an R1 error on and off: the worst case
        t0, c0 = time.perf_counter(), time.thread_time()
        ok = model.setData(index, value, edit)
        elapsed = time.perf_counter() - t0
        cpu_s.append(time.thread_time() - c0)
        if not (ok and delivered and total.data() == value):
            raise SystemExit("keystroke benchmark: the edit did not arrive")
        app.processEvents()
        return elapsed

    def reference(i: int) -> float:
        ref_delivered.clear()
        t0 = time.perf_counter()
        ref_model.setData(ref_index, "12" if i % 2 == 0 else "11", edit)
        elapsed = time.perf_counter() - t0
        if not ref_delivered:
            raise SystemExit("keystroke benchmark: the reference edit did not arrive")
        app.processEvents()
        return elapsed

    for i in range(50):  # warm-up
        ours(i)
        reference(i)
    cpu_s.clear()
    ours_s: list[float] = []
    ref_s: list[float] = []
    for i in range(KEYSTROKES):
        ours_s.append(ours(i))
        ref_s.append(reference(i))

    # Edit → repaint: from setData until the view has painted the changed cells (the paint
    # event of its viewport has been handled), as the user sees it.
    class PaintCounter(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    def to_paint(target: QTableView, set_value: Callable[[str], object], i: int) -> float:
        counter = PaintCounter()
        target.viewport().installEventFilter(counter)
        t0 = time.perf_counter()
        set_value("12" if i % 2 == 0 else "11")
        for _ in range(20):
            app.processEvents()
            if counter.count:
                break
        elapsed = time.perf_counter() - t0
        target.viewport().removeEventFilter(counter)
        if not counter.count:
            name = type(target).__name__
            raise SystemExit(f"keystroke benchmark: {name} did not repaint after edit {i}")
        return elapsed

    def ours_paint(i: int) -> float:
        return to_paint(view, lambda v: model.setData(index, v, edit), i)

    def ref_paint(i: int) -> float:
        return to_paint(ref_view, lambda v: ref_model.setData(ref_index, v, edit), i)

    for i in range(20):  # warm-up
        ours_paint(i)
        ref_paint(i)
    paint_s: list[float] = []
    ref_paint_s: list[float] = []
    for i in range(PAINTS):
        paint_s.append(ours_paint(i))
        ref_paint_s.append(ref_paint(i))
    print(
        json.dumps(
            {
                "p50": statistics.median(ours_s),
                "p99": _percentile(ours_s, 0.99),
                "cpu_p99": _percentile(cpu_s, 0.99),
                "ref_p50": statistics.median(ref_s),
                "ref_p99": _percentile(ref_s, 0.99),
                "paint_p50": statistics.median(paint_s),
                "paint_p99": _percentile(paint_s, 0.99),
                "ref_paint_p50": statistics.median(ref_paint_s),
                "ref_paint_p99": _percentile(ref_paint_s, 0.99),
                "pyside": PySide6.__version__,
                "qt": qVersion(),
            }
        )
    )


# --- measuring ----------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table."""

    name: str
    value: str
    reference: str = "—"
    compare: str = "—"
    goal: str = "—"
    verdict: str = "—"


def _ms(seconds: float) -> str:
    ms = seconds * 1000
    if ms < 1:
        return f"{ms:.3f} ms"
    if ms < 100:
        return f"{ms:.1f} ms"
    return f"{ms:.0f} ms"


def _ratio_row(name: str, value: str, reference: str, ratio: float, limit: float) -> Row:
    """A row whose goal is a same-run ratio of at most ``limit``."""
    return Row(name, value, reference, f"{ratio:.2f}×", f"≤ {limit:g}×", _verdict(ratio <= limit))


def _verdict(ok: bool) -> str:
    return "达到" if ok else "未达到"


def median_time(fn: Callable[[], object], runs: int, warmup: int = 1) -> float:
    """Median wall time of ``fn`` over ``runs`` calls after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run_process(argv: Sequence[str]) -> tuple[float, int]:
    """Wall time (s) and peak resident memory (KiB) of one child process run to its end."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=ROOT, env=_child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    # wait4 gives this child's own rusage (RUSAGE_CHILDREN would mix all children).
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    out = proc.stdout.read() if proc.stdout else b""
    err = proc.stderr.read() if proc.stderr else b""
    proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(argv)} exited with {proc.returncode}:\n{out.decode()}\n{err.decode()}"
        )
    return elapsed, usage.ru_maxrss


def _has(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


@contextlib.contextmanager
def _display() -> Iterator[str | None]:
    """A private Xvfb screen (1366×768) when Xvfb is installed, so windows are really mapped;
    None (offscreen) otherwise."""
    import shutil

    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        yield None
        return
    number = 90 + os.getpid() % 400
    proc = subprocess.Popen(
        [xvfb, f":{number}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        socket = Path(f"/tmp/.X11-unix/X{number}")
        for _ in range(100):
            if socket.exists():
                break
            time.sleep(0.05)
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait()


def probe_process(argv: Sequence[str], display: str | None, home: Path) -> dict[str, float]:
    """Seconds from spawn to each ``nianbao-probe`` milestone, and ``MILESTONE.rss`` (KiB) and
    ``MILESTONE.cpu`` (ms of CPU time) as of each."""
    env = _child_env()
    env["NIANBAO_STARTUP_PROBE"] = "1"
    # A fresh data folder: a recovery copy left by an earlier run would open a dialog instead.
    env["NIANBAO_DATA_DIR"] = str(home)
    env["XDG_CONFIG_HOME"] = str(home)
    if display is not None:
        env.pop("QT_QPA_PLATFORM", None)
        env["DISPLAY"] = display
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    found: dict[str, float] = {}
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("nianbao-probe "):
            parts = line.split()
            what = parts[1]
            found[what] = time.perf_counter() - t0
            for part in parts[2:]:  # rss=KiB cpu=ms, as of this milestone
                key, _, value = part.partition("=")
                if key in ("rss", "cpu") and value:
                    found[f"{what}.{key}"] = float(value)
    if proc.wait(timeout=120) != 0 or "idle" not in found:
        raise RuntimeError(f"{' '.join(argv)} exited with {proc.returncode}, milestones {found}")
    return found


def measure_felt_startup(rows: list[Row], info: dict[str, str]) -> None:
    """Issue 17: what a user sees — the starting frame, the window holding the file on screen,
    its first paint, memory after start — each against a bare QMainWindow started alike."""
    name = "启动：示例文件的主窗口出现在屏幕上"
    if not _has("ui.startup_probe"):
        rows.append(Row(name, NOT_MERGED))
        return
    ours_cmd = [sys.executable, "-m", "ui.launcher", str(EXAMPLE)]
    bare_cmd = [sys.executable, "-c", BARE_PROBE]
    floor_cmd = [sys.executable, "-c", FLOOR_PROBE]
    runs = (("ours", ours_cmd), ("bare", bare_cmd), ("floor", floor_cmd))
    samples: dict[str, list[float]] = {}
    with _display() as display, tempfile.TemporaryDirectory() as tmp:
        for i in range(STARTUP_RUNS + 1):
            for label, cmd in runs:
                home = Path(tmp) / f"{label}-{i}"
                home.mkdir()
                found = probe_process(cmd, display, home)
                if i == 0:
                    continue  # warms the disk cache
                for key, value in found.items():
                    samples.setdefault(f"{label}.{key}", []).append(value)
    med = {key: statistics.median(values) for key, values in samples.items()}
    where = "Xvfb 1366×768" if display is not None else "offscreen（未安装 Xvfb）"
    info["startup_display"] = where
    bare_visible = med["bare.visible"]
    bare_ref = f"空 QMainWindow {_ms(bare_visible)}"
    frame = med["ours.frame"] / bare_visible
    rows.append(
        _ratio_row(
            f"启动：“正在打开…”启动框出现（{where}）", _ms(med["ours.frame"]), bare_ref, frame, 1.3
        )
    )
    visible = med["ours.visible"] / bare_visible
    rows.append(_ratio_row(f"{name}（{where}）", _ms(med["ours.visible"]), bare_ref, visible, 2.5))
    floor = med["floor.visible"] / bare_visible
    rows.append(
        Row(
            "启动下限：空窗口 + pydantic 读入示例（不含界面代码）出现在屏幕上",
            _ms(med["floor.visible"]),
            bare_ref,
            f"{floor:.2f}×",
        )
    )
    painted = med["ours.painted"] / med["bare.painted"]
    rows.append(
        Row(
            "启动：主窗口第一个标签页画完",
            _ms(med["ours.painted"]),
            f"空 QMainWindow {_ms(med['bare.painted'])}",
            f"{painted:.2f}×",
        )
    )
    cpu = med["ours.painted.cpu"] / med["bare.painted.cpu"]
    rows.append(
        Row(
            "启动：到第一个标签页画完所用的 CPU 时间（不受机器繁忙影响的参照）",
            f"{med['ours.painted.cpu']:.0f} ms",
            f"空 QMainWindow {med['bare.painted.cpu']:.0f} ms",
            f"{cpu:.2f}×",
        )
    )
    ours_rss, bare_rss = med["ours.idle.rss"] / 1024, med["bare.idle.rss"] / 1024
    rss = ours_rss / bare_rss
    rows.append(
        _ratio_row(
            "内存：启动完成、空闲 0.5 秒后（RSS）",
            f"{ours_rss:.0f} MiB",
            f"空 QMainWindow {bare_rss:.0f} MiB",
            rss,
            2,
        )
    )


def measure_startup_phases(rows: list[Row]) -> None:
    """Issue 17: where the window's start-up CPU time goes (bench/bench_startup_phases.py)."""
    from bench_startup_phases import rows as phase_rows

    rows.extend(Row(*row) for row in phase_rows(STARTUP_RUNS))


def measure_startup(rows: list[Row], info: dict[str, str]) -> None:
    if not (_has("ui.app") and _has("ui.main_window")):
        rows.append(Row("启动：nianbao --smoke-test（打开示例）", NOT_MERGED))
        rows.append(Row("内存峰值：打开示例的窗口", NOT_MERGED))
        return
    ours_cmd = [sys.executable, "-m", "ui.launcher", "--smoke-test"]
    bare_cmd = [sys.executable, "-c", BARE_WINDOW]
    floor_cmd = [sys.executable, "-c", MODEL_FLOOR]
    paint_cmd = [sys.executable, "-c", FIRST_PAINT]
    for cmd in (ours_cmd, bare_cmd, floor_cmd, paint_cmd):
        run_process(cmd)  # warm the disk cache for all
    ours_t, ours_m, bare_t, bare_m, floor_t, paint_t = [], [], [], [], [], []
    for _ in range(STARTUP_RUNS):  # interleaved: a busy moment hits all alike
        t, m = run_process(ours_cmd)
        ours_t.append(t)
        ours_m.append(m)
        t, m = run_process(bare_cmd)
        bare_t.append(t)
        bare_m.append(m)
        floor_t.append(run_process(floor_cmd)[0])
        paint_t.append(run_process(paint_cmd)[0])
    ours, bare = statistics.median(ours_t), statistics.median(bare_t)
    floor, paint = statistics.median(floor_t), statistics.median(paint_t)
    ratio = ours / bare
    rows.append(
        Row(
            "启动：nianbao --smoke-test（打开示例）",
            _ms(ours),
            f"空 QMainWindow 脚本 {_ms(bare)}",
            f"{ratio:.2f}×",
            "≤ 1.5×",
            _verdict(ratio <= 1.5),
        )
    )
    rows.append(
        Row(
            "启动到窗口显示：打开示例、显示、关闭（不切换标签页）",
            _ms(paint),
            f"空 QMainWindow 脚本 {_ms(bare)}",
            f"{paint / bare:.2f}×",
        )
    )
    rows.append(
        Row(
            "启动下限：空 QMainWindow 脚本 + pydantic 读入示例（不含界面代码）",
            _ms(floor),
            f"空 QMainWindow 脚本 {_ms(bare)}",
            f"{floor / bare:.2f}×",
        )
    )
    om, bm = statistics.median(ours_m) / 1024, statistics.median(bare_m) / 1024
    rows.append(
        Row(
            "内存峰值（max RSS）：打开示例的窗口",
            f"{om:.0f} MiB",
            f"空 QMainWindow 脚本 {bm:.0f} MiB",
            f"{om / bm:.2f}×（+{om - bm:.0f} MiB）",
        )
    )
    info["startup_runs"] = str(STARTUP_RUNS)


def measure_frozen_cli(rows: list[Row], frozen: Path | None) -> None:
    """Issue 17: the frozen command line must not pay for Qt (PyInstaller's PySide6 hook used
    to import QtCore at every start): ``nianbao check`` frozen vs from this venv."""
    name = "命令行：打包后的 nianbao check 示例"
    if frozen is None:
        missing = "未测（用 --frozen 指定打包后的 nianbao，由 build_scripts/build.py 生成）"
        rows.append(Row(name, missing))
        return
    venv_cmd = [sys.executable, "-m", "ui.launcher", "check", str(EXAMPLE)]
    frozen_cmd = [str(frozen), "check", str(EXAMPLE)]
    run_process(frozen_cmd)
    run_process(venv_cmd)
    frozen_t, venv_t = [], []
    for _ in range(STARTUP_RUNS):
        frozen_t.append(run_process(frozen_cmd)[0])
        venv_t.append(run_process(venv_cmd)[0])
    ours, ref = statistics.median(frozen_t), statistics.median(venv_t)
    rows.append(_ratio_row(name, _ms(ours), f"venv 中的 nianbao check {_ms(ref)}", ours / ref, 1.1))


def measure_import_time(rows: list[Row]) -> None:
    ours_cmd = [sys.executable, "-c", "import desktop.cli"]
    bare_cmd = [sys.executable, "-c", "pass"]
    run_process(ours_cmd)
    ours_t, bare_t = [], []
    for _ in range(IMPORT_TIME_RUNS):
        ours_t.append(run_process(ours_cmd)[0])
        bare_t.append(run_process(bare_cmd)[0])
    ours, bare = statistics.median(ours_t), statistics.median(bare_t)
    rows.append(
        Row(
            "导入核心：python -c 'import desktop.cli'",
            _ms(ours),
            f"python -c pass {_ms(bare)}",
            f"+{_ms(ours - bare)}",
        )
    )


def measure_prose_typing(rows: list[Row]) -> None:
    """Typing into 100,000 characters of prose while the prose check runs after each pause
    (``bench/bench_keystroke.py --prose``): the check in its worker thread vs in the GUI
    thread as before, same run."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_keystroke.py"), "--prose", "--json"],
        cwd=ROOT,
        env=_child_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    d = json.loads(out.strip().splitlines()[-1])
    for part, what in (("all", "每个按键"), ("during", "检查进行中按下的键")):
        if f"worker_{part}_p99" not in d or f"gui_{part}_p99" not in d:
            continue
        ours, before = d[f"worker_{part}_p99"], d[f"gui_{part}_p99"]
        floor = f"；不做检查 {_ms(d['none_all_p99'])}" if "none_all_p99" in d else ""
        rows.append(
            Row(
                f"按键到重绘：10 万字正文，停顿后文字检查在后台（{what}，p99）",
                f"{_ms(ours)}（p50 {_ms(d[f'worker_{part}_p50'])}）",
                f"检查在界面线程（以前） {_ms(before)}{floor}",
                f"{ours / before:.2f}×",
                "≤ 100 ms",
                _verdict(ours <= 0.1),
            )
        )


def _run_child(name: str) -> dict[str, Any]:
    """Run ``python bench/run.py --child NAME`` and return the JSON on its last line."""
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", name],
        cwd=ROOT,
        env=_child_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def measure_keystroke(rows: list[Row], info: dict[str, str]) -> None:
    name = "按键：表三 setData → 检查、合计 → dataChanged"
    if not (_has("ui.document") and _has("ui.table_view")):
        rows.append(Row(name, NOT_MERGED))
        return
    data = _run_child("keystroke")
    info["pyside"] = data["pyside"]
    info["qt"] = data["qt"]
    rows.append(
        Row(
            name + "（p50）",
            _ms(data["p50"]),
            f"QStandardItemModel {_ms(data['ref_p50'])}",
            f"{data['p50'] / data['ref_p50']:.0f}×",
        )
    )
    rows.append(
        Row(
            name + "（p99）",
            f"{_ms(data['p99'])}（CPU {_ms(data['cpu_p99'])}）",
            f"QStandardItemModel {_ms(data['ref_p99'])}",
            f"{data['p99'] / data['ref_p99']:.0f}×",
            "< 2 ms",
            _verdict(data["p99"] < 0.002),
        )
    )
    if "paint_p50" in data:
        for q in ("p50", "p99"):
            rows.append(
                Row(
                    f"按键到重绘：表三 setData → 视图画出新数字（{q}）",
                    _ms(data[f"paint_{q}"]),
                    f"QStandardItemModel + QTableView {_ms(data[f'ref_paint_{q}'])}",
                    f"{data[f'paint_{q}'] / data[f'ref_paint_{q}']:.1f}×",
                )
            )


def measure_register(rows: list[Row]) -> None:
    """The register at 10,000 applications (bench/bench_register.py): deriving table 三,
    opening the file, data() and scrolling next to a QStandardItemModel."""
    if not _has("desktop.register.derive"):
        rows.append(Row("台账：由 10,000 条申请生成表三", NOT_MERGED))
        return
    import bench_register as br

    n = f"{br.REGISTER_ROWS:,}"
    f = br.core_figures()
    rows.append(
        _ratio_row(
            f"台账：由 {n} 条申请生成表三",
            _ms(f["derive"]),
            f"json.loads 这些行 {_ms(f['loads_rows'])}",
            f["derive"] / f["loads_rows"],
            2,
        )
    )
    rows.append(
        Row(
            f"台账：读取含 {n} 条申请的年报文件（{f['file_kb']:.0f} KB）",
            _ms(f["load"]),
            f"json.loads 同一文件 {_ms(f['loads_file'])}",
            f"{f['load'] / f['loads_file']:.1f}×",
        )
    )
    w = _run_child("register-model")
    rows.append(
        Row(
            f"台账：打开 {n} 行的文件并显示台账页（读取 + 建页 + 首帧）",
            _ms(w["open"]),
            f"json.loads 同一文件 {_ms(w['open_loads'])}",
            f"{w['open'] / w['open_loads']:.1f}×",
        )
    )
    rows.append(
        Row(
            f"台账：{n} 行的模型 data()，由 Python 调用"
            f"（一屏 {br.SCREEN_ROWS} 行 × 全部列 × 显示/底色）",
            _ms(w["screen"]),
            f"QStandardItemModel 同样的行 {_ms(w['ref_screen'])}",
            f"{w['screen'] / w['ref_screen']:.1f}×",
        )
    )
    frames = f"{w['frames']:.0f} 帧，每帧 {w['visible_rows']:.0f} 行"
    for label, key in (("首次显示", "_first"), ("再次滚动", "")):
        rows.append(
            _ratio_row(
                f"台账：{n} 行逐屏滚动，{label}（{frames}；每帧 CPU，视图调用 data() 并绘制）",
                _ms(w["frame_cpu" + key]),
                f"QStandardItemModel + QTableView {_ms(w['ref_frame_cpu' + key])}",
                w["frame_cpu" + key] / w["ref_frame_cpu" + key],
                2,
            )
        )
        rows.append(
            Row(
                f"台账：{n} 行逐屏滚动，{label}（每帧墙钟 p50 / p99）",
                f"{_ms(w['frame_p50' + key])} / {_ms(w['frame_p99' + key])}",
                f"QStandardItemModel {_ms(w['ref_frame_p50' + key])} / "
                f"{_ms(w['ref_frame_p99' + key])}",
                # No goal on wall time: on a shared machine Qt's own model misses 60 frames
                # a second too; the CPU row above is the comparison.
                f"{w['frame_p99' + key] / w['ref_frame_p99' + key]:.1f}×",
            )
        )


def child_register_model() -> None:
    """The window figures of bench_register, as one JSON line."""
    import bench_register as br

    print(json.dumps(br.window_figures()))


def _clear_prose_caches() -> None:
    """Forget what the prose rules remember of texts already read (a first check)."""
    try:
        from desktop import prose_rules
    except ImportError:
        return
    for name in ("_normalise", "_place_claims"):
        cached = getattr(prose_rules, name, None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()


def measure_check(rows: list[Row], merged_path: Path | None) -> None:
    from desktop.project_file import load_report
    from desktop.rules import check, table_findings

    report = load_report(EXAMPLE)

    def first_check() -> None:
        _clear_prose_caches()
        check(report)

    cold = median_time(first_check, CHECK_RUNS, warmup=20)
    warm = median_time(lambda: check(report), CHECK_RUNS, warmup=20)
    tables = median_time(lambda: table_findings(report), CHECK_RUNS, warmup=20)
    rows.append(
        Row(
            "全部检查：示例（首次，含文字规则）",
            _ms(cold),
            f"文字未改再查 {_ms(warm)}；仅表格规则 {_ms(tables)}",
            f"{cold / tables:.0f}×表格规则",
            "< 1 ms",
            _verdict(cold < 0.001),
        )
    )
    # Issue 17 goal 8: the full check at most 5% of reading the example (parse + validate).
    load = median_time(lambda: load_report(EXAMPLE), CHECK_RUNS, warmup=20)
    rows.append(
        Row(
            "全部检查：示例（首次）与读入示例文件（解析 + 校验）之比",
            f"{cold / load:.0%}（文字未改再查 {warm / load:.0%}，仅表格规则 {tables / load:.0%}）",
            f"读入示例文件 {_ms(load)}",
            f"{cold / load:.2f}×",
            "≤ 5%",
            _verdict(cold <= 0.05 * load),
        )
    )
    # The same as a user has it: each once in a fresh process, after the imports (CPU time;
    # bench/bench_cold_load.py says exactly what is measured).
    import bench_cold_load as bc

    c = bc.figures()
    rows.append(
        Row(
            "全部检查：新进程中首次检查与首次读入示例之比（CPU）",
            f"{c['check_cpu'] / c['load_cpu']:.0%}（含读入所需的模块导入 "
            f"{c['check_cpu'] / (c['load_cpu'] + c['load_imports_cpu']):.1%}）",
            f"首次读入 {_ms(c['load_cpu'])}，首次检查 {_ms(c['check_cpu'])}，"
            f"导入 {_ms(c['load_imports_cpu'])}",
            f"{c['check_cpu'] / c['load_cpu']:.2f}×",
            "≤ 5%",
            _verdict(c["check_cpu"] <= 0.05 * c["load_cpu"]),
        )
    )
    if merged_path is None:
        rows.append(Row("全部检查：汇总报告", NOT_MERGED))
        return
    merged = load_report(merged_path)

    def merged_check() -> None:
        _clear_prose_caches()
        check(merged)

    merged_t = median_time(merged_check, CHECK_RUNS // 3, warmup=5)
    rows.append(
        Row(
            "全部检查：1000 个单位的汇总报告（首次）",
            _ms(merged_t),
            f"示例 {_ms(cold)}",
            f"{merged_t / cold:.1f}×",
        )
    )


def measure_export(rows: list[Row], tmp: Path) -> Path | None:
    """Returns the exported .docx for the import benchmark."""
    from desktop.project_file import load_report, report_to_json

    report = load_report(EXAMPLE)
    out_docx = tmp / "example.docx"
    if _has("desktop.word_export"):
        import docx

        from desktop.word_export import export_docx

        def empty_docx() -> None:
            docx.Document().save(io.BytesIO())

        ours = median_time(lambda: export_docx(report, out_docx), EXPORT_RUNS)
        ref = median_time(empty_docx, EXPORT_RUNS)
        rows.append(
            Row(
                "导出 .docx：示例",
                _ms(ours),
                f"python-docx 空文档 {_ms(ref)}",
                f"{ours / ref:.1f}×",
                "< 0.5 s",
                _verdict(ours < 0.5),
            )
        )
    else:
        rows.append(Row("导出 .docx：示例", NOT_MERGED))
        out_docx = None  # type: ignore[assignment]
    if _has("desktop.html_export"):
        from desktop.html_export import write_html

        out_html = tmp / "example.html"
        ours = median_time(lambda: write_html(report, out_html), EXPORT_RUNS)
        ref = median_time(lambda: report_to_json(report), EXPORT_RUNS)
        rows.append(
            Row(
                "导出 .html：示例",
                _ms(ours),
                f"保存为 JSON 文本 {_ms(ref)}",
                f"{ours / ref:.1f}×",
                "< 0.5 s",
                _verdict(ours < 0.5),
            )
        )
    else:
        rows.append(Row("导出 .html：示例", NOT_MERGED))
    return out_docx


def measure_import(rows: list[Row], exported: Path | None) -> None:
    if not _has("desktop.importers"):
        rows.append(Row("导入：示例全文 .txt", NOT_MERGED))
        rows.append(Row("导入：导出的 .docx", NOT_MERGED))
        return
    from desktop.importers import import_report

    def read_text() -> None:
        SAMPLE_TEXT.read_bytes().decode("utf-8")

    ours = median_time(lambda: import_report(SAMPLE_TEXT), EXPORT_RUNS)
    ref = median_time(read_text, EXPORT_RUNS)
    rows.append(
        Row(
            "导入：示例全文 .txt",
            _ms(ours),
            f"读入并解码该文件 {_ms(ref)}",
            f"{ours / ref:.0f}×",
            "< 0.5 s",
            _verdict(ours < 0.5),
        )
    )
    if exported is None:
        rows.append(Row("导入：导出的 .docx", NOT_MERGED))
        return
    import docx

    path = exported
    ours = median_time(lambda: import_report(path), EXPORT_RUNS)
    ref = median_time(lambda: docx.Document(str(path)), EXPORT_RUNS)
    rows.append(
        Row(
            "导入：示例导出的 .docx",
            _ms(ours),
            f"python-docx 打开该文件 {_ms(ref)}",
            f"{ours / ref:.1f}×",
            "< 0.5 s",
            _verdict(ours < 0.5),
        )
    )


CORPUS = ROOT / "tests" / "data" / "real"
CORPUS_RUNS = 3


def measure_big_import(rows: list[Row]) -> None:
    """Issue 17 goal 6 (bench/bench_import_scale.py): import and its summary of 1 and 5 MB
    texts against the 14.6 KB sample, per MB, and the check's share of the time."""
    import bench_import_scale as bi

    f = bi.figures()
    sample = bi.per_mb(f, "sample")
    for size in bi.SIZES_MB:
        key = f"mb{size}"
        total = f[f"{key}.import"] + f[f"{key}.summary"]
        share = f[f"{key}.summary"] / total
        rows.append(
            _ratio_row(
                f"导入：{f[f'{key}.mb']:.1f} MB 报告全文（导入 + 摘要，摘要含全部检查），每 MB",
                f"{_ms(bi.per_mb(f, key))}（共 {_ms(total)}，检查占 {share:.0%}）",
                f"示例全文 14.6 KB 每 MB {_ms(sample)}",
                bi.per_mb(f, key) / sample,
                1,
            )
        )


def measure_corpus(rows: list[Row]) -> None:
    """Import time of every real report of the corpus (text, web text, Word, HTML, PDF); the
    PDF next to ``pdftotext -layout`` of the same file in the same run (goal ≤ 3×)."""
    if not _has("desktop.importers.pdf"):
        rows.append(Row("导入：真实报告语料", NOT_MERGED))
        return
    import shutil

    from desktop.importers import import_report

    sources = sorted(
        p
        for p in CORPUS.rglob("*")
        if p.suffix in (".txt", ".pdf", ".html", ".docx", ".md")
        and p.name not in ("NOTES.txt", "SOURCE.txt", "README.md")
    )
    for path in sources:
        name = str(path.relative_to(CORPUS))
        ours = median_time(lambda path=path: import_report(path), CORPUS_RUNS)
        if path.suffix != ".pdf":
            rows.append(
                Row(f"导入语料：{name}", _ms(ours), goal="< 0.5 s", verdict=_verdict(ours < 0.5))
            )
            continue
        tool = shutil.which("pdftotext")
        if tool is None:
            rows.append(Row(f"导入语料：{name}", _ms(ours), "pdftotext 不在本机", goal="≤ 3×"))
            continue
        out = Path(tempfile.gettempdir()) / "nianbao-bench-pdftotext.txt"
        ref = median_time(
            lambda argv=[tool, "-layout", str(path), str(out)]: subprocess.run(
                argv, check=True, capture_output=True
            ),
            CORPUS_RUNS,
        )
        rows.append(
            Row(
                f"导入语料：{name}",
                _ms(ours),
                f"pdftotext -layout {_ms(ref)}",
                f"{ours / ref:.1f}×",
                "≤ 3×",
                _verdict(ours <= 3 * ref),
            )
        )


def _unit_files(folder: Path, n: int) -> list[Path]:
    """``n`` filled unit reports (all input cells, prose) written straight as JSON."""
    from desktop.project_file import report_to_json
    from desktop.report import new_report
    from desktop.template import AMOUNT_IDS, INPUT_IDS

    rng = random.Random(2022)
    base = load_example()
    paths = []
    for i in range(n):
        report = new_report(f"测试县第{i}局", 2022)
        # Each unit writes its own prose (so nothing read for one unit is reused for another).
        report.prose = base.prose.model_copy(deep=True)
        for section in (report.prose.s1, report.prose.s5, report.prose.s6):
            section.lead += f"测试县第{i}局。"
            for part in section.parts:
                part.text += f"（第{i}局）"
        report.prose.opening += f"测试县第{i}局。"
        for cid in INPUT_IDS:
            v: object = f"{rng.randint(0, 5000)}.5" if cid in AMOUNT_IDS else rng.randint(0, 9)
            report.set_cell(cid, v)
        report.info_fee_yuan = base.info_fee_yuan
        p = folder / f"unit-{i:04d}.nianbao"
        p.write_text(report_to_json(report), encoding="utf-8")
        paths.append(p)
    return paths


def load_example() -> Report:
    from desktop.project_file import load_report

    return load_report(EXAMPLE)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield


def measure_merge(rows: list[Row], tmp: Path) -> Path | None:
    """``nianbao merge`` of 10, 100, 1000 unit files; returns the 1000-unit total."""
    if not _has("desktop.merge") or "desktop.commands.merge" not in _commands():
        for n in MERGE_SIZES:
            rows.append(Row(f"汇总 {n} 个单位文件", NOT_MERGED))
        return None
    import bench_merge

    from desktop.cli import main

    src = tmp / "units"
    src.mkdir()
    paths = _unit_files(src, max(MERGE_SIZES))
    out_path: Path | None = None
    for n in MERGE_SIZES:
        folder = tmp / f"merge-{n}"
        folder.mkdir()
        for p in paths[:n]:
            os.link(p, folder / p.name)
        out = tmp / f"total-{n}.nianbao"
        runs = 7 if n <= 100 else 5

        def merge(folder: Path = folder, out: Path = out) -> None:
            with _quiet():
                code = main(["merge", str(folder), "-o", str(out), "--force", "--org", "测试县"])
            if code not in (0, 1):
                raise RuntimeError(f"nianbao merge exited with {code}")

        def parse_only(folder: Path = folder) -> None:
            for p in sorted(folder.iterdir()):
                json.loads(p.read_bytes())

        ours, ref = bench_merge.interleaved_cpu(merge, parse_only, runs)
        # Issue 17: at most 3× parsing the same files as plain JSON, at every size (linear).
        rows.append(
            _ratio_row(
                f"汇总 {n} 个单位文件（nianbao merge，CPU）",
                f"{_ms(ours)}（每个文件 {_ms(ours / n)}）",
                f"json.loads 这些文件 {_ms(ref)}",
                ours / ref,
                3,
            )
        )
        out_path = out
    return out_path


def make_total(tmp: Path, n: int = max(MERGE_SIZES)) -> Path | None:
    """A total of ``n`` unit files for the check step when the merge step did not run
    (``--only check``); None only when this checkout has no merge."""
    if not _has("desktop.merge") or "desktop.commands.merge" not in _commands():
        return None
    from desktop.cli import main

    src = tmp / "units-for-check"
    src.mkdir(exist_ok=True)
    _unit_files(src, n)
    out = tmp / "total-for-check.nianbao"
    with _quiet():
        code = main(["merge", str(src), "-o", str(out), "--force", "--org", "测试县"])
    if code not in (0, 1):
        raise RuntimeError(f"nianbao merge exited with {code}")
    return out


def _commands() -> tuple[str, ...]:
    from desktop.cli import COMMAND_MODULES

    return COMMAND_MODULES


# --- output -------------------------------------------------------------------------------------


def machine_info(info: dict[str, str]) -> list[str]:
    cpu = platform.processor() or "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return [
        f"- 日期：{time.strftime('%Y-%m-%d %H:%M')}",
        f"- CPU：{cpu}，nproc = {os.cpu_count()}",
        f"- 系统：{platform.platform()}；测量开始时负载（1 分钟平均）{info.get('load', '?')}",
        f"- Python {platform.python_version()}，PySide6 {info.get('pyside', '?')}，"
        f"Qt {info.get('qt', '?')}",
    ]


def measure_review(rows: list[Row]) -> None:
    """``nianbao review`` of 100 and 500 units against merging them (bench/bench_review.py)."""
    if not _has("desktop.review.collect"):
        rows.append(Row("审核多个单位", NOT_MERGED))
        return
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_review import run_rows

    for name, value, reference, ratio in run_rows():
        rows.append(
            Row(name, value, reference)
            if ratio is None
            else _ratio_row(name, value, reference, ratio, 2)
        )


def table(rows: list[Row]) -> list[str]:
    head = ["项目", "中位数", "参照（同次测量）", "比较", "目标", "结论"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r.name, r.value, r.reference, r.compare, r.goal, r.verdict]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Nianbao benchmarks")
    parser.add_argument("--record", action="store_true", help="write bench/RESULTS.md")
    parser.add_argument(
        "--only",
        metavar="STEP",
        action="append",
        help="run only this step (start-up, import time, keystroke, merge, check, export, "
        "import, corpus, register, prose typing, review); may be repeated; not with --record",
    )
    parser.add_argument(
        "--frozen",
        metavar="EXE",
        type=Path,
        help="the frozen nianbao executable (build_scripts/build.py output) for the row "
        "comparing its command line with the venv's",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.only and args.record:
        parser.error("--record writes every figure: run it without --only")
    if args.child == "keystroke":
        child_keystroke()
        return 0
    if args.child == "register-model":
        child_register_model()
        return 0

    start = time.perf_counter()
    rows: list[Row] = []
    info: dict[str, str] = {"load": f"{os.getloadavg()[0]:.1f}"}
    steps: list[tuple[str, Callable[[], object]]] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        state: dict[str, Path | None] = {}
        steps = [
            ("start-up", lambda: measure_startup(rows, info)),
            ("felt start-up", lambda: measure_felt_startup(rows, info)),
            ("start-up phases", lambda: measure_startup_phases(rows)),
            ("import time", lambda: measure_import_time(rows)),
            ("frozen cli", lambda: measure_frozen_cli(rows, args.frozen)),
            ("keystroke", lambda: measure_keystroke(rows, info)),
            ("prose typing", lambda: measure_prose_typing(rows)),
            ("merge", lambda: state.__setitem__("merged", measure_merge(rows, tmp))),
            ("check", lambda: measure_check(rows, state.get("merged") or make_total(tmp))),
            ("export", lambda: state.__setitem__("docx", measure_export(rows, tmp))),
            ("import", lambda: measure_import(rows, state.get("docx"))),
            ("big import", lambda: measure_big_import(rows)),
            ("corpus", lambda: measure_corpus(rows)),
            ("register", lambda: measure_register(rows)),
            ("review", lambda: measure_review(rows)),
        ]
        if args.only:
            unknown = set(args.only) - {name for name, _ in steps}
            if unknown:
                parser.error(f"unknown step {', '.join(sorted(unknown))}")
            steps = [(name, step) for name, step in steps if name in args.only]
        for name, step in steps:
            t0 = time.perf_counter()
            print(f"… {name}", file=sys.stderr, flush=True)
            step()
            print(f"  {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    # Present in the order of the issue, not the order measured.
    order = [
        "启动",
        "命令行",
        "导入核心",
        "按键",
        "全部检查",
        "导出",
        "导入：",
        "导入语料",
        "汇总",
        "审核",
        "内存",
        "台账",
    ]
    rows.sort(key=lambda r: next(i for i, p in enumerate(order) if r.name.startswith(p)))
    lines = table(rows)
    print("\n".join(lines))
    total = time.perf_counter() - start
    print(f"\n共用时 {total:.0f} s", file=sys.stderr)
    if args.record:
        text = [
            "# 性能测试结果（bench/RESULTS.md）",
            "",
            "由 `python bench/run.py --record` 写入；每项为多次运行的中位数，"
            "参照在同一次运行中测得。",
            "",
            "## 机器",
            "",
            *machine_info(info),
            f"- bench/run.py 共用时 {total:.0f} s",
            "",
            "## 结果",
            "",
            *lines,
            "",
        ]
        results = ROOT / "bench" / "RESULTS.md"
        # Notes written by hand below the marker (before/after figures, why a goal is missed)
        # survive a new recording.
        notes = ""
        if results.exists():
            old = results.read_text(encoding="utf-8")
            if NOTES_MARKER in old:
                notes = old[old.index(NOTES_MARKER) :]
        results.write_text("\n".join(text) + ("\n" + notes if notes else ""), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
