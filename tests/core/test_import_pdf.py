"""PDF import (pdfminer.six): the corpus PDF gives the cells of its own text, owner-password PDFs
import, and PDFs that cannot or must not be read get a clear message and exit code 2.

The encrypted and scanned samples in tests/data/pdf were made from the corpus PDF with
Ghostscript (pdfwrite with -sOwnerPassword / -sUserPassword; pdfimage8 for the image-only one).
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.importers import import_report
from desktop.importers.pdf import MAX_PAGES
from desktop.importers.sources import SourceError

DATA = Path(__file__).resolve().parents[1] / "data"
HONGZE = DATA / "real" / "hongze-2023"
PDFS = DATA / "pdf"


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file from numbered object bodies (1 0 obj … endobj), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _pages_pdf(n: int, content: bytes, flate: bool = False) -> bytes:
    stream = zlib.compress(content, 9) if flate else content
    filt = b" /Filter /FlateDecode" if flate else b""
    kids = " ".join(f"{4 + i} 0 R" for i in range(n)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(n).encode() + b" >>",
        b"<< /Length "
        + str(len(stream)).encode()
        + filt
        + b" >>\nstream\n"
        + stream
        + b"\nendstream",
    ]
    font = (
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    )
    for _ in range(n):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R " + font + b" >>"
        )
    return _pdf(objects)


def test_the_corpus_pdf_gives_the_cells_of_its_text() -> None:
    from_pdf = import_report(HONGZE / "hzq2023_working.pdf")
    from_text = import_report(HONGZE / "text_layout.txt")
    assert from_pdf.source_kind == "pdf"
    assert from_pdf.report.cells == from_text.report.cells
    assert from_pdf.report.printed_totals == from_text.report.printed_totals
    assert from_pdf.report.meta.org_name == from_text.report.meta.org_name
    assert from_pdf.report.meta.year == 2023
    assert sum(v is not None for v in from_pdf.report.cells.values()) >= 140


def test_an_owner_password_only_pdf_imports() -> None:
    # Printing/copying restrictions only: the text is readable without a password.
    result = import_report(PDFS / "owner-password.pdf")
    assert result.report.meta.org_name.endswith("人民政府")
    assert result.report.cells["t2.license"] is not None


def _exit_2(path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> str:
    out = tmp_path / "x.nianbao"
    assert main(["import", str(path), "-o", str(out)]) == 2
    assert not out.exists()
    return capsys.readouterr().err


def test_a_user_password_is_said(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert "设有打开密码" in _exit_2(PDFS / "user-password.pdf", capsys, tmp_path)


def test_a_scanned_pdf_is_said(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert "无法读取文字，可能是扫描件" in _exit_2(PDFS / "scanned.pdf", capsys, tmp_path)


@pytest.mark.slow  # a hostile file
def test_a_compression_bomb_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "bomb.pdf"
    p.write_bytes(_pages_pdf(1, b"%" + b" " * (40 * 1024 * 1024), flate=True))
    assert p.stat().st_size < 200_000
    with pytest.raises(SourceError, match="解压后异常巨大"):
        import_report(p)


def test_thousands_of_pages_are_refused(tmp_path: Path) -> None:
    p = tmp_path / "pages.pdf"
    p.write_bytes(_pages_pdf(MAX_PAGES + 1, b"BT /F1 12 Tf 72 720 Td (x) Tj ET"))
    with pytest.raises(SourceError, match=f"超过 {MAX_PAGES} 页"):
        import_report(p)


def test_a_text_pdf_without_chinese_tables_imports_what_it_has(tmp_path: Path) -> None:
    p = tmp_path / "short.pdf"
    p.write_bytes(
        _pages_pdf(1, b"BT /F1 12 Tf 72 720 Td (Annual report 2023 of nothing at all) Tj ET")
    )
    result = import_report(p)
    assert all(v is None for v in result.report.cells.values())


@pytest.mark.parametrize(
    "data", [b"not a pdf at all", b"%PDF-1.4\n1 0 obj <<", b"%PDF-1.4\n" + bytes(range(256)) * 50]
)
def test_broken_pdfs_get_a_message(tmp_path: Path, data: bytes) -> None:
    p = tmp_path / "broken.pdf"
    p.write_bytes(data)
    with pytest.raises(SourceError, match="无法导入"):
        import_report(p)
