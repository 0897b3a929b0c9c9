"""Start-up as the user feels it (issue 17): a starting frame before the heavy imports, and the
probe that bench/run.py reads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from ui.starting_frame import starting_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["NIANBAO_DATA_DIR"] = str(tmp_path)
    env["XDG_CONFIG_HOME"] = str(tmp_path)
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_the_window_module_loads_no_model_before_the_frame(tmp_path: Path) -> None:
    # The frame is shown right after ui.app is imported: pydantic and the report model (and
    # the main window's modules) must not have been loaded by then.
    code = (
        "import sys, ui.launcher, ui.app\n"
        "heavy = [m for m in ('pydantic', 'desktop.report', 'desktop.project_file',"
        " 'ui.main_window', 'desktop.cli') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=_env(tmp_path), capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_a_file_argument_opens_the_window_without_the_command_line_modules() -> None:
    from ui.launcher import wants_gui

    assert wants_gui(["报告.nianbao"])
    assert wants_gui(["某处/报告"])
    assert not wants_gui(["check", "x.nianbao"])


def test_starting_text_names_the_file_escaped() -> None:
    text = starting_text(Path("a<b>&c.nianbao"))
    assert "正在打开“a&lt;b&gt;&amp;c.nianbao”…" in text
    assert "正在启动…" in starting_text(None)


def test_the_frame_escapes_as_html_escape_does() -> None:
    import html

    from ui.starting_frame import escape

    for text in ("a<b>&c\"d'e", "盐池县 2022.nianbao", "&amp; &lt;", "", "<<>>''\"\"&&"):
        assert escape(text) == html.escape(text)


def test_probe_reports_frame_then_window_then_paint(tmp_path: Path) -> None:
    env = _env(tmp_path)
    env["NIANBAO_STARTUP_PROBE"] = "1"
    out = subprocess.run(
        [sys.executable, "-m", "ui.launcher", str(EXAMPLE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    milestones = [
        line.split()[1] for line in out.stderr.splitlines() if line.startswith("nianbao-probe ")
    ]
    assert milestones == ["frame", "visible", "painted", "idle"]
    assert all("rss=" in line for line in out.stderr.splitlines() if "nianbao-probe" in line)


def test_prose_rules_run_after_the_first_paint(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop.project_file import load_report
    from desktop.rules import check, table_findings
    from ui.first_paint import after_first_paint
    from ui.main_window import MainWindow

    report = load_report(EXAMPLE)
    prose_expected = [f for f in check(report) if f not in set(table_findings(report))]
    assert prose_expected  # the example has prose warnings (R20), so the test can fail
    window = MainWindow(report, EXAMPLE, autosave=False, defer_prose_check=True)
    qtbot.addWidget(window)
    doc = window.document
    assert doc.prose_pending
    assert doc.prose_findings() == []
    page = window.tabs.currentWidget()
    after_first_paint(page, doc.refresh_prose_findings)
    with qtbot.waitSignal(doc.findingsChanged, timeout=10_000):
        window.show()
    assert not doc.prose_pending
    assert doc.prose_findings() == prose_expected
    assert any(f in doc.findings() for f in prose_expected)
    window.discard_changes_and_close()


def test_only_the_current_tab_is_built_until_another_is_shown(qtbot: QtBot) -> None:
    from desktop.project_file import load_report
    from ui.main_window import TAB_META, TAB_NAMES, TAB_T3, MainWindow
    from ui.table_pages import TablePage

    window = MainWindow(load_report(EXAMPLE), EXAMPLE, autosave=False)
    qtbot.addWidget(window)
    built = [window.pages.is_built(i) for i in range(len(TAB_NAMES))]
    assert built == [i == TAB_META for i in range(len(TAB_NAMES))]
    changes: list[int] = []
    window.tabs.currentChanged.connect(changes.append)
    label = window.tabs.tabText(TAB_T3)
    window.tabs.setCurrentIndex(TAB_T3)
    assert window.pages.is_built(TAB_T3)
    page = window.tabs.widget(TAB_T3)
    assert isinstance(page, TablePage)
    assert page is window.table_pages["t3"]
    assert window.tabs.currentIndex() == TAB_T3
    assert window.tabs.tabText(TAB_T3) == label
    assert changes == [TAB_T3]  # the swap of the placeholder is not a second change
    # Asking for a page builds it without showing it.
    assert not window.pages.is_built(TAB_NAMES.index(TAB_NAMES[-1]))
    assert window.preview is window.tabs.widget(len(TAB_NAMES) - 1)
    assert window.tabs.currentIndex() == TAB_T3
    window.discard_changes_and_close()


def test_the_window_shows_without_loading_every_qt_class(tmp_path: Path) -> None:
    # PySide6 loads a class (and builds its enum classes) the first time it is used. Handing
    # Python a widget or object Qt made itself, of a type Python has not seen (a scroll area's
    # viewport, every object an application-wide event filter is shown), made it load every
    # subclass that could be meant: every widget or every QObject class, ~25 ms before the
    # window was on screen (issue 17). None of these is used by the window at start-up.
    env = _env(tmp_path)
    env["NIANBAO_STARTUP_PROBE"] = "1"
    code = (
        "import sys\n"
        "import ui.startup_probe_events as events\n"
        "def painted():\n"
        "    import PySide6.QtCore as C, PySide6.QtWidgets as W\n"
        "    names = ('QWizard', 'QGraphicsView', 'QCalendarWidget', 'QFontDialog')\n"
        "    loaded = [n for n in names if n in W.__dict__]\n"
        "    loaded += [n for n in ('QProcess', 'QSharedMemory') if n in C.__dict__]\n"
        "    print('loaded:' + ','.join(loaded), flush=True)\n"
        "    events._idle()\n"
        "events._painted = painted\n"
        "from ui.launcher import main\n"
        f"sys.exit(main([{str(EXAMPLE)!r}]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert "loaded:\n" in out.stdout, out.stdout


def test_the_cycle_collector_is_off_while_starting_and_on_after(tmp_path: Path) -> None:
    env = _env(tmp_path)
    env["NIANBAO_STARTUP_PROBE"] = "1"
    code = (
        "import gc, sys\n"
        "import ui.startup_probe_events as events\n"
        "say = events.say\n"
        "def report(milestone):\n"
        "    print(f'{milestone}:{gc.isenabled()}', flush=True)\n"
        "    say(milestone)\n"
        "events.say = report\n"
        "from ui.launcher import main\n"
        f"sys.exit(main([{str(EXAMPLE)!r}]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["frame:False", "visible:False", "painted:False", "idle:True"]
    # The command line turns it back on before its work.
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import gc, desktop.cli as cli, ui.launcher as launcher\n"
            "cli.main = lambda args: print('cli', gc.isenabled()) or 0\n"
            f"launcher.main(['check', {str(EXAMPLE)!r}])\n",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.stdout.split() == ["cli", "True"], check.stdout + check.stderr
