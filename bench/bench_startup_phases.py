"""Where the window's start-up time goes (issue 17, goal 1): the steps of ``ui.app.run`` timed
inside one process (offscreen), each as CPU time and as the Python enum classes made in it
(almost all PySide6's: one for each Qt enum of a class, the first time the class is used),
next to a bare ``QMainWindow`` started alike and the floor (the bare window after pydantic
has read the example). Medians over interleaved runs.

    python bench/bench_startup_phases.py [RUNS]

``bench/run.py --only "start-up phases"`` prints the same table as rows."""

from __future__ import annotations

# The children import only what they measure: the standard modules the parent needs (json,
# statistics, subprocess) are imported where they are used.
import enum
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"

_marks: list[tuple[str, float, int]] = []
_enums = [0]


def _count_enums() -> None:
    """Count the enum classes made from now on (PySide6 makes one Python enum per Qt enum)."""
    make = enum.EnumType.__new__

    def counting(mcls: Any, *args: Any, **kwargs: Any) -> Any:
        _enums[0] += 1
        return make(mcls, *args, **kwargs)

    enum.EnumType.__new__ = counting  # type: ignore[method-assign,assignment]


def _mark(name: str) -> None:
    _marks.append((name, time.process_time() * 1000, _enums[0]))


def _report() -> None:
    import json

    print(json.dumps(_marks), flush=True)
    os._exit(0)


def child_ours() -> None:
    """The steps of ``ui.app.run`` opening the example, up to the first paint."""
    import gc

    gc.disable()  # as ui.launcher does
    from desktop.pydantic_start import light_start

    light_start()
    _mark("Python 启动")
    from PySide6.QtWidgets import QApplication

    import ui.app as app_module
    from ui.starting_frame import show_starting_frame

    _mark("导入 PySide6 与 ui.app")
    app = QApplication([sys.argv[0]])
    _mark("QApplication")
    frame = show_starting_frame(app, EXAMPLE)
    _mark("“正在打开…”启动框")
    app_module.configure_application(app)
    _mark("中文翻译、字体、图标")
    from desktop.project_file import load_report

    _mark("导入 pydantic 与报告模型")
    report = load_report(EXAMPLE)
    _mark("读入示例文件")
    from ui.file_filters import is_importable

    is_importable(EXAMPLE)
    import ui.main_window

    _mark("导入主窗口的模块")
    window = ui.main_window.MainWindow(report, EXAMPLE.resolve(), defer_prose_check=True)
    window.note_opened(EXAMPLE)
    _mark("建主窗口与第一个标签页")
    window.show()
    frame.close()
    _mark("显示（show）")
    from ui.first_paint import after_first_paint

    def painted() -> None:
        _mark("第一次绘制完成")
        _report()

    after_first_paint(window.tabs.currentWidget(), painted)
    app.exec()


def child_bare(floor: bool) -> None:
    """A bare QMainWindow to its first paint; ``floor``: after pydantic read the example."""
    _mark("Python 启动")
    if floor:
        from desktop.pydantic_start import light_start

        light_start()
        from desktop.project_file import load_report

        load_report(EXAMPLE)
        _mark("pydantic 读入示例")
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    _mark("导入 PySide6")
    app = QApplication([sys.argv[0]])
    window = QMainWindow()

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, done)
            return False

    def done() -> None:
        _mark("第一次绘制完成")
        _report()

    watcher = FirstPaint(app)
    window.installEventFilter(watcher)
    window.show()
    app.exec()


def _run(kind: str, count: bool) -> list[tuple[str, float, int]]:
    import json
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    args = [sys.executable, str(Path(__file__).resolve()), "--child", kind]
    if count:
        args.append("--count")
    out = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    marks: list[tuple[str, float, int]] = json.loads(out.stdout.strip().splitlines()[-1])
    return marks


def measure(runs: int) -> dict[str, list[tuple[str, float, int]]]:
    """Per kind (ours, bare, floor): each step's median CPU ms and its enum classes."""
    import statistics

    times: dict[str, list[list[float]]] = {}
    names: dict[str, list[str]] = {}
    for i in range(runs + 1):
        for kind in ("ours", "bare", "floor"):
            marks = _run(kind, count=False)
            if i == 0:
                continue  # warms the disk cache and writes the byte code
            names[kind] = [m[0] for m in marks]
            steps = [b[1] - a[1] for a, b in zip([("", 0.0, 0), *marks], marks, strict=False)]
            times.setdefault(kind, []).append(steps)
    out: dict[str, list[tuple[str, float, int]]] = {}
    for kind, runs_of_kind in times.items():
        counted = _run(kind, count=True)
        enums = [b[2] - a[2] for a, b in zip([("", 0.0, 0), *counted], counted, strict=False)]
        medians = [statistics.median(column) for column in zip(*runs_of_kind, strict=True)]
        out[kind] = list(zip(names[kind], medians, enums, strict=True))
    return out


def table(result: dict[str, list[tuple[str, float, int]]]) -> list[str]:
    lines = []
    for kind, label in (("bare", "空 QMainWindow"), ("floor", "下限"), ("ours", "年报")):
        total = sum(ms for _, ms, _ in result[kind])
        enums = sum(n for _, _, n in result[kind])
        lines.append(f"{label}：到第一次绘制 {total:.0f} ms CPU，{enums} 个枚举类")
        for name, ms, n in result[kind]:
            lines.append(f"  {name:<24} {ms:6.1f} ms  {n:4d}")
    return lines


def rows(runs: int) -> list[tuple[str, str, str, str]]:
    """For bench/run.py: (name, value, reference, comparison) — each step of the window's
    start against the bare window's CPU time to its first paint, measured in the same run."""
    result = measure(runs)
    bare = sum(ms for _, ms, _ in result["bare"])
    floor = sum(ms for _, ms, _ in result["floor"])
    ours = sum(ms for _, ms, _ in result["ours"])
    ref = f"空 QMainWindow {bare:.0f} ms"
    out = [
        (
            "启动阶段（进程内 CPU，offscreen）：空窗口 + pydantic 读入示例，到第一次绘制",
            f"{floor:.0f} ms",
            ref,
            f"{floor / bare:.2f}×",
        ),
        (
            "启动阶段（进程内 CPU，offscreen）：年报主窗口，到第一次绘制",
            f"{ours:.0f} ms",
            ref,
            f"{ours / bare:.2f}×",
        ),
    ]
    for name, ms, enums in result["ours"]:
        out.append(
            (
                f"启动阶段：{name}（新建枚举类 {enums} 个）",
                f"{ms:.1f} ms",
                ref,
                f"{ms / bare:.2f}×",
            )
        )
    return out


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        if "--count" in sys.argv:
            _count_enums()
        kind = sys.argv[2]
        if kind == "ours":
            child_ours()
        else:
            child_bare(floor=kind == "floor")
        return
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    print(f"load {os.getloadavg()[0]:.1f}, {runs} runs")
    print("\n".join(table(measure(runs))))


if __name__ == "__main__":
    main()
