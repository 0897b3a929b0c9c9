"""Reading a published report from .docx, .html/.htm or .txt into lines of cells.

Every reader returns the document body in order as ``Line`` objects: a paragraph is one line
with one cell (table-like text inside it is split later), a table row is one line whose cells
come from the table's grid. Hostile files (not a zip, zip bombs, XML entity tricks, binary junk,
huge inputs) are refused with a Chinese ``UserError`` before any expensive work is done.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from desktop.errors import UserError, os_error_reason
from desktop.importers.cancel import checkpoint
from desktop.importers.kinds import SOURCE_KINDS

# A real report is a few hundred kB of text or a few MB of Word (with pictures).
MAX_TEXT_BYTES = 10 * 1024 * 1024
MAX_DOCX_BYTES = 50 * 1024 * 1024
MAX_XML_BYTES = 30 * 1024 * 1024
MAX_ZIP_TOTAL = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_RATIO = 200  # uncompressed / compressed beyond this, on a large member, is a zip bomb
MAX_LINES = 30_000  # a long report as PDF text has about a thousand lines
MAX_COLS = 400  # no table of the format is wider than 15 columns
# The format's three tables have under 60 rows (real pages: at most 48 in tests/data/real); the
# row matching costs ~5 ms a row on a loaded machine, so 30,000 rows took minutes.
MAX_TABLE_ROWS = 2_000


class SourceError(UserError):
    """A report could not be read; the message names the file and says what to do."""


@dataclass(slots=True)
class Line:
    """One paragraph (``is_row`` False) or one table row (``is_row`` True) of the source."""

    cells: list[str]
    is_row: bool = False
    # A blank line came before this one in a text file: in PDF text it separates blocks of
    # numbers that belong together (``blocks``); paragraphs themselves do not need it.
    after_blank: bool = False

    @property
    def text(self) -> str:
        """The line as plain text (row cells joined by tabs)."""
        return "\t".join(self.cells) if self.is_row else (self.cells[0] if self.cells else "")


@dataclass(slots=True)
class SourceDoc:
    """The body of a source document, in order."""

    kind: str  # "docx", "html", "txt", "md", "pdf"
    lines: list[Line] = field(default_factory=list)


def _fail(path: Path, what: str) -> SourceError:
    return SourceError(f"无法导入“{path.name}”：{what}")


def read_source(path: Path) -> SourceDoc:
    """Read a report file into lines, choosing the reader by the file's extension."""
    suffix = path.suffix.lower()
    kind = SOURCE_KINDS.get(suffix)
    if kind is None:
        raise SourceError(
            f"无法导入“{path.name}”：只能导入 Word 文档（.docx）、网页（.html、.htm）、"
            "PDF（.pdf）、Markdown（.md）或文本文件（.txt）。旧版 Word 的 .doc 文件请先在 "
            "Word 或 WPS 中另存为 .docx。"
        )
    if path.is_dir():
        raise _fail(path, "这是一个文件夹，不是文件。请选择报告文件本身。")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _fail(path, "找不到该文件，请检查文件名和位置。") from None
    except OSError as exc:
        raise _fail(path, f"无法读取该文件（{os_error_reason(exc)}）。") from None
    limit = MAX_DOCX_BYTES if kind in ("docx", "pdf") else MAX_TEXT_BYTES
    if size == 0:
        raise _fail(path, "文件是空的，里面没有任何内容。")
    if size > limit:
        raise _fail(
            path,
            f"文件过大（{size // (1024 * 1024)} MB），不像是一份年度报告"
            f"（上限 {limit // (1024 * 1024)} MB）。请确认选择了正确的文件。",
        )
    if kind == "docx":
        doc = SourceDoc("docx", _read_docx(path))
    elif kind == "pdf":
        from desktop.importers.pdf import read_pdf

        doc = SourceDoc("pdf", read_pdf(path))
    else:
        data = _read_bytes(path, limit)
        if data.count(b"\n") > MAX_LINES * 2:
            raise _fail(
                path, "文件行数过多，远多于一份年度报告（通常几百行）。请确认选择了正确的文件。"
            )
        text = decode_text(data, path)
        if kind == "html":
            doc = SourceDoc("html", html_lines(text))
        elif kind == "md":
            doc = SourceDoc("md", markdown_lines(text))
        else:
            doc = SourceDoc("txt", [Line([ln]) for ln in text.splitlines()])
    rows = sum(1 for ln in doc.lines if ln.is_row)
    if rows > MAX_TABLE_ROWS:
        raise _fail(
            path,
            f"文件中的表格共有 {rows} 行，远多于年度报告的三张表格（合计不到 60 行），"
            "不像是年度报告。请确认选择了正确的文件。",
        )
    if len(doc.lines) > MAX_LINES:
        raise _fail(
            path,
            f"文件有 {len(doc.lines)} 行（或表格行），远多于一份年度报告（通常几百行），"
            "不像是年度报告。请确认选择了正确的文件。",
        )
    return doc


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise _fail(path, f"无法读取该文件（{os_error_reason(exc)}）。") from None
    if len(data) > limit:
        raise _fail(path, "文件过大，不像是一份年度报告。")
    return data


