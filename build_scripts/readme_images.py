#!/usr/bin/env python3
"""Regenerate every image the README shows, from the screenshot and rendering scripts.

usage: .venv/bin/python build_scripts/readme_images.py [--docs DIR]

Run it whenever the window or the Word export changes, and commit the PNGs:

- ``docs/window-table3-1366x768.png`` — the window on the example's table 三 tab as on the
  commonest office screen (``build_scripts/screenshots.py --screen 1366x768``, offscreen);
- ``docs/export-page-1.png`` and ``docs/export-page-5-table3.png`` — the example exported to
  Word and rendered by LibreOffice (``build_scripts/render_docx.py``): page 1, and the page where
  table 三 begins (found in the PDF's text, so a change of layout cannot pick the wrong page).

Needs a CJK font for the window (Debian: ``fonts-noto-cjk``) and, for the Word pages, LibreOffice
and poppler (``libreoffice-writer-nogui poppler-utils``) with the look-alike 公文 fonts of
``build_scripts/cn-office-fonts.conf`` (see the comment at its top).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE3_HEADING = "三、收到和处理政府信息公开申请情况"


def window_image(docs: Path, tmp: Path) -> Path:
    """The table 三 tab of the example, as ``screenshots.py`` takes every tab."""
    shots = tmp / "shots"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "build_scripts" / "screenshots.py"),
            str(shots),
            "--screen",
            "1366x768",
        ],
        check=True,
        env=env,
        cwd=ROOT,
    )
    source = next(shots.glob("tab-*-t3*.png"))
    target = docs / "window-table3-1366x768.png"
    shutil.copyfile(source, target)
    return target


def export_images(docs: Path, tmp: Path) -> list[Path]:
    """Page 1 of the exported example and the page on which table 三 starts."""
    sys.path.insert(0, str(ROOT))
    from build_scripts.render_docx import render
    from desktop.project_file import load_report
    from desktop.resources import example_path
    from desktop.word_export import export_docx

    docx = tmp / "example.docx"
    export_docx(load_report(example_path()), docx)
    pages = render(docx, tmp / "pages", dpi=100)
    pdf = tmp / "pages" / "example.pdf"
    table3 = None
    for number in range(1, len(pages) + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        if TABLE3_HEADING in text.replace(" ", ""):
            table3 = number
            break
    if table3 is None:
        raise SystemExit(f"表三的标题“{TABLE3_HEADING}”不在导出的任何一页上。")
    out = [docs / "export-page-1.png", docs / "export-page-5-table3.png"]
    shutil.copyfile(pages[0], out[0])
    shutil.copyfile(pages[table3 - 1], out[1])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="where the PNGs go")
    args = parser.parse_args(argv)
    args.docs.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nianbao-readme-") as tmp_name:
        tmp = Path(tmp_name)
        written = [window_image(args.docs, tmp), *export_images(args.docs, tmp)]
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
