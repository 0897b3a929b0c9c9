"""Unit names as a reviewer compares them: one normal form, and near-misses (全称 vs 简称).

Nothing is matched by guess: two names are the same unit only when their normal forms are equal;
a near-miss is shown to the reviewer as 可能是同一单位 and never paired automatically.
"""

from __future__ import annotations

import re
import unicodedata

from desktop.importers.normalize import to_simplified

# Punctuation and spaces that do not make a name another unit's (“盐池县 人民政府”, “·”).
_NOISE_RE = re.compile(r"[\s\u3000·•．.,，、\"'“”‘’《》〈〉<>]+")


def norm_name(name: str) -> str:
    """The normal form: NFKC (full-width brackets and digits), simplified characters, no spaces
    or dots. ``（街道）`` and ``(街道)`` become the same."""
    s = unicodedata.normalize("NFKC", name)
    s = to_simplified(s)
    return _NOISE_RE.sub("", s)


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _short_form(name: str) -> str:
    # 人民政府 is shortened to 政府 in daily use (盐池县政府 for 盐池县人民政府).
    return name.replace("人民政府", "政府")


def near_miss(a: str, b: str) -> bool:
    """Whether two normalised names that are not equal look like one unit's 全称 and 简称:
    one contains the other (九原区政务服务局 / 包头市九原区政务服务局), or the shorter is an
    abbreviation of the longer (县交通局 / 县交通运输局: its characters in order, same first and
    last character). Only for the reviewer to decide."""
    if not a or not b or a == b:
        return False
    a2, b2 = _short_form(a), _short_form(b)
    if a2 == b2:
        return True
    short, long = sorted((a2, b2), key=len)
    if len(short) < 2:
        return False
    if short in long:
        return True
    return (
        len(short) >= 3
        and short[0] == long[0]
        and short[-1] == long[-1]
        and _is_subsequence(short, long)
    )
