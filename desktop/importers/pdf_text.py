"""The characters of a PDF page with their positions, read fast.

pdfminer.six parses content streams with a general Python tokenizer that builds an object for
every operand of every drawing operator: the table borders of a five-page report are tens of
thousands of them, and reading one report took seconds. Only the text operators matter here, so
this module tokenizes the content stream with one regular expression (run in C), follows the
graphics and text state (q/Q, cm, BT, Tf, Tc, Tw, Tz, TL, Ts, Td, TD, Tm, T*, Tj, TJ, ', ") and
form XObjects, and uses pdfminer only for what it does well: the document, its decryption, and
the fonts (character codes → Unicode and widths).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_FORM_DEPTH = 5

_TOKEN = re.compile(
    rb"""
    (?P<ws>[\s\x00]+|%[^\r\n]*)
  | (?P<num>[+-]?(?:\d+\.?\d*|\.\d+))
  | (?P<name>/[^\s/\[\]()<>{}%]*)
  | (?P<lit>\((?:[^()\\]|\\.)*\))
  | (?P<open>\()
  | (?P<hex><[0-9A-Fa-f\s]*>)
  | (?P<dict><<|>>)
  | (?P<arr>[\[\]])
  | (?P<op>[A-Za-z'"*][A-Za-z0-9'"*]*)
  | (?P<other>.)
    """,
    re.X | re.S,
)
_NUMBER = rb"[-+]?(?:\d+\.?\d*|\.\d+)"
_END = rb"(?=[\s/\[<(%]|$)"
# Outside text objects only these operators matter; everything else (paths, colours, the table
# borders) is skipped by one search instead of being tokenized.
_OUTSIDE_TEXT = re.compile(
    rb"(?:"
    + _NUMBER
    + rb"\s+){6}cm"
    + _END
    + rb"|/[^\s/\[\]()<>{}%]+\s*Do"
    + _END
    + rb"|/[^\s/\[\]()<>{}%]+\s+"
    + _NUMBER
    + rb"\s+Tf"
    + _END
    + rb"|(?<![A-Za-z0-9*'\"/])(?:BT|BI|q|Q)"
    + _END
)
_ESCAPES = {
    ord("n"): b"\n",
    ord("r"): b"\r",
    ord("t"): b"\t",
    ord("b"): b"\b",
    ord("f"): b"\f",
}


def _literal(body: bytes) -> bytes:
    """A literal string's bytes (without its parentheses), escapes resolved."""
    if b"\\" not in body:
        return body
    out = bytearray()
    i = 0
    n = len(body)
    while i < n:
        c = body[i]
        if c != 0x5C:
            out.append(c)
            i += 1
            continue
        i += 1
        if i >= n:
            break
        c = body[i]
        if c in _ESCAPES:
            out += _ESCAPES[c]
            i += 1
        elif 0x30 <= c <= 0x37:
            j = i
            while j < n and j < i + 3 and 0x30 <= body[j] <= 0x37:
                j += 1
            out.append(int(body[i:j], 8) & 0xFF)
            i = j
        elif c in (0x0D, 0x0A):  # a line continuation
            i += 1
            if c == 0x0D and i < n and body[i] == 0x0A:
                i += 1
        else:
            out.append(c)
            i += 1
    return bytes(out)


def _nested_literal(data: bytes, start: int) -> tuple[bytes, int]:
    """A literal string with nested parentheses from ``start`` (just after “(”)."""
    depth = 1
    i = start
    n = len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return _literal(data[start:i]), i + 1
        i += 1
    return _literal(data[start:]), n


def _mult(m1: Matrix, m0: Matrix) -> Matrix:
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


# (x0, x1, y, size, text) of one character, in page coordinates.
CharSink = Callable[[float, float, float, float, str], None]


class TextReader:
    """Runs the text operators of content streams, calling ``sink`` for every character."""

    def __init__(self, rsrcmgr: Any, sink: CharSink) -> None:
        self.rsrcmgr = rsrcmgr
        self.sink = sink

    def page(self, page: Any) -> None:
        """Every character of one pdfminer ``PDFPage``."""
        from pdfminer.pdftypes import resolve1

        data = b"\n".join(resolve1(s).get_data() for s in page.contents)
        self._run(data, page.resources, IDENTITY, 0)

    def _fonts(self, resources: Any) -> tuple[dict[Any, Any], dict[Any, Any]]:
        from pdfminer.pdftypes import PDFObjRef, dict_value

        fonts: dict[Any, Any] = {}
        xobjects: dict[Any, Any] = {}
        if not resources:
            return fonts, xobjects
        res = dict_value(resources)
        for fontid, spec in dict_value(res.get("Font", {})).items():
            objid = spec.objid if isinstance(spec, PDFObjRef) else None
            try:
                fonts[fontid] = self.rsrcmgr.get_font(objid, dict_value(spec))
            except Exception:  # noqa: BLE001 — a broken font only loses its own text
                continue
        for xid, x in dict_value(res.get("XObject", {})).items():
            xobjects[xid] = x
        return fonts, xobjects

    def _run(self, data: bytes, resources: Any, ctm: Matrix, depth: int) -> None:
        fonts, xobjects = self._fonts(resources)
        stack: list[tuple[Matrix, Any, float, float, float, float, float, float]] = []
        font: Any = None
        size = 0.0
        tc = tw = rise = 0.0
        th = 1.0
        leading = 0.0
        tm: Matrix = IDENTITY
        tlm: Matrix = IDENTITY
        ops: list[Any] = []
        n = len(data)
        match = _TOKEN.match
        skip = _OUTSIDE_TEXT.search
        sink = self.sink
        first = skip(data, 0)
        pos = first.start() if first else n
        in_text = False
        while pos < n:
            m = match(data, pos)
            if m is None:
                break
            pos = m.end()
            kind = m.lastgroup
            if kind == "ws":
                continue
            if kind == "num":
                ops.append(float(m.group()))
                continue
            if kind == "lit":
                ops.append(_literal(m.group()[1:-1]))
                continue
            if kind == "open":
                s, pos = _nested_literal(data, pos)
                ops.append(s)
                continue
            if kind == "hex":
                digits = re.sub(rb"\s", b"", m.group()[1:-1])
                if len(digits) % 2:
                    digits += b"0"
                ops.append(bytes.fromhex(digits.decode("ascii")))
                continue
            if kind == "name":
                ops.append(m.group()[1:].decode("latin-1"))
                continue
            if kind == "arr":
                ops.append(m.group())
                continue
            if kind != "op":
                continue
            op = m.group()
            if op == b"BI":
                end = data.find(b"EI", data.find(b"ID", pos))
                pos = n if end < 0 else end + 2
                ops.clear()
                if not in_text:
                    nxt = skip(data, pos)
                    pos = nxt.start() if nxt else n
                continue
            if op in (b"Tj", b"TJ", b"'", b'"'):
                if op == b"'" or op == b'"':
                    if op == b'"' and len(ops) >= 3:
                        tw, tc = _num(ops[-3]), _num(ops[-2])
                    tlm = _mult((1, 0, 0, 1, 0, -leading), tlm)
                    tm = tlm
                items = _shown(ops) if op == b"TJ" else [ops[-1]] if ops else []
                if font is not None:
                    tm = self._show(items, font, size, tc, tw, th, rise, tm, ctm, sink)
            elif op == b"Td" and len(ops) >= 2:
                tlm = _mult((1, 0, 0, 1, _num(ops[-2]), _num(ops[-1])), tlm)
                tm = tlm
            elif op == b"TD" and len(ops) >= 2:
                leading = -_num(ops[-1])
                tlm = _mult((1, 0, 0, 1, _num(ops[-2]), _num(ops[-1])), tlm)
                tm = tlm
            elif op == b"Tm" and len(ops) >= 6:
                tlm = tm = tuple(_num(x) for x in ops[-6:])  # type: ignore[assignment]
            elif op == b"T*":
                tlm = _mult((1, 0, 0, 1, 0, -leading), tlm)
                tm = tlm
            elif op == b"BT":
                tm = tlm = IDENTITY
                in_text = True
            elif op == b"ET":
                in_text = False
            elif op == b"Tf" and len(ops) >= 2:
                font = fonts.get(ops[-2])
                size = _num(ops[-1])
            elif op == b"Tc" and ops:
                tc = _num(ops[-1])
            elif op == b"Tw" and ops:
                tw = _num(ops[-1])
            elif op == b"Tz" and ops:
                th = _num(ops[-1]) / 100
            elif op == b"TL" and ops:
                leading = _num(ops[-1])
            elif op == b"Ts" and ops:
                rise = _num(ops[-1])
            elif op == b"cm" and len(ops) >= 6:
                ctm = _mult(tuple(_num(x) for x in ops[-6:]), ctm)  # type: ignore[arg-type]
            elif op == b"q":
                stack.append((ctm, font, size, tc, tw, th, leading, rise))
            elif op == b"Q" and stack:
                ctm, font, size, tc, tw, th, leading, rise = stack.pop()
            elif op == b"Do" and ops and depth < MAX_FORM_DEPTH:
                self._form(xobjects.get(ops[-1]), resources, ctm, depth)
            ops.clear()
            if not in_text:
                nxt = skip(data, pos)
                pos = nxt.start() if nxt else n

    def _form(self, ref: Any, resources: Any, ctm: Matrix, depth: int) -> None:
        from pdfminer.pdftypes import PDFStream, resolve1

        xobj = resolve1(ref)
        if not isinstance(xobj, PDFStream) or getattr(xobj.get("Subtype"), "name", "") != "Form":
            return  # an image
        matrix = tuple(_num(v) for v in resolve1(xobj.get("Matrix", list(IDENTITY))))
        if len(matrix) != 6:
            matrix = IDENTITY
        res = xobj.get("Resources") or resources
        self._run(xobj.get_data(), res, _mult(matrix, ctm), depth + 1)

    @staticmethod
    def _show(
        items: list[Any],
        font: Any,
        size: float,
        tc: float,
        tw: float,
        th: float,
        rise: float,
        tm: Matrix,
        ctm: Matrix,
        sink: CharSink,
    ) -> Matrix:
        from pdfminer.pdffont import PDFUnicodeNotDefined

        multibyte = font.is_multibyte()
        for item in items:
            if isinstance(item, float):
                tm = _mult((1, 0, 0, 1, -item / 1000 * size * th, 0), tm)
                continue
            if not isinstance(item, bytes):
                continue
            for cid in font.decode(item):
                w0 = font.char_width(cid)
                a, b, c, d, e, f = _mult(tm, ctm)
                x0 = c * rise + e
                y0 = d * rise + f
                advance = w0 * size * th
                try:
                    text = font.to_unichr(cid)
                except (PDFUnicodeNotDefined, KeyError, IndexError, ValueError):
                    text = ""
                if text and abs(b) < 1e-6 and abs(c) < 1e-6 and a > 0 and d > 0:
                    height = size * d
                    sink(x0, x0 + advance * a, y0 + height * 0.35, height, text)
                space = tw if cid == 32 and not multibyte else 0.0
                tm = _mult((1, 0, 0, 1, (w0 * size + tc + space) * th, 0), tm)
        return tm


def _num(v: Any) -> float:
    return float(v) if isinstance(v, int | float) else 0.0


def _shown(ops: list[Any]) -> list[Any]:
    """The items of the last array operand (for TJ)."""
    try:
        start = len(ops) - 1 - ops[::-1].index(b"[")
    except ValueError:
        return []
    return [x for x in ops[start + 1 :] if x != b"]"]
