"""Reading a published PDF (WPS/Word export) into lines of text laid out as on the page.

pdfminer.six (MIT, pure Python) gives every character with its position. Characters are put back
into lines by their baseline and into columns by their x position, as ``pdftotext -layout``
prints them: table cells stay apart by runs of spaces and paragraphs keep their indent, so the
text reader that handles copied PDF text reads the tables by their labels.

Limits (a PDF is a program-like format; a hostile one must not take the machine): the file size,
the number of pages, the bytes any stream may inflate to and all streams together, and the
characters per page. An owner password (printing/copying restrictions, common on government
sites) does not stop reading; a user password (needed to open the file) does, with a message.
"""

from __future__ import annotations

import contextvars
import statistics
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.errors import os_error_reason
from desktop.importers.sources import Line, SourceError

MAX_PAGES = 300  # a long annual report has about 30
MAX_STREAM = 32 * 1024 * 1024  # one page's content or font inflated
MAX_INFLATED = 256 * 1024 * 1024  # all streams of the file together
MAX_CHARS_PAGE = 60_000  # a dense A4 page holds about 2,500


class _TooBig(Exception):
    """A stream inflates beyond the limits: a compression bomb, not a report."""


_inflated: contextvars.ContextVar[list[int]] = contextvars.ContextVar("_inflated")


def _count(n: int) -> None:
    box = _inflated.get(None)
    if box is None:
        return
    box[0] += n
    if box[0] > MAX_INFLATED:
        raise _TooBig


class _BoundedInflater:
    """zlib.decompressobj that refuses to produce more than the limits allow."""

    def __init__(self, *args: Any) -> None:
        self._d = zlib.decompressobj(*args)
        self._out = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self._d.decompress(data, MAX_STREAM + 1 - self._out)
        self._out += len(out)
        _count(len(out))
        if self._out > MAX_STREAM or self._d.unconsumed_tail:
            raise _TooBig
        return out

    def flush(self, *args: Any) -> bytes:
        return self._d.flush(*args)


class _BoundedZlib:
    """Stands in for the ``zlib`` module inside pdfminer's stream decoder."""

    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    @staticmethod
    def decompressobj(*args: Any) -> _BoundedInflater:
        return _BoundedInflater(*args)

    @staticmethod
    def decompress(data: bytes, *args: Any) -> bytes:
        d = _BoundedInflater(*args[:1])
        out = d.decompress(data)
        return out + d.flush()


_patched = False


def _pdfminer() -> None:
    """Import pdfminer once, with its inflater bounded and its debug logging off."""
    global _patched
    if _patched:
        return
    import logging

    from pdfminer import pdftypes

    pdftypes.zlib = _BoundedZlib  # type: ignore[attr-defined,assignment]
    # pdfminer logs every operator at DEBUG; the check alone costs time per operator.
    logging.getLogger("pdfminer").setLevel(logging.WARNING)
    _patched = True


@dataclass(slots=True)
class _Char:
    x0: float
    x1: float
    y: float  # vertical centre
    size: float
    text: str


def _fail(path: Path, what: str) -> SourceError:
    return SourceError(f"无法导入“{path.name}”：{what}")


