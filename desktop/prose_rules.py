"""The prose-scanning rules: R16 (numbers in the words against the tables), R18's prose part
(a wrong year where the report year is meant), R20's content part and R21 (text copied from
last year's report).

These read every paragraph, so the GUI runs them debounced when prose changes, not on every
table keystroke; ``desktop.rules.check`` runs them together with the table rules.

Matching is deliberately conservative: a statement is compared with a table only when its
wording clearly names the quantity (“收到…申请11件”, “予以公开5件”, “行政复议0件”), never a
number merely near such words, because a false alarm on a correct report costs users more
trust than a missed one.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from desktop.cancel import checkpoint
from desktop.findings import Finding, Severity
from desktop.place import Place, PlaceKind
from desktop.report import OrgKind, Report, Section
from desktop.standard_text import (
    application_sentences,
    format_yuan,
    info_fee_sentence,
    normative_sentence,
    outcome_groups,
    suit_total,
    t3_total,
)
from desktop.template import (
    CELL_BY_ID,
    PROSE_SECTIONS,
    SECTION_TITLES,
    T3_BALANCES,
    T3_ROWS,
    t2_id,
    t3_id,
    t4_id,
)

Number = int | Decimal

# --- prose places -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProsePlace:
    """One editable piece of prose: where it is (``field``), the name users know it by, and its
    text. ``section`` is 1, 5, 6 for the prose sections, 2–4 for a table's
    introductory sentence, None for the opening paragraph and 0 for the title."""

    field: Place
    name: str
    text: str
    section: int | None
    heading: str = ""
    first: bool = False  # the first paragraph of its section
    is_heading: bool = False


def _short_heading(heading: str) -> str:
    h = heading.strip()
    for stop in "。：:":
        if stop in h:
            h = h.split(stop, 1)[0]
    return h if len(h) <= 24 else h[:24] + "…"


def prose_places(report: Report) -> list[ProsePlace]:
    """Every piece of prose in the report, in document order (title, opening, sections)."""
    prose = report.prose
    places: list[ProsePlace] = []
    if prose.title:
        places.append(ProsePlace(Place.title(), "标题", prose.title, 0))
    places.append(ProsePlace(Place.opening(), "开头段落", prose.opening, None))
    for number in (1, 5, 6):
        sec = prose.section(number)
        title = SECTION_TITLES[number - 1]
        first = True
        if sec.lead.strip():
            places.append(
                ProsePlace(Place.lead(number), f"{title} 导语", sec.lead, number, "", True)
            )
            first = False
        for i, part in enumerate(sec.parts):
            name = f"{title} {_short_heading(part.heading) or f'第{i + 1}部分'}"
            if part.heading.strip():
                places.append(
                    ProsePlace(
                        Place.heading(number, i),
                        f"{name}（小标题）",
                        part.heading,
                        number,
                        part.heading,
                        is_heading=True,
                    )
                )
            places.append(
                ProsePlace(
                    Place.text(number, i),
                    name,
                    part.text,
                    number,
                    part.heading,
                    first and bool(part.text.strip()),
                )
            )
            if part.text.strip():
                first = False
        if number == 1:
            for t in (2, 3, 4):
                intro = prose.table_intros.get(t, "")
                if intro:
                    places.append(
                        ProsePlace(
                            Place.table_intro(t), f"{SECTION_TITLES[t - 1]} 表前说明", intro, t
                        )
                    )
    return places


# --- text normalisation with a map back to the original ----------------------------------------

_PUNCT = str.maketrans(
    {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
)
_SPACE = frozenset(" \t\r\u3000\u00a0*")  # '*' : bold markers left over from web copies
SENTENCE_END = "。！？；\n"
CLAUSE_END = "，" + SENTENCE_END


class _Norm:
    """Text without spaces, with ASCII digits and full-width punctuation; ``pos[i]`` is the
    original index of normalised character ``i``. Copied reports put spaces around numbers
    (“11 件”) and mix half- and full-width commas; the patterns need neither.

    Shared through the ``_normalise`` cache, so treated as immutable; the stop positions are
    found on first use (most texts hold no claim and never need them)."""

    __slots__ = ("_clause_stops", "_stops", "pos", "text")

    def __init__(self, text: str, pos: Sequence[int]) -> None:
        self.text = text
        self.pos = pos  # a range when nothing was dropped, else a compact array
        self._clause_stops: Sequence[int] | None = None
        self._stops: Sequence[int] | None = None

    @property
    def clause_stops(self) -> Sequence[int]:
        """Indexes of the clause stops (CLAUSE_END) in ``text``, ascending."""
        if self._clause_stops is None:
            self._clause_stops = array(
                "q", [m.start() for m in _CLAUSE_STOP_RE.finditer(self.text)]
            )
        return self._clause_stops

    @property
    def stops(self) -> Sequence[int]:
        """Indexes of the sentence stops (SENTENCE_END) in ``text``, ascending."""
        if self._stops is None:
            t = self.text
            self._stops = array("q", [i for i in self.clause_stops if t[i] != "，"])
        return self._stops

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original (start, end) of normalised [start, end)."""
        return (self.pos[start], self.pos[end - 1] + 1)

    def sentence(self, i: int) -> tuple[int, int]:
        """Normalised bounds of the sentence around index ``i`` (end excludes the stop)."""
        stops = self.stops
        k = bisect_left(stops, i)  # stops before i: k; the first at or after i: stops[k]
        start = stops[k - 1] + 1 if k else 0
        return (start, stops[k] if k < len(stops) else len(self.text))

    def clause_start(self, lo: int, i: int) -> int:
        """Just after the last clause stop in [lo, i), or ``lo`` when there is none."""
        stops = self.clause_stops
        k = bisect_left(stops, i)
        return stops[k - 1] + 1 if k and stops[k - 1] >= lo else lo

    def clause_end(self, i: int, hi: int) -> int:
        """The first clause stop in [i, hi), or ``hi`` when there is none."""
        stops = self.clause_stops
        k = bisect_left(stops, i)
        return stops[k] if k < len(stops) and stops[k] < hi else hi


def _width_table() -> dict[int, str]:
    # Full-width ASCII forms as NFKC makes them, then the punctuation the patterns expect:
    # one C-level ``str.translate`` instead of a Python step per character.
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):
        c = unicodedata.normalize("NFKC", chr(code))
        table[code] = (c if len(c) == 1 else chr(code)).translate(_PUNCT)
    for code, target in _PUNCT.items():
        table[code] = str(target)
    # “，（：” map to themselves; leaving them out lets plain Chinese text skip translate.
    return {code: c for code, c in table.items() if chr(code) != c}


