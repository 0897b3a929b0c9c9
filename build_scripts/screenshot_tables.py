"""Save a PNG of each statistics table view filled with the sample's numbers (offscreen).

    python build_scripts/screenshot_tables.py OUT_DIR [--scale 1.5] [--cells FILE.json]

At a scale other than 1 the script re-runs itself with QT_SCALE_FACTOR set, because Qt reads it
only at start-up.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CELLS = ROOT / "tests" / "data" / "yanchi-2022-cells.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", default="1")
    parser.add_argument("--cells", type=Path, default=DEFAULT_CELLS)
    parser.add_argument("--printed", action="store_true", help="add a wrong printed total")
    args = parser.parse_args(argv)
    if os.environ.get("QT_SCALE_FACTOR", "1") != args.scale:
        env = dict(os.environ, QT_SCALE_FACTOR=args.scale, QT_QPA_PLATFORM="offscreen")
        return subprocess.call([sys.executable, __file__, *sys.argv[1:]], env=env, cwd=ROOT)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))

    from PySide6.QtWidgets import QApplication

    from desktop.report import new_report
    from desktop.template import INPUT_IDS, TABLES
    from ui.document import Document
    from ui.table_view import ReportTableView

    app = QApplication([])
    report = new_report("盐池县人民政府", 2022)
    cells = json.loads(args.cells.read_text(encoding="utf-8"))
    for cid in INPUT_IDS:
        report.cells[cid] = report.cells[cid] if cells.get(cid) is None else cells[cid]
    if args.printed:
        report.printed_totals = {"t3.total.natural": 12, "t4.review.total": 3}
    # Leave a few blanks and one inconsistency so 未填 and a finding colour show up.
    report.cells["t3.other_3.legal"] = None
    report.cells["t3.other_3.other"] = None
    report.cells["t2.normative.made"] = None
    report.cells["t3.new.business"] = 1
    doc = Document(report)
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.scale == "1" else f"@{args.scale}x"
    for table in TABLES:
        view = ReportTableView(doc, table.key)
        w, h = view.full_size()
        view.resize(w, h)
        view.show()
        if table.key == "t3":
            view.select_cell("t3.new.business")
        app.processEvents()
        path = args.out / f"table-{table.key}{suffix}.png"
        view.grab().save(str(path))
        print(path, view.width(), view.height())
        view.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
