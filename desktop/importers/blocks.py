"""Table 三 when its numbers are printed in blocks, away from their row labels.

Text taken from a PDF without keeping the layout (``pdftotext`` without ``-layout``, copy and
paste from a PDF viewer) prints a table in the order the PDF drew it: some rows a number at a
time after their label, other runs of rows one *column* at a time (a paragraph of k numbers per
column, seven paragraphs for k rows), with the row labels somewhere else. Positions alone say
nothing then; what pins every number is the table's arithmetic: each row's 总计 is the sum of
its six columns, （七）总计 is the sum of the result rows, and 新收 + 结转 = 总计 + 结转下年度.

Every way of reading the paragraphs as rows (a run of paragraphs read row by row, or seven
paragraphs of equal length read column by column) is tried against those identities, over the
rows whose labels the source prints, in the template's order. A cell gets a value only when
every reading that satisfies all of them gives it the same value; if none does, nothing is read.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from desktop.importers.normalize import norm, similarity, strip_enum
from desktop.template import T3_COLUMN_KEYS, T3_ROWS, t3_id

COLS = len(T3_COLUMN_KEYS)  # six applicant columns and 总计
MAX_LABEL_LINES = 400  # table 三 prints about 60 label lines, broken ones included
MAX_PATHS = 256  # readings weighed at most; more means the paragraphs say too little
OTHER_ROW = "other"  # （六）其他处理 printed as one row, without its three sub-rows


@dataclass(slots=True)
class BlockRead:
    """Table 三 read from blocks: cell id → value, the cells two readings disagree on, and the
    single 其他处理 row if printed so."""

    cells: dict[str, int]
    other: list[int] | None
    open_cells: set[str] = field(default_factory=set)


_WHOLE = re.compile(r"\d{1,12}")


def _numbers(text: str) -> list[int] | None:
    """The whole numbers of a line that holds nothing else, else None."""
    parts = unicodedata.normalize("NFKC", text).split()
    if not parts or not all(_WHOLE.fullmatch(p) for p in parts):
        return None
    return [int(p) for p in parts]


def paragraphs(lines: list[tuple[str, bool, list[str]]]) -> list[list[int]] | None:
    """Runs of lines holding only whole numbers, split at blank and label lines. None when the
    region has table rows (a real grid is read by its rows)."""
    out: list[list[int]] = []
    cur: list[int] = []
    for text, is_row, _cells in lines:
        if is_row:
            return None
        numbers = _numbers(text)
        if numbers is not None:
            cur += numbers
            continue
        if cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def _labels_present(lines: list[tuple[str, bool, list[str]]], labels: list[str]) -> bool:
    """Whether every row label is printed somewhere in the region (a line, or a line joined to
    the next one: labels break over lines)."""
    texts = [norm(t) for t, _, _ in lines if t.strip() and _numbers(t) is None]
    if len(texts) > MAX_LABEL_LINES:
        return False  # not a table region (and comparing every pair would take long)
    windows = [strip_enum(t) for t in texts]
    windows += [strip_enum(a + b) for a, b in itertools.pairwise(texts)]
    for label in labels:
        want = strip_enum(norm(label))
        if not any(want in w and len(w) <= 2 * len(want) + 6 for w in windows) and not any(
            similarity(w, want) >= 0.7 for w in windows
        ):
            return False
    return True


def _readings(paras: list[list[int]], rows: int) -> list[list[list[int]]]:
    """Every reading of the paragraphs as ``rows`` rows of COLS numbers. Raises OverflowError
    past MAX_PATHS."""
    out: list[list[list[int]]] = []

    def rec(p: int, acc: list[list[int]]) -> None:
        if len(out) > MAX_PATHS:
            raise OverflowError
        if p == len(paras):
            if len(acc) == rows:
                out.append(acc)
            return
        k = len(paras[p])
        # Seven paragraphs of k numbers: k rows printed column by column.
        if k >= 2 and p + COLS <= len(paras) and len(acc) + k <= rows:
            group = paras[p : p + COLS]
            if all(len(g) == k for g in group):
                cols = [[g[r] for g in group] for r in range(k)]
                rec(p + COLS, acc + cols)
        # Paragraphs read row by row until they end on a row boundary.
        flat: list[int] = []
        q = p
        while q < len(paras):
            flat += paras[q]
            q += 1
            if len(flat) % COLS == 0:
                break
        if len(flat) % COLS == 0 and len(acc) + len(flat) // COLS <= rows:
            new = [flat[i : i + COLS] for i in range(0, len(flat), COLS)]
            rec(q, acc + new)

    rec(0, [])
    return out


def _holds(table: dict[str, list[int]], results: list[str]) -> bool:
    """The identities of table 三 on a complete reading."""
    for row in table.values():
        if sum(row[:-1]) != row[-1]:
            return False
    for c in range(COLS):
        if sum(table[k][c] for k in results) != table["total"][c]:
            return False
        if table["new"][c] + table["carried_in"][c] != table["total"][c] + table["carried_out"][c]:
            return False
    return True


def read_blocks(
    lines: list[tuple[str, bool, list[str]]], labels: dict[str, str], one_other: bool
) -> BlockRead | None:
    """Table 三 read from number blocks, or None when the blocks do not settle it.

    ``labels``: row key → printed label; ``one_other``: （六）其他处理 is printed as one row.
    """
    paras = paragraphs(lines)
    if not paras:
        return None
    keys = [r.key for r in T3_ROWS]
    if one_other:
        at = keys.index("other_1")
        keys[at : at + 3] = [OTHER_ROW]
    if sum(len(p) for p in paras) != len(keys) * COLS:
        return None
    if not _labels_present(lines, [labels[k] for k in keys if k != OTHER_ROW]):
        return None
    try:
        readings = _readings(paras, len(keys))
    except OverflowError:
        return None
    start, end = keys.index("granted"), keys.index("total")
    results = keys[start:end]
    tables = (dict(zip(keys, rows, strict=True)) for rows in readings)
    good = [t for t in tables if _holds(t, results)]
    if not good:
        return None
    out = BlockRead({}, None)
    for key in keys:
        for i, col in enumerate(T3_COLUMN_KEYS):
            seen = {t[key][i] for t in good}
            if key == OTHER_ROW:
                continue
            cid = t3_id(key, col)
            if len(seen) == 1:
                out.cells[cid] = seen.pop()
            else:
                # Readings that satisfy every identity disagree here: the cell stays blank.
                out.open_cells.add(cid)
    others = {tuple(t[OTHER_ROW]) for t in good if OTHER_ROW in t}
    if len(others) == 1:
        out.other = list(others.pop())
    return out