# --- text encodings ----------------------------------------------------------------------

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


# The labels a web page can legitimately declare (WHATWG Encoding Standard, the ones a Chinese
# government page could use) → the Python codec that decodes them. Anything else is ignored and
# the text is detected as if nothing were declared, as a browser does with an unknown label:
# obeying any Python codec name let a page pick e.g. punycode, which is quadratic (minutes).
WEB_CHARSETS: dict[str, str] = {
    **dict.fromkeys(("utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8"), "utf-8"),
    **dict.fromkeys(
        (
            "gb2312",
            "gbk",
            "gb18030",
            "gb_2312",
            "gb_2312-80",
            "x-gbk",
            "chinese",
            "csgb2312",
            "csiso58gb231280",
            "iso-ir-58",
            "cp936",
            "windows-936",
        ),
        "gb18030",
    ),
    **dict.fromkeys(("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"), "big5hkscs"),
    **dict.fromkeys(("utf-16", "utf-16le", "unicode", "ucs-2", "unicodefeff"), "utf-16-le"),
    **dict.fromkeys(("utf-16be", "unicodefffe"), "utf-16-be"),
    **dict.fromkeys(
        ("iso-8859-1", "latin1", "l1", "ascii", "us-ascii", "windows-1252", "cp1252", "cp819"),
        "cp1252",
    ),
    **{f"windows-{n}": f"cp{n}" for n in range(1250, 1259)},
    **{f"iso-8859-{n}": f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)},
    **dict.fromkeys(("shift_jis", "shift-jis", "sjis", "ms_kanji", "windows-31j"), "cp932"),
    **dict.fromkeys(("euc-jp", "x-euc-jp"), "euc_jp"),
    **dict.fromkeys(("euc-kr", "ks_c_5601-1987", "windows-949"), "cp949"),
    "koi8-r": "koi8_r",
    "koi8-u": "koi8_u",
}


def web_charset(label: str) -> str | None:
    """The Python codec for a charset label a web page may declare; None for anything else."""
    return WEB_CHARSETS.get(label.strip().lower())


def decode_text(data: bytes, path: Path, declared: str | None = None) -> str:
    """Decode text bytes: BOM first, then UTF-8, UTF-16 without BOM, GB18030 (GBK/GB2312)."""
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        text = _decode_plain(data, path, declared)
    if not text.strip():
        raise _fail(path, "文件里没有文字内容。")
    controls = sum(1 for ch in text[:200_000] if ch < " " and ch not in "\t\r\n\f\v")
    if controls > max(8, len(text[:200_000]) // 50) or "\ufffd" * 4 in text:
        raise _fail(
            path,
            "这不是文本文件（内容像是二进制数据），无法读取。请确认选择了正确的文件，"
            "或在原程序中另存为 .txt / .docx 后再导入。",
        )
    return text


def _decode_plain(data: bytes, path: Path, declared: str | None) -> str:
    candidates: list[str] = []
    if declared is None and path.suffix.lower() in (".html", ".htm"):
        m = _CHARSET_RE.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii", "replace").lower()
    codec = web_charset(declared) if declared else None
    if codec:
        candidates.append(codec)
    sample = data[:4000]
    if sample and sample.count(0) > len(sample) // 4:
        # Text without a BOM but with a NUL in every other byte is UTF-16.
        le = sample[1::2].count(0) > sample[0::2].count(0)
        candidates.append("utf-16-le" if le else "utf-16-be")
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    raise _fail(
        path,
        "无法识别文件的文字编码（不是 UTF-8、GBK/GB18030 或 UTF-16）。"
        "请用记事本打开后“另存为”UTF-8 编码再导入。",
    )


# --- HTML ----------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    "p div br h1 h2 h3 h4 h5 h6 li ul ol section article header footer nav blockquote pre "
    "dd dt dl form hr caption center".split()
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "head", "template", "svg", "select"})
_VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base"})


