"""The one gate for text a report can hold: only what XML 1.0 and UTF-8 can carry.

Control characters other than tab and newline, lone surrogates and the non-characters U+FFFE /
U+FFFF cannot be written into a .docx (XML 1.0) or encoded as UTF-8 (the .nianbao file), so a
report holding one could be checked but not saved or exported. The model refuses them
(``checked``, used by every string field of ``desktop.report``); typing and paste ask
``problem`` first and show its message; a file or an import holding them is opened with them
removed through ``clean_tree``, which counts what it removed per field so that the window and the
command line can say so (never silently).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, ValidationInfo

# C0 controls except tab (09), line feed (0A) and carriage return (0D, half of a Windows line
# break, which XML 1.0 carries), DEL, lone surrogates, U+FFFE and U+FFFF.
FORBIDDEN_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

_NAMES = {
    "\x0b": "垂直制表符",
    "\x0c": "换页符",
    "\x00": "空字符",
    "\x7f": "删除符",
}


def describe_char(ch: str) -> str:
    """A Chinese name of a forbidden character with its code, e.g. ``控制字符 U+0001``."""
    code = f"U+{ord(ch):04X}"
    if ch in _NAMES:
        return f"{_NAMES[ch]}（{code}）"
    if "\ud800" <= ch <= "\udfff":
        return f"不成对的代理字符（{code}）"
    if ch in "\ufffe\uffff":
        return f"非字符（{code}）"
    return f"控制字符（{code}）"


def problem(text: str, what: str = "文字") -> str | None:
    """None when ``text`` may be stored; otherwise a Chinese message for the user."""
    found = FORBIDDEN_RE.findall(text)
    if not found:
        return None
    kinds = "、".join(dict.fromkeys(describe_char(ch) for ch in found[:50]))
    return (
        f"{what}中有 {len(found)} 个无法保存到文件的特殊字符（{kinds}），未能写入。"
        "这类字符常来自复制的网页或其他软件；请删除它们，或先粘贴到记事本再复制过来。"
    )


def checked(text: str) -> str:
    """``text`` unchanged when it may be stored; raises ValueError (Chinese) otherwise.

    Used as the validator of every string field of the report model.
    """
    if FORBIDDEN_RE.search(text) is None:
        return text
    message = problem(text)
    assert message is not None
    raise ValueError(message)


class Cleaned:
    """Validation context saying every string of the data went through ``clean_tree`` already
    (a file being opened): the fields' own checks would only scan the same text again, which
    was a quarter of a merge's time."""


CLEANED = Cleaned()


def _checked_field(text: str, info: ValidationInfo) -> str:
    if info.context is CLEANED:
        return text
    return checked(text)


# The type of every string field of the report model (report, register): passes the gate.
Text = Annotated[str, AfterValidator(_checked_field)]


def _has_forbidden(text: str) -> bool:
    # isprintable() is one C pass, several times faster than the pattern over CJK text, and
    # True only when no control, surrogate or non-character is present; line breaks and the
    # ideographic space make it False, so the pattern decides those strings.
    return not text.isprintable() and FORBIDDEN_RE.search(text) is not None


def clean(text: str) -> tuple[str, int]:
    """``text`` without forbidden characters, and how many were removed."""
    if not _has_forbidden(text):
        return text, 0
    cleaned, n = FORBIDDEN_RE.subn("", text)
    return cleaned, n


# Values that hold no text: a container of only these (a report's 150 cells) is skipped in
# one C-level pass. FileNumber literals (a str subclass) are digits read by the JSON decoder.
_NO_TEXT = frozenset({int, float, bool, type(None)})


# Escapes that cannot stand for a forbidden character: \" \\ \/ \n \r \t. Any other (\b, \f,
# \uXXXX) may. A match only sends the file through ``clean_tree``, so the pattern may be wider.
_RISKY_ESCAPE_RE = re.compile(r'\\[^"\\/nrt]')


def json_text_is_clean(text: str) -> bool:
    """True when JSON ``text``, decoded from UTF-8 (so holding no lone surrogate), cannot hold
    a forbidden character in any string: none written as itself (DEL, U+FFFE, U+FFFF; JSON
    requires the C0 controls to be escaped) and no escape that could stand for one. A few
    passes in C over the text, where ``clean_tree`` looks at every value of the parsed tree in
    Python (half the time of parsing the file)."""
    return (
        "\x7f" not in text
        and "\ufffe" not in text
        and "\uffff" not in text
        and _RISKY_ESCAPE_RE.search(text) is None
    )