_WIDTH = _width_table()
_WIDTH_RE = re.compile("[" + re.escape("".join(sorted(map(chr, _WIDTH)))) + "]")
_SPACE_RE = re.compile("[" + re.escape("".join(sorted(_SPACE))) + "]")
_CLAUSE_STOP_RE = re.compile("[" + re.escape(CLAUSE_END) + "]")


@functools.lru_cache(maxsize=256)
def _normalise(text: str) -> _Norm:
    # Cached: R16 and R18 read the same places, and the GUI re-runs the prose rules after an
    # edit in one place while the others are unchanged. _Norm is immutable; its positions
    # are a range or an array (8 bytes a character, not a tuple of int objects) so that the
    # cache stays small while the user types.
    t = text.translate(_WIDTH) if _WIDTH_RE.search(text) else text  # one char for one
    pos: Sequence[int]
    if _SPACE_RE.search(t):
        pos = array("q", [i for i, ch in enumerate(text) if ch not in _SPACE])
        t = "".join(t[i] for i in pos)
    else:
        pos = range(len(t))
    if "，" in t:
        # a comma between digits is a thousands separator (“14,356”), the others punctuation
        chars = None
        i = t.find("，")
        while i >= 0:
            if 0 < i < len(t) - 1 and t[i - 1].isdigit() and text[pos[i + 1]].isdigit():
                if text[pos[i]] in ",，":
                    chars = chars if chars is not None else list(t)
                    chars[i] = ","
            i = t.find("，", i + 1)
        if chars is not None:
            t = "".join(chars)
    return _Norm(t, pos)


# --- numbers ------------------------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUM = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+|[零〇一二两三四五六七八九十百]{1,5})"
AMT = r"(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|零)"


def parse_count(s: str) -> int | None:
    """A count written in Arabic digits (``14,356``) or small Chinese numerals (``十一``)."""
    s = s.replace(",", "")
    if s.isdecimal():  # not isdigit: “²” is a digit that int() refuses
        return int(s)
    total = 0
    current = 0
    for ch in s:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    if len(s) > 1 and all(ch in _CN_DIGITS for ch in s):
        return None  # “一二” is not a number
    return total + current


# --- quantities the tables hold -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Quantity:
    """A quantity the report records: the accepted values (None when a cell is blank) and how
    to name it in a message."""

    where: str  # the table place, e.g. 表三“一、本年新收政府信息公开申请数量”总计
    cells: tuple[str, ...]
    values: Callable[[Report], tuple[Number, ...] | None]
    unit: str = "件"


def _cell(cid: str) -> Callable[[Report], tuple[Number, ...] | None]:
    def get(report: Report) -> tuple[Number, ...] | None:
        v = report.value(cid)
        return None if v is None else (v,)

    return get


def _t3(keys: tuple[str, ...]) -> Callable[[Report], tuple[Number, ...] | None]:
    def get(report: Report) -> tuple[Number, ...] | None:
        v = t3_total(report, keys)
        return None if v is None else (v,)

    return get


# The table cells the prose quotes, named from the template.
_NEW, _CARRIED_IN, _HANDLED, _CARRIED_OUT = T3_BALANCES[-1].ids
_REVIEW = t4_id("review")
_SUITS = (t4_id("suit_direct"), t4_id("suit_after_review"))


def _received_either(report: Report) -> tuple[Number, ...] | None:
    # Reports say “收到申请N件” for the new ones, some for new plus carried-in; both are right.
    new = report.value(_NEW)
    carried = report.value(_CARRIED_IN)
    if new is None:
        return None
    if carried is None or carried == 0:
        return (new,)
    return (new, new + carried)


def _received_with_carried(report: Report) -> tuple[Number, ...] | None:
    new = report.value(_NEW)
    carried = report.value(_CARRIED_IN)
    return None if new is None or carried is None else (new + carried,)


def _suit(report: Report) -> tuple[Number, ...] | None:
    v = suit_total(report)
    return None if v is None else (v,)


def _fee(report: Report) -> tuple[Number, ...] | None:
    return None if report.info_fee_yuan is None else (report.info_fee_yuan,)


_ROW_LABEL = {r.key: r.label for r in T3_ROWS}


def _one(cid: str) -> _Quantity:
    """A quantity that is one cell, named like 表二“行政许可”本年处理决定数量."""
    return _Quantity(CELL_BY_ID[cid].quoted(), (cid,), _cell(cid))


def _quantities() -> dict[str, _Quantity]:
    new, carried_in = CELL_BY_ID[_NEW], CELL_BY_ID[_CARRIED_IN]
    handled, review = CELL_BY_ID[_HANDLED], CELL_BY_ID[_REVIEW]
    direct, after = (CELL_BY_ID[c] for c in _SUITS)
    suit_word = direct.row_label.split("·", 1)[0]  # 行政诉讼
    t3_name, t4_name = new.table_name, review.table_name
    q: dict[str, _Quantity] = {
        "received": _Quantity(new.quoted(), (_NEW,), _received_either),
        "received_new": _one(_NEW),
        "received_with_carried": _Quantity(
            f"{t3_name} {new.short_row}与{carried_in.short_row}申请之和",
            (_NEW, _CARRIED_IN),
            _received_with_carried,
        ),
        "carried_in": _one(_CARRIED_IN),
        "handled": _Quantity(
            f"{t3_name} 办理结果“{handled.row_label}”", (_HANDLED,), _cell(_HANDLED)
        ),
        "carried_out": _one(_CARRIED_OUT),
        "review": _Quantity(
            f"{t4_name} {review.row_label}“{review.col_label}”", (_REVIEW,), _cell(_REVIEW)
        ),
        "suit": _Quantity(
            f"{t4_name} {suit_word}（{direct.short_row}与{after.short_row}）"
            f"“{direct.col_label}”之和",
            _SUITS,
            _suit,
        ),
        "normative_made": _one(t2_id("normative", "made")),
        "normative_repealed": _one(t2_id("normative", "repealed")),
        "normative_valid": _one(t2_id("normative", "valid")),
        "license": _one(t2_id("license")),
        "penalty": _one(t2_id("penalty")),
        "coercion": _one(t2_id("coercion")),
        "info_fee": _Quantity("第六部分登记的信息处理费金额", (), _fee, "元"),
    }
    granted, partial = (CELL_BY_ID[t3_id(k)] for k in ("granted", "partial"))
    q["granted_partial"] = _Quantity(
        f"{t3_name}“{granted.row_label}”与“{partial.row_label.split('（区分', 1)[0]}”"
        f"{handled.col_label}之和",
        (granted.id, partial.id),
        _t3(("granted", "partial")),
    )
    for name, keys in outcome_groups():
        label = _ROW_LABEL[keys[0]] if len(keys) == 1 else f"“（…）{name}”各项之和"
        if len(keys) == 1:
            label = f"“{label.split('（区分', 1)[0]}”"
        q[f"group:{name}"] = _Quantity(
            f"{t3_name} {label}{handled.col_label}", tuple(t3_id(k) for k in keys), _t3(keys)
        )
    for row in T3_ROWS:
        if "·" in row.short:
            cid = t3_id(row.key)
            q[f"row:{row.key}"] = _Quantity(CELL_BY_ID[cid].quoted(), (cid,), _t3((row.key,)))
    return q


