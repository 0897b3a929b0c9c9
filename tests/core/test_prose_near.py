"""A pattern's ``near`` (desktop/prose_rules.py) lets the prose check skip a scan that cannot
match; it must be part of every match, or a statement would be missed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.prose_rules import PATTERNS

DATA = Path(__file__).resolve().parents[1] / "data"
NEAR = [p for p in PATTERNS if p.near is not None]
STATEMENTS = (
    "全年共有3件申请结转至下一年度办理",
    "三件顺延到下年度",
    "12件转入下年度继续办理",
    "１２份申请延续至下一年",
    "已办结了12件",
    "共答复一百件",
    "均已办复１,234件",
    "全部办结二十件，",
)


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(DATA.rglob("*.txt"))]
    return texts + list(STATEMENTS)


def test_some_patterns_have_a_near_and_the_statements_match() -> None:
    assert len(NEAR) >= 2
    for text in STATEMENTS:
        assert any(p.regex.search(text) for p in NEAR), text


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:12])
def test_every_match_contains_its_near(text: str) -> None:
    for pat in NEAR:
        assert pat.near is not None
        for m in pat.regex.finditer(text):
            assert pat.near.search(m.group(0)), (pat.regex.pattern, m.group(0))


_PIECES = st.sampled_from(
    [
        "结转",
        "顺延",
        "转入",
        "延续",
        "至",
        "到",
        "入",
        "下",
        "一",
        "年",
        "度",
        "申请",
        "件",
        "份",
        "办结",
        "答复",
        "办复",
        "了",
        "已",
        "共",
        "均已",
        "全部",
        "累计",
        "12",
        "１２",
        "三",
        "，",
        "1,234",
    ]
)


@given(st.lists(_PIECES, max_size=12).map("".join))
def test_near_is_found_wherever_the_pattern_matches(text: str) -> None:
    for pat in NEAR:
        assert pat.near is not None
        for m in pat.regex.finditer(text):
            assert pat.near.search(m.group(0)), (pat.regex.pattern, m.group(0))
