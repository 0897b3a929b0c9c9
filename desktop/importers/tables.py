"""Reading the three statistics tables out of lines of text or table rows.

Lines become *items* (a label and the value cells after it); label-less value lines belong to the
item above (one cell per line); label-only lines are context for their neighbours (labels broken
over lines in PDF text). Template rows are found by their printed labels, read from
``desktop.template``, in order; the numbers of each row are read positionally when the source
shows every cell, otherwise every possible reading is kept and the report's own totals decide.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import combinations

from desktop.importers.blocks import read_blocks
from desktop.importers.cancel import checkpoint
from desktop.importers.normalize import coverage, norm, similarity, strip_enum
from desktop.importers.solve import UNK, Constraint, Reading, Value, solve
from desktop.place import Place
from desktop.template import (
    CELL_BY_ID,
    T2,
    T3_APPLICANT_KEYS,
    T3_BALANCES,
    T3_COLUMN_KEYS,
    T3_COLUMN_SUMS,
    T3_ROW_GROUP,
    T3_ROW_SUMS,
    T3_ROWS,
    T4_GROUP_KEYS,
    T4_GROUPS,
    T4_RESULT_KEYS,
    T4_SUMS,
    TABLE_BY_KEY,
    TOTAL,
    Sum,
    t2_id,
    t3_id,
    t4_id,
)
from desktop.template_aliases import (
    OLD_T2_BLOCK_COLUMNS,
    OLD_T2_DROPPED_ROWS,
    OLD_T2_MARKERS,
    OLD_T2_NORMATIVE,
)

# --- tokens ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tok:
    """A value cell: a number, a printed blank (“/”, “—”) or an empty cell."""

    value: int | Decimal | None  # None for blanks and empty cells
    raw: str
    empty: bool = False
    unit: str = ""

    @property
    def blank(self) -> bool:
        """True for a printed blank or an empty cell."""
        return self.value is None


_NUM_RE = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万元|元|件|个|条|次|项)?$")
# Printed blanks; 未填 is what a Nianbao draft prints in a blank cell.
_BLANK_RE = re.compile(r"^(?:[/\\\-_—–－~～]+|无|空|--|未填)$")


def parse_tok(text: str) -> Tok | None:
    """A value token, or None when the text is a label."""
    s = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if not s:
        return Tok(None, text, empty=True)
    if _BLANK_RE.match(s):
        return Tok(None, text)
    m = _NUM_RE.match(s)
    if not m:
        return None
    digits = m.group(1).replace(",", "")
    frac = m.group(2) or ""
    unit = m.group(3) or ""
    if len(digits) > 40:
        return None
    try:
        value: int | Decimal = Decimal(digits + frac) if frac else int(digits)
    except (InvalidOperation, ValueError):
        return None
    return Tok(value, text, unit=unit)


@dataclass(slots=True)
class Item:
    """One line of a table region: its label cells and the value cells after the last label."""

    labels: list[str]
    values: list[Tok]
    explicit: bool  # cells came from real separators (table grid, tabs, pipes)
    index: int
    before: str = ""  # label-only neighbours (labels broken over lines)
    after: str = ""
    filler: int = 0  # empty cells between the label and the first value (dropped from values)
    next_label: str = ""  # the label-only line right after the row, if any

    @property
    def own(self) -> str:
        """The last label cell, normalised (the row's own label)."""
        return norm(self.labels[-1]) if self.labels else ""

    @property
    def joined(self) -> str:
        """All label cells of the line, normalised and joined."""
        return norm("".join(self.labels))


def pipes_end_rows(lines: list[tuple[str, bool, list[str]]]) -> bool:
    """Whether a region's ``a | b |`` lines end with a closing “|”. When some row ends with a
    number instead (``… | 2 | 1 | 859``), “|” only separates cells, and a row ending in “|  ”
    ends with an empty cell."""
    ends = [t.rstrip().endswith(("|", "｜")) for t, row, _ in lines if not row and "|" in t]
    return all(ends) or sum(1 for e in ends if not e) < 3


def split_cells(
    text: str, is_row: bool, cells: list[str], closing: bool = True
) -> tuple[list[str], bool]:
    """Cells of a line and whether the separators are trustworthy (``closing``: a final “|”
    ends the row rather than opening an empty cell)."""
    if is_row:
        return cells, True
    if "\t" in text:
        return text.split("\t"), True
    if "|" in text or "｜" in text:
        pieces = re.split(r"[|｜]", text)
        if pieces and not pieces[-1].strip() and (closing or not pieces[-1]):
            pieces = pieces[:-1]
        return pieces, True
    return [c for c in re.split(r"[ \u3000\xa0]+", text.strip()) if c], False


def make_item(
    text: str, is_row: bool, cells: list[str], index: int, closing: bool = True
) -> Item | None:
    """Label and values of one line (None for an empty line)."""
    parts, explicit = split_cells(text, is_row, cells, closing)
    labels: list[str] = []
    values: list[Tok] = []
    filler = 0
    if explicit:
        # A cell may itself hold “label 1 0 0” (text pasted into one cell).
        flat: list[tuple[str, Tok | None]] = []
        for cell in parts:
            tok = parse_tok(cell)
            if tok is None and " " in cell.strip():
                sub = cell.split()
                toks = [parse_tok(s) for s in sub]
                k = len(sub)
                while k > 0 and toks[k - 1] is not None:
                    k -= 1
                if k < len(sub):
                    flat.append((" ".join(sub[:k]), None))
                    flat += [(s, t) for s, t in zip(sub[k:], toks[k:], strict=True)]
                    continue
            flat.append((cell, tok))
        last_label = max((i for i, (_, t) in enumerate(flat) if t is None), default=-1)
        labels = [c.strip() for c, t in flat[: last_label + 1] if t is None and c.strip()]
        values = [t for _, t in flat[last_label + 1 :] if t is not None]
        if labels:
            while values and values[0].empty:  # filler cells of a label spanning columns
                values.pop(0)
                filler += 1
    else:
        toks = [parse_tok(p) for p in parts]
        k = len(parts)
        while k > 0 and toks[k - 1] is not None:
            k -= 1
        labels = parts[:k]
        values = [t for t in toks[k:] if t is not None]
    # Longer text is prose, never a row label; cutting it keeps label matching cheap.
    labels = [lb[:400] for lb in labels]
    if not labels and not values:
        return None
    if not labels and values and all(v.empty for v in values) and not explicit:
        return None
    return Item(labels, values, explicit, index, filler=filler)


_BARE_PIPES = re.compile(r"^[\s|｜]*[|｜][\s|｜]*$")


def _bare_run(items: list[Item], count: int) -> None:
    """Lines of only “|” in web text flattened one cell per line: right after a row label each
    is an empty cell; after a row's numbers the last one ends the row and the others are its
    empty cells. (A row with as many numbers as cells drops them again: ``row_readings``.)"""
    if not items or not items[-1].explicit:
        return
    empties = count if not items[-1].values else count - 1
    items[-1].values.extend(Tok(None, "", empty=True) for _ in range(empties))


def build_items(lines: list[tuple[str, bool, list[str]]]) -> list[Item]:
    """Items of a region; value-only lines join the item above, label-only lines become
    context of their neighbours."""
    raw: list[Item] = []
    closing = pipes_end_rows(lines)
    bare = 0  # a run of lines holding only “|”
    for i, (text, is_row, cells) in enumerate(lines):
        if not is_row and _BARE_PIPES.match(text):
            bare += 1
            continue
        if bare:
            _bare_run(raw, bare)
            bare = 0
        it = make_item(text, is_row, cells, i, closing)
        if it is None:
            continue
        if not it.labels and raw:
            prev = raw[-1]
            prev.values.extend(it.values)
            prev.explicit = prev.explicit and it.explicit
            continue
        raw.append(it)
    if bare:
        _bare_run(raw, bare)
    # Runs of label-only lines between two rows are context for both of them.
    k = 0
    while k < len(raw):
        if raw[k].values or not raw[k].labels:
            k += 1
            continue
        end = k
        while end < len(raw) and not raw[end].values:
            end += 1
        text = "".join("".join(it.labels) for it in raw[k:end])
        if k > 0:
            raw[k - 1].after += text
            raw[k - 1].next_label = "".join(raw[k].labels)
        if end < len(raw):
            raw[end].before = text + raw[end].before
        k = end
    return raw


# --- readings of one row ----------------------------------------------------------------------


class _TooMany(Exception):
    """More readings than can be weighed: the row is left blank rather than half-examined."""


def _splits(digits: str, parts: int, limit: int = 3000) -> list[list[int]]:
    """Every way to cut a digit string into ``parts`` numbers without leading zeros."""
    out: list[list[int]] = []

    def rec(start: int, left: int, acc: list[int]) -> None:
        if len(out) > limit:
            raise _TooMany
        rest = len(digits) - start
        if left == 1:
            piece = digits[start:]
            if piece and (piece == "0" or piece[0] != "0") and len(piece) <= 12:
                out.append([*acc, int(piece)])
            return
        for size in range(1, min(12, rest - left + 1) + 1):
            piece = digits[start : start + size]
            if piece[0] == "0" and size > 1:
                break
            rec(start + size, left - 1, [*acc, int(piece)])

    if 0 < parts <= len(digits):
        rec(0, parts, [])
    return out


def _glued_readings(toks: list[Tok], n: int) -> list[list[int]]:
    """Readings where some whole-number tokens are several numbers written without separator."""
    if any(t.value is None or isinstance(t.value, Decimal) for t in toks):
        return []
    extra = n - len(toks)
    digits = [t.raw.strip() for t in toks]
    if extra <= 0 or any(not d.isdigit() for d in digits):
        return []
    out: list[list[int]] = []

    def rec(i: int, left: int, acc: list[int]) -> None:
        if len(out) > 5000:
            raise _TooMany
        if i == len(toks):
            if left == 0:
                out.append(acc)
            return
        d = digits[i]
        # The last token takes whatever split is left; earlier ones try each share.
        shares = [left] if i == len(toks) - 1 else range(0, min(left, len(d) - 1) + 1)
        for more in shares:
            if more > len(d) - 1:
                continue
            for cut in _splits(d, more + 1):
                rec(i + 1, left - more, acc + cut)

    rec(0, extra, [])
    return out


def grid_values(item: Item, n: int) -> list[Tok]:
    """A row's value cells for ``n`` slots: in a table grid where fewer numbers than cells are
    printed after the label's empty cells (only 总计 printed), the empty cells count again and
    the numbers keep their columns, counted from the right (the 总计 column is last)."""
    toks = list(item.values)
    while len(toks) > n and toks[-1].empty:
        toks.pop()
    if item.explicit and len(toks) < n <= len(toks) + item.filler:
        return [Tok(None, "", empty=True)] * (n - len(toks)) + toks
    return toks


def row_readings(
    toks: list[Tok], slots: list[str], explicit: bool, truncated: bool
) -> tuple[list[Reading], str]:
    """Possible readings of a row's value cells onto ``slots`` (cell ids), and how it was read:
    ``exact``, ``truncated``, ``missing`` (a column lost), ``glued``, or ``unreadable``."""
    n = len(slots)
    if explicit and len(toks) > n:
        numbers = [t for t in toks if not t.empty]
        if len(numbers) == n:
            # As many numbers as cells: empty pieces between them are separators, not cells.
            toks = numbers
    if explicit and len(toks) >= n:
        return [{cid: t.value for cid, t in zip(slots, toks[:n], strict=True)}], "exact"
    while toks and toks[-1].empty and len(toks) > n:
        toks = toks[:-1]
    if len(toks) == n:
        return [{cid: t.value for cid, t in zip(slots, toks, strict=True)}], "exact"
    if len(toks) > n:
        return [], "unreadable"
    if truncated:
        return [{cid: t.value for cid, t in zip(slots, toks, strict=False)}], "truncated"
    readings: list[Reading] = []
    missing = n - len(toks)
    # “000” or “0512” is never one number (no leading zeros): those digits are glued cells.
    certainly_glued = any(
        t.raw.strip().isdigit() and len(t.raw.strip()) > 1 and t.raw.strip()[0] == "0" for t in toks
    )
    if toks and missing <= 2 and not certainly_glued:
        for gap in combinations(range(n), missing):
            it = iter(toks)
            reading: Reading = {}
            for i, cid in enumerate(slots):
                reading[cid] = UNK if i in gap else next(it).value
            readings.append(reading)
    try:
        glued = [dict(zip(slots, vals, strict=True)) for vals in _glued_readings(toks, n)]
    except _TooMany:
        return [], "unreadable"
    kind = "glued" if glued else "missing"
    readings += [{k: v for k, v in g.items()} for g in glued]
    return readings, kind if readings else "unreadable"


# --- result of reading the tables -----------------------------------------------------------------


@dataclass(slots=True)
class TableRead:
    """Values read from the tables, with the reasons for every blank and what was noticed."""

    cells: dict[str, int | Decimal | None] = field(default_factory=dict)  # input cells
    printed: dict[str, int | Decimal | None] = field(default_factory=dict)  # computed cells
    blanks: dict[str, str] = field(default_factory=dict)  # cell id → why it is blank
    notes: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)  # R17: labels not as the template prints
    old_template: list[str] = field(default_factory=list)  # R17: 2019 trial template markers
    unmapped: list[str] = field(default_factory=list)
    # Table 二 rows left open (label → (raw digits, readings)): the prose may settle them.
    open_rows: dict[str, tuple[str, list[Reading]]] = field(default_factory=dict)
    # R16 found while importing: the prose contradicts every reading of a glued row, which then
    # stays blank (so a later check of the file has no cell to compare the prose with).
    prose_conflicts: list[tuple[str, tuple[str, ...], tuple[Place, ...]]] = field(
        default_factory=list
    )  # (message, cells, prose fields)

    def put(self, cid: str, value: Value) -> None:
        """Record a value read for a cell: input cells as cells, totals as printed totals."""
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            v: int | Decimal = value
            if CELL_BY_ID[cid].computed:
                self.printed[cid] = v
            else:
                self.cells[cid] = v


