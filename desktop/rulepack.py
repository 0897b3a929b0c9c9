"""Local rule packs (``.nbrules``): the extra requirements a 政务公开办 hands its units.

A pack is a JSON object with Chinese keys (the README shows an example)::

    {
      "名称": "某县政务公开办2024年度报审要求",
      "报审日期": "2025-01-15",
      "正文要求": [{"部分": "一", "须包含": "政策解读\\D{0,6}\\d+", "提示": "……"}],
      "字数上限": {"一": 1000},
      "必备小标题": {"一": ["主动公开", "依申请公开"]}
    }

Only 名称 is required. A pack with any mistake is refused whole (a half-applied pack would
pass reports it was meant to stop), with a message naming the line; the built-in rules run
regardless. Every finding of a pack carries its name, so a unit knows whose rule it is.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from desktop.errors import UserError, os_error_reason
from desktop.findings import Finding, Severity
from desktop.place import Place
from desktop.report import Report
from desktop.template import SECTION_TITLES

EXTENSION = ".nbrules"
MAX_PACK_BYTES = 256 * 1024
MAX_PATTERN_CHARS = 300
KEYS = ("名称", "报审日期", "正文要求", "字数上限", "必备小标题")
# Where a requirement applies: the prose sections and the opening.
_PARTS: dict[str, int] = {"开头": 0, "一": 1, "五": 5, "六": 6, "1": 1, "5": 5, "6": 6}
_PART_NAMES = {0: "开头段落", 1: SECTION_TITLES[0], 5: SECTION_TITLES[4], 6: SECTION_TITLES[5]}
_FIELDS = {
    0: Place.opening(),
    1: Place.whole_section(1),
    5: Place.whole_section(5),
    6: Place.whole_section(6),
}
_DEADLINE_NEAR_DAYS = 7


class RulePackError(UserError):
    """A pack that cannot be used; the message names the file and the line."""


@dataclass(frozen=True, slots=True)
class PatternRule:
    """A pattern a part must match, with the message shown when it does not."""

    part: int
    pattern: re.Pattern[str]
    message: str


@dataclass(frozen=True, slots=True)
class RulePack:
    """A loaded, validated pack."""

    name: str
    path: Path | None = None
    review_date: date | None = None  # 报审日期
    patterns: tuple[PatternRule, ...] = ()
    max_chars: dict[int, int] = field(default_factory=dict)
    headings: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def findings(self, report: Report, today: date | None = None) -> list[Finding]:
        """What the pack says about a report. ``today`` (while editing) compares 报审日期 with
        the day; without it (a check) 报审日期 is compared with the 发布日期."""
        out: list[Finding] = []
        tag = f"【{self.name}】"

        def add(
            message: str, fields: tuple[Place, ...], severity: Severity = Severity.WARNING
        ) -> None:
            out.append(Finding(self.name, severity, tag + message, fields=fields))

        if self.review_date is not None:
            due = _zh(self.review_date)
            published = report.meta.published
            if today is None and published is not None and published > self.review_date:
                add(
                    f"发布日期 {_zh(published)} 晚于本地规定的报审日期 {due}；请按时报审，"
                    "或核对发布日期",
                    (Place.meta("published"),),
                )
            elif today is not None and published is None:
                left = (self.review_date - today).days
                if left < 0:
                    add(
                        f"已过本地规定的报审日期 {due}；请尽快完成并报审",
                        (Place.meta("published"),),
                    )
                elif left <= _DEADLINE_NEAR_DAYS:
                    add(
                        f"距本地规定的报审日期 {due} 还有 {left} 天",
                        (Place.meta("published"),),
                        Severity.INFO,
                    )
        for rule in self.patterns:
            if not rule.pattern.search(_part_text(report, rule.part)):
                add(
                    f"{_PART_NAMES[rule.part]}：{rule.message}",
                    (_FIELDS[rule.part],),
                )
        for part, limit in self.max_chars.items():
            n = _char_count(_part_text(report, part))
            if n > limit:
                add(
                    f"{_PART_NAMES[part]}有 {n} 字，超过规定的 {limit} 字；请精简到 {limit} 字以内",
                    (_FIELDS[part],),
                )
        for part, wanted in self.headings.items():
            have = [_norm(p.heading) for p in report.prose.section(part).parts if p.heading.strip()]
            missing = [h for h in wanted if not any(_norm(h) in x for x in have)]
            if missing:
                add(
                    f"{_PART_NAMES[part]}缺少小标题“{'”“'.join(missing)}”；请按要求增加这些小标题",
                    (_FIELDS[part],),
                )
        return out


def _zh(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _char_count(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _part_text(report: Report, part: int) -> str:
    if part == 0:
        return report.prose.opening
    return report.prose.section(part).full_text()


# --- loading -------------------------------------------------------------------------------------


def _line_of(text: str, needle: str, start: int = 0) -> int:
    i = text.find(needle, start)
    return text.count("\n", 0, i) + 1 if i >= 0 else 1


def load_pack(path: str | Path) -> RulePack:
    """Read and validate a pack; raises RulePackError naming the line of the first mistake."""
    p = Path(path)
    where = f"规则包“{p.name}”"
    try:
        raw = p.read_bytes()[: MAX_PACK_BYTES + 1]
    except FileNotFoundError:
        raise RulePackError(f"找不到{where}，请检查文件名和位置。") from None
    except OSError as exc:
        raise RulePackError(f"无法读取{where}：{os_error_reason(exc)}。") from None
    if len(raw) > MAX_PACK_BYTES:
        raise RulePackError(f"{where}过大，不像是规则包。")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RulePackError(f"{where}不是 UTF-8 编码的文本，请用记事本另存为 UTF-8。") from None
    return parse_pack(text, p)


def parse_pack(text: str, path: Path | None = None) -> RulePack:
    """Validate a pack's text (see the module docstring for the format)."""
    where = f"规则包“{path.name}”" if path is not None else "规则包"

    def fail(line: int, what: str) -> RulePackError:
        return RulePackError(f"{where}第 {line} 行有错误：{what}。规则包整个未使用。")

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(exc.lineno, f"不是有效的 JSON（{_json_reason(exc.msg)}）") from None
    if not isinstance(data, dict):
        raise fail(1, "规则包应是一个 { … } 对象")
    for key in data:
        if key not in KEYS:
            raise fail(
                _line_of(text, json.dumps(key, ensure_ascii=False)),
                f"不认识的项目“{key}”（可用的项目：{'、'.join(KEYS)}）",
            )

    def line(key: str, value: Any = None) -> int:
        at = text.find(json.dumps(key, ensure_ascii=False))
        if value is not None:
            return _line_of(text, json.dumps(value, ensure_ascii=False), max(at, 0))
        return _line_of(text, json.dumps(key, ensure_ascii=False))

    name = data.get("名称")
    if not isinstance(name, str) or not name.strip():
        raise fail(
            line("名称") if "名称" in data else 1, "缺少“名称”（规则包的名称，会显示在每条提示前）"
        )
    review_date: date | None = None
    if "报审日期" in data:
        v = data["报审日期"]
        try:
            review_date = date.fromisoformat(v) if isinstance(v, str) else None
        except ValueError:
            review_date = None
        if review_date is None:
            raise fail(line("报审日期"), f"报审日期“{v}”应写成 2025-01-15 这样的日期")

    def part_of(value: Any, key: str) -> int:
        part = _PARTS.get(str(value).strip())
        if part is None:
            raise fail(
                line(key, value),
                f"“{value}”不是可以检查的部分（可用：开头、一、五、六）",
            )
        return part

    patterns: list[PatternRule] = []
    items = data.get("正文要求", [])
    if not isinstance(items, list):
        raise fail(line("正文要求"), "“正文要求”应是一个 [ … ] 列表")
    search_from = text.find('"正文要求"')
    for item in items:
        item_line = _line_of(text, "{", max(search_from, 0))
        search_from = text.find("{", max(search_from, 0)) + 1
        if not isinstance(item, dict):
            raise fail(item_line, '“正文要求”的每一项应是 { "部分": …, "须包含": …, "提示": … }')
        for k in ("部分", "须包含", "提示"):
            if k not in item:
                raise fail(item_line, f"“正文要求”的一项缺少“{k}”")
        pattern = item["须包含"]
        if not isinstance(pattern, str) or len(pattern) > MAX_PATTERN_CHARS:
            raise fail(item_line, "“须包含”应是一段不超过 300 个字符的文字（正则表达式）")
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise fail(
                _line_of(text, json.dumps(pattern, ensure_ascii=False)),
                f"“须包含”的表达式“{pattern}”写法有误（{exc.msg}）",
            ) from None
        message = item["提示"]
        if not isinstance(message, str) or not message.strip():
            raise fail(item_line, "“提示”应是一段说明文字")
        patterns.append(PatternRule(part_of(item["部分"], "正文要求"), compiled, message.strip()))

    max_chars: dict[int, int] = {}
    limits = data.get("字数上限", {})
    if not isinstance(limits, dict):
        raise fail(line("字数上限"), '“字数上限”应是 { "一": 1000 } 这样的对象')
    for k, v in limits.items():
        if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
            raise fail(line("字数上限", v), f"字数上限“{v}”应是正整数")
        max_chars[part_of(k, "字数上限")] = v

    headings: dict[int, tuple[str, ...]] = {}
    wanted = data.get("必备小标题", {})
    if not isinstance(wanted, dict):
        raise fail(line("必备小标题"), '“必备小标题”应是 { "一": ["主动公开"] } 这样的对象')
    for k, v in wanted.items():
        part = part_of(k, "必备小标题")
        if part == 0:
            raise fail(line("必备小标题"), "开头段落没有小标题")
        if not isinstance(v, list) or not all(isinstance(h, str) and h.strip() for h in v):
            raise fail(line("必备小标题", k), '小标题应写成 ["主动公开", "依申请公开"] 这样的列表')
        headings[part] = tuple(h.strip() for h in v)
    return RulePack(name.strip(), path, review_date, tuple(patterns), max_chars, headings)


def optional_pack(path: str | Path, err: TextIO | None = None) -> RulePack | None:
    """The pack, or None after saying on ``err`` (stderr) why it was refused: a command given
    a broken pack still runs the built-in rules."""
    try:
        return load_pack(path)
    except RulePackError as exc:
        print(f"注意：{exc}只按内置规则检查。", file=err or sys.stderr)
        return None


def _json_reason(msg: str) -> str:
    reasons = {
        "Expecting ',' delimiter": "缺少逗号",
        "Expecting ':' delimiter": "缺少冒号",
        "Expecting property name enclosed in double quotes": (
            "项目名要用英文双引号括起来，或多了逗号"
        ),
        "Expecting value": "缺少值，或多了逗号",
        "Unterminated string starting at": "引号没有配对",
        "Extra data": "结尾多了内容",
        "Invalid control character at": "文字中有换行或控制字符",
        "Invalid \\escape": "反斜杠 \\ 要写成 \\\\",
    }
    for en, zh in reasons.items():
        if msg.startswith(en):
            return zh
    return msg
