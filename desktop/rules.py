"""The checks of one report (spec §5): report → findings with Chinese messages.

``table_findings`` runs every rule that is cheap enough for every keystroke (the table rules
and the structural prose rules); ``check`` runs all of them. Messages name cells by their
printed labels, give the numbers and, where there is one, the fix.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Any

from desktop.findings import Finding, Severity
from desktop.numbers import COUNT_ALWAYS_OK, REVIEW_RULE, NumberKind, needs_review, review_message
from desktop.numbers import number_text as _n
from desktop.place import Place
from desktop.report import (
    INFO_FEE_NAME,
    CellValue,
    Level,
    Number,
    OrgKind,
    Report,
    Section,
    ValuesOnDemand,
    number_kind,
    plain_counts,
)
from desktop.template import (
    AMOUNT_IDS,
    CELL_BY_ID,
    CELLS,
    SECTION_TITLES,
    T2_DOC_COLUMN_KEYS,
    T2_DOC_ROW_KEYS,
    T3_APPLICANT_KEYS,
    T3_BALANCES,
    T3_COLUMN_KEYS,
    T3_ROWS,
    T4,
    T4_GROUP_KEYS,
    T4_PART_KEYS,
    T4_RESULTS,
    TABLES,
    TOTAL,
    t2_id,
    t3_id,
    t4_id,
    table_key,
)

E, W = Severity.ERROR, Severity.WARNING

# --- precomputed at import: everything the rules look up on every run -------------------------

_ROW_SHORT: dict[str, str] = {r.key: r.short for r in T3_ROWS}
_ROW_LABEL: dict[str, str] = {r.key: r.label for r in T3_ROWS}
_T3_COL_LABEL: dict[str, str] = {
    ck: CELL_BY_ID[t3_id("new", ck)].col_label for ck in T3_COLUMN_KEYS
}
# R1: per column, the ids of 新收, 上年结转, （七）总计, 结转下年度 (the 勾稽 identity).
_R1_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = tuple((b.column, b.ids) for b in T3_BALANCES)
# The same for an applicant column read from the input cells: 新收, 上年结转, 结转下年度 and
# the cells the column's 总计 sums (so no total is summed through ValuesOnDemand's lookup).
_R1_INPUT_GETTERS: dict[str, tuple[itemgetter[Any], itemgetter[Any]]] = {
    b.column: (
        itemgetter(b.ids[0], b.ids[1], b.ids[3]),
        itemgetter(*CELL_BY_ID[b.ids[2]].sources),
    )
    for b in T3_BALANCES
    if b.column != TOTAL
}
# (itemgetter of several keys gives a tuple; each column's 总计 sums several result rows.)
assert all(len(CELL_BY_ID[b.ids[2]].sources) > 1 for b in T3_BALANCES)
# "行政诉讼·未经复议直接起诉": the group as a person names it.
_T4_GROUP_LABEL: dict[str, str] = {g: CELL_BY_ID[t4_id(g)].row_label for g in T4_GROUP_KEYS}
_T4_PARTS: tuple[tuple[str, str], ...] = tuple(
    (k, label) for k, label in T4_RESULTS if k in T4_PART_KEYS
)
# R7/R8/R10: table 二's two rows of documents (规章, 行政规范性文件).
_T2_ROWS: tuple[tuple[str, str], ...] = tuple(
    (key, CELL_BY_ID[t2_id(key, T2_DOC_COLUMN_KEYS[0])].row_label) for key in T2_DOC_ROW_KEYS
)
_RULES_IDS: tuple[str, ...] = tuple(t2_id(T2_DOC_ROW_KEYS[0], col) for col in T2_DOC_COLUMN_KEYS)
_RULES_GETTER = itemgetter(*_RULES_IDS)
_FEES = t2_id("fees")
_UNPAID = t3_id("other_2")
# Blank cells are listed by a short name: the table number is said once per finding.
_BLANK_NAME: dict[str, str] = {c.id: c.short_name() for c in CELLS}
_INPUTS_BY_TABLE: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (t.number, tuple(c.id for c in t.cells if not c.computed)) for t in TABLES
)
_BLANKS_LISTED = 6
_KINDS: dict[str, NumberKind] = {c.id: number_kind(c.id) for c in CELLS if not c.computed}
_AMOUNT_INPUTS: tuple[str, ...] = tuple(cid for cid in _KINDS if cid in AMOUNT_IDS)

# R10: who may make 规章 (立法法): 国务院部门 and the governments of provinces and 设区的市.
_RULE_MAKING_GOVERNMENT_LEVELS = frozenset({Level.PROVINCE, Level.CITY})

# R11: a 行政事业性收费 amount (万元) above this for the unit's level was probably typed in 元.
# Real reports sit far below (a 县级 sample has 4106, a 设区的市级 one 96171.6); an amount typed in
# 元 is 10 000 times too large, so it lands far above for any fee income over a few 万元.
R11_LIMITS_WAN: dict[Level, Decimal] = {
    Level.TOWNSHIP: Decimal(50_000),
    Level.COUNTY: Decimal(500_000),
    Level.CITY: Decimal(2_000_000),
    Level.PROVINCE: Decimal(10_000_000),
    Level.STATE_COUNCIL_DEPT: Decimal(10_000_000),
}

_S5_TITLE, _S6_TITLE = SECTION_TITLES[4], SECTION_TITLES[5]
_EMPTY_WORDS = frozenset({"", "无", "暂无", "没有", "无其他需要报告的事项"})
_PUNCT_RE = re.compile(r"[\s。，、；：！？.,;:!?“”\"'（）()]+")
_WORD_CHAR_RE = re.compile(r"[^\s。，、；：！？.,;:!?“”\"'（）()]")
_LONGEST_EMPTY_WORD = max(len(w) for w in _EMPTY_WORDS)


# More word characters than the longest empty word has, punctuation and spaces anywhere
# between them: matched at the start, it settles a real section after a dozen characters in
# one C call (a ``finditer`` counted one match object a character, 6 µs a section).
_MORE_THAN_EMPTY_RE = re.compile(
    rf"(?:{_PUNCT_RE.pattern[:-1]}*{_WORD_CHAR_RE.pattern}){{{_LONGEST_EMPTY_WORD + 1}}}"
)


def _says_nothing(text: str) -> bool:
    """True when ``text`` without punctuation and spaces is one of _EMPTY_WORDS. Reads only
    as far as needed: a real section is settled after a dozen characters, not a full scan."""
    if _MORE_THAN_EMPTY_RE.match(text):
        return False
    return _PUNCT_RE.sub("", text) in _EMPTY_WORDS


_AMOUNT_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(万)?元")
# A thousands separator: a comma between a digit and three digits. Written to start with the
# commas (the digit before is a lookbehind after them) so the search skips to the next comma
# instead of trying a lookbehind at every character: 2.4× faster over a section's text.
_THOUSANDS_RE = re.compile(r"[,，](?<=\d[,，])(?=\d{3})")
_FEE_WORD = "信息处理费"
_FEE_NOTICE_WORD = "收费通知"


def _zh_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# --- table 三 --------------------------------------------------------------------------------


def _r1_message(ck: str, note: str, n: Number, p: Number, t: Number, f: Number) -> str:
    new_s, in_s = _ROW_SHORT["new"], _ROW_SHORT["carried_in"]
    tot_s, out_s = _ROW_SHORT["total"], _ROW_SHORT["carried_out"]
    expected_f = n + p - t
    if expected_f >= 0:
        fix = f"{out_s}应为 {_n(expected_f)}，或核对办理结果"
    else:
        fix = f"办理结果比{new_s}与{in_s}之和多 {_n(t - n - p)} 件，请核对办理结果各行和{new_s}"
    return (
        f"表三 {_T3_COL_LABEL[ck]} 列{note}：{new_s} {_n(n)} + {in_s} {_n(p)} = "
        f"{_n(n + p)}，但{tot_s} {_n(t)} + {out_s} {_n(f)} = {_n(t + f)}；{fix}"
    )


def _r1(report: Report, vals: ValuesOnDemand) -> list[Finding]:
    """R1: N + P = T + F in every column of table 三."""
    out: list[Finding] = []
    printed = report.printed_totals
    inputs = report.cells
    for ck, ids in _R1_COLUMNS:
        note = ""
        if ck == TOTAL:
            # Computed, the 总计 column holds whenever the applicant columns do; only totals
            # printed in a source document can break it on their own.
            if not printed or not any(printed.get(i) is not None for i in ids):
                continue
            nums = [printed.get(i) if printed.get(i) is not None else vals[i] for i in ids]
            note = "（按原报告印出的总计）"
            n, p, t, f = nums
            if n is None or p is None or t is None or f is None or n + p == t + f:
                continue
        else:
            # As ``getter(vals)`` would give them, the total summed as Report.values sums it.
            edges, sources = _R1_INPUT_GETTERS[ck]
            n, p, f = edges(inputs)
            if n is None or p is None or f is None:
                continue
            try:
                t = sum(sources(inputs))
            except TypeError:  # a blank result cell: the total is blank
                continue
            if n + p == t + f:
                continue
        # The cell the message says to fix comes first: a finding's link jumps to cells[0].
        cells = (ids[3], ids[0], ids[1], ids[2]) if n + p - t >= 0 else ids
        out.append(Finding.later("R1", E, _r1_message, (ck, note, n, p, t, f), cells))
    return out


def _printed_message(
    cid: str, shown: Number, computed: Number, parts: tuple[CellValue, ...]
) -> str:
    fix = f"请核对各分项，或改用计算得出的 {_n(computed)}"
    _, row, col = cid.split(".")
    if table_key(cid) == T4:
        listed = " + ".join(
            f"{label} {_n(v)}" for (_, label), v in zip(_T4_PARTS, parts, strict=True)
        )
        return (
            f"表四 {_T4_GROUP_LABEL[row]}：原报告印的总计为 {_n(shown)}，"
            f"但{listed} = {_n(computed)}；{fix}"
        )
    if row == TOTAL:
        return (
            f"表三 {_T3_COL_LABEL[col]} 列：原报告印的{_ROW_LABEL[TOTAL]}为 {_n(shown)}，"
            f"但（一）至（六）各项办理结果之和为 {_n(computed)}；{fix}"
        )
    return (
        f"表三 {_ROW_LABEL[row]} 行：原报告印的总计为 {_n(shown)}，"
        f"但自然人与法人或其他组织各列之和为 {_n(computed)}；{fix}"
    )


def _printed_totals(report: Report, vals: ValuesOnDemand) -> list[Finding]:
    """R2, R3, R6: totals printed in a source document against the sums of their parts."""
    out: list[Finding] = []
    for cid, shown in report.printed_totals.items():
        computed = vals[cid]
        if shown is None or computed is None or shown == computed:
            continue
        _, row, _ = cid.split(".")
        parts: tuple[CellValue, ...] = ()
        if table_key(cid) == T4:
            rule = "R6"
            parts = tuple(vals[t4_id(row, k)] for k, _ in _T4_PARTS)
        else:
            rule = "R2" if row == TOTAL else "R3"
        out.append(Finding.later(rule, E, _printed_message, (cid, shown, computed, parts), (cid,)))
    return out


# --- last year ----------------------------------------------------------------------------------


def _r7_message(ck: str, here: Number, there: Number, prev_year: int) -> str:
    in_s, out_s = _ROW_SHORT["carried_in"], _ROW_SHORT["carried_out"]
    return (
        f"表三 {_T3_COL_LABEL[ck]} 列：{in_s} {_n(here)}，但 {prev_year} 年报告的"
        f"{out_s}为 {_n(there)}；{in_s}应为 {_n(there)}，或核对上年度报告"
    )


def _r8_message(
    label: str,
    prev_year: int,
    last: Number,
    made: Number,
    repealed: Number,
    expected: Number,
    valid: Number,
) -> str:
    return (
        f"表二 {label}：{prev_year} 年现行有效 {_n(last)} + 本年制发 {_n(made)} − 本年废止 "
        f"{_n(repealed)} = {_n(expected)}，但本年现行有效件数为 {_n(valid)}；请核对"
        f"（文件到期自动失效也会使件数减少，这种情况可在正文中说明）"
    )


def _previous_year(report: Report, previous: Report) -> list[Finding]:
    """R7 (carry-over) and R8 (documents in force) against last year's report."""
    year, prev_year = report.meta.year, previous.meta.year
    if prev_year != year - 1:
        return [
            Finding(
                "R7",
                W,
                f"所选的上年度报告是 {prev_year} 年的，不是 {year - 1} 年的，无法核对上年结转和"
                f"现行有效件数；请选择 {year - 1} 年的报告",
                fields=(Place.previous(),),
            )
        ]
    out: list[Finding] = []
    cells, prev = report.cells, previous.cells
    for ck in T3_APPLICANT_KEYS:
        here_id = t3_id("carried_in", ck)
        here, there = cells[here_id], prev[t3_id("carried_out", ck)]
        if here is None or there is None or here == there:
            continue
        out.append(Finding.later("R7", W, _r7_message, (ck, here, there, prev_year), (here_id,)))
    for key, label in _T2_ROWS:
        ids = tuple(t2_id(key, col) for col in T2_DOC_COLUMN_KEYS)
        made, repealed, valid = (cells[i] for i in ids)
        last = prev[ids[2]]
        if made is None or repealed is None or valid is None or last is None:
            continue
        expected = last + made - repealed
        if expected == valid:
            continue
        args = (label, prev_year, last, made, repealed, expected, valid)
        out.append(Finding.later("R8", W, _r8_message, args, ids))
    return out