def _label_at(table: str, row: int, col: int) -> str:
    item = TABLE_BY_KEY[table].at(row, col)
    return item.text if item is not None and hasattr(item, "text") else ""


def _score(item: Item, template: str) -> float:
    checkpoint()
    if len(item.joined) > 300:
        return 0.0  # prose, not a row label (and too long to compare cheaply)
    t = strip_enum(norm(template))
    own = strip_enum(item.own)
    best = max(similarity(own, t), similarity(strip_enum(item.joined), t))
    if best < 0.9 and len(t) >= 4 and t in item.joined:
        # The label run together with its group's label (“三、本年度办理结果（一）予以公开”).
        best = 0.9
    if best < 1.0:
        wide = norm(item.before) + item.joined + norm(item.after)
        cov = coverage(wide, t)
        if cov >= 0.75 and len(t) >= 6:
            best = max(best, 0.9 * cov)
    return best


def _align(items: list[Item], templates: list[str], threshold: float) -> dict[int, int]:
    """Order-preserving best match of items to template rows (template index → item index)."""
    n, m = len(items), len(templates)
    scores = [[_score(it, t) for t in templates] for it in items]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            options = [(best[i + 1][j], 1), (best[i][j + 1], 2)]
            s = scores[i][j]
            if s >= threshold:
                options.append((best[i + 1][j + 1] + s, 3))
            best[i][j], move[i][j] = max(options)
    out: dict[int, int] = {}
    i = j = 0
    while i < n and j < m:
        mv = move[i][j]
        if mv == 3:
            out[j] = i
            i += 1
            j += 1
        elif mv == 1:
            i += 1
        else:
            j += 1
    return out


