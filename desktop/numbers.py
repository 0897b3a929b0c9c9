"""Numbers in a report: the one check of spec §10 and the one way a value is written as text.

Every way a number enters a report — typing, paste, import, merge, file load — goes through
``check_number`` and gets the same Chinese message. The check reads the number's TEXT before
converting it, so no input (``1e100000000``, a 5 000-digit string) makes the program compute
with a gigantic number.

=========================  ==============================  =====================  ==============
kind                       typed / pasted (``TYPED``)      file, import, merge    refused always
                                                           (``STORED``) beyond
                                                           that: kept, flagged
=========================  ==============================  =====================  ==============
counts (表二/三/四 件数)   0 … 999 999 999                 10–15 digits           > 15 digits,
                                                                                  fraction,
                                                                                  negative,
                                                                                  exponent,
                                                                                  NaN/Inf, text
行政事业性收费 (万元)      ≥ 0, up to 6 decimals           more decimals          negative,
                                                                                  exponent,
                                                                                  NaN/Inf,
                                                                                  > 15 significant
                                                                                  digits, text
信息处理费 (元)            ≥ 0, up to 2 decimals           more decimals          as above
=========================  ==============================  =====================  ==============

Thousands separators (``14,356``) and full-width digits are read in both cases. An amount is
stored as written (``12.50`` stays ``12.50``) and ``format_number`` shows it so, on screen and
in every export.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

NumberValue = int | Decimal


class NumberKind(StrEnum):
    COUNT = "count"  # 件数: whole numbers
    WAN = "wan"  # 行政事业性收费, 万元
    YUAN = "yuan"  # 信息处理费, 元


class Entry(StrEnum):
    """How a number enters: typed or pasted by the user, or read from a file/import/merge."""

    TYPED = "typed"
    STORED = "stored"


@dataclass(frozen=True, slots=True)
class Limits:
    unit: str  # in messages: 件数 / 万元 / 元
    typed_digits: int  # counts: most digits typing accepts
    typed_decimals: int  # amounts: most decimals typing accepts
    most_digits: int = 15  # counts: digits; amounts: significant digits (refused beyond)


LIMITS: dict[NumberKind, Limits] = {
    NumberKind.COUNT: Limits("件数", typed_digits=9, typed_decimals=0),
    NumberKind.WAN: Limits("万元", typed_digits=15, typed_decimals=6),
    NumberKind.YUAN: Limits("元", typed_digits=15, typed_decimals=2),
}
# The largest count typing accepts: any whole number from 0 to this is valid for every entry.
COUNT_ALWAYS_OK = 10 ** LIMITS[NumberKind.COUNT].typed_digits - 1
# The rule id under which a value beyond what typing accepts is flagged (spec R5).
REVIEW_RULE = "R5"


class NumberRefused(ValueError):
    """A number no report may hold; ``str()`` is the Chinese message naming the place.
    ``reason`` is the message without the place (for an editor that shows the place itself)."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}：{reason}" if where else reason)
        self.reason = reason


# Longest text worth reading as a number: beyond it the value is refused from its length alone.
_LONGEST_TEXT = 64
_GROUPED = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?$")
_PLAIN = re.compile(r"^([0-9]+)(?:\.([0-9]+))?$")
_NEGATIVE = re.compile(r"^[-−－][0-9.,]")
_EXPONENT = re.compile(r"^[+-]?[0-9.]*[0-9][eE][+-]?[0-9]+$")
_NOT_FINITE = re.compile(r"^[+-]?(nan|snan|inf|infinity)$", re.IGNORECASE)


def normalize_number_text(text: str) -> str:
    """Text as typed, pasted or read → plain ASCII: full-width digits and points made ASCII
    (Chinese input methods), spaces dropped, thousands separators as Excel and WPS copy them
    (``14,356``) removed."""
    s = unicodedata.normalize("NFKC", text).strip().replace(" ", "").replace("。", ".")
    if _GROUPED.match(s):
        s = s.replace(",", "")
    return s


