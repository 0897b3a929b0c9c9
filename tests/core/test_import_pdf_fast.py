"""The fast paths of PDF reading give exactly what pdfminer's own objects give: the fonts read
without pdfminer's PostScript parser (``pdf_fonts``) and the operator scan (``pdf_text``)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from desktop.importers import pdf_text
from desktop.importers.pdf import _pdfminer
from desktop.importers.pdf_fonts import to_unicode_map

DATA = Path(__file__).resolve().parents[1] / "data"
PDFS = [DATA / "real" / "hongze-2023" / "hzq2023_working.pdf", DATA / "pdf" / "owner-password.pdf"]


def _chars(path: Path, fast_fonts: bool, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    _pdfminer()
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    with monkeypatch.context() as m:
        if not fast_fonts:
            m.setattr(pdf_text, "fast_font", lambda spec: None)
        doc = PDFDocument(PDFParser(io.BytesIO(path.read_bytes())), password="")
        out: list[Any] = []
        reader = pdf_text.TextReader(PDFResourceManager(caching=True), lambda *a: out.append(a))
        for page in PDFPage.create_pages(doc):
            reader.page(page)
    return out


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_fast_fonts_read_what_pdfminer_fonts_read(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _chars(path, True, monkeypatch)
    slow = _chars(path, False, monkeypatch)
    assert len(fast) > 900
    assert [c[4] for c in fast] == [c[4] for c in slow]
    assert all(
        abs(a - b) < 1e-6
        for f, s in zip(fast, slow, strict=True)
        for a, b in zip(f[:4], s[:4], strict=True)
    )


def test_to_unicode_map_as_pdfminer_reads_it() -> None:
    _pdfminer()
    from pdfminer.cmapdb import CMapParser, FileUnicodeMap

    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        b"3 beginbfchar\n<0003> <0020>\n<0010> <4E00>\n<0011> <D835DC00>\nendbfchar\n"
        b"2 beginbfrange\n<0020> <0022> <0041>\n<0030> <0031> [<4E8C> <4E09>]\nendbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    ours = to_unicode_map(cmap)
    theirs = FileUnicodeMap()
    CMapParser(theirs, io.BytesIO(cmap)).run()
    assert ours == theirs.cid2unichr
    assert ours is not None and ours[0x21] == "B" and ours[0x31] == "三"


def test_to_unicode_map_leaves_what_it_does_not_know_to_pdfminer() -> None:
    assert to_unicode_map(b"/Adobe-Japan1-UCS2 usecmap 1 beginbfchar <01> <0041> endbfchar") is None
    assert to_unicode_map(b"1 beginbfchar <01> /A endbfchar") is None


def test_operator_names_inside_strings_and_names_are_not_run() -> None:
    shown: list[str] = []

    class Font:
        @staticmethod
        def is_multibyte() -> bool:
            return False

        @staticmethod
        def decode(data: bytes) -> bytes:
            return data

        @staticmethod
        def char_width(cid: int) -> float:
            return 0.5

        @staticmethod
        def to_unichr(cid: int) -> str:
            return chr(cid)

    reader = pdf_text.TextReader(None, lambda *a: shown.append(a[4]))
    reader._fonts = lambda resources: ({"F1": Font()}, {})  # type: ignore[method-assign]
    content = (
        b"BT /F1 12 Tf 10 700 Td (a\\) Q Tj q) Tj /Q1 gs (b(c)d) Tj [(e) -100 (f)] TJ ET"
        b" % (x) Tj\n q 2 0 0 2 0 0 cm BT /F1 10 Tf (g) Tj ET Q"
    )
    reader._run(content, None, pdf_text.IDENTITY, 0)
    assert "".join(shown) == "a) Q Tj qb(c)defg"