def _check_label(read: TableRead, table_no: str, item: Item, template: str) -> None:
    t = strip_enum(norm(template))
    own = strip_enum(item.own)
    joined = strip_enum(item.joined)
    # A label broken over lines (PDF text) shows only a piece of the template's label.
    if t in own or t in joined or (own and own in t) or (joined and joined in t):
        return
    shown = item.labels[-1].strip() if item.labels else ""
    read.altered.append(f"表{table_no}的行标题“{shown}”与格式规定的“{template}”不一致")


# --- table 二 -------------------------------------------------------------------------------------

# (grid row, its value cells) for the six rows of table 二 with numbers, top to bottom.
_T2_ROWS: tuple[tuple[int, tuple[str, ...]], ...] = tuple(
    (row, tuple(c.id for c in TABLE_BY_KEY[T2].cells if c.row == row))
    for row in sorted({c.row for c in TABLE_BY_KEY[T2].cells})
)
_T2_FEES = t2_id("fees")
_T2_MADE = CELL_BY_ID[t2_id("rules", "made")].col_label  # 本年制发件数, the 2021 column
_T2_HEADERS: tuple[str, ...] = tuple(
    dict.fromkeys(
        lb.text
        for lb in TABLE_BY_KEY[T2].labels
        if lb.row in TABLE_BY_KEY[T2].header_like_rows and lb.col > 0
    )
)


