"""Save a PNG of every tab of the example report (offscreen), for the README and for review.

Usage: ``python build_scripts/screenshots.py OUTDIR [--screen 1366x768|1920x1080@150%]
[--scale 1.5] [--file REPORT.nianbao]``

``--screen`` sizes the window as on that screen with its taskbar and title bar (the findings
panel open), so the pictures show what a clerk sees on the commonest office screens.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TAB_FILES = ("meta", "s1", "t2", "t3", "register", "t4", "s5", "s6", "preview")
# Window client size in logical pixels and the scale: the screen less a 40 px taskbar (27
# logical px at 150%) and a ~30 px title bar.
SCREENS: dict[str, tuple[int, int, float]] = {
    "1366x768": (1366, 698, 1.0),
    "1920x1080@150%": (1280, 663, 1.5),
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--scale", type=float, default=1.0, help="device pixel ratio, e.g. 1.5")
    parser.add_argument("--file", type=Path, default=None, help="report to show (default: example)")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=820)
    parser.add_argument("--screen", choices=sorted(SCREENS), default=None)
    args = parser.parse_args(argv)
    tag = ""
    if args.screen is not None:
        args.width, args.height, args.scale = SCREENS[args.screen]
        tag = "-" + args.screen.replace("%", "")
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    # Recovery copies and settings of this run must not mix with the user's.
    os.environ.setdefault("NIANBAO_DATA_DIR", tempfile.mkdtemp(prefix="nianbao-shots-"))

    from PySide6.QtWidgets import QApplication

    from desktop.resources import example_path
    from ui.app import configure_application, first_window

    app = QApplication.instance() or QApplication(["screenshots"])
    assert isinstance(app, QApplication)
    configure_application(app)
    # Built the way the app starts with a file (``nianbao FILE``).
    window = first_window(args.file or example_path(), autosave=False)
    window.resize(args.width, args.height)
    window.show()
    window.findings_panel.show()
    app.processEvents()
    window.document.refresh_prose_findings()
    args.outdir.mkdir(parents=True, exist_ok=True)
    suffix = tag or ("" if args.scale == 1.0 else f"@{args.scale:g}x")
    for index, name in enumerate(TAB_FILES):
        window.tabs.setCurrentIndex(index)
        for _ in range(3):
            app.processEvents()
        target = args.outdir / f"tab-{index}-{name}{suffix}.png"
        window.grab().save(str(target))
        print(target)
    window.discard_changes_and_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
