"""PNG of the 审核多个单位 dialog before and after reviewing the 30-unit test folder, and the
review workbook as LibreOffice prints it (offscreen; for the README and for review).

Usage: ``python build_scripts/screenshot_review.py OUTDIR``
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path("docs")
    os.environ.setdefault("NIANBAO_DATA_DIR", tempfile.mkdtemp(prefix="nianbao-shots-"))
    import shiboken6
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from tests.core.test_review_cli import build_folder
    from ui.app import configure_application
    from ui.review_dialog import ReviewDialog

    app = QApplication.instance() or QApplication(["screenshots"])
    assert isinstance(app, QApplication)
    configure_application(app)
    work = Path(tempfile.mkdtemp(prefix="nianbao-review-"))
    units, last, roster = build_folder(work)
    settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
    dialog = ReviewDialog(settings, start_folder=work)
    dialog.folder_edit.setText(str(units))
    dialog.roster_edit.setText(str(roster))
    dialog.previous_edit.setText(str(last))
    dialog.letters_edit.setText(str(work / "审核意见"))
    dialog.resize(980, 760)
    dialog.show()
    app.processEvents()
    out.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(out / "review-dialog.png"))
    dialog.run_review()
    app.processEvents()
    dialog.grab().save(str(out / "review-results.png"))
    workbook = work / "审核结果.xlsx"
    dialog.save_to(workbook)
    print(out / "review-dialog.png", out / "review-results.png", workbook, sep="\n")
    pdf_dir = work / "pdf"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{work / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(pdf_dir),
            str(workbook),
        ],
        check=True,
        capture_output=True,
    )
    pdf = pdf_dir / "审核结果.pdf"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-l", "4", str(pdf), str(out / "review-workbook")],
        check=True,
    )
    print(*sorted(out.glob("review-workbook*.png")), sep="\n")
    dialog.close()
    # Parentless, the dialog's wrapper would outlive this function in a reference cycle
    # (its connected slots) and PySide6 6.11 deletes it a second time while tearing down the
    # QApplication at exit (segmentation fault after all the files were written). In the app
    # the main window owns the dialog, which exits cleanly.
    shiboken6.delete(dialog)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