def read_table2(lines: list[tuple[str, bool, list[str]]], read: TableRead, truncated: bool) -> None:
    """Table 二 (主动公开): six rows; the 2019 trial template maps only in part."""
    items = build_items(lines)
    region = norm("".join(t for t, _, _ in lines))
    old = [m for m in OLD_T2_MARKERS if norm(m) in region]
    data = [it for it in items if any(not v.empty for v in it.values)]
    if any(strip_enum(it.own) == OLD_T2_NORMATIVE for it in data):
        old.append(OLD_T2_NORMATIVE)
    if old == [OLD_T2_NORMATIVE] and _T2_MADE in region:
        read.old_template.append(
            "表二的行标题“规范性文件”是2019年试行格式的写法（2021年格式为“行政规范性文件”；"
            "其余为2021年格式，数字照常导入）"
        )
    elif old:
        read.old_template.append(
            "表二使用了2019年试行格式（出现“" + "”“".join(sorted(set(old))) + "”）"
        )
    for header in _T2_HEADERS:
        h = norm(header)
        extra = re.search(re.escape(h) + r"(\([^)]{1,12}\))", region)
        if extra:
            shown = extra.group(1).replace("(", "（").replace(")", "）")
            read.altered.append(f"表二的栏目“{header}”写成了“{header}{shown}”")
    old_columns = any(norm(m) in region for m in OLD_T2_MARKERS[:2]) or (
        bool(old) and _T2_MADE not in region
    )
    # The 2019 blocks' columns (上一年项目数量 / 本年增/减); a 2019 row label alone (a bare
    # 规范性文件 in a 2021 table) changes no column: the cells are read as 2021 ones.
    old_blocks = old_columns or any(norm(m) in region for m in OLD_T2_BLOCK_COLUMNS)
    templates = [_label_at(T2, r, 0) for r, _ in _T2_ROWS]
    _labels_below_numbers(data, templates)
    aligned = _align(data, templates, 0.7)
    if not aligned:
        normative = [i for i, it in enumerate(data) if strip_enum(it.own) == OLD_T2_NORMATIVE]
        if normative:
            aligned = {1: normative[0]}
    # A bare 规范性文件 row (2019) is 行政规范性文件.
    for i, it in enumerate(data):
        if strip_enum(it.own) == OLD_T2_NORMATIVE and 1 not in aligned:
            aligned[1] = i
    last = max(aligned.values(), default=-1)
    for j, (_row, ids) in enumerate(_T2_ROWS):
        label = templates[j]
        if j not in aligned:
            for cid in ids:
                read.blanks[cid] = (
                    "原文在此之前中断" if truncated and j > 0 else f"原文表二中没有“{label}”这一行"
                )
            continue
        item = data[aligned[j]]
        if not (old and strip_enum(item.own) == OLD_T2_NORMATIVE):
            _check_label(read, "二", item, label)
        toks = grid_values(item, len(ids))
        if old_columns and j <= 1:
            # 2019: 本年新制作数量 / 本年新公开数量 / 对外公开总数量 — only the first maps.
            read.unmapped.append(f"表二“{label}”的“本年新公开数量”“对外公开总数量”（2019年格式）")
            for cid in ids[1:]:
                read.blanks[cid] = "2019年试行格式没有这一栏"
            ids = ids[:1]
            toks = toks[:1]
        elif old_blocks and j in (2, 3, 4) and len(toks) >= 3:
            # 2019: 上一年项目数量 / 本年增/减 / 处理决定数量.
            toks = toks[2:3]
        elif old_blocks and j == 5:
            read.blanks[ids[0]] = "2019年试行格式的“行政事业性收费”没有收费金额"
            read.unmapped.append("表二“行政事业性收费”的项目数量（2019年格式，没有金额）")
            continue
        is_last = truncated and aligned[j] == last and _cut_row(items, data, last, templates)
        readings, _how = row_readings(toks, list(ids), item.explicit, is_last)
        if len(readings) == 1:
            for cid, v in readings[0].items():
                _put_or_blank(read, cid, v, toks)
            for cid in ids:
                if cid not in readings[0]:
                    read.blanks[cid] = "原文在此处中断"
        else:
            # No arithmetic ties table 二's cells together: several readings stay open.
            for cid in ids:
                read.blanks[cid] = (
                    "数字粘连或缺栏，无法唯一确定" if readings else "原文这一行的数字无法识别"
                )
            raw = " ".join(t.raw.strip() for t in toks)
            if readings:
                read.open_rows[label] = (raw, readings)
            else:
                read.notes.append(f"表二“{label}”一行原文为“{raw}”，无法唯一确定各栏数字，已留空")
        if _T2_FEES in ids and toks and toks[0].unit == "元":
            read.notes.append(
                f"表二“行政事业性收费”原文写作“{toks[0].raw.strip()}”，单位是“元”，"
                "而本栏应以万元填写，请核对"
            )
    # 2019 rows that have no place in the current template.
    for it in data:
        if strip_enum(it.own) in OLD_T2_DROPPED_ROWS:
            read.unmapped.append(f"表二“{it.labels[-1].strip()}”一行（2019年格式）")


