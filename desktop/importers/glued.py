"""Web text with its structure flattened away: section headings run into the sentence before
them (``…。二、主动公开政府信息情况``) and whole tables as one paragraph whose cells are glued
together (``规章 000行政规范性文件693665``).

Both are cut back into lines here, by what the template prints (the six section headings, the
tables' labels) and by where a run of digits ends; the numbers themselves are split later, by
the tables' arithmetic (``tables.row_readings`` and ``solve``).
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from desktop.importers.normalize import norm, similarity
from desktop.template import SECTION_TITLES, TABLE_BY_KEY

# What may stand right before a section heading run into the text: a sentence end, a space, or
# the last number of a table. Not “；” or “，”: the opening paragraph may list the six parts.
_BEFORE_HEADING = '。！？!? \u3000\t\xa0)）”"0123456789'
_LIST_AFTER = "；;，,、。"
_DIGITS_RE = re.compile(r"\d+(?:\.\d+)?")
_TAIL_RE = re.compile(r"(?:\s*\d+(?:\.\d+)?)*\s*$")
_ENUM_AFTER = ".、．"
# A glued table 四 or 三 is a few thousand characters; a longer paragraph is not one.
MAX_GLUED = 20_000


def _heading_end(text: str, start: int, title: str) -> int | None:
    """End of ``title`` printed at ``start`` (typos of a character or two tolerated), or None."""
    want = norm(title)
    best, best_end = 0.0, None
    for size in range(len(title) - 2, len(title) + 4):
        end = start + size
        if end > len(text):
            break
        got = norm(text[start:end])
        if got[:2] != want[:2]:
            continue
        score = similarity(got, want)
        if score > best:
            best, best_end = score, end
    return best_end if best >= 0.85 else None


def split_headings(text: str) -> list[str]:
    """A paragraph cut before and after every section heading run into it; the paragraph
    itself when it holds none."""
    if len(text) < 4 or not any(t[:2] in text for t in SECTION_TITLES):
        return [text]
    cuts: list[tuple[int, int]] = []
    for title in SECTION_TITLES:
        enum = title[:2]
        for m in re.finditer(re.escape(enum), text):
            p = m.start()
            if p > 0 and text[p - 1] not in _BEFORE_HEADING:
                continue
            end = _heading_end(text, p, title)
            if end is not None and text[end : end + 1] in _LIST_AFTER and end < len(text):
                continue  # a list of the parts (“一、总体情况；二、…”), not a heading
            if end is not None and (p > 0 or end < len(text.rstrip())):
                cuts.append((p, end))
    if not cuts:
        return [text]
    out: list[str] = []
    pos = 0
    for p, end in sorted(cuts):
        if p < pos:
            continue
        out.append(text[pos:p])
        out.append(text[p:end])
        pos = end
    out.append(text[pos:])
    return [s.strip() for s in out if s.strip()]


@cache
def _table_labels() -> tuple[str, ...]:
    """The printed labels of the three tables worth cutting at, longest first (short ones such as
    其他 and 总计 occur inside other labels)."""
    labels = {lb.text for t in TABLE_BY_KEY.values() for lb in t.labels if len(lb.text) >= 4}
    # Table 二's row labels are short (规章) but never occur inside another label.
    labels |= {lb.text for lb in TABLE_BY_KEY["t2"].labels if lb.col == 0}
    return tuple(sorted(labels, key=len, reverse=True))


@cache
def _labels_re() -> re.Pattern[str]:
    # Longest first: an alternation takes the first that matches at a position.
    return re.compile("|".join(re.escape(lb) for lb in _table_labels()))


def _label_hits(text: str) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of the template's labels in ``text``, left to right."""
    return [m.span() for m in _labels_re().finditer(text)]


def is_glued_table(text: str) -> bool:
    """A paragraph that is a whole table with its cells run together: several of the template's
    labels, each followed straight by a number."""
    if "\t" in text or "|" in text or "｜" in text or not 60 <= len(text) <= MAX_GLUED:
        return False
    hits = _label_hits(text)
    if len(hits) < 3:
        return False
    followed = sum(1 for _, end in hits if re.match(r"\s*\D{0,2}\s*\d", text[end : end + 5]))
    # Table 四 is all header labels and then one run of digits.
    return followed >= 1


def split_glued_table(text: str) -> list[str]:
    """Lines of a glued table: each row label with the digits after it, header labels alone.

    A run of digits ends a row; its last digit belongs to the next label when that label starts
    with an enumerator (``00000002.其他法律…`` is ``0000000`` then ``2.其他法律…``).
    """
    pieces: list[str] = []
    pos = 0
    stop = text.rfind("。", 0, _label_hits(text)[0][0]) + 1 if "。" in text else 0
    if stop:
        # A sentence before the table (its introduction) stays one line.
        pieces.append(text[:stop])
        pos = stop
    for m in _DIGITS_RE.finditer(text, pos):
        s, e = m.span()
        if e < len(text) and text[e] in _ENUM_AFTER and "." not in m.group():
            after = text[e + 1 : e + 2]
            if after and not after.isdigit():
                e -= 1  # the enumerator of the next label
                if e <= s:
                    continue
        pieces.append(text[pos:e])
        pos = e
    pieces.append(text[pos:])
    out: list[str] = []
    for piece in pieces:
        tail = _TAIL_RE.search(piece)
        cut = tail.start() if tail else len(piece)
        label, values = piece[:cut], piece[cut:]
        starts = [s for s, _ in _label_hits(label)]
        bounds = [0, *[s for s in starts if s > 0], len(label)]
        parts = [label[a:b] for a, b in itertools.pairwise(bounds)]
        parts = [p for p in parts if p.strip()]
        if not parts:
            parts = [""]
        parts[-1] = parts[-1] + (" " if values.strip() else "") + values.strip()
        out += [p.strip() for p in parts if p.strip()]
    return out