QUANTITIES: dict[str, _Quantity] = _quantities()


# --- statement patterns -------------------------------------------------------------------------

_GAP = r"(?P<g>[^，。；：、（）\n\d]{0,15}?)"
_TAIL = r"(?:数量)?(?:共计|合计|总计|共|计)?(?:为|是|达|有|：)?"
_APP_UNIT = r"(?P<u>件|份|个|宗|起)"
_YEAR_BEFORE = r"上(?:一)?年(?:度)?"
_YEAR_AFTER = r"下(?:一)?年(?:度)?"
# Words that make “…申请” something other than an information-disclosure application.
_OTHER_APPLICATION = re.compile(
    r"复议|诉讼|许可|信访|举报|投诉|建议|提案|听证|仲裁|补正|延期|开放|低保|救助|补贴|登记|审批"
    # a part of the applications: by channel or by applicant (“收到网络申请6件”)
    r"|书面|网络|网上|当面|信函|传真|邮件|邮寄|现场|线上|线下|口头|电话|自然人|法人|企业|组织"
)
# A sentence about another year or a comparison is not about this year's tables.
_COMPARISON = re.compile(r"同比|环比|较上年|较去年|比上年|比去年|与上年|上年同期|去年|较\d{4}年")
_YEAR_RE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})年")
_APPROX_BEFORE = ("约", "近", "逾", "超过", "不足", "多达", "大约")
_APPROX_AFTER = ("余", "多", "以上", "左右", "以内")
_DISCLOSURE_CONTEXT = re.compile(r"信息公开|依申请|公开申请")


@dataclass(frozen=True, slots=True)
class _Pattern:
    quantities: tuple[str, ...]  # one claim per quantity
    regex: re.Pattern[str]
    # "disclosure": only in a sentence/place about information-disclosure applications;
    # "public": only when the wording around names information disclosure (or says nothing else)
    gate: str = ""
    zero: bool = False  # the statement says “none” (no number group)
    amount: bool = False
    avoid: re.Pattern[str] | None = None  # skip in a sentence that matches this
    # Text every match contains: a ``str.find`` skips the regex scan of the many places that
    # cannot match (most patterns start with optional groups, which makes a scan slow).
    need: tuple[str, ...] = ()  # any one of these
    # A pattern every match contains, for the patterns whose scan is slowest (they start with a
    # number, so the scan tries every position): when the text has none, the scan is skipped.
    # A 5 MB text: 190 of the 560 ms reading statements went to two scans that found nothing.
    near: re.Pattern[str] | None = None


def _p(
    quantities: str | tuple[str, ...],
    regex: str,
    gate: str = "",
    zero: bool = False,
    amount: bool = False,
    avoid: str = "",
    need: str | tuple[str, ...] = (),
    near: str = "",
) -> _Pattern:
    qs = (quantities,) if isinstance(quantities, str) else quantities
    compiled_avoid = re.compile(avoid) if avoid else None
    needs = (need,) if isinstance(need, str) else need
    compiled_near = re.compile(near) if near else None
    return _Pattern(qs, re.compile(regex), gate, zero, amount, compiled_avoid, needs, compiled_near)