# --- table 二 and the unit ----------------------------------------------------------------------


def _unit_words(report: Report) -> str:
    return _kind_words(report.meta.level, report.meta.org_kind)


def _kind_words(level: Level, kind: OrgKind) -> str:
    return f"{level.value}{'单位' if kind is OrgKind.OTHER else kind.value}"


def _r10_message(level: Level, kind: OrgKind, filled: tuple[tuple[str, CellValue], ...]) -> str:
    unit_words = _kind_words(level, kind)
    listed = "、".join(f"{CELL_BY_ID[c].col_label} {_n(v)}" for c, v in filled)
    row = _T2_ROWS[0][1]
    return (
        f"表二 {row} 行：按基本信息，本单位是{unit_words}，无权制定{row}（只有国务院"
        f"部门和省级、设区的市级人民政府可以），但填了{listed}；如果是行政规范性文件，请填到"
        f"“{_T2_ROWS[1][1]}”行，{row}行填 0；如果基本信息中的层级有误，请改正"
    )


def _r10(report: Report, vals: ValuesOnDemand) -> list[Finding]:
    """R10: only 国务院部门 and provincial / 设区的市 governments make 规章."""
    meta = report.meta
    level, kind = meta.level, meta.org_kind
    if level is Level.STATE_COUNCIL_DEPT or (
        kind is OrgKind.GOVERNMENT and level in _RULE_MAKING_GOVERNMENT_LEVELS
    ):
        return []
    values = _RULES_GETTER(vals)  # the row's cells in one call; most units made none
    if not any(values):
        return []
    pairs = tuple((c, v) for c, v in zip(_RULES_IDS, values, strict=True) if v)
    filled = tuple(c for c, _ in pairs)
    # The unit's words are put together when the message is read (a merge reads few).
    return [Finding.later("R10", W, _r10_message, (level, kind, pairs), filled)]