def _shown(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


def _what(kind: NumberKind) -> str:
    return "件数" if kind is NumberKind.COUNT else f"金额（{LIMITS[kind].unit}）"


def _to_type(kind: NumberKind) -> str:
    if kind is NumberKind.COUNT:
        return "请填写 0 或正整数，例如 12"
    return "请填写 0 或正数，例如 12.5"


def _not_a_number(kind: NumberKind, text: str) -> str:
    return f"“{_shown(text)}”不是数字。{_what(kind)}{_to_type(kind)}"


def text_refusal(kind: NumberKind, text: str, entry: Entry) -> str | None:
    """Why ``text`` (already normalized) cannot be this kind of number, or None when it can.
    The reason has no place in it; ``check_number`` prefixes the place."""
    limits = LIMITS[kind]
    s = text
    if len(s) > _LONGEST_TEXT:
        if s.isascii() and s.isdigit():
            return f"数字“{_shown(s)}”超过 {limits.most_digits} 位，请核对"
        return _not_a_number(kind, s)
    if _NEGATIVE.match(s):
        return f"{_what(kind)}不能是负数（“{_shown(s)}”）。{_to_type(kind)}"
    if _EXPONENT.match(s):
        return f"“{s}”是科学计数法，请直接写出数字"
    if _NOT_FINITE.match(s):
        return _not_a_number(kind, s)
    match = _PLAIN.match(s)
    if match is None:
        return _not_a_number(kind, s)
    whole, fraction = match.group(1), match.group(2) or ""
    if kind is NumberKind.COUNT:
        if fraction:
            return f"件数必须是整数，不能有小数（“{s}”）。请填写整数，例如 12"
        digits = len(whole.lstrip("0"))
        if digits > limits.most_digits:
            return f"数字“{_shown(s)}”超过 {limits.most_digits} 位，请核对"
        if entry is Entry.TYPED and digits > limits.typed_digits:
            return f"数字太大（件数最多 {limits.typed_digits} 位整数）：“{s}”。请核对后再填"
        return None
    significant = len((whole + fraction).lstrip("0"))
    if significant > limits.most_digits:
        return f"金额“{_shown(s)}”超过 {limits.most_digits} 位有效数字，请核对"
    if entry is Entry.TYPED and len(fraction) > limits.typed_decimals:
        return (
            f"金额（{limits.unit}）最多保留 {limits.typed_decimals} 位小数（{s}），请四舍五入后再填"
        )
    return None


def _value_text(kind: NumberKind, value: object, where: str) -> str:
    """A value of any accepted Python type as the text the check reads."""
    if isinstance(value, bool):
        raise NumberRefused(where, _not_a_number(kind, str(value)))
    if isinstance(value, str):
        return normalize_number_text(value)
    if isinstance(value, int):
        if abs(value) >= 10**_LONGEST_TEXT:  # str() of a huge int is slow and capped
            return "9" * (_LONGEST_TEXT + 1)
        return str(value)
    if isinstance(value, float):
        value = Decimal(repr(value)) if value == value else Decimal("NaN")
    if isinstance(value, Decimal):
        _sign, digits, exponent = value.as_tuple()
        if not isinstance(exponent, int):
            return "NaN" if value.is_nan() else "Infinity"
        if digits == (0,):
            value = Decimal(0) if exponent >= 0 else value  # 0E+999999 is plain zero
        elif exponent > 0 and len(digits) + exponent > _LONGEST_TEXT:
            return "9" * (_LONGEST_TEXT + 1)  # refused from its size, never written out
        if kind is NumberKind.COUNT and exponent >= 0:
            value = value.to_integral_value()  # 5E+1 → 50 (a count computed as Decimal)
        elif kind is NumberKind.COUNT and value == value.to_integral_value():
            value = value.quantize(Decimal(1))  # 5.0 in memory is the whole number 5
        return format(value, "f")
    raise NumberRefused(where, _not_a_number(kind, str(value)))


def check_number(value: object, kind: NumberKind, where: str, entry: Entry) -> NumberValue:
    """The one check of spec §10: ``value`` (text, int, Decimal or float) as stored — int for
    a count, Decimal as written for an amount — or ``NumberRefused`` with the Chinese message
    (``where`` names the place, e.g. 表三 … / 自然人). Blank text is not a number here."""
    text = _value_text(kind, value, where)
    reason = text_refusal(kind, text, entry)
    if reason is not None:
        raise NumberRefused(where, reason)
    if kind is NumberKind.COUNT:
        return int(text)  # at most 15 digits by now
    return Decimal(text)


def needs_review(value: NumberValue, kind: NumberKind) -> bool:
    """True for a value a file or import may hold but typing would refuse (flagged 请核对).
    Runs on every keystroke over every cell, so it reads the stored value, not its text."""
    limits = LIMITS[kind]
    if isinstance(value, int):
        return value >= int(10**limits.typed_digits)
    exponent = value.as_tuple().exponent  # as written: minus the number of decimals
    decimals = -exponent if isinstance(exponent, int) else 0
    return decimals > limits.typed_decimals


def review_message(value: NumberValue, kind: NumberKind, where: str) -> str:
    """The warning on a flagged value: what typing would have said, and 请核对."""
    limits = LIMITS[kind]
    shown = format_number(value)
    if kind is NumberKind.COUNT:
        return f"{where}：{shown} 超过 {limits.typed_digits} 位，请核对是否多写了数字"
    return f"{where}：{shown} 的小数超过 {limits.typed_decimals} 位（{limits.unit}），请核对"


def format_number(value: NumberValue | None) -> str:
    """A value as shown and exported, exactly as stored: ``11``, ``4106``, ``12.50``; blank is
    the empty text."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def number_text(value: NumberValue | None) -> str:
    """A value in a sentence (messages, ``dump``): as stored, ``未填`` for a blank."""
    if type(value) is int:  # most numbers in messages: no call, no isinstance
        return str(value)
    return "未填" if value is None else format_number(value)