@dataclass(slots=True)
class _HtmlTable:
    rows: list[list[tuple[str, int, int]]] = field(default_factory=list)  # (text, rowspan, colspan)
    cell: list[str] | None = None
    cell_span: tuple[int, int] = (1, 1)
    layout: bool = False  # contains a nested table: a page-layout table, not a data table


class _ReportHtml(HTMLParser):
    """Collects paragraphs and leaf tables (tables holding no other table) in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self._buf: list[str] = []
        self._skip = 0
        self._tables: list[_HtmlTable] = []

    # Text goes to the open cell of the innermost data table, else to the paragraph buffer.
    def _sink(self) -> list[str]:
        if self._tables and not self._tables[-1].layout and self._tables[-1].cell is not None:
            return self._tables[-1].cell
        return self._buf

    def _flush(self) -> None:
        text = "".join(self._buf)
        self._buf.clear()
        for part in text.split("\n"):
            if part.strip():
                self.lines.append(Line([part.strip()]))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        checkpoint()
        if tag in _SKIP_TAGS:
            if tag not in _VOID_TAGS:
                self._skip += 1
            return
        if self._skip:
            return
        top = self._tables[-1] if self._tables else None
        if tag == "table":
            if top is not None and not top.layout:
                # The outer table holds a table: it is layout, its text flows as paragraphs.
                top.layout = True
                if top.cell is not None:
                    self._buf.append("".join(top.cell) + "\n")
                    top.cell = None
                for row in top.rows:
                    self._buf.append("\n".join(t for t, _, _ in row if t) + "\n")
                top.rows.clear()
            self._flush()
            self._tables.append(_HtmlTable())
            return
        if top is not None and not top.layout:
            if tag == "tr":
                top.rows.append([])
                return
            if tag in ("td", "th"):
                if not top.rows:
                    top.rows.append([])
                top.cell = []
                top.cell_span = (_span(attrs, "rowspan"), _span(attrs, "colspan"))
                return
        if tag in _BLOCK_TAGS or tag in ("tr", "td", "th"):
            sink = self._sink()
            sink.append("\n" if tag in _BLOCK_TAGS or tag == "tr" else " ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr") and not self._skip:
            self._sink().append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            if tag not in _VOID_TAGS:
                self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        top = self._tables[-1] if self._tables else None
        if tag == "table" and top is not None:
            self._tables.pop()
            if top.layout:
                self._flush()
            else:
                self._close_cell(top)
                self._flush()
                self.lines.extend(Line(cells, True) for cells in html_grid(top.rows))
            return
        if top is not None and not top.layout and tag in ("td", "th"):
            self._close_cell(top)
            return
        if tag in _BLOCK_TAGS or tag == "tr":
            self._sink().append("\n")

    def _close_cell(self, table: _HtmlTable) -> None:
        if table.cell is not None and table.rows:
            text = " ".join(s.strip() for s in "".join(table.cell).split("\n") if s.strip())
            table.rows[-1].append((text, *table.cell_span))
        table.cell = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self._sink().append(data.replace("\xa0", " ").replace("\u3000", " "))

    def close(self) -> None:
        super().close()
        while self._tables:
            top = self._tables.pop()
            if not top.layout:
                self._close_cell(top)
                self.lines.extend(Line(cells, True) for cells in html_grid(top.rows))
        self._flush()


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    for key, value in attrs:
        if key == name and value:
            digits = re.match(r"\s*(\d+)", value)
            if digits:
                return max(1, min(int(digits.group(1)), 50))
    return 1


def html_grid(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Rows of (text, rowspan, colspan) → rows of cell texts, one entry per merged cell, with
    rowspan continuations as empty cells and columns empty in every row removed."""
    if len(rows) > MAX_LINES:
        return [[] for _ in rows]  # refused by the caller for its size; do not lay it out
    placed: list[list[tuple[int, int, str]]] = []  # per row: (start col, width, text)
    pending: dict[int, tuple[int, int]] = {}  # col → (rows left, width) from rowspans above
    for row in rows:
        out: list[tuple[int, int, str]] = []
        col = 0
        cells = iter(row)
        cur = next(cells, None)
        while cur is not None or (pending and max(pending) >= col):
            if col > MAX_COLS:
                break  # no real table is this wide; the rest of the row is dropped
            if col in pending:
                left, width = pending[col]
                out.append((col, width, ""))
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (left - 1, width)
                col += width
                continue
            if cur is None:
                col += 1
                if col > 400:
                    break
                continue
            text, rowspan, colspan = cur
            out.append((col, colspan, text))
            if rowspan > 1:
                pending[col] = (rowspan - 1, colspan)
            col += colspan
            cur = next(cells, None)
        placed.append(out)
    return drop_empty_columns(placed)


