"""Standard sentences written from the report's data (issue 6 §1).

Pure functions of the report: no I/O, no formatting. The Word and HTML writers use the opening
paragraph and the 信息处理费 sentence when the user left those parts empty; the GUI inserts any
of them at the cursor (插入标准表述). Numbers are Arabic digits; outcome names are the
template's own words. A blank input cell is never written as 0: the sentences the GUI inserts
show ``BLANK_MARK`` in its place, and ``info_fee_sentence`` returns "" so the writers mark the
gap instead of guessing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum

from desktop.report import CellValue, Report
from desktop.template import T2_DOC_COLUMN_KEYS, T3_BALANCES, T3_ROWS, t2_id, t3_id, t4_id

INFO_FEE_WORD = "信息处理费"
BLANK_MARK = "【未填】"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》"


def _sentence(text: str) -> str:
    """``text`` ending in one full stop (user text may already end in punctuation)."""
    text = text.strip()
    if not text or text[-1] in "。！？.!?":
        return text
    return text.rstrip("；;，,：:") + "。"


def opening_paragraph(report: Report) -> str:
    """The customary opening paragraph: legal basis, the 30号 notice, the statistics period and,
    when the report has one, the contact line."""
    year = report.meta.year
    org = report.meta.org_name or "本机关"
    text = (
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
        "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作"
        "年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求，"
        f"由{org}编制。"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    )
    return text + contact_sentence(report)


def contact_sentence(report: Report) -> str:
    """The contact line of the opening (如对本报告有疑问，请联系：…), or "" when none is filled."""
    contact = report.meta.contact.strip()
    return _sentence(f"如对本报告有疑问，请联系：{contact}") if contact else ""


def format_yuan(amount: Decimal) -> str:
    """Money as written in prose: no trailing zeros, no exponent (``1200``, ``12.5``)."""
    if amount == amount.to_integral_value():
        return str(int(amount))
    return format(amount.normalize(), "f")


def info_fee_sentence(report: Report) -> str:
    """The sentence of section 六 on the 信息处理费 (国办函〔2020〕109号) for the recorded amount.

    Returns an empty string while the amount is not filled in (``info_fee_yuan is None``): the
    writers then mark the gap instead of guessing.
    """
    fee = report.info_fee_yuan
    if fee is None:
        return ""
    year = report.meta.year
    if fee == 0:
        return f"{year}年度，本机关未收取{INFO_FEE_WORD}。"
    return (
        f"{year}年度，本机关依据《政府信息公开信息处理费管理办法》收取"
        f"{INFO_FEE_WORD}{format_yuan(fee)}元。"
    )


def mentions_info_fee(report: Report) -> bool:
    """Whether the user's own words in section 六 already report the 信息处理费.

    A heading alone (``（三）信息处理费收取情况`` with no text, as new reports start) is not a
    statement; a run-in heading ending in 。 is.
    """
    s6 = report.prose.s6
    if INFO_FEE_WORD in s6.lead:
        return True
    return any(
        INFO_FEE_WORD in p.text or (INFO_FEE_WORD in p.heading and p.heading.endswith("。"))
        for p in s6.parts
    )


def info_fee_part(report: Report) -> int | None:
    """The index of the empty sub-part of 六 whose heading announces the 信息处理费, where the
    generated sentence belongs; None when the sentence goes at the end of the section."""
    for i, p in enumerate(report.prose.s6.parts):
        if INFO_FEE_WORD in p.heading and not p.text.strip():
            return i
    return None


_DIGITS = "零一二三四五六七八九"
_NUMBERED_HEADING = re.compile(r"^([（(])([一二三四五六七八九十]+)([）)])")


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 23 → 二十三 (1…99)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def renumber_headings(headings: list[str]) -> list[str]:
    """Sub-part headings with their （一）（二）… numbers following their order: a heading
    that starts with a bracketed Chinese number gets the number of its place among the
    numbered headings; any other heading is left exactly as written."""
    out = []
    n = 0
    for heading in headings:
        match = _NUMBERED_HEADING.match(heading)
        if match is None:
            out.append(heading)
            continue
        n += 1
        out.append(f"{match.group(1)}{chinese_ordinal(n)}{match.group(3)}{heading[match.end() :]}")
    return out


@functools.cache  # the template's; asked for by each standard sentence and R16 check
def outcome_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Table 三's outcome groups in template order: (name, row keys), e.g.
    ("予以公开", ("granted",)), ("不予公开", ("withheld_1", …, "withheld_8")).

    Names come from the template's short row forms (``不予公开·属于国家秘密`` → ``不予公开``).
    """
    groups: dict[str, list[str]] = {}
    for row in T3_ROWS:
        if row.computed or row.key in ("new", "carried_in", "carried_out"):
            continue
        name = row.short.split("·", 1)[0]
        groups.setdefault(name, []).append(row.key)
    return tuple((name, tuple(keys)) for name, keys in groups.items())


