"""The fonts Chinese office PDFs use, read without pdfminer's PostScript parser.

WPS and Word embed Chinese text as Type0 fonts with the ``Identity-H`` encoding (two bytes a
glyph) and a ``ToUnicode`` CMap that maps glyphs back to characters. pdfminer reads that CMap
with its general PostScript tokenizer and also unpacks the embedded font program it does not
need when the CMap is there: for a five-page report that was most of the time spent on fonts.
Here the CMap's ``bfchar`` / ``bfrange`` blocks are read with regular expressions, with the same
meaning pdfminer gives them. Any other font, or a CMap with something this reader does not
know, goes to pdfminer as before.
"""

from __future__ import annotations

import re
import struct
from typing import Any

_BLOCK = re.compile(rb"begin(bfchar|bfrange)(.*?)end\1", re.S)
_ITEM = re.compile(rb"<([0-9A-Fa-f\s]*)>|(\[)|(\])|(\S+)")
_SPACES = b" \t\r\n\f\x00"


class FastCIDFont:
    """A Type0 ``Identity-H`` (or ``-V``) font with a ``ToUnicode`` stream: what
    ``TextReader`` asks of a pdfminer font (``is_multibyte``, ``decode``, ``char_width``,
    ``to_unichr``)."""

    def __init__(self, widths: dict[int, float], default_width: float, to_uni: dict[int, str]):
        self.widths = widths
        self.default_width = default_width
        self.to_uni = to_uni

    @staticmethod
    def is_multibyte() -> bool:
        return True

    @staticmethod
    def decode(data: bytes) -> tuple[int, ...]:
        """Identity-H: every two bytes are one glyph id (an odd last byte is dropped)."""
        if len(data) == 2:  # one glyph a string: how WPS writes Chinese text
            return (data[0] << 8 | data[1],)
        n = len(data) // 2
        return struct.unpack(f">{n}H", data[: n * 2]) if n else ()

    def char_width(self, cid: int) -> float:
        """Advance in text space units (glyph space / 1000)."""
        return self.widths.get(cid, self.default_width) * 0.001

    def to_unichr(self, cid: int) -> str:
        """The character(s) of a glyph; KeyError when the CMap does not map it."""
        return self.to_uni[cid]


def fast_font(spec: Any) -> FastCIDFont | None:
    """A ``FastCIDFont`` for a font dictionary, or None when pdfminer must read it."""
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psparser import PSLiteral

    if not isinstance(spec, dict):
        return None
    subtype = resolve1(spec.get("Subtype"))
    encoding = resolve1(spec.get("Encoding"))
    if not (isinstance(subtype, PSLiteral) and subtype.name == "Type0"):
        return None
    if not (isinstance(encoding, PSLiteral) and encoding.name in ("Identity-H", "Identity-V")):
        return None
    vertical = encoding.name == "Identity-V"
    to_unicode = resolve1(spec.get("ToUnicode"))
    descendants = resolve1(spec.get("DescendantFonts"))
    if not isinstance(to_unicode, PDFStream) or not isinstance(descendants, list):
        return None
    if not descendants:
        return None
    cid_font = resolve1(descendants[0])
    if not isinstance(cid_font, dict):
        return None
    if vertical:
        # As pdfminer: the advance is W2's vertical one, the default DW2's second number.
        widths = _widths2(resolve1(cid_font.get("W2", [])))
        dw2 = resolve1(cid_font.get("DW2", [880, -1000]))
        default = resolve1(dw2[1]) if isinstance(dw2, list) and len(dw2) == 2 else None
    else:
        widths = _widths(resolve1(cid_font.get("W", [])))
        default = resolve1(cid_font.get("DW", 1000))
    cmap = to_unicode_map(to_unicode.get_data())
    if widths is None or cmap is None or not isinstance(default, int | float):
        return None
    return FastCIDFont(widths, float(default), cmap)