def _patterns() -> list[_Pattern]:
    group_names = tuple(name for name, _ in outcome_groups())
    groups = "|".join(group_names)
    pats = [
        # received: “共收到政府信息公开申请11件”, “新收政府信息公开申请数量11件”
        _p(
            "received",
            rf"(?:收到|受理|新收|接收|接到|收悉){_GAP}申请{_TAIL}{NUM}{_APP_UNIT}",
            gate="public",
            need="申请",
        ),
        # “共收到8份政府信息公开申请”
        _p(
            "received",
            rf"(?:收到|受理|新收|接收|接到)(?:了)?(?:各类)?{NUM}{_APP_UNIT}{_GAP}申请",
            gate="public",
            need="申请",
        ),
        _p(
            "received_new",
            r"(?:未|没有)(?:收到|受理|接到)(?:任何)?(?:政府信息公开|依申请公开|信息公开)申请",
            zero=True,
            need="申请",
        ),
        # carried in: “上年结转0件”, “含上年度结转申请34件”
        _p(
            "carried_in",
            rf"{_YEAR_BEFORE}结转(?:的)?(?:政府信息公开)?(?:申请)?(?:数量)?(?:共|为)?{NUM}{_APP_UNIT}",
            need="结转",
        ),
        _p("carried_in", rf"无{_YEAR_BEFORE}结转(?:的)?(?:申请)?", zero=True),
        # carried out: “结转下年度继续办理2件”, “另有103件顺延到下年度答复”
        _p(
            "carried_out",
            rf"结转(?:至|到|入)?{_YEAR_AFTER}(?:继续)?(?:办理|答复|处理)?(?:的)?(?:申请)?"
            rf"(?:共|为)?{NUM}{_APP_UNIT}",
            need="结转",
        ),
        _p(
            "carried_out",
            rf"{NUM}{_APP_UNIT}(?:申请)?(?:结转|顺延|转入|延续)(?:至|到|入)?{_YEAR_AFTER}",
            need=("结转", "顺延", "转入", "延续"),
            near=r"(?:结转|顺延|转入|延续)(?:至|到|入)?下",
        ),
        _p(
            "carried_out",
            rf"无(?:结转)?{_YEAR_AFTER}结转|无结转(?:至|到)?{_YEAR_AFTER}|无结转下年度",
            zero=True,
            need="结转",
        ),
        # handled: “共办理政府信息公开申请11件”, “办结11件”, “答复3050件”
        _p(
            "handled",
            rf"(?:办结|办理|答复|办复|处理完毕){_GAP}申请{_TAIL}{NUM}{_APP_UNIT}",
            gate="public",
            need="申请",
        ),
        _p(
            "handled",
            rf"(?:已|共|均已|全部|累计)?(?:办结|答复|办复)(?:了)?{NUM}{_APP_UNIT}",
            gate="disclosure",
            need=("办结", "答复", "办复"),
            near=r"(?:办结|答复|办复)了?[\d零〇一二两三四五六七八九十百]",
            # “受理行政复议申请5件，办结5件” counts review cases, not applications
            avoid=r"复议|诉讼",
        ),
        # “予以公开及部分公开42件”: the two groups together
        _p(
            "granted_partial",
            rf"予以公开(?:及|和|与|、|或)部分公开(?:的)?(?:申请)?(?:共|为|：)?{NUM}{_APP_UNIT}",
            need="部分公开",
        ),
        # outcome groups: “予以公开5件”, “5件予以公开”; not the last of several groups named
        # together (“予以公开及部分公开42件” counts both, not 部分公开 alone)
        _p(
            "group",
            rf"(?<![及和与、或])(?P<w>{groups})(?:的)?(?:申请)?(?:共|为|：)?{NUM}{_APP_UNIT}",
            need=group_names,
        ),
        _p(
            "group",
            rf"{NUM}{_APP_UNIT}(?:申请)?(?:被)?(?P<w>{groups})(?!的?信息)",
            need=group_names,
        ),
        # both zero: “行政复议、行政诉讼均为0件”, “行政复议和行政诉讼均未发生”
        _p(
            ("review", "suit"),
            rf"行政复议(?:案件)?(?:和|、|及|与|以及)(?:行政)?诉讼(?:案件)?(?:数量|数)?"
            rf"(?:均为(?:{NUM}件?)|均未发生|均无)",
            need="行政复议",
        ),
        # none: “全年未发生因政府信息公开引起的行政复议和行政诉讼”
        _p(
            "review_suit_zero",
            r"(?:未发生|未出现|没有发生|没有出现|未产生|未收到|没有收到|未被|未有|没有|无)"
            r"(?:任何)?(?:因|涉及)?(?:政府信息公开|信息公开|依申请公开)?(?:工作)?"
            r"(?:引起|引发|相关|方面)?的?(?:被)?(?:申请|提起)?"
            # atomic: “未发生行政复议和行政诉讼败诉” must not fall back to “未发生行政复议”
            r"(?P<w>(?>行政复议(?:(?:和|、|及|或|与|以及)(?:被)?(?:提起)?(?:行政)?诉讼)?|行政诉讼))"
            r"(?!纠错|被纠|被撤销|被确认|败诉|案件被|结果)",
            zero=True,
            need="行政",
        ),
        # counts: “政府信息公开行政复议0件”, “行政诉讼 46 件”
        _p(
            "review",
            rf"行政复议(?:案件|申请)?(?:共计|共|为|：)?{NUM}{_APP_UNIT}",
            gate="disclosure",
            need="行政复议",
        ),
        _p(
            "suit",
            rf"行政诉讼(?:案件)?(?:共计|共|为|：)?{NUM}{_APP_UNIT}",
            gate="disclosure",
            need="行政诉讼",
        ),
        # 行政规范性文件
        _p(
            "normative_valid",
            rf"现行(?:有效)?(?:的)?(?:行政)?规范性文件(?:数量)?(?:共计|共|为|有)*{NUM}(?:件|个|份)",
            need="规范性文件",
        ),
        _p(
            "normative_valid",
            rf"现行{NUM}(?:件|个|份)有效(?:的)?(?:行政)?规范性文件",
            need="规范性文件",
        ),
        _p(
            "normative_valid",
            rf"有效(?:的)?(?:行政)?规范性文件(?:数量)?(?:共计|共|为|有)*{NUM}(?:件|个|份)",
            need="规范性文件",
        ),
        _p(
            "normative_made",
            rf"(?:制发|制定|出台|印发)(?:了)?(?P<g>[^，。；：、（）\n\d]{{0,8}}?)(?:行政)?规范性文件"
            rf"(?:共计|共|为)?{NUM}(?:件|个|份)",
            need="规范性文件",
        ),
        _p(
            "normative_repealed",
            rf"(?<!拟)(?<!建议)废止(?:了)?(?P<g>[^，。；：、（）\n\d]{{0,8}}?)(?:行政)?规范性文件"
            rf"(?:共计|共|为)?{NUM}(?:件|个|份)",
            need="废止",
        ),
        _p(
            "normative_repealed",
            rf"(?:行政)?规范性文件[^。；\n]{{0,20}}?(?<!拟)(?<!建议)废止(?:了)?{NUM}(?:件|个|份)",
            need="废止",
        ),
        # 行政许可 / 处罚 / 强制 decisions
        _p(
            "t2decision",
            rf"行政(?P<w>许可|处罚|强制)(?:处理)?(?:决定)?(?:数量)?(?:共计|共|为|：)?{NUM}(?:件|个|宗|起)",
            need="行政",
        ),
        # 信息处理费
        _p(
            "info_fee",
            rf"信息处理费(?:共计|合计|总计|金额|共|计|为|：)*{AMT}(?P<u>元|万元)",
            amount=True,
            need="信息处理费",
        ),
        _p(
            "info_fee",
            r"(?:未|没有|不|无|免)(?:收取|收缴|收|产生|发生)?(?:任何)?(?:政府信息公开)?"
            r"(?:的)?信息处理费",
            zero=True,
            need="信息处理费",
        ),
    ]
    # named outcome sub-items: “本机关不掌握相关政府信息3件”, “属于四类过程性信息1件”
    for row in T3_ROWS:
        if "·" not in row.short or row.key == "other_3":
            continue
        core = row.short.split("·", 1)[1]
        for prefix in ("属于", "本机关"):
            if core.startswith(prefix):
                core = core[len(prefix) :]
        opt = r"(?:属于|本机关|本单位|本部门|本局|本办|本委|我局|我单位|我办)?"
        pats.append(
            _p(
                f"row:{row.key}",
                rf"{opt}{re.escape(core)}(?:的)?(?:申请)?(?:共|为|：)?{NUM}{_APP_UNIT}",
                need=core,
            )
        )
    return pats


