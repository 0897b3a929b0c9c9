"""The unit and the dates of a published report, as far as the page says them.

- 机关全称 from the title, without the page chrome around it (``标题:``, ``本地目录:…/…_``,
  breadcrumbs ``首页>…>``, a Markdown ``#``, the title printed twice).
- 机关类型 and 层级 inferred from the name (…人民政府, 县/区/市/旗/乡/镇/街道, 管委会 vs
  …局/委/办/中心/室); the import always says they were inferred.
- 发布日期 from the page's date fields, 成文日期 from the signature line under the organ's name
  (spec §11).
"""

from __future__ import annotations

import re
from datetime import date

from desktop.importers.normalize import to_simplified
from desktop.report import Level, OrgKind

# --- organ name ------------------------------------------------------------------------------

_FIELD_PREFIX = re.compile(r"^[^:：]{1,8}[:：]\s*")
_CHROME_SPLIT = re.compile(r"[/\\_>›»|＞]")
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


def clean_org(raw: str) -> str:
    """An organ name as printed in a title line, without what the page put around it."""
    s = raw.strip().lstrip("#＃ ").strip()
    s = _FIELD_PREFIX.sub("", s)  # 标题: / 本地目录: / 当前位置：
    s = _CHROME_SPLIT.split(s)[-1]  # folders, breadcrumbs, file-name prefixes
    s = re.sub(r"^\d+", "", s)  # a numeric file-name stem left before the name
    s = re.sub(r"^(?:首页|当前位置)", "", s)
    s = re.sub(r"(关于|關於)$", "", s)
    return s.strip("《》“”\"' 　")


def undouble(text: str) -> str:
    """A title printed twice in one line (web page heading + its copy) → once."""
    half = len(text) // 2
    if len(text) % 2 == 0 and half >= 8 and text[:half] == text[half:]:
        return text[:half]
    return text


# --- kind and level --------------------------------------------------------------------------

_GOV_LIKE = ("管委会", "管理委员会", "街道办事处", "实验区", "新区", "开发区", "示范区", "高新区")
_DEPT_SUFFIX = (
    "局",
    "委",
    "委员会",
    "办",
    "办公室",
    "办公厅",
    "中心",
    "室",
    "厅",
    "部",
    "署",
    "院",
    "所",
    "站",
    "队",
    "处",
    "总局",
    "会",
)
# Administrative units as the last one named before a department word: the department's level.
_UNIT_LEVEL = (
    ("自治区", Level.PROVINCE),
    ("省", Level.PROVINCE),
    ("街道", Level.TOWNSHIP),
    ("乡", Level.TOWNSHIP),
    ("镇", Level.TOWNSHIP),
    ("自治州", Level.CITY),
    ("州", Level.CITY),
    ("盟", Level.CITY),
    ("县", Level.COUNTY),
    ("旗", Level.COUNTY),
    ("区", Level.COUNTY),
)


def _area_level(area: str) -> Level | None:
    """The level of a government area's name (北京市 / 某省 / 某县 …); None for a bare 市,
    which may be a 设区的市 or a county-level city."""
    if area in _MUNICIPALITIES or area.endswith(("省", "自治区")):
        return Level.PROVINCE
    if area.endswith(("乡", "镇", "街道", "街道办事处")):
        return Level.TOWNSHIP
    if area.endswith(("自治州", "州", "盟")):
        return Level.CITY
    if area.endswith(("县", "区", "旗", "自治县", "林区", "特区")) or area.endswith(_GOV_LIKE):
        return Level.COUNTY
    return None


