"""The review rules a 政务公开办 applies before publication (R24 onward; spec §5 ends at R21 and
R22/R23 belong to the register).

- R24 the six section headings of a published source: present, in order, correctly numbered
  (a typed report has them by construction, so R24 reads the source document's lines).
- R25 the opening's list of the report's parts (“……等六个部分”) matches the format.
- R26 year on year: a count above 5× or below 1/5 of last year's, both at least 10.
- R27 applications dropped for unpaid fees (表三 （六）2) while 六 says no fee was charged or
  notified.
- R28 the 信息处理费 stated equals table 二's 行政事业性收费 amount (a known confusion).
- R29 a 信息处理费 above 0 in a year without any application.

``review_findings`` runs them; ``desktop.rules.check`` (R1–R21, including R8, R13, R18, R21
against the paired previous report) runs beside them in review mode.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from desktop.findings import Finding, Severity
from desktop.importers.normalize import similarity, to_simplified
from desktop.numbers import number_text as _n
from desktop.place import Place
from desktop.report import Report
from desktop.template import CELL_BY_ID, SECTION_TITLES, TOTAL, t2_id, t3_id, t4_id

E, W = Severity.ERROR, Severity.WARNING
_CN_NUM = "一二三四五六七八九十"
# A numbered heading this close to the format's words is that heading, misprinted (table rows
# such as “四、结转下年度继续办理” score near 0).
_ALTERED_SIMILARITY = 0.75

# --- R24: the section headings of a source document ----------------------------------------------

# What follows the numeral in each of the six headings, as units really word them (the format's
# words, with the 的 / 和 / 及 variants seen in published reports).
_HEADING_KEYS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"总体情况",
        r"主动公开政府信息(?:的)?情况",
        r"收到和处理政府信息公开申请(?:的)?情况",
        r"(?:因)?(?:政府信息公开(?:工作|申请)?)?(?:被申请)?行政复议[^。；]{0,8}行政诉讼(?:的)?情况",
        r"(?:政府信息公开工作)?存在的?主要?问题(?:及|和|与)?(?:改进|整改)",
        r"其他需要报告的事项",
    )
)
# A numeral heading anywhere in a line: web text that lost its line breaks glues headings to the
# sentence or table cell before them (“……止。一、总体情况 2023年”, “…0000000四、政府信息公开…”);
# the words after the numeral must then be one of the six headings.
_HEADING_RE = re.compile(
    r"(?<![一二三四五六七八九十第])(?P<num>[一二三四五六七八九十]{1,2})\s*[、．.]\s*"
)


def _numeral(text: str) -> int:
    if len(text) == 1:
        return _CN_NUM.index(text) + 1
    if text[0] == "十":
        return 10 + _CN_NUM.index(text[1]) + 1
    return 0  # 二十 and beyond: never a section number here


def source_headings(lines: Sequence[str]) -> list[tuple[int, int, str]]:
    """(printed number, section 1–6, heading as printed) for each section heading in the lines
    of a source document, in document order; the first heading of each section counts."""
    found: list[tuple[int, int, str]] = []
    seen: set[int] = set()
    for raw in lines:
        line = to_simplified(raw.replace("\u3000", " "))
        for m in _HEADING_RE.finditer(line):
            rest = line[m.end() : m.end() + 40]
            for k, key in enumerate(_HEADING_KEYS, start=1):
                km = key.match(rest)
                if km is None or k in seen:
                    continue
                seen.add(k)
                printed = f"{m.group('num')}、{rest[: km.end()]}"
                found.append((_numeral(m.group("num")), k, printed))
                break
    return found


def r24_structure(lines: Sequence[str]) -> list[Finding]:
    """R24: the six headings of a published source present, in order, correctly numbered."""
    heads = source_headings(lines)
    if not heads:
        return [
            Finding(
                "R24",
                E,
                f"没有找到报告的六个部分的标题（{SECTION_TITLES[0]} …… {SECTION_TITLES[5]}）；"
                "请按国办公开办函〔2021〕30号的格式分为六个部分，并写明各部分标题",
                fields=(Place.structure(),),
            )
        ]
    out: list[Finding] = []
    for printed_no, k, printed in heads:
        if printed_no != k:
            out.append(
                Finding(
                    "R24",
                    E,
                    f"第{_CN_NUM[k - 1]}部分的标题印成了“{printed}”，序号应为“{_CN_NUM[k - 1]}、”；"
                    f"请改为“{SECTION_TITLES[k - 1]}”",
                    fields=(Place.structure(),),
                )
            )
    order = [k for _, k, _ in heads]
    if order != sorted(order):
        shown = "、".join(p for _, _, p in heads)
        out.append(
            Finding(
                "R24",
                E,
                f"各部分的顺序不对：原文依次为 {shown}；请按“{SECTION_TITLES[0]}”至"
                f"“{SECTION_TITLES[5]}”的顺序排列",
                fields=(Place.structure(),),
            )
        )
    present = set(order)
    for k in range(1, 7):
        if k in present:
            continue
        altered = _altered_heading(lines, k)
        if altered:
            out.append(
                Finding(
                    "R24",
                    W,
                    f"第{_CN_NUM[k - 1]}部分的标题印成了“{altered}”，与格式不同；"
                    f"请改为“{SECTION_TITLES[k - 1]}”",
                    fields=(Place.structure(),),
                )
            )
        else:
            out.append(
                Finding(
                    "R24",
                    E,
                    f"缺少第{_CN_NUM[k - 1]}部分“{SECTION_TITLES[k - 1]}”"
                    f"（或标题的写法与格式不同）；"
                    f"请按格式补上这一部分",
                    fields=(Place.structure(),),
                )
            )
    return out


def _altered_heading(lines: Sequence[str], k: int) -> str:
    """A heading numbered k whose words are close to the format's but not the same (a typo such
    as “行政法复议”), as printed; "" when there is none."""
    title = SECTION_TITLES[k - 1][2:]
    for raw in lines:
        line = to_simplified(raw.replace("\u3000", " "))
        for m in _HEADING_RE.finditer(line):
            if _numeral(m.group("num")) != k:
                continue
            rest = line[m.end() : m.end() + len(title) + 2]
            if title[-2:] in rest:
                rest = rest[: rest.rindex(title[-2:]) + 2]
            if similarity(rest, title) >= _ALTERED_SIMILARITY:
                return f"{m.group('num')}、{rest}"
    return ""


# --- R25: the opening's list of parts ------------------------------------------------------------

# The same six parts as an opening lists them, loosely (“因政府信息公开申请行政复议、提起行政诉讼
# 的情况”, “存在的主要问题和改进措施”).
_PART_WORDS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"总体情况",
        r"主动公开",
        r"收到和处理|依申请公开|公开申请(?:的)?情况",
        r"行政复议|行政诉讼",
        r"问题",
        r"其他(?:需要)?报告|其他事项",
    )
)
_SENTENCE_RE = re.compile(r"[^。！？\n]+")
_PART_COUNT_RE = re.compile(
    r"(?:共分|分为|共|等|计)?\s*(?P<n>[一二三四五六七八九十\d]{1,2})\s*个?(?:部分|方面)"
)


def _cn(n: int) -> str:
    return _CN_NUM[n - 1] if 1 <= n <= 10 else str(n)


def _count(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    n = _numeral(text)
    return n or None


def _parts_sentence(text: str) -> tuple[str, set[int], int | None] | None:
    """The sentence of ``text`` that lists the report's parts: (sentence, parts named,
    number stated or None)."""
    if "总体情况" not in text:
        return None
    for m in _SENTENCE_RE.finditer(text):
        s = m.group(0)
        if "总体情况" not in s:
            continue
        named = {k for k, p in enumerate(_PART_WORDS, start=1) if p.search(s)}
        if len(named) < 3:
            continue  # “总体情况” mentioned in passing, not a list of parts
        cm = _PART_COUNT_RE.search(s)
        return s.strip(), named, _count(cm.group("n")) if cm else None
    return None


def r25_parts_list(report: Report, source_lines: Sequence[str] | None = None) -> list[Finding]:
    """R25: the opening's “由……等六个部分组成” names the six parts of the format. With a
    source document's lines, its text before part 二 is read too (web text whose headings the
    importer could not separate leaves the report's opening empty)."""
    prose = report.prose
    places = [(Place.opening(), "开头段落", prose.opening)]
    s1 = prose.s1
    first = s1.lead or next((p.heading + p.text for p in s1.parts if p.text.strip()), "")
    places.append((Place.lead(1), f"{SECTION_TITLES[0]} 开头段落", first))
    if source_lines is not None:
        whole = to_simplified("\n".join(source_lines))
        m = re.search(r"二\s*[、．.]\s*主动公开政府信息", whole)
        places.append((Place.opening(), "开头段落", whole[: m.start() if m else 3000]))
    for field, name, text in places:
        found = _parts_sentence(to_simplified(text)) if text else None
        if found is None:
            continue
        sentence, named, stated = found
        missing = [SECTION_TITLES[k - 1][2:] for k in range(1, 7) if k not in named]
        if not missing and stated in (None, 6):
            return []
        problems = []
        if stated is not None and stated != 6:
            problems.append(f"说报告由{_cn(stated)}个部分组成，格式规定为六个部分")
        if missing:
            listed = "说是六个部分，但" if stated == 6 else ""
            problems.append(f"{listed}没有列出“{'”“'.join(missing)}”")
        quote = sentence if len(sentence) <= 60 else sentence[:60] + "…"
        return [
            Finding(
                "R25",
                W,
                f"{name}列出报告的组成部分时{'；'.join(problems)}（原文：“{quote}”）；请按格式列出"
                f"全部六个部分：{'、'.join(t[2:] for t in SECTION_TITLES)}",
                fields=(field,),
            )
        ]
    return []