def _cut_row(items: list[Item], data: list[Item], index: int, templates: list[str]) -> bool:
    """Whether ``data[index]`` is where the source was cut off: the last row with numbers and
    no later row label printed after it (a label after it means this row is complete, however
    few numbers it shows)."""
    row = data[index]
    after = items[items.index(row) + 1 :] if row in items else []
    return not any(it.labels and max(_score(it, t) for t in templates) >= 0.9 for it in after)


def _labels_below_numbers(data: list[Item], templates: list[str]) -> None:
    """Text extracted from a PDF without layout prints a one-number row as the column header,
    the number, then the row label (“本年处理决定数量 / 550 / 行政许可”): a number under a
    column header and right above a row label belongs to that row label."""
    headers = {strip_enum(norm(h)) for h in _T2_HEADERS}
    rows = {strip_enum(norm(t)) for t in templates}
    own_rows = {strip_enum(it.own) for it in data}
    for it in data:
        below = strip_enum(norm(it.next_label))
        if strip_enum(it.own) in headers and below in rows and below not in own_rows:
            it.labels = [it.next_label]


def _put_or_blank(read: TableRead, cid: str, v: Value, toks: list[Tok]) -> None:
    if v is None or v is UNK:
        read.blanks[cid] = "原文此格为空或为“/”“—”"
    else:
        read.put(cid, v)
        if CELL_BY_ID[cid].kind.value == "count" and isinstance(v, Decimal):
            read.cells.pop(cid, None)
            read.blanks[cid] = "原文是小数，而件数应为整数"


# --- table 三 -------------------------------------------------------------------------------------


def _t3_templates() -> list[str]:
    out = []
    for r in T3_ROWS:
        item = _label_at("t3", r.grid_row, 2)
        out.append(item or r.label)
    return out


# 总计: a header that prints it has the 总计 column.
_TOTAL_WORD = CELL_BY_ID[t3_id("new")].col_label


def _sum_constraint(s: Sum) -> Constraint:
    return (*((p, 1) for p in s.parts), (s.total, -1))