def _r11(report: Report, vals: ValuesOnDemand) -> list[Finding]:
    """R11: 行政事业性收费 is in 万元; an implausibly large amount was probably typed in 元."""
    fee = vals[_FEES]
    limit = R11_LIMITS_WAN[report.meta.level]
    if fee is None or fee <= limit:
        return []
    cell = CELL_BY_ID[_FEES]
    # 1 亿 = 10 000 万: the amount in 亿元 is also what it would be in 万元 had it been typed in 元.
    as_wan = Decimal(fee) / 10000
    return [
        Finding(
            "R11",
            W,
            f"表二 {cell.row_label}：{cell.col_label}填的是 {_n(fee)}，即 {_n(as_wan)} 亿元，"
            f"对{report.meta.level.value}单位来说过大，可能是按“元”填写的；如果原数是元，"
            f"请改填 {_n(as_wan)}（万元）",
            cells=(_FEES,),
        )
    ]


# --- completeness -------------------------------------------------------------------------------


def _r12_message(number: str, blank: tuple[str, ...]) -> str:
    names = "、".join(_BLANK_NAME[cid] for cid in blank[:_BLANKS_LISTED])
    more = f"等 {len(blank)} 个" if len(blank) > _BLANKS_LISTED else ""
    return (
        f"表{number} 还有 {len(blank)} 个单元格未填：{names}{more}；"
        f"没有发生的事项请填 0（未填不等于 0）"
    )