# --- R26: year on year ---------------------------------------------------------------------------

# The counts a reviewer compares with last year (R8 already chains 现行有效; R7 the carry-over).
YEAR_ON_YEAR_IDS: tuple[str, ...] = (
    t2_id("normative", "made"),
    t2_id("license"),
    t2_id("penalty"),
    t2_id("coercion"),
    t2_id("fees"),
    t3_id("new"),
    t3_id("granted"),
    t3_id("partial"),
    t3_id(TOTAL),
    t4_id("review"),
    t4_id("suit_direct"),
    t4_id("suit_after_review"),
)
# R27–R29: 申请人逾期未缴纳费用, 行政事业性收费, 新收 and 上年结转.
_UNPAID = t3_id("other_2")
_FEES = t2_id("fees")
_NEW, _CARRIED_IN = t3_id("new"), t3_id("carried_in")
_FACTOR = 5
_FLOOR = 10


def r26_year_on_year(report: Report, previous: Report) -> list[Finding]:
    """R26: a count that rose above 5× or fell below 1/5 of last year's (both ≥ 10)."""
    if previous.meta.year != report.meta.year - 1:
        return []  # R7 already says the previous report is of another year
    out: list[Finding] = []
    for cid in YEAR_ON_YEAR_IDS:  # (a dozen cells: each summed alone, not all 200)
        now, last = report.value(cid), previous.value(cid)
        if now is None or last is None or now < _FLOOR or last < _FLOOR:
            continue
        if now > last * _FACTOR:
            change = f"是上年的 {Decimal(now) / Decimal(last):.1f} 倍"
        elif now * _FACTOR < last:
            change = f"只有上年的 {Decimal(now) / Decimal(last):.0%}"
        else:
            continue
        cell = CELL_BY_ID[cid]
        out.append(
            Finding(
                "R26",
                W,
                f"{cell.describe()}：本年 {_n(now)}，{previous.meta.year} 年为 {_n(last)}，"
                f"{change}；"
                f"请核对（是否多写或漏写了一位数、填错了行或列），情况属实的可在正文中说明原因",
                cells=(cid,),
            )
        )
    return out