def _t3_constraints(has_total: bool) -> list[Constraint]:
    """The template's sums and 勾稽 identity of table 三 (the 总计 column only when printed)."""
    cons: list[Constraint] = []
    for col_sum, balance in zip(T3_COLUMN_SUMS, T3_BALANCES, strict=True):
        if balance.column == TOTAL and not has_total:
            continue
        cons.append(_sum_constraint(col_sum))
        cons.append((*((c, 1) for c in balance.left), *((c, -1) for c in balance.right)))
    if has_total:
        cons.extend(_sum_constraint(s) for s in T3_ROW_SUMS)
    return cons


def read_table3(lines: list[tuple[str, bool, list[str]]], read: TableRead, truncated: bool) -> None:
    """Table 三 (依申请公开): 25 rows found by label; short and glued rows settled by the totals.
    ``lines`` may hold blank lines: they separate the number blocks of PDF text (``blocks``)."""
    with_blanks = lines
    lines = [ln for ln in lines if ln[1] or ln[0].strip()]
    items = build_items(lines)
    data = [it for it in items if any(not v.empty for v in it.values)]
    templates = _t3_templates()
    aligned = _align(data, templates, 0.45)
    region = norm("".join(t for t, _, _ in lines))
    first = min(aligned.values(), default=0)
    header = norm("".join(t for t, _, _ in lines[: data[first].index if data else len(lines)]))
    widths = [len(it.values) for it in data]
    has_total = _TOTAL_WORD in header or any(
        sum(1 for v in data[i].values if not v.empty) >= 7 for i in aligned.values()
    )
    if not header and widths and not has_total:
        has_total = False
    cols = list(T3_COLUMN_KEYS) if has_total else list(T3_APPLICANT_KEYS)
    if not has_total and aligned:
        read.notes.append("原文表三没有“总计”一栏，各行总计由软件按各栏相加计算")
    # 2019: （六）其他处理 is one row without sub-items.
    old_other = [it for it in data if strip_enum(it.own) == "其他处理" and "(六)" in it.own]
    if old_other or (
        "(六)其他处理" in region and "逾期不补正" not in region and aligned and max(aligned) >= 23
    ):
        read.old_template.append("表三“（六）其他处理”没有分项（2019年试行格式）")
        printed = " ".join(
            t.raw.strip() or "（空）" for it in old_other for t in it.values if t.raw.strip()
        )
        read.unmapped.append(
            "表三“（六）其他处理”原文印成一行"
            + (f"（{printed}）" if printed else "")
            + "，没有分项，无法分到三个分项：三个分项留空，这一行的数字另行列出供核对"
        )
        for it in old_other:
            data.remove(it)
        aligned = _align(data, templates, 0.45)
    last = max(aligned.values(), default=-1)
    fixed: dict[str, Value] = {}
    options: dict[str, list[Reading]] = {}
    kinds: dict[str, str] = {}
    for j, row in enumerate(T3_ROWS):
        ids = [t3_id(row.key, c) for c in cols]
        if j not in aligned:
            why = (
                "原文在此之前中断"
                if truncated and j > last
                else f"原文表三中没有“{templates[j]}”这一行"
            )
            for cid in (t3_id(row.key, c) for c in T3_COLUMN_KEYS):
                read.blanks.setdefault(cid, why)
            continue
        item = data[aligned[j]]
        _check_label(read, "三", item, templates[j])
        readings, how = row_readings(
            grid_values(item, len(ids)),
            ids,
            item.explicit,
            truncated and aligned[j] == last and _cut_row(items, data, last, templates),
        )
        kinds[row.key] = how
        if how in ("exact", "truncated"):
            fixed.update(readings[0])
            for cid in ids:
                if cid not in readings[0]:
                    read.blanks[cid] = "原文在此处中断"
        elif readings:
            options[row.key] = readings
        else:
            for cid in ids:
                read.blanks[cid] = "原文这一行的数字个数不对，无法识别"
    if old_other:
        for key in ("other_1", "other_2", "other_3"):
            for c in T3_COLUMN_KEYS:
                read.blanks[t3_id(key, c)] = (
                    "原文“（六）其他处理”印成一行、没有分项（2019年试行格式的样子），无法对应"
                )
    outcome = solve(fixed, options, _t3_constraints(has_total))
    for cid, v in fixed.items():
        if v is None:
            read.blanks[cid] = "原文此格为空或为“/”“—”"
        else:
            read.put(cid, v)
    for cid, v in outcome.values.items():
        read.put(cid, v)
    for cid in outcome.open_cells:
        read.blanks[cid] = (
            "数字粘连，按本表合计和勾稽关系无法唯一拆分"
            if kinds.get(cid.split(".")[1]) == "glued"
            else "原文这一行缺少数字，按本表合计无法确定是哪一栏"
        )
    _explain(read, "三", options, kinds, outcome.open_cells, templates_by_key())
    if has_total:
        one_other = bool(old_other) or ("(六)其他处理" in region and "逾期不补正" not in region)
        _from_blocks(with_blanks, read, one_other)