def _r12(report: Report) -> list[Finding]:
    """R12: no blank cells (a number not entered is not 0); one finding per table."""
    out: list[Finding] = []
    cells = report.cells
    # A finished report (every merged unit, ideally) has no blank cell: one C-level pass over
    # the values (a blank input is among them; a stray None elsewhere only costs the search).
    tables = _INPUTS_BY_TABLE if None in cells.values() else ()
    for number, ids in tables:
        blank = tuple(cid for cid in ids if cells[cid] is None)
        if not blank:
            continue
        out.append(Finding.later("R12", E, _r12_message, (number, blank), blank))
    if report.info_fee_yuan is None:
        out.append(
            Finding(
                "R12",
                E,
                f"{_S6_TITLE}：本年收取的{_FEE_WORD}金额未填；没有收取请填 0",
                fields=(Place.info_fee(),),
            )
        )
    return out


def _r5_message(value: Number, cid: str) -> str:
    return review_message(value, _KINDS[cid], CELL_BY_ID[cid].describe())


def _r5_review(report: Report) -> list[Finding]:
    """R5 (spec §10): a value a file or an import may hold but typing would refuse — a count
    of 10 to 15 digits, an amount with more decimals than its unit takes — is kept as written
    and flagged for checking."""
    out: list[Finding] = []
    cells = report.cells
    # Nearly every report holds only counts typing accepts: then only its amounts need a look.
    ids = _AMOUNT_INPUTS if plain_counts(cells) else cells.keys()
    for cid in ids:
        value = cells[cid]
        # Nearly every cell is a count typing would accept: settled without a call.
        if value is None or (type(value) is int and 0 <= value <= COUNT_ALWAYS_OK):
            continue
        if needs_review(value, _KINDS[cid]):
            out.append(Finding.later(REVIEW_RULE, W, _r5_message, (value, cid), (cid,)))
    fee = report.info_fee_yuan
    if fee is not None and needs_review(fee, NumberKind.YUAN):
        message = review_message(fee, NumberKind.YUAN, INFO_FEE_NAME)
        out.append(Finding(REVIEW_RULE, W, message, fields=(Place.info_fee(),)))
    return out


