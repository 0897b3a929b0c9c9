"""Autosave loss window: a window typing one edit every 0.3 s is killed (SIGKILL) at random
moments; how much typing is missing from the recovery copy it left?

    python bench/bench_autosave_loss.py [KILLS]

Loss of one kill = kill time − time of the first edit the recovery copy does not hold (0 when it
holds the last edit). The autosave ceiling (10 s after the first unsaved edit, even while edits
keep coming) bounds it; the quiet timer alone never fires during steady typing.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TYPIST = r"""
import sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop.place import Place
from desktop.project_file import save_report
from desktop.report import new_report
from ui.workspace import Workspace

app = QApplication([])
folder, target, interval = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
save_report(new_report("打字测试", 2022), target)
ws = Workspace(recovery_folder=folder)
ws.open(target)
count = [0]

def type_one() -> None:
    i = count[0]
    ws.document.set_prose(Place.lead(1), f"第{i}次编辑")
    print(f"{i} {time.time():.3f}", flush=True)
    count[0] += 1

timer = QTimer()
timer.timeout.connect(type_one)
timer.start(interval)
print("ready", flush=True)
app.exec()
"""


def one_kill(work: Path, after_s: float, interval_ms: int = 300) -> float:
    """Type, kill after ``after_s`` seconds of typing, return the loss in seconds."""
    from desktop.project_file import list_recovery, read_recovery

    folder = work / "recovery"
    target = work / "typing.nianbao"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-c", TYPIST, str(folder), str(target), str(interval_ms)],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    edits: dict[int, float] = {}
    deadline = None
    for line in proc.stdout:
        i, t = line.split()
        edits[int(i)] = float(t)
        deadline = deadline or float(t) + after_s
        if float(t) >= deadline:
            break
    proc.send_signal(signal.SIGKILL)
    killed = time.time()
    proc.wait()
    copies = list_recovery(folder)
    held = -1
    if copies:
        lead = read_recovery(copies[0].path).prose.s1.lead
        held = int(lead.removeprefix("第").removesuffix("次编辑"))
    first_lost = held + 1
    for p in folder.glob("*"):
        p.unlink()
    if first_lost not in edits:
        return 0.0
    return killed - edits[first_lost]


def main() -> int:
    kills = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    rng = random.Random(20261204)
    losses = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(kills):
            after = rng.uniform(2.0, 35.0)
            loss = one_kill(Path(tmp), after)
            losses.append(loss)
            print(f"killed after {after:5.1f} s of typing: lost {loss:5.1f} s", flush=True)
    print(
        f"{kills} kills: worst loss {max(losses):.1f} s, median {sorted(losses)[kills // 2]:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