# Table 三's （六）其他处理: its group label and its rows.
_OTHER_GROUP = T3_ROW_GROUP["other_1"]
_OTHER_ROWS = frozenset(k for k, group in T3_ROW_GROUP.items() if group == _OTHER_GROUP)


def _from_blocks(
    lines: list[tuple[str, bool, list[str]]], read: TableRead, one_other: bool
) -> None:
    """Table 三 left incomplete by its labels, read again from its number blocks (``blocks``);
    taken only when it agrees with every number the labels placed."""
    ids = [t3_id(r.key, c) for r in T3_ROWS for c in T3_COLUMN_KEYS]
    held = {**read.cells, **read.printed}
    # The （六）其他处理 rows may stay open (a 2019 table prints them as one row).
    if all(cid in held for cid in ids if CELL_BY_ID[cid].row_key not in _OTHER_ROWS):
        return
    got = read_blocks(lines, templates_by_key(), one_other)
    if got is None or any(cid in held and held[cid] != v for cid, v in got.cells.items()):
        return
    for cid, v in got.cells.items():
        read.put(cid, v)
        read.blanks.pop(cid, None)
    for cid in got.open_cells:
        if cid not in held:
            read.blanks[cid] = "原文表三的数字按栏成块印出，有两种读法都符合本表的合计，无法确定"
    read.notes = [n for n in read.notes if not n.startswith("表三") or "无法唯一确定" not in n]
    read.notes.append(
        "表三的数字在原文中没有跟在各行标题后面，而是成块印出（PDF 转出的文字常见）："
        "已按格式的行序读出，每一行的总计、（七）总计和“新收＋结转＝办理＋结转下年度”都核对相符，"
        "请对照原文核对"
    )
    if got.other is not None:
        read.unmapped = [u for u in read.unmapped if _OTHER_GROUP not in u]
        read.unmapped.append(
            "表三“（六）其他处理”原文印成一行（"
            + " ".join(str(v) for v in got.other)
            + "），没有分项，无法分到三个分项：三个分项留空，这一行的数字另行列出供核对"
        )


def templates_by_key() -> dict[str, str]:
    """Table 三 row key → its printed label."""
    return {r.key: t for r, t in zip(T3_ROWS, _t3_templates(), strict=True)}


def _row_names(keys: list[str], labels: dict[str, str], listed: int = 3) -> str:
    """“a”、“b”、“c” 等 N 行 — rows named by their labels, the first few when many."""
    names = "、".join(f"“{labels[k]}”" for k in keys[:listed])
    return names + (f"等 {len(keys)} 行" if len(keys) > listed else "")


def _explain(
    read: TableRead,
    table_no: str,
    options: dict[str, list[Reading]],
    kinds: dict[str, str],
    open_cells: set[str],
    labels: dict[str, str],
) -> None:
    settled = {k: v for k, v in options.items() if not any(c in open_cells for c in v[0])}
    missing = [k for k in settled if kinds.get(k) == "missing"]
    glued = [k for k in settled if kinds.get(k) == "glued"]
    if missing:
        names = "、".join(f"“{labels[k]}”" for k in missing[:3])
        more = f"等 {len(missing)} 行" if len(missing) > 3 else ""
        read.notes.append(
            f"表{table_no}{names}{more}原文缺少一栏数字，已按本表的合计唯一确定缺的是哪一栏"
            "（缺的那一格由合计推出）"
        )
    if glued:
        read.notes.append(
            f"表{table_no}{_row_names(glued, labels)}的数字在原文中粘连在一起，"
            "已按总计和勾稽关系唯一拆分，请核对"
        )
    unsettled = [k for k in options if k not in settled]
    if unsettled:
        names = _row_names(unsettled, labels)
        read.notes.append(
            f"表{table_no}{names}的数字无法唯一确定（粘连或缺栏，合计也不能定下来），已留空，请对照原文填写"
        )


# --- table 四 -------------------------------------------------------------------------------------

T4_IDS: tuple[str, ...] = tuple(t4_id(g, r) for g in T4_GROUP_KEYS for r in T4_RESULT_KEYS)


# The group labels, longest first: a longer label claims its words before a shorter one can.
_T4_GROUP_WORDS: tuple[tuple[str, str], ...] = tuple(
    sorted(((label, key) for key, label in T4_GROUPS), key=lambda w: -len(w[0]))
)


