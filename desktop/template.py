"""The 2021 report template (国办公开办函〔2021〕30号) as data.

This module is the single source of truth for the three statistics tables and the six sections:
grid sizes, every printed label, merged cells, cell ids, value kinds and which cells are computed.
The model, the rules, the Qt tables, the Word/HTML writers and the importers all read it; nothing
else spells a label or a span.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache


class CellKind(StrEnum):
    """What a value cell holds."""

    COUNT = "count"  # whole number >= 0
    AMOUNT = "amount"  # 万元, Decimal >= 0 with at most 4 decimals


@dataclass(frozen=True, slots=True)
class Label:
    """A printed text cell of a table grid (header or row label)."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True, slots=True)
class Cell:
    """A value cell of a table grid.

    ``row_label`` / ``col_label`` are the printed labels a person would use to name the cell
    (used in messages); ``short_row`` is a shorter form for sentences. A computed cell is the sum
    of ``sources``, which are always input cells.
    """

    id: str
    table: str
    row: int
    col: int
    kind: CellKind
    computed: bool
    row_label: str
    col_label: str
    short_row: str
    rowspan: int = 1
    colspan: int = 1
    sources: tuple[str, ...] = ()

    @property
    def col_key(self) -> str | None:
        """The last part of a three-part id (``natural``), or None for ``t2.license``."""
        parts = self.id.split(".")
        return parts[2] if len(parts) == 3 else None

    @property
    def row_key(self) -> str:
        """The middle part of the id: ``new`` in ``t3.new.natural``."""
        return self.id.split(".")[1]

    @property
    def table_name(self) -> str:
        """``表三``: the table as a person names it."""
        return f"表{TABLE_NUMBERS[self.table]}"

    # The naming forms of a cell. Every message names a cell through one of these, so that a
    # label is spelled here only.

    def describe(self) -> str:
        """Full form: ``表三 （一）予以公开 / 自然人``."""
        if self.col_label:
            return f"{self.table_name} {self.row_label} / {self.col_label}"
        return f"{self.table_name} {self.row_label}"

    def short_name(self) -> str:
        """Short form without the table, for lists inside one table: ``本年新收 / 自然人``."""
        return f"{self.short_row} / {self.col_label}" if self.col_label else self.short_row

    def quoted(self) -> str:
        """Row label in quotes, column after it: ``表二“行政许可”本年处理决定数量``."""
        return f"{self.table_name}“{self.row_label}”{self.col_label}"

    def column_name(self) -> str:
        """Column first, for the register's messages: ``表三 自然人 列 本年新收``."""
        if self.col_label:
            return f"{self.table_name} {self.col_label} 列 {self.short_row}"
        return f"{self.table_name} {self.short_row}"

    def edit_name(self) -> str:
        """As a person says it when typing (undo text): ``表三 自然人 本年新收``, ``表二 规章
        本年制发件数``, ``表二 行政许可``, ``表四 行政复议 结果维持``."""
        if self.table == T3:
            return f"{self.table_name} {self.col_label} {self.short_row}"
        if self.table == T2 and self.col_key is None:
            return f"{self.table_name} {self.row_label}"
        return f"{self.table_name} {self.short_row} {self.col_label}"


@dataclass(frozen=True, slots=True)
class Table:
    """One statistics table: its grid, printed labels and value cells."""

    key: str  # "t2", "t3", "t4"
    number: str  # "二", "三", "四"
    section: int  # the section (2, 3, 4) it is printed in
    title: str  # the section heading it belongs to
    n_rows: int
    n_cols: int
    header_rows: int  # rows at the top that are header (repeated on a new page)
    labels: tuple[Label, ...]
    cells: tuple[Cell, ...]
    # Rows that are block headers in table 二 (第二十条第（X）项 and 信息内容 rows).
    header_like_rows: frozenset[int] = field(default_factory=frozenset)

    def at(self, row: int, col: int) -> Label | Cell | None:
        """The label or value cell whose top-left corner is at (row, col)."""
        return _grid_index(self.key).get((row, col))

    def covering(self, row: int, col: int) -> Label | Cell | None:
        """The label or value cell that covers (row, col), merged cells included."""
        return _cover_index(self.key).get((row, col))

    def spans(self) -> list[tuple[int, int, int, int]]:
        """Every merge as (row, col, rowspan, colspan), labels and value cells alike."""
        out = []
        items: tuple[Label | Cell, ...] = (*self.labels, *self.cells)
        for item in items:
            if item.rowspan > 1 or item.colspan > 1:
                out.append((item.row, item.col, item.rowspan, item.colspan))
        return out