PATTERNS: list[_Pattern] = _patterns()
_NEEDS = frozenset(word for pat in PATTERNS for word in pat.need)
# Which patterns a required word lets run (indexes into PATTERNS), and those that run always.
_PATTERNS_BY_WORD: dict[str, frozenset[int]] = {
    word: frozenset(k for k, pat in enumerate(PATTERNS) if word in pat.need) for word in _NEEDS
}
_FREE_PATTERNS = frozenset(k for k, pat in enumerate(PATTERNS) if not pat.need)
_DECISIONS = {"许可": "license", "处罚": "penalty", "强制": "coercion"}


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement in the prose about a quantity the report records."""

    quantity: str
    value: Number
    field: Place
    span: tuple[int, int]  # original (start, end) of the matched phrase
    # What ``quote`` is cut from: the text, its normalised form, the normalised start and end.
    # The quote is built when a message needs one: most statements agree with the tables, and
    # a long text states thousands of them (an eighth of reading a 5 MB import's statements).
    source: tuple[str, _Norm, int, int] = dataclass_field(repr=False, compare=False)

    @property
    def quote(self) -> str:
        """The sentence, shortened around the phrase when long."""
        return _quote(*self.source)


MIN_QUOTE = 12
MAX_QUOTE = 60


def _quote(text: str, norm: _Norm, start: int, end: int) -> str:
    """The clause holding normalised [start, end) as the user wrote it: enough to find it,
    short enough to read in a list (“全年共收到政府信息公开申请12件”)."""
    s0, s1 = norm.sentence(start)
    a = norm.clause_start(s0, start)
    b = norm.clause_end(end, s1)
    # a bare “办结26件” or “2021年” says too little: take in the next (or previous) clause
    while b - a < MIN_QUOTE and (b < s1 or a > s0):
        if b < s1:
            b = norm.clause_end(b + 1, s1)
        else:
            a = norm.clause_start(s0, a - 1)
    if b <= a:
        return " ".join(text.split())
    oa, ob = norm.span(a, b)
    quoted = " ".join(text[oa:ob].split())
    if len(quoted) > MAX_QUOTE:
        ma, mb = norm.span(start, end)
        lo = max(oa, ma - 20)
        hi = min(ob, max(mb + 10, lo + MAX_QUOTE))
        quoted = " ".join(text[lo:hi].split())
        quoted = ("…" if lo > oa else "") + quoted + ("…" if hi < ob else "")
    return quoted


def _gate_ok(pat: _Pattern, place: ProsePlace, sentence: str, gap: str | None) -> bool:
    if gap is not None and _OTHER_APPLICATION.search(gap):
        return False
    about_applications = place.section == 3 or place.section == 4 or "申请" in place.heading
    if pat.gate == "public":
        if gap and "公开" in gap:
            return True
        return bool(_DISCLOSURE_CONTEXT.search(sentence)) or about_applications
    if pat.gate == "disclosure":
        return bool(_DISCLOSURE_CONTEXT.search(sentence)) or about_applications
    return True


def _reads_claims(place: ProsePlace) -> bool:
    # The title states no counts; a heading (“（二）依申请公开情况”) is no statement.
    return bool(place.text.strip()) and not place.is_heading and place.section != 0


def _read_claims(places: Sequence[ProsePlace], year: int) -> list[tuple[Claim, ...]]:
    """The claims of each of ``places``.

    A pattern is tried only on a place holding one of its required words. The words are
    looked for once in all the places' texts together, then only the words found there in
    each place, and each place runs only the patterns of its words: with a few dozen
    patterns and a report's dozen places, the per-place bookkeeping cost more than the
    scans themselves (a review reads hundreds of reports no cache has seen)."""
    out: list[tuple[Claim, ...]] = [() for _ in places]
    which = [i for i, p in enumerate(places) if _reads_claims(p)]
    norms = [_normalise(places[i].text) for i in which]
    if len(norms) > 1:
        joined = "\n".join(norm.text for norm in norms)
        words = [word for word in _NEEDS if word in joined]
    else:
        words = list(_NEEDS)
    for i, norm in zip(which, norms, strict=True):
        t = norm.text
        runs = set(_FREE_PATTERNS)
        for word in words:
            if word in t:
                runs.update(_PATTERNS_BY_WORD[word])
        found: list[tuple[_Pattern, re.Match[str]]] = []
        for k in sorted(runs):
            pat = PATTERNS[k]
            checkpoint()
            if pat.near is not None and pat.near.search(t) is None:
                continue
            found += ((pat, m) for m in pat.regex.finditer(t))
        if found:
            out[i] = tuple(_claims_of(places[i], norm, found, year))
    return out


def _claims_in(place: ProsePlace, year: int) -> Iterator[Claim]:
    """The claims of one place (``_read_claims`` of it alone)."""
    yield from _read_claims([place], year)[0]


def _claims_of(
    place: ProsePlace, norm: _Norm, matches: Sequence[tuple[_Pattern, re.Match[str]]], year: int
) -> Iterator[Claim]:
    # ``matches``: of each pattern in turn, in text order (an earlier, more specific pattern's
    # number is not read again by a later one).
    text = place.text
    t = norm.text
    # Spans already read, kept sorted and pairwise disjoint (a span is only added when it meets
    # none), so one bisect finds the only span that could overlap: a linear scan of all of
    # them made long texts quadratic (300k characters took 41 s).
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    # Whether a sentence (by its start) compares or names another year: asked once, though a
    # sentence listing every outcome (“予以公开5件，部分公开3件，…”) holds a match for each.
    elsewhere: dict[int, bool] = {}
    for pat, m in matches:
        checkpoint()
        start, end = m.span()
        s0, s1 = norm.sentence(start)
        sentence = t[s0:s1]
        other = elsewhere.get(s0)
        if other is None:
            other = elsewhere[s0] = bool(_COMPARISON.search(sentence)) or (
                "年" in sentence
                and any(int(y.group("y")) != year for y in _YEAR_RE.finditer(sentence))
            )
        if other:
            continue
        if pat.avoid is not None and pat.avoid.search(sentence):
            continue
        groups = m.groupdict()
        gap = groups.get("g")
        if not _gate_ok(pat, place, sentence, gap):
            continue
        n_span = m.span("n") if groups.get("n") else None
        key = n_span or (start, end)
        at = bisect_left(taken_starts, key[1])
        if at and taken_ends[at - 1] > key[0]:
            continue  # an earlier, more specific pattern already read this number
        value: Number
        if pat.zero or n_span is None:
            value = 0
        elif pat.amount:
            raw = m.group("n").replace(",", "")
            try:
                value = Decimal(0) if raw == "零" else Decimal(raw)
            except InvalidOperation:
                continue
            if m.group("u") == "万元":
                value *= 10000
        else:
            parsed = parse_count(m.group("n"))
            if parsed is None:
                continue
            value = parsed
            before = t[max(0, n_span[0] - 2) : n_span[0]]
            unit_end = m.end("u") if groups.get("u") else n_span[1] + 1
            after_unit = t[unit_end : unit_end + 2]
            if before.endswith(_APPROX_BEFORE) or after_unit.startswith(_APPROX_AFTER):
                continue
        at = bisect_left(taken_starts, key[0])
        taken_starts.insert(at, key[0])
        taken_ends.insert(at, key[1])
        quantities = _resolve(pat, m, t, end)
        span = norm.span(start, end)
        source = (text, norm, start, end)
        for q in quantities:
            yield Claim(q, value, place.field, span, source)


def _resolve(pat: _Pattern, m: re.Match[str], t: str, end: int) -> tuple[str, ...]:
    # ``end``: where the match ends in ``t``.
    first = pat.quantities[0]
    if first == "group":
        return (f"group:{m.group('w')}",)
    if first == "t2decision":
        return (_DECISIONS[m.group("w")],)
    if first == "review_suit_zero":
        w = m.group("w")
        if w.startswith("行政复议"):
            return ("review", "suit") if "诉讼" in w else ("review",)
        return ("suit",)
    if first == "received":
        # “（不含上年结转5件）” pins the number to the new applications; “（含上年结转…）”
        # to new plus carried-in.
        follow = t[end : end + 12]
        qual = re.match(rf"[（，]?(?P<not>不)?(?:含|包括|包含){_YEAR_BEFORE}结转", follow)
        if qual:
            return ("received_new",) if qual.group("not") else ("received_with_carried",)
    return pat.quantities


class _CacheInfo(NamedTuple):
    currsize: int
    maxsize: int


class _ClaimCache:
    """Each place's claims by (place, year), the least recently used dropped beyond
    ``maxsize``: after an edit only the edited place is read again. The places a call misses
    are read together (``_read_claims``); a run cancelled meanwhile stores nothing."""

    def __init__(self, maxsize: int) -> None:
        self._items: OrderedDict[tuple[ProsePlace, int], tuple[Claim, ...]] = OrderedDict()
        self._maxsize = maxsize

    def __call__(self, places: Sequence[ProsePlace], year: int) -> list[tuple[Claim, ...]]:
        items = self._items
        keys = [(p, year) for p in places]
        got = [items.get(k) for k in keys]
        missing = [i for i, claims in enumerate(got) if claims is None]
        if missing:
            read = _read_claims([places[i] for i in missing], year)
            for i, claims in zip(missing, read, strict=True):
                got[i] = claims
                items[keys[i]] = claims
        for k in keys:
            items.move_to_end(k)
        while len(items) > self._maxsize:
            items.popitem(last=False)
        return [claims or () for claims in got]

    def cache_clear(self) -> None:
        """Forget every place (the API of ``functools.lru_cache``)."""
        self._items.clear()

    def cache_info(self) -> _CacheInfo:
        """How many places are held."""
        return _CacheInfo(len(self._items), self._maxsize)


_place_claims = _ClaimCache(maxsize=512)


def prose_claims(report: Report, places: Sequence[ProsePlace] | None = None) -> list[Claim]:
    """Every statement in the prose that R16 compares with the tables (``places``: the
    report's ``prose_places`` when the caller already has them)."""
    if places is None:
        places = prose_places(report)
    return [c for claims in _place_claims(places, report.meta.year) for c in claims]


def _fmt(value: Number, unit: str) -> str:
    if isinstance(value, Decimal):
        return f"{format_yuan(value)} {unit}"
    return f"{value} {unit}"


def _r16(
    report: Report, places: Sequence[ProsePlace], claims: Sequence[Claim] | None = None
) -> list[Finding]:
    findings = []
    names = {p.field: p.name for p in places}
    # A quantity's table values are looked up once a check: a long text states the same few
    # quantities thousands of times (a 5 MB import: 5,550 statements, 26,000 cell sums).
    table_values: dict[str, tuple[Number, ...] | None] = {}
    for claim in prose_claims(report, places) if claims is None else claims:
        q = QUANTITIES[claim.quantity]
        if claim.quantity not in table_values:
            table_values[claim.quantity] = q.values(report)
        accepted = table_values[claim.quantity]
        if accepted is None or claim.value in accepted:
            continue
        table = _fmt(accepted[0], q.unit)
        if len(accepted) > 1:
            table = f"{table}（加上年结转为 {_fmt(accepted[1], q.unit)}）"
        message = (
            f"{names[claim.field]}：文字“{claim.quote}”与{q.where}（{table}）不一致。"
            "请核对后改正文字或表格中错误的一处。"
        )
        # the recorded 信息处理费 is a field of 六, not a cell: name it as the second place
        fields = (claim.field, Place.info_fee()) if claim.quantity == "info_fee" else (claim.field,)
        findings.append(Finding("R16", Severity.WARNING, message, q.cells, fields, claim.span))
    return findings


# --- R18: a wrong year where the report year is meant -------------------------------------------

_PERIOD = re.compile(
    r"(?P<y1>\d{4})年1月1日(?:起)?(?:至|到|—+|－|-|～|~)(?:(?P<y2>\d{4})年)?12月31日"
)
# “统计时限为2021年度” is how some units word the period (平潭 2022 writes 统计时限).
_PERIOD_YEAR = re.compile(
    r"统计(?:期限|时限|时段|期间|范围|数据)?(?:为|是|从)?(?P<y1>\d{4})年(?:度|全年|1月至12月)"
)
_REPORT_NAME = re.compile(
    r"(?P<y1>\d{4})年(?:度)?(?:政府信息公开|政务公开)(?:工作)?(?:年度)?(?:报告|情况)"
)
_KEY_POINTS = re.compile(
    r"(?P<y1>\d{4})年(?:度)?(?:政务公开|政府信息公开)?工作要点(?:的)?(?:落实|完成|执行|贯彻)"
)
_PARAGRAPH_YEAR = re.compile(r"(?:^|\n)(?P<y1>\d{4})年(?:度)?，")
_FUTURE = re.compile(r"将|计划|拟|力争|预计|下一步|明年")
_LOOKING_BACK = re.compile(r"指出|提出的|整改")


def _r18(report: Report, places: Sequence[ProsePlace]) -> list[Finding]:
    year = report.meta.year
    findings: list[Finding] = []

    def flag(place: ProsePlace, norm: _Norm, m: re.Match[str], what: str) -> None:
        for g in ("y1", "y2"):
            if g not in m.groupdict() or not m.group(g):
                continue
            y = int(m.group(g))
            if y == year:
                continue
            quote = _quote(place.text, norm, m.start(), m.end())
            message = (
                f"{place.name}：{what}“{quote}”写的是 {y} 年，本报告是 {year} 年度的报告。"
                f"如是沿用往年的文字，请改为 {year} 年。"
            )
            span = norm.span(m.start(g), m.end(g))
            findings.append(Finding("R18", Severity.WARNING, message, (), (place.field,), span))
            return

    for place in places:
        if not place.text.strip():
            continue
        checkpoint()
        norm = _normalise(place.text)
        t = norm.text
        if place.section == 0:
            m = _YEAR_RE.search(t)
            if m:
                m2 = re.compile(r"(?P<y1>\d{4})年").search(t, m.start())
                if m2:
                    flag(place, norm, m2, "标题")
            continue
        # Each ``in`` skips a pattern whose fixed words are absent (a regex scan costs more).
        for m in _PERIOD.finditer(t) if "12月31日" in t else ():
            s0, s1 = norm.sentence(m.start())
            if place.section is None or re.search(r"统计|本报告|报告期", t[s0:s1]):
                flag(place, norm, m, "统计期限")
        for m in _PERIOD_YEAR.finditer(t) if "统计" in t else ():
            flag(place, norm, m, "统计期限")
        if place.section is None:
            for m in _REPORT_NAME.finditer(t):
                flag(place, norm, m, "报告名称")
        for m in _KEY_POINTS.finditer(t) if "工作要点" in t else ():
            s0, s1 = norm.sentence(m.start())
            if int(m.group("y1")) > year and _FUTURE.search(t[s0:s1]):
                continue  # “下一步将抓好2023年政务公开工作要点落实”
            flag(place, norm, m, "政务公开工作要点")
        if place.section in (1, 5, 6) and not place.is_heading:
            # Without a line break only the text's start can begin a paragraph: one match
            # there instead of a scan that tries every position.
            paragraphs: Iterable[re.Match[str]] = ()
            if "\n" in t:
                paragraphs = _PARAGRAPH_YEAR.finditer(t)
            elif first := _PARAGRAPH_YEAR.match(t):
                paragraphs = (first,)
            for m in paragraphs:
                y = int(m.group("y1"))
                s0, s1 = norm.sentence(m.end())
                sentence = t[s0:s1]
                if y > year and _FUTURE.search(sentence):
                    continue
                if place.section == 5 and y == year - 1 and _LOOKING_BACK.search(sentence):
                    continue
                flag(place, norm, m, "段首")
    return findings


# --- R20 content part ---------------------------------------------------------------------------

_R20_S1_ITEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("工作考核", re.compile(r"考核|考评|绩效评估")),
    ("社会评议", re.compile(r"评议|社会评价|满意度测评|满意度调查|第三方评估")),
    ("责任追究", re.compile(r"责任追究|追责|问责|追究.{0,6}责任")),
)
_LAST_YEAR_WORDS = r"上年|上一年|去年|上年度|前一年|往年"
_HANDLED_WORDS = re.compile(r"整改|改进|改正|解决|落实|完善|已")