def _sum(report: Report, cell_ids: tuple[str, ...] | list[str]) -> CellValue:
    total: int | Decimal = 0
    for cid in cell_ids:
        v = report.value(cid)
        if v is None:
            return None
        total += v
    return total


def t3_total(report: Report, row_keys: tuple[str, ...] | list[str]) -> int | None:
    """Sum of table 三's 总计 column over ``row_keys``; None when any cell is blank."""
    v = _sum(report, [t3_id(k) for k in row_keys])
    return None if v is None else int(v)


# 行政诉讼 is two groups of table 四.
_SUIT_TOTALS = (t4_id("suit_direct"), t4_id("suit_after_review"))


def suit_total(report: Report) -> int | None:
    """行政诉讼 in all: 未经复议直接起诉 总计 + 复议后起诉 总计."""
    v = _sum(report, _SUIT_TOTALS)
    return None if v is None else int(v)


def _n(value: CellValue) -> str:
    return BLANK_MARK if value is None else str(value)


def application_sentences(report: Report) -> str:
    """一（二）依申请公开: applications received, carried in, handled or carried over, each
    non-zero outcome group, then 行政复议 and 行政诉讼."""
    new, carried_in, handled, carried_out = (report.value(c) for c in T3_BALANCES[-1].ids)

    if new == 0 and carried_in == 0:
        first = "全年未收到政府信息公开申请，上年结转0件。"
    else:
        first = f"全年共收到政府信息公开申请{_n(new)}件，上年结转{_n(carried_in)}件，"
        if carried_out == 0:
            first += "均已办结。"
        else:
            first += f"办结{_n(handled)}件，结转下年度继续办理{_n(carried_out)}件。"

    outcomes = []
    for name, keys in outcome_groups():
        count = t3_total(report, keys)
        if count is None:
            outcomes.append(f"{name}{BLANK_MARK}件")
        elif count > 0:
            outcomes.append(f"{name}{count}件")
    second = f"其中，{'，'.join(outcomes)}。" if outcomes and handled != 0 else ""

    review = report.value(t4_id("review"))
    third = f"全年共发生政府信息公开行政复议{_n(review)}件、行政诉讼{_n(suit_total(report))}件。"
    return first + second + third


def normative_sentence(report: Report) -> str:
    """一（三）: 行政规范性文件 made, repealed and in force (table 二)."""
    made, repealed, valid = (report.value(t2_id("normative", c)) for c in T2_DOC_COLUMN_KEYS)
    return (
        f"本年度制发行政规范性文件{_n(made)}件，废止行政规范性文件{_n(repealed)}件，"
        f"现行有效的行政规范性文件共{_n(valid)}件。"
    )