def clean_tree(
    tree: Any,
    name: Callable[[tuple[str | int, ...]], str],
    number_types: tuple[type, ...] = (),
) -> dict[str, int]:
    """Remove forbidden characters from every string value inside ``tree`` (dicts and lists,
    changed in place); return removed counts keyed by ``name(path)`` (a Chinese field name).
    ``number_types``: str subclasses the JSON decoder made of number literals (no text)."""
    removed: dict[str, int] = {}
    no_text = _NO_TEXT.union(number_types)

    def visit(node: Any, path: tuple[str | int, ...]) -> None:
        items: Any
        if isinstance(node, dict):
            if no_text.issuperset(map(type, node.values())):
                return
            items = list(node.items())
        elif isinstance(node, list):
            items = list(enumerate(node))
        else:
            return
        for key, value in items:
            if isinstance(value, str):
                if not _has_forbidden(value):
                    continue
                cleaned, n = clean(value)
                if n:
                    node[key] = cleaned
                    label = name((*path, key))
                    removed[label] = removed.get(label, 0) + n
            else:
                visit(value, (*path, key))

    visit(tree, ())
    return removed


def removal_note(removed: dict[str, int], source: str = "") -> str:
    """The note shown when text was removed on opening: which fields, how many characters."""
    total = sum(removed.values())
    fields = "、".join(f"{field} {n} 个" for field, n in list(removed.items())[:20])
    if len(removed) > 20:
        fields += f" 等 {len(removed)} 处"
    where = f"文件“{source}”" if source else "文件"
    return (
        f"{where}中有 {total} 个无法保存的特殊字符（控制字符等），打开时已删除：{fields}。"
        "请核对这些地方的文字。"
    )


# Chinese names of the report's text fields, for the notes.
_SECTION = {"s1": "第一部分", "s5": "第五部分", "s6": "第六部分"}
_TABLE_INTRO = {"2": "第二部分", "3": "第三部分", "4": "第四部分"}
_LEDGER = {"applications": "申请台账", "cases": "复议诉讼台账"}
_LEDGER_FIELDS = {
    "id": "编号",
    "applicant": "申请人",
    "content": "申请内容",
    "consult_party": "征求意见对象",
    "note": "备注",
    "application": "关联申请",
    "result": "办理结果",
    "decision": "结果",
}


def field_name(path: tuple[str | int, ...]) -> str:
    """A Chinese name for a path into a report's JSON tree, e.g. ``第一部分第2小节正文``."""
    prefix = ""
    while path[:1] == ("previous",):
        prefix += "上年度报告的"
        path = path[1:]
    p = [str(x) for x in path]
    fixed: dict[tuple[str, ...], str] = {
        ("meta", "org_name"): "机关全称",
        ("meta", "contact"): "联系方式",
        ("prose", "title"): "标题",
        ("prose", "opening"): "开头段落",
    }
    if tuple(p) in fixed:
        return prefix + fixed[tuple(p)]
    if len(p) == 3 and p[0] == "prose" and p[1] in _SECTION and p[2] == "lead":
        return prefix + _SECTION[p[1]] + "导语"
    if len(p) == 5 and p[0] == "prose" and p[1] in _SECTION and p[2] == "parts":
        try:
            n = int(p[3]) + 1
        except ValueError:
            n = 0
        kind = "标题" if p[4] == "heading" else "正文"
        return f"{prefix}{_SECTION[p[1]]}第{n}小节{kind}"
    if len(p) == 3 and p[:2] == ["prose", "table_intros"]:
        return prefix + _TABLE_INTRO.get(p[2], p[2]) + "表前说明"
    if len(p) == 4 and p[0] == "ledger" and p[1] in _LEDGER:
        try:
            n = int(p[2]) + 1
        except ValueError:
            n = 0
        return f"{prefix}{_LEDGER[p[1]]}第{n}条的{_LEDGER_FIELDS.get(p[3], p[3])}"
    return prefix + "／".join(p)