def _normalised_full_text(section: Section) -> str:
    """``_normalise(section.full_text()).text``, put together from its pieces' normalised
    texts (which R16 and R18 have just made: the cache serves them). Normalising is done a
    character at a time but for a comma between two digits (a thousands separator); where a
    heading meets its text that could happen only joined, and there the whole is normalised."""
    chunks = []
    for heading, text in [("", section.lead)] + [(p.heading, p.text) for p in section.parts]:
        if not heading and not text:
            continue  # (``full_text`` leaves out an empty chunk)
        h = _normalise(heading).text if heading else ""
        t = _normalise(text).text if text else ""
        if h and t and ((h[-1].isdigit() and t[0] == "，") or (h[-1] == "，" and t[0].isdigit())):
            return _normalise(section.full_text()).text
        chunks.append(h + t)
    return "\n".join(chunks)


def _r20(report: Report) -> list[Finding]:
    findings: list[Finding] = []
    year = report.meta.year
    prose = report.prose
    if report.meta.org_kind is OrgKind.GOVERNMENT:
        text = _normalised_full_text(prose.s1)
        missing = [name for name, rx in _R20_S1_ITEMS if not rx.search(text)]
        if missing:
            names = "、".join(f"“{m}”" for m in missing)
            findings.append(
                Finding(
                    "R20",
                    Severity.WARNING,
                    f"{SECTION_TITLES[0]}：人民政府的年度报告应写明工作考核、社会评议和责任追究"
                    f"结果情况（《条例》第五十条），本部分没有写到{names}。"
                    "请在“监督保障”部分补充本年度的相应情况（没有的也请写明）。",
                    (),
                    (Place.whole_section(1),),
                )
            )
    s5 = _normalised_full_text(prose.s5)
    if s5 and s5 != "无" and s5 != "无。":
        last_year = re.compile(rf"{_LAST_YEAR_WORDS}|{year - 1}年")
        ok = any(
            last_year.search(sentence) and _HANDLED_WORDS.search(sentence)
            for sentence in re.split(rf"[{SENTENCE_END}]", s5)
        )
        if not ok:
            findings.append(
                Finding(
                    "R20",
                    Severity.WARNING,
                    f"{SECTION_TITLES[4]}：没有写上年度报告所列问题的改进情况。"
                    "请补充上一年度指出的问题是如何整改的，再写本年度的问题和下一步举措。",
                    (),
                    (Place.whole_section(5),),
                )
            )
    return findings