def active_disclosure_sentence(report: Report) -> str:
    """一（一）主动公开: what table 二 records — 规章 and 行政规范性文件 made, repealed and in
    force, the 行政许可 / 行政处罚 / 行政强制 decisions and the 行政事业性收费 (万元)."""

    def v(row: str, col: str | None = None) -> CellValue:
        return report.value(t2_id(row, col))

    org = report.meta.org_name or "本机关"
    return (
        f"{report.meta.year}年，{org}坚持以公开为常态、不公开为例外，依法主动公开政府信息。"
        f"本年度制发规章{_n(v('rules', 'made'))}件、废止{_n(v('rules', 'repealed'))}件，"
        f"现行有效规章{_n(v('rules', 'valid'))}件；"
        f"制发行政规范性文件{_n(v('normative', 'made'))}件、"
        f"废止{_n(v('normative', 'repealed'))}件，"
        f"现行有效行政规范性文件{_n(v('normative', 'valid'))}件。"
        f"全年作出行政许可决定{_n(v('license'))}件、行政处罚决定{_n(v('penalty'))}件、"
        f"行政强制决定{_n(v('coercion'))}件，"
        f"收取行政事业性收费{_amount(v('fees'))}万元。"
    )


def _amount(value: CellValue) -> str:
    if value is None:
        return BLANK_MARK
    return format_yuan(Decimal(value))


# Section 五 in three parts, named as the findings name them (R20: 上年度问题的改进情况).
S5_TOPICS: tuple[str, ...] = ("本年度存在的主要问题", "上年度问题的改进情况", "下一步举措")


def s5_starters(report: Report) -> tuple[str, ...]:
    """An editable opening sentence for each of ``S5_TOPICS`` (the user completes the ……)."""
    year = report.meta.year
    org = report.meta.org_name or "本机关"
    return (
        f"{year}年，{org}政府信息公开工作取得了一定成效，但也存在一些不足：一是……；二是……。",
        f"针对{year - 1}年度报告中指出的问题，{org}……，相关问题已整改到位。",
        f"{year + 1}年，{org}将……，进一步提升政府信息公开工作质量。",
    )


class SentenceKind(StrEnum):
    """Which standard sentence a prose place can take."""

    OPENING = "opening"
    ACTIVE = "active"
    APPLICATIONS = "applications"
    NORMATIVE = "normative"
    INFO_FEE = "info_fee"

    @property
    def label(self) -> str:
        """What the GUI action says."""
        return {
            "opening": "插入标准开头段落",
            "active": "插入主动公开标准表述",
            "applications": "插入依申请公开标准表述",
            "normative": "插入行政规范性文件标准表述",
            "info_fee": "插入信息处理费标准表述",
        }[self.value]


def info_fee_sentence_marked(report: Report) -> str:
    """``info_fee_sentence``, or while the amount is not filled in a sentence that shows the
    gap (``BLANK_MARK``), for inserting into the text."""
    return info_fee_sentence(report) or (
        f"{report.meta.year}年度，本机关依据{FEE_MEASURES}收取{INFO_FEE_WORD}{BLANK_MARK}元。"
    )


BUILDERS: dict[SentenceKind, Callable[[Report], str]] = {
    SentenceKind.OPENING: opening_paragraph,
    SentenceKind.ACTIVE: active_disclosure_sentence,
    SentenceKind.APPLICATIONS: application_sentences,
    SentenceKind.NORMATIVE: normative_sentence,
    SentenceKind.INFO_FEE: info_fee_sentence_marked,
}


def standard_sentence(kind: SentenceKind, report: Report) -> str:
    """The standard sentence of ``kind`` for ``report``."""
    return BUILDERS[kind](report)


def kinds_for_place(section: int | None, heading: str = "") -> tuple[SentenceKind, ...]:
    """The standard sentences that fit a prose place: ``section`` None is the opening paragraph;
    otherwise 1, 5 or 6 and the sub-part heading (units word headings their own way, so this
    looks for the topic's key words). Every sentence stays available from a menu; these are
    the ones offered first."""
    if section is None:
        return (SentenceKind.OPENING,)
    if section == 1:
        if "申请" in heading:
            return (SentenceKind.APPLICATIONS,)
        if "主动" in heading:
            return (SentenceKind.ACTIVE,)
        if "管理" in heading or "规范性文件" in heading:
            return (SentenceKind.NORMATIVE,)
        return ()
    if section == 6:
        if "处理费" in heading or not heading:
            return (SentenceKind.INFO_FEE,)
    return ()
