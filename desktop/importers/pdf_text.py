"""The characters of a PDF page with their positions, read fast.

pdfminer.six parses content streams with a general Python tokenizer that builds an object for
every operand of every drawing operator: the table borders of a five-page report are tens of
thousands of them, and reading one report took seconds. Only the text operators matter here, so
this module finds them with one regular expression that the regex engine runs in C, stopping only
at strings, arrays, comments and the names of the operators that matter (each branch starts with
a plain character, which lets the engine skip fast); an operator's numeric operands are the
words right before it. It follows the graphics and text state (q/Q, cm, BT, Tf, Tc, Tw, Tz, TL,
Ts, Td, TD, Tm, T*, Tj, TJ, ', ") and form XObjects, and uses pdfminer only for what it does
well: the document, its decryption, and the fonts it is not given by ``pdf_fonts``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pdfminer.pdffont import PDFUnicodeNotDefined

from desktop.importers.pdf_fonts import fast_font

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_FORM_DEPTH = 5

_LIT = rb"\((?:[^()\\]|\\.)*\)"
_HEXS = rb"<[0-9A-Fa-f\s]*>"
# The scan stops only at strings, array starts, comments and the names of the operators that
# matter; everything between (paths, colours, the table borders) is passed over by the regex
# engine in C, which skips fast to the characters that can start one of these. An operator's
# numeric operands are the whitespace-separated words right before it.
_DELIM = rb"(?=[\s\[\]()<>{}/%]|$)"
_OPEN = rb"[\s)>\]]"  # what may come right before an operator (not “/”: that is a name)


def _operator(first: bytes, name: str, rest: bytes) -> bytes:
    """A regex branch for an operator: its first character (a literal, see below), the rest
    in a named group, and delimiters on both sides checked by the engine."""
    back = _OPEN + re.escape(first) + (rb"." if rest else b"")
    return (
        re.escape(first)
        + rb"(?P<"
        + name.encode()
        + rb">"
        + rest
        + rb")(?<="
        + back
        + rb")"
        + _DELIM
    )


# Every branch starts with a plain character, so that the regex engine skips in C to the few
# characters that can start one (it does so only when each branch begins with a literal).
_SCAN = re.compile(
    # “<0611>Tj”, one glyph at a time, is most of what WPS writes: string and operator at once
    rb"<(?P<hj>[0-9A-Fa-f]*)>Tj"
    + _DELIM
    + rb"|<(?P<hs>[0-9A-Fa-f\s]*)>"
    + rb"|\((?P<ls>(?:[^()\\]|\\.)*)\)"
    + rb"|\((?P<open>)"  # a string with nested parentheses: read by hand
    # The graphics state saved and restored around every table cell: thousands of them.
    + b"|"
    + _operator(b"q", "q", b"")
    + b"|"
    + _operator(b"Q", "Q", b"")
    + b"|"
    + _operator(b"T", "t", rb"[jJdDfcwzLsm*]")
    + b"|"
    + _operator(b"c", "cm", b"m")
    + b"|"
    + _operator(b"D", "do", b"o")
    + b"|"
    + _operator(b"B", "b", b"[TI]")
    + b"|"
    + _operator(b"E", "et", b"T")
    + b"|"
    + _operator(b"'", "q1", b"")
    + b"|"
    + _operator(b'"', "q2", b"")
    + rb"|\[(?P<arr>)|%(?P<c>)"
)
_ARRAY = re.compile(rb"\[((?:[^\[\]()]|" + _LIT + rb")*)\]")
_ARRAY_ITEM = re.compile(rb"(" + _LIT + rb")|(" + _HEXS + rb")|([-+]?(?:\d+\.?\d*|\.\d+))|(\()")
_OPERANDS = {b"cm": 6, b"Tm": 6, b"Td": 2, b"TD": 2, b"Tf": 2, b"Do": 1}
_OPERANDS.update(dict.fromkeys((b"Tc", b"Tw", b"Tz", b"TL", b"Ts"), 1))
_SPACES = b" \t\r\n\f\x00"
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
        self._fonts_by_id: dict[Any, Any] = {}  # pages share fonts: read each once

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
            if objid is not None and objid in self._fonts_by_id:
                fonts[fontid] = self._fonts_by_id[objid]
                continue
            try:
                font = fast_font(dict_value(spec)) or self.rsrcmgr.get_font(objid, dict_value(spec))
            except Exception:  # noqa: BLE001 — a broken font only loses its own text
                continue
            fonts[fontid] = font
            if objid is not None:
                self._fonts_by_id[objid] = font
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
        sink = self.sink
        data = b"\n" + data  # every operator then has a byte before it
        n = len(data)
        last_str: bytes | None = None  # the string operand right before an operator
        str_start = str_end = -1
        last_arr: list[Any] | None = None
        arr_end = -1
        pos = 0
        while pos < n:
            restart = -1
            for m in _SCAN.finditer(data, pos):
                kind = m.lastgroup
                if kind == "hj":
                    if font is not None:
                        digits = m.group("hj")
                        if len(digits) % 2:
                            digits += b"0"
                        glyphs = bytes.fromhex(digits.decode("ascii"))
                        tm = _show([glyphs], font, size, tc, tw, th, rise, tm, ctm, sink)
                    last_str = None
                    continue
                start = m.start()
                if kind == "q" or kind == "Q":
                    if kind == "q":
                        stack.append((ctm, font, size, tc, tw, th, leading, rise))
                    elif stack:
                        ctm, font, size, tc, tw, th, leading, rise = stack.pop()
                    continue
                if kind == "hs" or kind == "ls":
                    raw = m.group()
                    last_str = _literal(raw[1:-1]) if kind == "ls" else _hexstring(raw)
                    str_start, str_end = start, m.end()
                    continue
                if kind == "arr":
                    am = _ARRAY.match(data, start)
                    if am is not None:
                        last_arr = _array(am.group(1))
                        arr_end = am.end()
                    continue
                if kind == "open":  # a string with nested parentheses
                    last_str, restart = _nested_literal(data, m.end())
                    str_start, str_end = start, restart
                    break
                if kind == "c":
                    eol = data.find(b"\n", start)
                    eol2 = data.find(b"\r", start)
                    ends = [e for e in (eol, eol2) if e >= 0]
                    restart = min(ends) if ends else n
                    break
                op = m.group()
                end = m.end()
                want = _OPERANDS.get(op)
                args: list[bytes] = []
                if want:
                    # Six numbers fit in 160 bytes; one or two in 64.
                    back = 160 if want == 6 else 64
                    args = data[start - back if start > back else 0 : start].split()[-want:]
                    if len(args) < want:
                        continue
                try:
                    if op == b"Tj" or op == b"'" or op == b'"':
                        if last_str is None or data[str_end:start].strip(_SPACES):
                            continue
                        if op != b"Tj":
                            if op == b'"':
                                # aw ac (string) ": the two words before the string
                                nums = data[max(0, str_start - 256) : str_start].split()[-2:]
                                if len(nums) == 2:
                                    tw, tc = float(nums[0]), float(nums[1])
                            tlm = _mult((1, 0, 0, 1, 0, -leading), tlm)
                            tm = tlm
                        if font is not None:
                            tm = _show([last_str], font, size, tc, tw, th, rise, tm, ctm, sink)
                    elif op == b"ET":
                        pass
                    elif op == b"TJ":
                        if last_arr is not None and not data[arr_end:start].strip(_SPACES):
                            if font is not None:
                                tm = _show(last_arr, font, size, tc, tw, th, rise, tm, ctm, sink)
                    elif op == b"cm" or op == b"Tm":
                        v = [float(x) for x in args]
                        matrix = (v[0], v[1], v[2], v[3], v[4], v[5])
                        if op == b"cm":
                            ctm = _mult(matrix, ctm)
                        else:
                            tlm = tm = matrix
                    elif op == b"Td" or op == b"TD":
                        x, y = float(args[0]), float(args[1])
                        if op == b"TD":
                            leading = -y
                        a, b, c, d, e, f = tlm  # tlm translated by (x, y), inlined: many
                        tlm = tm = (a, b, c, d, x * a + y * c + e, x * b + y * d + f)
                    elif op == b"Tf":
                        if args[0][:1] == b"/":
                            font = fonts.get(args[0][1:].decode("latin-1"))
                            size = float(args[1])
                    elif op == b"Tc":
                        tc = float(args[0])
                    elif op == b"Tw":
                        tw = float(args[0])
                    elif op == b"Tz":
                        th = float(args[0]) / 100
                    elif op == b"TL":
                        leading = float(args[0])
                    elif op == b"Ts":
                        rise = float(args[0])
                    elif op == b"Do":
                        if args[0][:1] == b"/" and depth < MAX_FORM_DEPTH:
                            name = args[0][1:].decode("latin-1")
                            self._form(xobjects.get(name), resources, ctm, depth)
                    elif op == b"BT":
                        tm = tlm = IDENTITY
                    elif op == b"T*":
                        tlm = _mult((1, 0, 0, 1, 0, -leading), tlm)
                        tm = tlm
                    elif op == b"BI":
                        # An inline image: its binary data could hold anything; go past EI.
                        ei = data.find(b"EI", data.find(b"ID", end))
                        restart = n if ei < 0 else ei + 2
                        break
                except ValueError:
                    continue  # operands that are not numbers: the operator is skipped
            if restart < 0:
                break
            pos = restart

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
    """Show strings (bytes) and adjustments (floats, thousandths of text space) from ``tm``;
    return the text matrix after them."""
    multibyte = font.is_multibyte()
    # The device matrix of the first glyph; later glyphs only move along the text line, so
    # their matrix is this one translated by the advance ``tx`` (text space).
    ma, mb, mc, md, me, mf = _mult(tm, ctm)
    upright = abs(mb) < 1e-6 and abs(mc) < 1e-6 and ma > 0 and md > 0
    height = size * md
    tx = 0.0
    for item in items:
        if isinstance(item, float):
            tx -= item / 1000 * size * th
            continue
        if not isinstance(item, bytes):
            continue
        for cid in font.decode(item):
            w0 = font.char_width(cid)
            if upright:
                try:
                    text = font.to_unichr(cid)
                except (PDFUnicodeNotDefined, KeyError, IndexError, ValueError):
                    text = ""
                if text:
                    x0 = mc * rise + me + tx * ma
                    y0 = md * rise + mf + tx * mb
                    sink(x0, x0 + w0 * size * th * ma, y0 + height * 0.35, height, text)
            space = tw if cid == 32 and not multibyte else 0.0
            tx += (w0 * size + tc + space) * th
    a, b, c, d, e, f = tm
    return (a, b, c, d, e + tx * a, f + tx * b)


def _hexstring(raw: bytes) -> bytes:
    """A hex string's bytes: ``raw`` is the string with its “<” “>”, and may end with “Tj”."""
    digits = raw[1 : raw.rindex(b">")].translate(None, _SPACES)
    if len(digits) % 2:
        digits += b"0"
    try:
        return bytes.fromhex(digits.decode("ascii"))
    except ValueError:
        return b""


def _array(body: bytes) -> list[Any]:
    """The items of a TJ array: strings as bytes, adjustments as floats."""
    out: list[Any] = []
    pos = 0
    n = len(body)
    while pos < n:
        m = _ARRAY_ITEM.search(body, pos)
        if m is None:
            break
        pos = m.end()
        if m.group(1):
            out.append(_literal(m.group(1)[1:-1]))
        elif m.group(2):
            out.append(_hexstring(m.group(2)))
        elif m.group(3):
            out.append(float(m.group(3)))
        else:
            s, pos = _nested_literal(body, pos)
            out.append(s)
    return out


def _num(v: Any) -> float:
    return float(v) if isinstance(v, int | float) else 0.0