def read_pdf(path: Path) -> list[Line]:
    """The PDF's text as lines laid out like the page; ``SourceError`` when it cannot be read."""
    _pdfminer()
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(path, f"无法读取该文件（{os_error_reason(exc)}）。") from None
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise _fail(
            path, "这不是有效的 PDF 文件（文件开头没有 PDF 标记）。请确认选择了正确的文件。"
        )
    import io

    token = _inflated.set([0])
    try:
        try:
            doc = PDFDocument(PDFParser(io.BytesIO(data)), password="")
        except PDFPasswordIncorrect:
            raise _fail(
                path,
                "这个 PDF 设有打开密码，无法读取。请用知道密码的阅读器打开后另存为不加密的 PDF，"
                "或复制其中的文字保存为 .txt 后再导入。",
            ) from None
        pages = _pages(doc, path)
        lines: list[Line] = []
        chars = 0
        for page_chars in pages:
            chars += sum(1 for c in page_chars if c.text.strip())
            lines.extend(Line([t]) for t in layout_lines(page_chars))
            lines.append(Line([""]))
    except _TooBig:
        raise _fail(
            path, "PDF 中的数据解压后异常巨大，可能是恶意构造的文件，已拒绝读取。"
        ) from None
    except SourceError:
        raise
    except (RecursionError, MemoryError):
        raise _fail(path, "PDF 的内部结构异常复杂，无法读取。") from None
    except Exception:  # noqa: BLE001 — pdfminer raises many kinds on broken files
        raise _fail(
            path,
            "PDF 文件已损坏或格式不受支持，无法读取其中的文字。请用阅读器打开后另存为 PDF，"
            "或复制其中的文字保存为 .txt 后再导入。",
        ) from None
    finally:
        _inflated.reset(token)
    if chars < 20:
        raise _fail(
            path,
            "无法读取文字，可能是扫描件（PDF 中只有图片，没有文字层）。"
            "请找到该报告的网页版或 Word 版，或用文字识别（OCR）软件转成文字后再导入。",
        )
    return lines


def _pages(doc: Any, path: Path) -> Iterator[list[_Char]]:
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    from desktop.importers.pdf_text import TextReader

    pages = []
    for page in PDFPage.create_pages(doc):
        pages.append(page)
        if len(pages) > MAX_PAGES:
            raise _fail(
                path,
                f"PDF 超过 {MAX_PAGES} 页，远多于一份年度报告（通常二三十页）。"
                "请确认选择了正确的文件。",
            )
    if not pages:
        raise _fail(path, "PDF 中没有任何页面。")
    rm = PDFResourceManager(caching=True)
    out: list[_Char] = []

    def sink(x0: float, x1: float, y: float, size: float, text: str) -> None:
        if text.strip():
            out.append(_Char(x0, x1, y, max(size, 1.0), text))
            if len(out) > MAX_CHARS_PAGE:
                raise _fail(path, "PDF 的一页中文字多得异常，不像是年度报告。")

    reader = TextReader(rm, sink)
    for page in pages:
        out = []
        reader.page(page)
        yield out


def layout_lines(chars: list[_Char]) -> list[str]:
    """Characters of one page → text lines, top to bottom, columns kept as runs of spaces."""
    if not chars:
        return []
    heights = [c.size for c in chars]
    body = statistics.median(heights)
    # One column is half a body character: digits and Latin letters take one, Chinese two.
    unit = max(body / 2, 1.0)
    left = min(c.x0 for c in chars)
    rows: list[list[_Char]] = []
    for c in sorted(chars, key=lambda c: -c.y):
        if rows and abs(rows[-1][0].y - c.y) <= 0.35 * min(body, c.size, rows[-1][0].size) + 0.5:
            rows[-1].append(c)
        else:
            rows.append([c])
    out: list[str] = []
    prev_y: float | None = None
    for row in rows:
        row.sort(key=lambda c: c.x0)
        y = row[0].y
        if prev_y is not None and prev_y - y > 2.2 * body:
            out.append("")  # a gap of more than a line: keep the blank line pdftotext prints
        prev_y = y
        text = ""
        last_x1: float | None = None
        for c in row:
            # Characters that touch belong to one word; a gap starts a new one, placed at its
            # column so that cells of a table row stay apart (at least one space).
            if last_x1 is None or c.x0 - last_x1 > 0.25 * min(body, c.size):
                col = round((c.x0 - left) / unit)
                width = len(text.encode("gbk", errors="replace"))
                if col > width:
                    text += " " * (col - width)
                elif text and not text.endswith(" "):
                    text += " "
            text += c.text
            last_x1 = c.x1
        out.append(text.rstrip())
    return out