def _groups_named(label: str) -> list[str]:
    """Table 四 groups whose labels a line prints, in the order printed (行政复议 /
    未经复议直接起诉 / 复议后起诉)."""
    hits: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for word, group in _T4_GROUP_WORDS:
        for m in re.finditer(re.escape(word), label):
            if any(a <= m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            hits.append((m.start(), group))
    return [g for _, g in sorted(hits)]


@dataclass(slots=True)
class _T4Chunk:
    groups: list[str]  # groups named in the labels since the previous numbers
    toks: list[Tok]
    explicit: bool


def read_table4(lines: list[tuple[str, bool, list[str]]], read: TableRead, truncated: bool) -> None:
    """Table 四 (复议、诉讼): 15 numbers under the header, or the table printed in parts (three
    5-column tables, one per group): each part's numbers go to the group its labels name."""
    chunks: list[_T4Chunk] = []
    named: list[str] = []
    labelled = False  # a label line since the last numbers: the next numbers start a new part
    cur: _T4Chunk | None = None
    closing = pipes_end_rows(lines)
    for i, (text, is_row, cells) in enumerate(lines):
        it = make_item(text, is_row, cells, i, closing)
        if it is None:
            continue
        if any(len(lb) > 20 and re.search(r"[。，,；]", lb) for lb in it.labels):
            continue  # prose
        label = norm("".join(it.labels))
        named += [g for g in _groups_named(label) if g not in named]
        vals = list(it.values)
        if not (it.explicit and len(vals) in (5, 10, 15)):
            # Cells under the header's merged labels (empty fillers) are not numbers.
            while vals and vals[-1].empty:
                vals.pop()
            while vals and vals[0].empty:
                vals.pop(0)
        if not any(not v.empty for v in vals):
            labelled = labelled or bool(it.labels)
            continue
        if cur is not None and not it.labels and not labelled:
            cur.toks += vals  # numbers continued on the next line
            cur.explicit = cur.explicit and it.explicit
            continue
        cur = _T4Chunk(named, vals, it.explicit)
        chunks.append(cur)
        named = []
        labelled = False
    if not chunks:
        for cid in T4_IDS:
            read.blanks[cid] = "原文在此之前中断" if truncated else "原文没有表四的数字"
        return
    all_toks = [t for c in chunks for t in c.toks]
    whole_header = len(chunks[0].groups) == len(T4_GROUPS) and not any(c.groups for c in chunks[1:])
    if len(chunks) > 1 and not (whole_header and len(all_toks) == len(T4_IDS)):
        _table4_parts(chunks, read, truncated)
        return
    # One header naming the three groups, then the 15 numbers (on one line or broken up).
    toks = all_toks
    explicit = all(c.explicit for c in chunks)
    _table4_row(toks, explicit, read, truncated)


def _table4_parts(chunks: list[_T4Chunk], read: TableRead, truncated: bool) -> None:
    """Table 四 printed in parts: a part's numbers are placed only through the group labels
    printed above them; a part whose labels do not say its group stays blank."""
    placed: set[str] = set()
    unplaced: list[str] = []
    for chunk in chunks:
        groups = [g for g in chunk.groups if g not in placed]
        toks = chunk.toks
        if groups and len(groups) * 5 == len(toks):
            for g, start in zip(groups, range(0, len(toks), 5), strict=True):
                ids = [t4_id(g, r) for r in T4_RESULT_KEYS]
                for cid, tok in zip(ids, toks[start : start + 5], strict=True):
                    _put_or_blank(read, cid, tok.value, toks)
                placed.add(g)
        else:
            unplaced.append(" ".join(t.raw.strip() for t in toks if not t.empty))
    for g in T4_GROUP_KEYS:
        if g in placed:
            continue
        for r in T4_RESULT_KEYS:
            read.blanks[t4_id(g, r)] = (
                "原文在此处中断"
                if truncated and not unplaced
                else "原文表四的数字无法按栏目标题对应"
            )
    if unplaced:
        read.notes.append(
            "表四分成几块印出，其中“"
            + "”“".join(unplaced)
            + "”上方没有能对应的栏目标题（行政复议 / 未经复议直接起诉 / 复议后起诉），已留空，"
            "请对照原文填写"
        )


def _table4_row(toks: list[Tok], explicit: bool, read: TableRead, truncated: bool) -> None:
    """Table 四 as one row of 15 numbers (or glued digits / a missing number settled by the
    group totals)."""
    readings, how = row_readings(toks, list(T4_IDS), explicit and len(toks) >= 15, truncated)
    fixed: dict[str, Value] = {}
    options: dict[str, list[Reading]] = {}
    if how in ("exact", "truncated"):
        fixed.update(readings[0])
    elif readings:
        options["t4"] = readings
    else:
        for cid in T4_IDS:
            read.blanks[cid] = "原文表四的数字个数不对，无法识别"
        return
    cons: list[Constraint] = [_sum_constraint(s) for s in T4_SUMS]
    outcome = solve(fixed, options, cons)
    for cid in T4_IDS:
        if cid in fixed:
            v = fixed[cid]
            if v is None:
                read.blanks[cid] = "原文此格为空或为“/”“—”"
            else:
                read.put(cid, v)
        elif cid in outcome.values:
            read.put(cid, outcome.values[cid])
        elif options:
            read.blanks[cid] = (
                "数字粘连，按总计无法唯一拆分" if how == "glued" else "原文缺少数字，按总计无法确定"
            )
        else:
            read.blanks[cid] = "原文在此处中断"
    _explain(read, "四", options, {"t4": how}, outcome.open_cells, {"t4": "复议、诉讼数字"})