# --- section 六 and the dates ---------------------------------------------------------------------


def _written(section: Section) -> str:
    """What a section really says: the lead and the sub-parts that have text (a new report's
    standard headings alone say nothing)."""
    # (``t and not t.isspace()`` is ``bool(t.strip())`` without copying the text.)
    chunks = [section.lead] + [
        f"{p.heading}{p.text}" for p in section.parts if p.text and not p.text.isspace()
    ]
    return "\n".join(c for c in chunks if c and not c.isspace())


def _states_amount(text: str, yuan: Decimal) -> bool:
    """Whether the text names the amount in 元 or 万元 (“收取信息处理费120元”, “0.012万元”)."""
    if "元" not in text:  # every amount _AMOUNT_RE reads ends in 元
        return False
    plain = _THOUSANDS_RE.sub("", text)
    for m in _AMOUNT_RE.finditer(plain):
        value = Decimal(m.group(1))
        if (value * 10000 if m.group(2) else value) == yuan:
            return True
    return False


def _r13_fee_message(fee: Decimal) -> str:
    return (
        f"{_S6_TITLE}：填写的本年收取{_FEE_WORD}为 {_n(fee)} 元，但第六部分正文没有"
        f"写明这个金额；请写明收取{_FEE_WORD} {_n(fee)} 元"
    )


def _r13_notice_message(unpaid: Number) -> str:
    return (
        f"表三 {_ROW_LABEL['other_2']} 共 {_n(unpaid)} 件，但{_S6_TITLE}没有说明"
        f"{_FEE_NOTICE_WORD}的情况；请在第六部分写明发出{_FEE_NOTICE_WORD}及申请人逾期"
        f"未缴费的情况"
    )