# --- R21: copied from last year -----------------------------------------------------------------

_MASK = re.compile(r"\d+(?:[.,]\d+)*")
_STRIP = re.compile(r"[，、：“”‘’《》（）〈〉「」【】\-—…·]")
MIN_SENTENCE = 8  # shorter pieces (“一是”, “下一步”) say nothing about copying
REPEAT_THRESHOLD = 0.5  # above: a warning (some cities deduct points above 50%)
NOTE_THRESHOLD = 0.2  # from here: information, so the repeated sentences get highlighted
MIN_SECTION_CHARS = 60  # a section this short is not judged on its own


def _sentence_key(sentence: str) -> str:
    # Numbers are masked: text copied with only the year and the counts updated is still the
    # same text (that is what reviewers call 内容雷同); punctuation is dropped so a changed
    # comma does not make a sentence new.
    return _STRIP.sub("", _MASK.sub("#", sentence))


class RepeatedSentence(NamedTuple):
    """A sentence of this year's prose found in last year's report (a named tuple: a copied
    report has one for every sentence, and a frozen dataclass's __init__ costs ~1 µs each)."""

    field: Place
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Repetition:
    """How much of this year's prose repeats last year's: shares by section (1, 5, 6) and
    overall, by characters, and the repeated sentences."""

    by_section: dict[int, float]
    section_chars: dict[int, int]
    overall: float
    repeated: tuple[RepeatedSentence, ...]


_SENTENCE_END_RE = re.compile("[" + re.escape(SENTENCE_END + "\n") + "]")


def _section_places(places: Sequence[ProsePlace]) -> list[ProsePlace]:
    return [p for p in places if p.section in (1, 5, 6) and not p.is_heading and p.text]


def _section_texts(report: Report) -> Iterator[str]:
    """The texts of ``_section_places(prose_places(report))`` without building the places
    (last year's report needs no names: a review reads one for each unit)."""
    for number in (1, 5, 6):
        section = report.prose.section(number)
        if section.lead.strip():
            yield section.lead
        for part in section.parts:
            if part.text:
                yield part.text


