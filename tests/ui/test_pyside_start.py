"""ui/pyside_start.py replaces a private function of PySide6's feature support: these tests fail
when a PySide6 upgrade changes it, and show the replacement answers as the original does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import shibokensupport.feature as feature  # loaded with PySide6 by the test session

from ui.pyside_start import mentions_pyside

ROOT = Path(__file__).resolve().parents[2]


def _original() -> types.FunctionType:
    # The session may already have replaced it (ui.app is imported by other tests).
    code = (
        "import shiboken6, shibokensupport.feature as f, inspect, sys\n"
        "print(f._mod_uses_pyside.__module__, f._mod_uses_pyside.__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["shibokensupport.feature", "_mod_uses_pyside"]
    return feature._mod_uses_pyside  # type: ignore[no-any-return]


def test_the_hook_replaced_is_still_there() -> None:
    _original()
    assert isinstance(feature.pyside_feature_dict, dict)


def test_answers_like_reading_the_source(tmp_path: Path) -> None:
    uses = tmp_path / "uses_qt.py"
    uses.write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    plain = tmp_path / "plain.py"
    plain.write_text("X = 1\n", encoding="utf-8")
    for path, expected in ((uses, True), (plain, False)):
        module = types.ModuleType(path.stem)
        module.__file__ = str(path)
        assert mentions_pyside(module) is expected
    compiled = types.ModuleType("compiled")
    compiled.__file__ = str(tmp_path / "compiled.cpython-311-x86_64-linux-gnu.so")
    assert mentions_pyside(compiled) is False
    gone = types.ModuleType("gone")
    gone.__file__ = str(tmp_path / "missing.py")
    assert mentions_pyside(gone) is False
    assert mentions_pyside(types.ModuleType("no_file")) is False


def _start(replace: bool, cwd: Path) -> tuple[int, dict[str, int]]:
    code = (
        "import json, linecache\n"
        + (
            "from ui.pyside_start import read_sources_uncached; read_sources_uncached()\n"
            if replace
            else "import shiboken6\n"
        )
        + "import PySide6.QtWidgets, desktop.project_file, ui.main_window\n"
        "import shibokensupport.feature as f\n"
        "print(json.dumps([len(linecache.cache), f.pyside_feature_dict]))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=cwd
    )
    assert out.returncode == 0, out.stderr
    cached, features = json.loads(out.stdout)
    return cached, features


def test_the_window_modules_load_alike_without_keeping_their_sources(tmp_path: Path) -> None:
    before_cached, before = _start(False, tmp_path)
    after_cached, after = _start(True, tmp_path)
    # The same answer for every module both imported (the order of a few standard modules
    # differs: the original reads sources through linecache and tokenize).
    common = before.keys() & after.keys()
    assert len(common) > 150
    assert {k: after[k] for k in common} == {k: before[k] for k in common}
    assert before["ui.file_actions"] == 0  # a module using PySide6
    assert before["desktop.report"] == -1  # one that does not
    assert before_cached > 100 and after_cached < 10  # every module's lines: 7.7 MiB