# --- R27–R29: 信息处理费 ------------------------------------------------------------------------

_S6 = SECTION_TITLES[5]
# Sentences of 六 that deny any fee or fee notice (“未发出收费通知”, “不涉及信息处理费”); “未收取
# 信息处理费” alone is no contradiction: an applicant who did not pay was not charged.
_NO_FEE_RE = re.compile(
    r"(?:未|没有|无|不曾)(?:向申请人)?(?:发出|下发|送达|发放|出具|开具)?(?:过)?(?:任何)?收费通知"
    r"|(?:不涉及|未涉及|未产生|没有产生|不存在|未发生|没有发生)(?:任何)?(?:政府信息公开)?"
    r"(?:信息处理费|收费)"
    r"|(?:未|没有)(?:向申请人)?(?:计收|收取或通知|通知缴纳|要求缴纳)"
)


def _s6_text(report: Report) -> str:
    return report.prose.s6.full_text()


def r27_to_r29_fees(report: Report) -> list[Finding]:
    """R27, R28, R29: 信息处理费 against table 三's unpaid-fee row, table 二's 行政事业性收费 and
    the number of applications."""
    out: list[Finding] = []
    unpaid = report.value(_UNPAID)
    if unpaid:
        s6 = _s6_text(report)
        m = _NO_FEE_RE.search(s6)
        if m:
            row = CELL_BY_ID[_UNPAID].short_row
            out.append(
                Finding(
                    "R27",
                    W,
                    f"表三 {row}填了 {_n(unpaid)} 件（即向申请人发出过收费通知），但{_S6}写的是"
                    f"“{m.group(0)}”；两处矛盾，请核对表三该行或改正第六部分的说法",
                    cells=(_UNPAID,),
                    fields=(Place.whole_section(6),),
                )
            )
    fee = report.info_fee_yuan
    admin = report.value(_FEES)
    if fee and admin and (fee == admin or fee == Decimal(admin) * 10000):
        unit = "元" if fee == admin else "元（即表中的万元数折成元）"
        out.append(
            Finding(
                "R28",
                W,
                f"{_S6}的信息处理费 {_n(fee)} {unit}与表二“行政事业性收费”的金额 {_n(admin)} 万元"
                f"相同；两者不是一回事（信息处理费是按国办函〔2020〕109号向申请人收取的费用，"
                f"通常很少或为 0），请核对信息处理费的金额",
                cells=(_FEES,),
                fields=(Place.info_fee(), Place.whole_section(6)),
            )
        )
    new, carried = report.value(_NEW), report.value(_CARRIED_IN)
    if fee and new == 0 and carried == 0:
        out.append(
            Finding(
                "R29",
                W,
                f"本年没有新收、也没有上年结转的政府信息公开申请（表三均为 0），但{_S6}填了收取"
                f"信息处理费 {_n(fee)} 元；信息处理费只向申请人收取，请核对金额或表三",
                cells=(_NEW, _CARRIED_IN),
                fields=(Place.info_fee(),),
            )
        )
    return out


# --- entry point ---------------------------------------------------------------------------------


def review_findings(
    report: Report, previous: Report | None = None, source_lines: Sequence[str] | None = None
) -> list[Finding]:
    """R24 (when the report was read from a source document's ``source_lines``), R25, R26 (with
    ``previous``), R27–R29."""
    out: list[Finding] = []
    if source_lines is not None:
        out += r24_structure(source_lines)
    out += r25_parts_list(report, source_lines)
    if previous is not None:
        out += r26_year_on_year(report, previous)
    out += r27_to_r29_fees(report)
    return out