def infer_kind_level(org: str) -> tuple[OrgKind, Level, str]:
    """机关类型, 层级 and how sure: ``""`` when the name says them, else a Chinese reason to
    check (the defaults are 政府部门 / 县级)."""
    name = to_simplified(org)
    if not name:
        return OrgKind.DEPARTMENT, Level.COUNTY, "原文没有机关名称"
    if name.endswith("人民政府"):
        base = name.removesuffix("人民政府")
        level = _area_level(base)
        if level is None:
            return OrgKind.GOVERNMENT, Level.COUNTY, "“市”可能是设区的市，也可能是县级市"
        return OrgKind.GOVERNMENT, level, ""
    if name.endswith(_GOV_LIKE) or re.search(r"(县|区|市|旗|乡|镇|街道)$", name):
        # A county, district, township or 管委会 reporting as a whole: its government's report.
        level = _area_level(name)
        if level is None:
            return OrgKind.GOVERNMENT, Level.COUNTY, "“市”可能是设区的市，也可能是县级市"
        return OrgKind.GOVERNMENT, level, ""
    if name.endswith(_DEPT_SUFFIX):
        gov = name.find("人民政府")
        if gov > 0:
            level = _area_level(name[:gov])
            if level is not None:
                return OrgKind.DEPARTMENT, level, ""
        if not re.search(r"(省|市|州|县|区|旗|乡|镇)", name[:-1]):
            return OrgKind.DEPARTMENT, Level.STATE_COUNCIL_DEPT, ""
        last: tuple[int, Level] | None = None
        for unit, level in _UNIT_LEVEL:
            i = name.rfind(unit, 0, len(name) - 1)
            if i >= 0 and (last is None or i > last[0]):
                last = (i, level)
        city = name.rfind("市", 0, len(name) - 1)
        if last is not None and last[0] > city:
            return OrgKind.DEPARTMENT, last[1], ""
        if name.startswith(_MUNICIPALITIES):
            return OrgKind.DEPARTMENT, Level.PROVINCE, ""
        return OrgKind.DEPARTMENT, Level.COUNTY, "“市”的部门可能是设区的市级，也可能是县级"
    return OrgKind.DEPARTMENT, Level.COUNTY, "从名称看不出机关类型和层级"


# --- dates ---------------------------------------------------------------------------------

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0}


def _cn_number(text: str) -> int | None:
    """一 … 三十一 and 二〇二四 (digit by digit) as an int."""
    if text.isdigit():
        return int(text)
    if all(c in _CN_DIGITS for c in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = _CN_DIGITS.get(tens, 0) if tens else 1
        o = _CN_DIGITS.get(ones, 0) if ones else 0
        if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
            return None
        return t * 10 + o
    return None


_NUM = r"[0-9〇零○O一二三四五六七八九十]{1,4}"
_DATE_RE = re.compile(rf"({_NUM})\s*[-年/.]\s*({_NUM})\s*[-月/.]\s*({_NUM})\s*日?")


def parse_date(text: str) -> date | None:
    """The first date in ``text`` (2024-01-31, 2024年1月31日, 二〇二四年一月三十一日)."""
    m = _DATE_RE.search(text)
    if not m:
        return None
    parts = [_cn_number(g) for g in m.groups()]
    if any(p is None for p in parts):
        return None
    y, mo, d = parts
    assert y is not None and mo is not None and d is not None
    if not 2000 <= y <= 2100:
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


_PUBLISHED_FIELD = re.compile(
    r"(?:发布|公开|发文|印发|更新)(?:日期|时间)\s*[:：]|(?<![成])(?:^|\s)(?:日期|时间)\s*[:：]"
)
_WRITTEN_FIELD = re.compile(r"成文(?:日期|时间)\s*[:：]")


def page_dates(texts: list[str]) -> tuple[date | None, date | None]:
    """(发布日期, 成文日期) from the date fields of the page around the report."""
    published = written = None
    for t in texts:
        if len(t) > 400:
            t = t[:400]
        s = to_simplified(t)
        for m in _WRITTEN_FIELD.finditer(s):
            written = written or parse_date(s[m.end() : m.end() + 20])
        for m in _PUBLISHED_FIELD.finditer(s):
            published = published or parse_date(s[m.end() : m.end() + 20])
    return published, written


_SIGNATURE_DATE = re.compile(rf"^\s*{_NUM}\s*年\s*{_NUM}\s*月\s*{_NUM}\s*日\s*$")


def signature(lines: list[str], org: str) -> tuple[int, date | None] | None:
    """(index of the first signature line, 成文日期) when the text ends with the organ's name
    and a date on a line of its own (the 落款), else None. A Nianbao draft prints
    （成文日期未填） where the date goes: a 落款 without a date (None)."""
    idx = [i for i, t in enumerate(lines) if t.strip()]
    if not idx:
        return None
    last = idx[-1]
    draft = re.sub(r"\s+", "", lines[last]) == "（成文日期未填）"
    if not draft and not _SIGNATURE_DATE.match(lines[last]):
        return None
    when = None if draft else parse_date(lines[last])
    if when is None and not draft:
        return None
    start = last
    if len(idx) >= 2:
        prev = lines[idx[-2]].strip()
        short = len(prev) <= 40 and not re.search(r"[。，,；;：:]", prev)
        if short and (
            not org
            or to_simplified(prev) in to_simplified(org)
            or org in prev
            or prev.endswith(("人民政府", "办公室", "局", "委员会", "管委会", "中心"))
        ):
            start = idx[-2]
    return start, when