def _keys_of(text: str) -> list[str]:
    # Masking and stripping a whole text and then splitting it at the stops gives each
    # sentence's key (neither touches a stop): two regex passes per text instead of two per
    # sentence. A review runs this on every unit of a county and its last year's report.
    return _SENTENCE_END_RE.split(_sentence_key(text))


def _standard_keys(report: Report) -> set[str]:
    keys = set()
    for text in (
        application_sentences(report),
        normative_sentence(report),
        info_fee_sentence(report),
    ):
        keys.update(_keys_of(_normalise(text).text))
    return keys


def repetition(
    report: Report, previous: Report, places: Sequence[ProsePlace] | None = None
) -> Repetition:
    """The share of ``report``'s prose (sections 一, 五, 六) repeated from ``previous``
    (``places``: the report's ``prose_places`` when the caller already has them).

    Sentence level: a sentence counts as repeated when, with numbers masked and punctuation
    dropped, it equals a sentence of last year's prose. Shares are by characters, so a long
    copied paragraph weighs more than a repeated short phrase. The standard sentences Nianbao
    writes from the data (and any sentence shorter than ``MIN_SENTENCE``) are left out of both
    sides: they are meant to recur every year.
    """
    standard = _standard_keys(report) | _standard_keys(previous)
    old = {
        key
        for text in _section_texts(previous)
        for key in _keys_of(_normalise(text).text)
        if len(key) >= MIN_SENTENCE
    }
    total: dict[int, int] = {1: 0, 5: 0, 6: 0}
    same: dict[int, int] = {1: 0, 5: 0, 6: 0}
    repeated: list[RepeatedSentence] = []
    for place in _section_places(prose_places(report) if places is None else places):
        assert place.section is not None
        checkpoint()
        norm = _normalise(place.text)
        t = norm.text
        # keys[k] is the key of the text between stop k-1 and stop k (the text's end is the
        # last stop); where a sentence starts is worked out only for a repeated one.
        found: list[int] = []
        chars = copied = 0
        for k, key in enumerate(_keys_of(t)):
            size = len(key)
            if size >= MIN_SENTENCE and key not in standard:
                chars += size
                if key in old:
                    copied += size
                    found.append(k)
        total[place.section] += chars
        same[place.section] += copied
        if found:
            n = len(t)
            start = 0
            want = iter(found)
            k_next = next(want)
            for k, raw in enumerate(_SENTENCE_END_RE.split(t)):
                i = start + len(raw)  # the stop (or the end) after this sentence
                if k == k_next:
                    a, b = norm.span(start, i if i == n or t[i] == "\n" else i + 1)
                    repeated.append(RepeatedSentence(place.field, a, b))
                    k_next = next(want, -1)
                    if k_next < 0:
                        break
                start = i + 1
    by_section = {n: (same[n] / total[n] if total[n] else 0.0) for n in total}
    all_chars = sum(total.values())
    overall = sum(same.values()) / all_chars if all_chars else 0.0
    return Repetition(by_section, total, overall, tuple(repeated))


def _text_of(report: Report, field: Place) -> str:
    # R21's fields are section texts: read them directly (building every place again costs
    # about a millisecond a report, which a review of 500 units pays 500 times).
    if field.section in PROSE_SECTIONS:
        section = report.prose.section(field.section)
        if field.kind is PlaceKind.LEAD:
            return section.lead
        if field.part is not None and field.part < len(section.parts):
            part = section.parts[field.part]
            if field.kind is PlaceKind.TEXT:
                return part.text
            if field.kind is PlaceKind.HEADING:
                return part.heading
    return next((p.text for p in prose_places(report) if p.field == field), "")


def _r21(report: Report, previous: Report | None, places: Sequence[ProsePlace]) -> list[Finding]:
    if previous is None:
        return []
    rep = repetition(report, previous, places)
    high = [
        n
        for n in (1, 5, 6)
        if rep.section_chars[n] >= MIN_SECTION_CHARS and rep.by_section[n] > REPEAT_THRESHOLD
    ]
    warn = rep.overall > REPEAT_THRESHOLD or bool(high)
    if not warn and rep.overall < NOTE_THRESHOLD:
        return []
    # every section that repeats anything, with its share (the warning's cause is visible)
    parts = "，".join(
        f"{SECTION_TITLES[n - 1]} {rep.by_section[n]:.0%}"
        for n in (1, 5, 6)
        if rep.by_section[n] > 0
    )
    example = ""
    if rep.repeated:
        r = rep.repeated[0]
        sentence = " ".join(_text_of(report, r.field)[r.start : r.end].split())
        if len(sentence) > 40:
            sentence = sentence[:40] + "…"
        example = f"例如“{sentence}”。"
    same = (
        f"与上一年度（{previous.meta.year}年）报告相比，本报告正文有 {rep.overall:.0%} 的文字"
        f"与上年相同"
    )
    same += f"（{parts}）" if parts else ""
    if warn:
        message = (
            f"{same}，{example}内容雷同可能被通报或扣分，请按本年度的实际工作重写与上年相同的"
            "句子（编辑窗口中已用底色标出）。"
        )
    else:
        message = (
            f"{same}，{example}与上年相同的句子已在编辑窗口中用底色标出，可按本年度的实际工作改写。"
        )
    spans = tuple((r.field, r.start, r.end) for r in rep.repeated)
    # The places in order, once each. A place's repeated sentences come one after another
    # and share its Place object: hashing (a dataclass's, in Python) only at a new one.
    seen: list[Place] = []
    for r in rep.repeated:
        if not seen or r.field is not seen[-1]:
            seen.append(r.field)
    fields = tuple(dict.fromkeys(seen))
    first = (spans[0][1], spans[0][2]) if spans else None
    severity = Severity.WARNING if warn else Severity.INFO
    return [Finding("R21", severity, message, (), fields, first, spans)]


# --- entry point --------------------------------------------------------------------------------


def prose_findings(report: Report, previous: Report | None = None) -> list[Finding]:
    """R16, R18 (prose part), R20 (content part) and R21 on ``report``; ``previous`` defaults
    to ``report.previous``."""
    if previous is None:
        previous = report.previous
    from desktop.prose_totals import prose_total_findings  # it reads this module's claims

    # The places are built once and shared by the rules (a review checks hundreds of units).
    # Checkpoints (``desktop.cancel``) in the loops over texts and matches let the window stop
    # a run in its worker thread as soon as the user types again: its result would be stale.
    places = prose_places(report)
    claims = prose_claims(report, places)
    r16 = _r16(report, places, claims)
    checkpoint()
    totals = prose_total_findings(report, places, claims)
    checkpoint()
    r18 = _r18(report, places)
    checkpoint()
    r20 = _r20(report)
    checkpoint()
    return [*r16, *totals, *r18, *r20, *_r21(report, previous, places)]