def drop_empty_columns(placed: list[list[tuple[int, int, str]]]) -> list[list[str]]:
    """Drop cells that are empty and lie only in grid columns empty in every row (spacer
    columns that would otherwise shift the numbers)."""
    used: set[int] = set()
    for row in placed:
        for start, width, text in row:
            if text.strip():
                used.update(range(start, start + width))
    out = []
    for row in placed:
        cells = [
            text
            for start, width, text in row
            if text.strip() or any(c in used for c in range(start, start + width))
        ]
        out.append(cells)
    return out


def html_lines(text: str) -> list[Line]:
    """Parse HTML text into lines (no network: nothing external is ever fetched)."""
    parser = _ReportHtml()
    parser.feed(text)
    parser.close()
    return parser.lines


# --- DOCX ----------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def _read_docx(path: Path) -> list[Line]:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _fail(
            path,
            "这不是有效的 Word 文档（.docx 实际是一个压缩包，而该文件不是）。"
            "如果是旧版 .doc 文件或被改了扩展名，请在 Word 或 WPS 中打开并另存为 .docx。",
        ) from None
    except OSError as exc:
        raise _fail(path, f"无法读取该文件（{os_error_reason(exc)}）。") from None
    with zf:
        data = _docx_document_xml(zf, path)
    return _docx_body_lines(data, path)