def _r13_r20(report: Report, vals: ValuesOnDemand) -> list[Finding]:
    """R13 (fees named in 六) and R20's structural part (五 and 六 written; 六 names 信息处理费)."""
    out: list[Finding] = []
    s5, s6 = _written(report.prose.s5), _written(report.prose.s6)
    if _says_nothing(s5):
        out.append(
            Finding(
                "R20",
                W,
                f"{_S5_TITLE} 没有写内容（或只写了“无”）；请写明本年度工作中存在的主要问题、"
                f"上年度所列问题的改进情况和下一步工作举措",
                fields=(Place.whole_section(5),),
            )
        )
    s6_empty = _says_nothing(s6)
    if s6_empty:
        out.append(
            Finding(
                "R20",
                W,
                f"{_S6_TITLE} 没有写内容（或只写了“无”）；至少要写明{_FEE_WORD}的收取情况"
                f"（没有收取也要写明“未收取{_FEE_WORD}”）",
                fields=(Place.whole_section(6),),
            )
        )
    fee = report.info_fee_yuan
    amount_missing = fee is not None and fee > 0 and not _states_amount(s6, fee)
    if amount_missing and fee is not None:
        places = (Place.whole_section(6), Place.info_fee())
        out.append(Finding.later("R13", W, _r13_fee_message, (fee,), fields=places))
    elif not s6_empty and _FEE_WORD not in s6:
        out.append(
            Finding(
                "R20",
                W,
                f"{_S6_TITLE} 没有提到{_FEE_WORD}；请写明本年度{_FEE_WORD}的收取情况"
                f"（没有收取也要写明“未收取{_FEE_WORD}”）",
                fields=(Place.whole_section(6),),
            )
        )
    unpaid = vals[_UNPAID]
    if unpaid and _FEE_NOTICE_WORD not in s6:
        place = (Place.whole_section(6),)
        out.append(Finding.later("R13", W, _r13_notice_message, (unpaid,), (_UNPAID,), place))
    return out


def deadline(report: Report) -> date | None:
    """The legal publication deadline (条例 art. 49), or None for 乡镇 (set locally)."""
    meta = report.meta
    if meta.level is Level.TOWNSHIP:
        return None
    if meta.org_kind is OrgKind.GOVERNMENT and meta.level is not Level.STATE_COUNCIL_DEPT:
        return date(meta.year + 1, 3, 31)
    return date(meta.year + 1, 1, 31)


def _r18_dates(report: Report) -> list[Finding]:
    """R18's date part: published after the year ends and by the deadline."""
    published, year = report.meta.published, report.meta.year
    if published is None:
        return []
    if published.year <= year:
        return [
            Finding(
                "R18",
                W,
                f"发布日期 {_zh_date(published)} 不在报告年度（{year}年）结束之后；年度报告应在"
                f"次年发布，请核对发布日期或报告年度",
                fields=(Place.meta("published"),),
            )
        ]
    last = deadline(report)
    if last is None or published <= last:
        return []
    return [
        Finding(
            "R18",
            W,
            f"发布日期 {_zh_date(published)} 晚于法定期限：{_unit_words(report)}的年度报告应在 "
            f"{_zh_date(last)} 前公布（《政府信息公开条例》第四十九条）；请核对发布日期",
            fields=(Place.meta("published"),),
        )
    ]


# --- entry points -------------------------------------------------------------------------------


def table_findings(report: Report, previous: Report | None = None) -> list[Finding]:
    """Every rule cheap enough to re-run on each keystroke: R1, R2, R3, R6, R7, R8, R10, R11,
    R12, R13, R18 (dates), R20 (structure), R22 and R23 (the register) and R5 (values to
    check, spec §10). ``previous`` defaults to ``report.previous``."""
    vals = report.values_on_demand()
    out = _r1(report, vals)
    if report.printed_totals:
        out += _printed_totals(report, vals)
    prev = previous if previous is not None else report.previous
    if prev is not None:
        out += _previous_year(report, prev)
    out += _r10(report, vals)
    out += _r11(report, vals)
    out += _r12(report)
    out += _r13_r20(report, vals)
    out += _r18_dates(report)
    out += _r5_review(report)
    if not report.ledger.empty:
        from desktop.register.checks import r22, r23

        out += r22(report)
        out += r23(report)
    return out


def check(report: Report, previous: Report | None = None) -> list[Finding]:
    """All rules for one report: ``table_findings`` plus the rules that scan the prose in depth
    (R16, R18's prose part, R20's content part, R21; see ``desktop.prose_rules``)."""
    from desktop.prose_rules import prose_findings  # prose_rules imports nothing from here

    prev = previous if previous is not None else report.previous
    return table_findings(report, prev) + prose_findings(report, prev)