# --- section headings ---------------------------------------------------------------------------

SECTION_TITLES: tuple[str, ...] = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

# The sections people write, and the sections that are a table (二, 三, 四).
PROSE_SECTIONS: tuple[int, ...] = (1, 5, 6)
TABLE_SECTIONS: tuple[int, ...] = (2, 3, 4)

# Sub-part headings a new report starts from (units reword them freely).
DEFAULT_SUBPARTS: dict[int, tuple[str, ...]] = {
    1: (
        "（一）主动公开",
        "（二）依申请公开",
        "（三）政府信息管理",
        "（四）政府信息公开平台建设",
        "（五）监督保障",
    ),
    5: (),
    6: (
        "（一）落实政务公开工作要点情况",
        "（二）人大代表建议和政协提案办理情况",
        "（三）信息处理费收取情况",
    ),
}

# Guidance shown as placeholder text in the editors (the format's own wording, condensed).
SECTION_GUIDANCE: dict[int, str] = {
    1: "概述本年度政府信息公开工作总体情况，可分主动公开、依申请公开、政府信息管理、"
    "政府信息公开平台建设、监督保障等方面撰写。",
    5: "写明本年度工作中存在的主要问题、上年度所列问题的改进情况，以及下一步工作举措。",
    6: "写明依据《政府信息公开信息处理费管理办法》收取信息处理费的情况（未收取也应说明），"
    "以及落实政务公开工作要点、办理人大代表建议和政协提案等情况。",
}

# The table keys (the first part of every cell id).
T2, T3, T4 = "t2", "t3", "t4"
TABLE_NUMBERS: dict[str, str] = {T2: "二", T3: "三", T4: "四"}
# The key of every total column and of table 三's （七）总计 row.
TOTAL = "total"


# --- table 二 -----------------------------------------------------------------------------------

# 第二十条第（一）项: two rows of documents, each made / repealed / in force.
_T2_DOC_ROWS: tuple[tuple[str, str], ...] = (("rules", "规章"), ("normative", "行政规范性文件"))
_T2_DOC_COLUMNS: tuple[tuple[str, str], ...] = (
    ("made", "本年制发件数"),
    ("repealed", "本年废止件数"),
    ("valid", "现行有效件数"),
)
T2_DOC_ROW_KEYS: tuple[str, ...] = tuple(k for k, _ in _T2_DOC_ROWS)
T2_DOC_COLUMN_KEYS: tuple[str, ...] = tuple(k for k, _ in _T2_DOC_COLUMNS)


