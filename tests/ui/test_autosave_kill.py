"""Continuous typing, then SIGKILL: the recovery copy misses at most ~10 s of typing (the autosave
ceiling), although the quiet timer never fires while edits keep coming."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from desktop.project_file import list_recovery, read_recovery

ROOT = Path(__file__).resolve().parents[2]

_TYPIST = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from desktop.place import Place
    from desktop.project_file import save_report
    from desktop.report import new_report
    from ui.workspace import Workspace

    app = QApplication([])
    folder, target = Path(sys.argv[1]), Path(sys.argv[2])
    save_report(new_report("打字测试", 2022), target)
    ws = Workspace(recovery_folder=folder)
    ws.open(target)
    count = [0]

    def type_one():
        i = count[0]
        ws.document.set_prose(Place.lead(1), f"第{i}次编辑")
        print(f"{i} {time.time():.3f}", flush=True)
        count[0] += 1

    timer = QTimer()
    timer.timeout.connect(type_one)
    timer.start(300)
    print("ready", flush=True)
    app.exec()
    """
)


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_steady_typing_then_kill_loses_at_most_about_ten_seconds(tmp_path: Path) -> None:
    rng = random.Random(7)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    losses = []
    for n in range(3):
        folder = tmp_path / f"recovery{n}"
        target = tmp_path / f"typing{n}.nianbao"
        with subprocess.Popen(
            [sys.executable, "-c", _TYPIST, str(folder), str(target)],
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        ) as proc:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready"
            typing_for = rng.uniform(12.0, 25.0)  # past the ceiling: the old timer lost all
            edits: dict[int, float] = {}
            start = None
            for line in proc.stdout:
                i, t = line.split()
                edits[int(i)] = float(t)
                start = start or float(t)
                if float(t) - start >= typing_for:
                    break
            proc.send_signal(signal.SIGKILL)
            killed = time.time()
            proc.wait()
        copies = list_recovery(folder)
        assert copies, "no recovery copy after more than 10 s of typing"
        lead = read_recovery(copies[0].path).prose.s1.lead
        held = int(lead.removeprefix("第").removesuffix("次编辑"))
        first_lost = held + 1
        loss = killed - edits[first_lost] if first_lost in edits else 0.0
        losses.append(loss)
    # 10 s ceiling plus timer and scheduling slack on a loaded machine.
    assert max(losses) <= 12.0, losses