def _widths(seq: Any) -> dict[int, float] | None:
    """The ``W`` array (``c [w1 w2 …]`` and ``c1 c2 w``), as pdfminer's ``get_widths``."""
    from pdfminer.pdftypes import PDFObjRef, resolve1

    if not isinstance(seq, list):
        return None
    out: dict[int, float] = {}
    run: list[float] = []
    for v in seq:
        if isinstance(v, PDFObjRef):
            v = resolve1(v)
        if isinstance(v, list):
            if run:
                first = run[-1]
                if not isinstance(first, int):
                    return None
                for i, w in enumerate(v):
                    if not isinstance(w, int | float):
                        w = resolve1(w)
                        if not isinstance(w, int | float):
                            return None
                    out[first + i] = w
                run = []
        elif isinstance(v, int | float):
            run.append(v)
            if len(run) == 3:
                a, b, w = run
                if not (isinstance(a, int) and isinstance(b, int)) or b - a > 65535:
                    return None
                for i in range(a, b + 1):
                    out[i] = w
                run = []
        else:
            return None
    return out


def _widths2(seq: Any) -> dict[int, float] | None:
    """The ``W2`` array of a vertical font (``c [w1y v1x v1y …]``, ``c1 c2 w1y v1x v1y``):
    the advance of each glyph, as pdfminer's ``get_widths2``."""
    if not isinstance(seq, list):
        return None
    out: dict[int, float] = {}
    run: list[float] = []
    for v in seq:
        if isinstance(v, list):
            if run:
                first = run[-1]
                if not isinstance(first, int) or not all(isinstance(x, int | float) for x in v):
                    return None
                for i in range(len(v) // 3):
                    out[first + i] = v[3 * i]
                run = []
        elif isinstance(v, int | float):
            run.append(v)
            if len(run) == 5:
                a, b, w = run[0], run[1], run[2]
                if not (isinstance(a, int) and isinstance(b, int)) or b - a > 65535:
                    return None
                for i in range(a, b + 1):
                    out[i] = w
                run = []
        else:
            return None
    return out


def _hex(raw: bytes) -> bytes:
    digits = raw.translate(None, _SPACES)
    if len(digits) % 2:
        digits += b"0"
    return bytes.fromhex(digits.decode("ascii"))


def _add(out: dict[int, str], cid: int, code: bytes) -> None:
    text = code.decode("utf-16-be", "ignore")
    # pdfminer keeps a space over a no-break space mapped to the same glyph; so do we.
    if text == "\u00a0" and out.get(cid) == " ":
        return
    out[cid] = text


def to_unicode_map(data: bytes) -> dict[int, str] | None:
    """glyph id → text from a ToUnicode CMap, or None when it holds what this reader does not
    handle (``usecmap``, glyph names, odd ranges)."""
    if b"usecmap" in data:
        return None
    out: dict[int, str] = {}
    for block in _BLOCK.finditer(data):
        items: list[bytes | list[bytes]] = []
        array: list[bytes] | None = None
        for m in _ITEM.finditer(block.group(2)):
            if m.group(1) is not None:
                value = _hex(m.group(1))
                if array is not None:
                    array.append(value)
                else:
                    items.append(value)
            elif m.group(2):
                if array is not None:
                    return None
                array = []
            elif m.group(3):
                if array is None:
                    return None
                items.append(array)
                array = None
            else:
                return None  # a glyph name or an operator inside the block
        if block.group(1) == b"bfchar":
            if len(items) % 2:
                return None
            for src, dst in zip(items[::2], items[1::2], strict=True):
                if not isinstance(src, bytes) or not isinstance(dst, bytes):
                    return None
                _add(out, int.from_bytes(src, "big"), dst)
            continue
        if len(items) % 3:
            return None
        for k in range(0, len(items), 3):
            lo, hi, dst = items[k], items[k + 1], items[k + 2]
            if not isinstance(lo, bytes) or not isinstance(hi, bytes) or len(lo) != len(hi):
                return None
            start, end = int.from_bytes(lo, "big"), int.from_bytes(hi, "big")
            if end - start > 65535:
                return None
            if isinstance(dst, list):
                for cid, code in zip(range(start, end + 1), dst, strict=False):
                    _add(out, cid, code)
                continue
            var, prefix = dst[-4:], dst[:-4]
            base = int.from_bytes(var, "big")
            for i in range(end - start + 1):
                if base + i > 0xFFFFFFFF:
                    return None
                _add(out, start + i, prefix + struct.pack(">L", base + i)[-len(var) :])
    return out