def _table2() -> Table:
    labels: list[Label] = []
    cells: list[Cell] = []

    def block(row: int, text: str) -> None:
        labels.append(Label(text, row, 0, 1, 4))

    def c(
        cid: str,
        row: int,
        col: int,
        row_label: str,
        col_label: str,
        kind: CellKind,
        colspan: int = 1,
        short: str | None = None,
    ) -> None:
        cells.append(
            Cell(
                cid,
                "t2",
                row,
                col,
                kind,
                False,
                row_label,
                col_label,
                short or row_label,
                colspan=colspan,
            )
        )

    block(0, "第二十条第（一）项")
    for col, text in enumerate(("信息内容", *(text for _, text in _T2_DOC_COLUMNS))):
        labels.append(Label(text, 1, col))
    for row, (key, text) in zip((2, 3), _T2_DOC_ROWS, strict=True):
        labels.append(Label(text, row, 0))
        for col, (ck, ctext) in enumerate(_T2_DOC_COLUMNS, start=1):
            c(f"t2.{key}.{ck}", row, col, text, ctext, CellKind.COUNT)

    count_col = "本年处理决定数量"
    block(4, "第二十条第（五）项")
    labels += [Label("信息内容", 5, 0), Label(count_col, 5, 1, 1, 3), Label("行政许可", 6, 0)]
    c("t2.license", 6, 1, "行政许可", count_col, CellKind.COUNT, 3)
    block(7, "第二十条第（六）项")
    labels += [Label("信息内容", 8, 0), Label(count_col, 8, 1, 1, 3)]
    labels += [Label("行政处罚", 9, 0), Label("行政强制", 10, 0)]
    c("t2.penalty", 9, 1, "行政处罚", count_col, CellKind.COUNT, 3)
    c("t2.coercion", 10, 1, "行政强制", count_col, CellKind.COUNT, 3)
    block(11, "第二十条第（八）项")
    fee_col = "本年收费金额（单位：万元）"
    labels += [Label("信息内容", 12, 0), Label(fee_col, 12, 1, 1, 3)]
    labels.append(Label("行政事业性收费", 13, 0))
    c("t2.fees", 13, 1, "行政事业性收费", fee_col, CellKind.AMOUNT, 3)

    return Table(
        key="t2",
        number="二",
        section=2,
        title=SECTION_TITLES[1],
        n_rows=14,
        n_cols=4,
        header_rows=0,
        labels=tuple(labels),
        cells=tuple(cells),
        header_like_rows=frozenset({0, 1, 4, 5, 7, 8, 11, 12}),
    )


# --- table 三 -----------------------------------------------------------------------------------

T3_COLUMNS: tuple[tuple[str, str], ...] = (
    ("natural", "自然人"),
    ("business", "商业企业"),
    ("research", "科研机构"),
    ("nonprofit", "社会公益组织"),
    ("legal", "法律服务机构"),
    ("other", "其他"),
)
T3_APPLICANT_KEYS: tuple[str, ...] = tuple(k for k, _ in T3_COLUMNS)

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_RESULTS_LABEL = "三、本年度办理结果"

