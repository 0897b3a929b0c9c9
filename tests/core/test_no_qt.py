"""The core and the command line never load Qt (design: desktop/ is Qt-free)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )


def test_python_m_desktop_check_loads_no_pyside6() -> None:
    proc = _python("-X", "importtime", "-m", "desktop", "check", str(EXAMPLE))
    assert proc.returncode == 0, proc.stderr
    assert "| desktop.rules" in proc.stderr  # importtime output is really there
    assert "PySide6" not in proc.stderr
    assert "shiboken6" not in proc.stderr


def test_core_modules_and_launcher_subcommands_load_no_qt() -> None:
    code = (
        "import sys, desktop, desktop.cli, desktop.rules, desktop.project_file, desktop.report\n"
        "import ui.launcher\n"
        f"rc = ui.launcher.main(['check', {str(EXAMPLE)!r}])\n"
        "rc2 = ui.launcher.main(['dump', "
        f"{str(EXAMPLE)!r}])\n"
        "assert rc == rc2 == 0, (rc, rc2)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "assert not bad, bad\n"
    )
    proc = _python("-c", code)
    assert proc.returncode == 0, proc.stderr
