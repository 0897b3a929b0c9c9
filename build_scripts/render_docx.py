#!/usr/bin/env python3
"""Render a .docx to PNG pages so anyone can look at an export.

usage: python build_scripts/render_docx.py FILE.docx OUTDIR [--dpi 100]

LibreOffice (headless) converts the document to PDF, then ``pdftoppm`` writes OUTDIR/page-N.png.
Needs ``soffice`` and ``pdftoppm`` (Debian: libreoffice-writer-nogui poppler-utils). For Chinese
look-alike fonts see build_scripts/cn-office-fonts.conf (fontconfig aliases for 仿宋_GB2312 etc.).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def render(docx: Path, outdir: Path, dpi: int = 100) -> list[Path]:
    """Render ``docx`` to ``outdir/page-N.png``; returns the PNG paths in page order."""
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            raise SystemExit(f"需要 {tool}，请先安装（libreoffice-writer-nogui、poppler-utils）。")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nianbao-render-") as tmp:
        profile = Path(tmp) / "profile"
        subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation={profile.as_uri()}",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        pdf = Path(tmp) / (docx.stem + ".pdf")
        if not pdf.exists():
            raise SystemExit(f"LibreOffice 没有生成 PDF：{docx}")
        shutil.copy(pdf, outdir / pdf.name)
        for old in outdir.glob("page-*.png"):
            old.unlink()
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(outdir / "page")],
            check=True,
            timeout=180,
        )
    return sorted(outdir.glob("page-*.png"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docx", type=Path)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--dpi", type=int, default=100)
    args = parser.parse_args(argv)
    for page in render(args.docx, args.outdir, args.dpi):
        print(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