# (group label in c1 or None, [(row key, item label, short form)])
_T3_GROUPS: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    (
        "（三）不予公开",
        (
            ("withheld_1", "1.属于国家秘密", "属于国家秘密"),
            ("withheld_2", "2.其他法律行政法规禁止公开", "其他法律行政法规禁止公开"),
            ("withheld_3", "3.危及“三安全一稳定”", "危及“三安全一稳定”"),
            ("withheld_4", "4.保护第三方合法权益", "保护第三方合法权益"),
            ("withheld_5", "5.属于三类内部事务信息", "属于三类内部事务信息"),
            ("withheld_6", "6.属于四类过程性信息", "属于四类过程性信息"),
            ("withheld_7", "7.属于行政执法案卷", "属于行政执法案卷"),
            ("withheld_8", "8.属于行政查询事项", "属于行政查询事项"),
        ),
    ),
    (
        "（四）无法提供",
        (
            ("unable_1", "1.本机关不掌握相关政府信息", "本机关不掌握相关政府信息"),
            ("unable_2", "2.没有现成信息需要另行制作", "没有现成信息需要另行制作"),
            ("unable_3", "3.补正后申请内容仍不明确", "补正后申请内容仍不明确"),
        ),
    ),
    (
        "（五）不予处理",
        (
            ("rejected_1", "1.信访举报投诉类申请", "信访举报投诉类申请"),
            ("rejected_2", "2.重复申请", "重复申请"),
            ("rejected_3", "3.要求提供公开出版物", "要求提供公开出版物"),
            ("rejected_4", "4.无正当理由大量反复申请", "无正当理由大量反复申请"),
            (
                "rejected_5",
                "5.要求行政机关确认或重新出具已获取信息",
                "要求行政机关确认或重新出具已获取信息",
            ),
        ),
    ),
    (
        "（六）其他处理",
        (
            (
                "other_1",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "申请人逾期不补正",
            ),
            (
                "other_2",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "申请人逾期未缴纳费用",
            ),
            ("other_3", "3.其他", "其他"),
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class T3Row:
    """One body row of table 三 (grid rows 3–27)."""

    key: str
    grid_row: int
    label: str  # the full label as a person names the row (group + item for sub-items)
    short: str  # short form for sentences and messages
    computed: bool = False


def _t3_rows() -> tuple[T3Row, ...]:
    rows = [
        T3Row("new", 3, "一、本年新收政府信息公开申请数量", "本年新收"),
        T3Row("carried_in", 4, "二、上年结转政府信息公开申请数量", "上年结转"),
        T3Row("granted", 5, "（一）予以公开", "予以公开"),
        T3Row("partial", 6, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"),
    ]
    row = 7
    for group, items in _T3_GROUPS:
        for key, item, short in items:
            rows.append(T3Row(key, row, f"{group}{item}", f"{group[3:]}·{short}"))
            row += 1
    rows.append(T3Row("total", 26, "（七）总计", "办理结果总计", computed=True))
    rows.append(T3Row("carried_out", 27, "四、结转下年度继续办理", "结转下年度"))
    return tuple(rows)


T3_ROWS: tuple[T3Row, ...] = _t3_rows()
# The group label of each sub-item row (withheld_1 → （三）不予公开 …).
T3_ROW_GROUP: dict[str, str] = {key: group for group, items in _T3_GROUPS for key, _, _ in items}
T3_RESULT_KEYS: tuple[str, ...] = tuple(r.key for r in T3_ROWS[2:23])  # the 21 result rows
T3_INPUT_ROW_KEYS: tuple[str, ...] = tuple(r.key for r in T3_ROWS if not r.computed)


def _table3() -> Table:
    labels: list[Label] = [
        Label(T3_NOTE, 0, 0, 3, 3),
        Label("申请人情况", 0, 3, 1, 7),
        Label("自然人", 1, 3, 2, 1),
        Label("法人或其他组织", 1, 4, 1, 5),
        Label("总计", 1, 9, 2, 1),
    ]
    for col, (_, text) in enumerate(T3_COLUMNS[1:], start=4):
        labels.append(Label(text, 2, col))
    labels += [
        Label("一、本年新收政府信息公开申请数量", 3, 0, 1, 3),
        Label("二、上年结转政府信息公开申请数量", 4, 0, 1, 3),
        Label(T3_RESULTS_LABEL, 5, 0, 22, 1),
        Label("（一）予以公开", 5, 1, 1, 2),
        Label("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 6, 1, 1, 2),
    ]
    row = 7
    for group, items in _T3_GROUPS:
        labels.append(Label(group, row, 1, len(items), 1))
        for _, item, _short in items:
            labels.append(Label(item, row, 2))
            row += 1
    labels.append(Label("（七）总计", 26, 1, 1, 2))
    labels.append(Label("四、结转下年度继续办理", 27, 0, 1, 3))

    cells: list[Cell] = []
    col_names = dict(T3_COLUMNS) | {"total": "总计"}
    for r in T3_ROWS:
        for col, ck in enumerate((*T3_APPLICANT_KEYS, "total"), start=3):
            cid = f"t3.{r.key}.{ck}"
            row_keys = T3_RESULT_KEYS if r.key == "total" else (r.key,)
            col_keys = T3_APPLICANT_KEYS if ck == "total" else (ck,)
            computed = r.computed or ck == "total"
            sources = (
                tuple(f"t3.{rk}.{cc}" for rk in row_keys for cc in col_keys) if computed else ()
            )
            cells.append(
                Cell(
                    cid,
                    "t3",
                    r.grid_row,
                    col,
                    CellKind.COUNT,
                    computed,
                    r.label,
                    col_names[ck],
                    r.short,
                    sources=sources,
                )
            )
    return Table(
        key="t3",
        number="三",
        section=3,
        title=SECTION_TITLES[2],
        n_rows=28,
        n_cols=10,
        header_rows=3,
        labels=tuple(labels),
        cells=tuple(cells),
    )


# --- table 四 -----------------------------------------------------------------------------------

T4_GROUPS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("suit_direct", "未经复议直接起诉"),
    ("suit_after_review", "复议后起诉"),
)
T4_RESULTS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)


def _table4() -> Table:
    labels: list[Label] = [Label("行政复议", 0, 0, 1, 5), Label("行政诉讼", 0, 5, 1, 10)]
    for i, (_, text) in enumerate(T4_RESULTS):
        labels.append(Label(text, 1, i, 2, 1))
    labels += [Label("未经复议直接起诉", 1, 5, 1, 5), Label("复议后起诉", 1, 10, 1, 5)]
    for start in (5, 10):
        for i, (_, text) in enumerate(T4_RESULTS):
            labels.append(Label(text, 2, start + i))
    cells: list[Cell] = []
    for g, (gk, gtext) in enumerate(T4_GROUPS):
        group_label = gtext if gk == "review" else f"行政诉讼·{gtext}"
        for i, (rk, rtext) in enumerate(T4_RESULTS):
            computed = rk == "total"
            sources = tuple(f"t4.{gk}.{k}" for k, _ in T4_RESULTS[:4]) if computed else ()
            cells.append(
                Cell(
                    f"t4.{gk}.{rk}",
                    "t4",
                    3,
                    g * 5 + i,
                    CellKind.COUNT,
                    computed,
                    group_label,
                    rtext,
                    gtext,
                    sources=sources,
                )
            )
    return Table(
        key="t4",
        number="四",
        section=4,
        title=SECTION_TITLES[3],
        n_rows=4,
        n_cols=15,
        header_rows=3,
        labels=tuple(labels),
        cells=tuple(cells),
    )


# --- the whole template -------------------------------------------------------------------------

TABLES: tuple[Table, ...] = (_table2(), _table3(), _table4())
TABLE_BY_KEY: dict[str, Table] = {t.key: t for t in TABLES}

CELLS: tuple[Cell, ...] = tuple(c for t in TABLES for c in t.cells)
CELL_BY_ID: dict[str, Cell] = {c.id: c for c in CELLS}
CELL_IDS: tuple[str, ...] = tuple(c.id for c in CELLS)
INPUT_IDS: tuple[str, ...] = tuple(c.id for c in CELLS if not c.computed)
COMPUTED_IDS: tuple[str, ...] = tuple(c.id for c in CELLS if c.computed)
AMOUNT_IDS: frozenset[str] = frozenset(c.id for c in CELLS if c.kind is CellKind.AMOUNT)

# Which computed cells each input feeds (for incremental updates in views).
DEPENDENTS: dict[str, tuple[str, ...]] = {
    i: tuple(c.id for c in CELLS if c.computed and i in c.sources) for i in INPUT_IDS
}


# --- naming a cell from code ----------------------------------------------------------------------
# Code outside this module names a cell through these (never by an id literal), so a mistyped
# key fails at import instead of reading a cell that does not exist.


def _known(cid: str) -> str:
    if cid not in CELL_BY_ID:
        raise KeyError(f"no such template cell: {cid}")
    return cid


def t2_id(row: str, col: str | None = None) -> str:
    """A cell of table 二: ``t2_id("rules", "made")``, ``t2_id("license")``."""
    return _known(f"{T2}.{row}" if col is None else f"{T2}.{row}.{col}")


def t3_id(row: str, col: str = TOTAL) -> str:
    """A cell of table 三: ``t3_id("new", "natural")``; the 总计 column by default."""
    return _known(f"{T3}.{row}.{col}")


def t4_id(group: str, result: str = TOTAL) -> str:
    """A cell of table 四: ``t4_id("review", "upheld")``; the group's 总计 by default."""
    return _known(f"{T4}.{group}.{result}")


def table_key(cell_id: str) -> str:
    """``t3`` for ``t3.new.natural``: the table a cell id belongs to."""
    return cell_id.split(".", 1)[0]


# Table 三's columns in print order, the 总计 column last.
T3_COLUMN_KEYS: tuple[str, ...] = (*T3_APPLICANT_KEYS, TOTAL)
T4_GROUP_KEYS: tuple[str, ...] = tuple(k for k, _ in T4_GROUPS)
T4_RESULT_KEYS: tuple[str, ...] = tuple(k for k, _ in T4_RESULTS)
# The four result columns a group's 总计 adds up.
T4_PART_KEYS: tuple[str, ...] = T4_RESULT_KEYS[:4]


@dataclass(frozen=True, slots=True)
class Sum:
    """A printed total and the cells it adds up."""

    total: str
    parts: tuple[str, ...]


# Table 三, per row: the six applicant columns add up to the 总计 column.
T3_ROW_SUMS: tuple[Sum, ...] = tuple(
    Sum(t3_id(r.key), tuple(t3_id(r.key, c) for c in T3_APPLICANT_KEYS)) for r in T3_ROWS
)
# Table 三, per column (总计 included): the 21 result rows add up to （七）总计.
T3_COLUMN_SUMS: tuple[Sum, ...] = tuple(
    Sum(t3_id(TOTAL, c), tuple(t3_id(r, c) for r in T3_RESULT_KEYS)) for c in T3_COLUMN_KEYS
)
# Table 四, per group: 维持 + 纠正 + 其他 + 尚未审结 = 总计.
T4_SUMS: tuple[Sum, ...] = tuple(
    Sum(t4_id(g), tuple(t4_id(g, r) for r in T4_PART_KEYS)) for g in T4_GROUP_KEYS
)


@dataclass(frozen=True, slots=True)
class Balance:
    """Table 三's 勾稽 identity in one column (T3_NOTE): ``left`` sums to what ``right`` sums
    to — 新收 + 上年结转 = （七）总计 + 结转下年度."""

    column: str
    left: tuple[str, str]
    right: tuple[str, str]

    @property
    def ids(self) -> tuple[str, str, str, str]:
        """The four cells in print order of the note: 第一项, 第二项, 第三项, 第四项."""
        return (*self.left, *self.right)


T3_BALANCE_LEFT: tuple[str, str] = ("new", "carried_in")
T3_BALANCE_RIGHT: tuple[str, str] = (TOTAL, "carried_out")
T3_BALANCES: tuple[Balance, ...] = tuple(
    Balance(
        c,
        (t3_id(T3_BALANCE_LEFT[0], c), t3_id(T3_BALANCE_LEFT[1], c)),
        (t3_id(T3_BALANCE_RIGHT[0], c), t3_id(T3_BALANCE_RIGHT[1], c)),
    )
    for c in T3_COLUMN_KEYS
)


@cache
def _grid_index(table_key: str) -> dict[tuple[int, int], Label | Cell]:
    t = TABLE_BY_KEY[table_key]
    items: tuple[Label | Cell, ...] = (*t.labels, *t.cells)
    return {(x.row, x.col): x for x in items}


@cache
def _cover_index(table_key: str) -> dict[tuple[int, int], Label | Cell]:
    t = TABLE_BY_KEY[table_key]
    out: dict[tuple[int, int], Label | Cell] = {}
    items: tuple[Label | Cell, ...] = (*t.labels, *t.cells)
    for x in items:
        for r in range(x.row, x.row + x.rowspan):
            for c in range(x.col, x.col + x.colspan):
                out[(r, c)] = x
    return out


def table_of(cell_id: str) -> Table:
    """The table a cell id belongs to."""
    return TABLE_BY_KEY[cell_id.split(".", 1)[0]]