def _docx_document_xml(zf: zipfile.ZipFile, path: Path) -> bytes:
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _fail(path, "文件内部结构异常（包含的条目过多），不是正常的 Word 文档。")
    total = sum(i.file_size for i in infos)
    if total > MAX_ZIP_TOTAL:
        raise _fail(path, "文件解压后过大，可能是恶意构造的压缩文件，已拒绝读取。")
    try:
        info = zf.getinfo("word/document.xml")
    except KeyError:
        raise _fail(
            path, "文件中没有 Word 正文（word/document.xml），不是有效的 Word 文档。"
        ) from None
    if info.file_size > MAX_XML_BYTES or (
        info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
    ):
        raise _fail(path, "文件正文解压后异常巨大，可能是恶意构造的压缩文件，已拒绝读取。")
    try:
        with zf.open(info) as fh:
            # The declared size may lie: never read more than the cap.
            data = fh.read(MAX_XML_BYTES + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        raise _fail(
            path, "文件已损坏，无法解压其中的正文。请在 Word 或 WPS 中打开并重新保存。"
        ) from None
    except Exception:  # noqa: BLE001 — zlib errors and the like on broken archives
        raise _fail(
            path, "文件已损坏，无法解压其中的正文。请在 Word 或 WPS 中打开并重新保存。"
        ) from None
    if len(data) > MAX_XML_BYTES:
        raise _fail(path, "文件正文解压后异常巨大，可能是恶意构造的压缩文件，已拒绝读取。")
    return data


def _docx_body_lines(data: bytes, path: Path) -> list[Line]:
    from lxml import etree  # type: ignore[import-untyped]

    head = data[:4096]
    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in data.upper():
        # Word never writes a DTD; one here can only be an entity-expansion trick.
        raise _fail(
            path, "文件正文含有不允许的 XML 声明（DOCTYPE/ENTITY），可能是恶意文件，已拒绝读取。"
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise _fail(
            path, "文件已损坏（正文的 XML 格式错误）。请在 Word 或 WPS 中打开并重新保存。"
        ) from None
    # Text boxes and shapes carry their text twice (mc:Choice and mc:Fallback); keep one.
    for fallback in list(root.iter(f"{_MC}Fallback")):
        parent = fallback.getparent()
        if parent is not None:
            parent.remove(fallback)
    body = root.find(f"{_W}body")
    if body is None:
        raise _fail(path, "文件中没有 Word 正文，不是有效的 Word 文档。")
    lines: list[Line] = []
    for el in _body_items(body):
        if el.tag == f"{_W}p":
            text = _para_text(el)
            lines.extend(Line([part]) for part in text.split("\n"))
        else:
            lines.extend(Line(cells, True) for cells in _table_rows(el))
    return lines


def _body_items(parent: Any) -> Iterator[Any]:
    for el in parent:
        tag = el.tag
        if tag in (f"{_W}p", f"{_W}tbl"):
            yield el
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"):
            inner = el if tag != f"{_W}sdt" else el.find(f"{_W}sdtContent")
            if inner is not None:
                yield from _body_items(inner)


_TEXT_TAGS = {f"{_W}t": "t", f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n"}


def _para_text(p: Any) -> str:
    out: list[str] = []
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"):
        kind = _TEXT_TAGS.get(el.tag, "-")
        if kind == "t":
            out.append(el.text or "")
        elif el.tag == f"{_W}tab" and el.getparent().tag == f"{_W}tabs":
            continue
        else:
            out.append(kind)
    return "".join(out)


def _int_attr(el: Any, name: str, default: int = 1) -> int:
    if el is None:
        return default
    val = el.get(f"{_W}val")
    try:
        return max(0, min(int(val), 100)) if val is not None else default
    except ValueError:
        return default


def _table_rows(tbl: Any) -> list[list[str]]:
    placed: list[list[tuple[int, int, str]]] = []
    for tr in tbl.iterfind(f"{_W}tr"):
        row: list[tuple[int, int, str]] = []
        col = _int_attr(tr.find(f"{_W}trPr/{_W}gridBefore"), "gridBefore", 0)
        for tc in tr.iterfind(f".//{_W}tc"):
            if tc.getparent() is not tr and tc.getparent().tag != f"{_W}sdtContent":
                continue  # a nested table's cell: its text is part of the outer cell
            pr = tc.find(f"{_W}tcPr")
            span = _int_attr(pr.find(f"{_W}gridSpan") if pr is not None else None, "gridSpan")
            span = max(span, 1)
            vmerge = pr.find(f"{_W}vMerge") if pr is not None else None
            continuing = vmerge is not None and vmerge.get(f"{_W}val") in (None, "continue")
            if continuing:
                text = ""
            else:
                paras = [_para_text(p) for p in tc.iter(f"{_W}p")]
                text = "\n".join(p for p in paras if p.strip())
            row.append((col, span, text))
            col += span
        placed.append(row)
    return drop_empty_columns(placed)


# --- Markdown (converter output: PDF or Word turned into .md) --------------------------------

_MD_RULE_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s*")


def markdown_lines(text: str) -> list[Line]:
    """Markdown as lines: ``#`` headings as plain lines, pipe-table rows as table rows (their
    cells exact, empty ones kept), the ``|---|`` rule lines dropped, emphasis marks removed."""
    out: list[Line] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if _MD_RULE_RE.match(line) and "-" in line:
            continue
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
            cells = [c.strip().replace("**", "").replace("<br>", "") for c in inner.split("|")]
            if any(c for c in cells):
                out.append(Line(cells, True))
            continue
        line = _MD_HEADING_RE.sub("", line).replace("**", "").replace("__", "")
        out.append(Line([line]))
    return out
