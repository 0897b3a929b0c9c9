"""The prose rules were made fast (bench/RESULTS.md) with a translate table, a required literal
per pattern and per-text caches. These tests hold the shortcuts to the plain behaviour: the same
normalised text, the same claims as without the literal check, and edits never served stale."""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop import prose_rules
from desktop.project_file import load_report
from desktop.report import new_report
from desktop.template import T3_APPLICANT_KEYS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "yanchi-2022.nianbao"
TEXTS = [
    *(ROOT / "tests" / "data" / "real").glob("*.txt"),
    ROOT / "tests" / "data" / "yanchi-2022-report.txt",
]
_PUNCT = str.maketrans(
    {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
)
_SPACE = frozenset(" \t\r\u3000\u00a0*")


def plain_normalise(text: str) -> tuple[str, tuple[int, ...]]:
    """The character-by-character definition the fast version must equal."""
    out: list[str] = []
    pos: list[int] = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch in _SPACE:
            continue
        c = unicodedata.normalize("NFKC", ch) if "\uff01" <= ch <= "\uff5e" else ch
        if len(c) != 1:
            c = ch
        if c == ",":
            j = i + 1
            while j < n and text[j] in _SPACE:
                j += 1
            if out and out[-1].isdigit() and j < n and text[j].isdigit():
                out.append(",")
                pos.append(i)
                continue
        out.append(c.translate(_PUNCT))
        pos.append(i)
    return "".join(out), tuple(pos)


_tricky = st.text(
    alphabet=" \t\r\u3000\u00a0*,，１２3４５6ａＡ（()：:;；!！?？。年件abc\uff5e\uff01\uff10²٣",
    max_size=40,
)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_tricky, st.text(max_size=60)))
@pytest.mark.timeout(120)
def test_fast_normalise_equals_the_plain_definition(text: str) -> None:
    fast = prose_rules._normalise(text)
    assert (fast.text, tuple(fast.pos)) == plain_normalise(text)


def _places() -> list[prose_rules.ProsePlace]:
    report = load_report(EXAMPLE)
    places = list(prose_rules.prose_places(report))
    for path in TEXTS:
        for i, paragraph in enumerate(path.read_text(encoding="utf-8").split("\n\n")):
            for section, heading in ((1, "（二）依申请公开"), (6, ""), (None, "")):
                places.append(
                    prose_rules.ProsePlace(f"{path.name}.{i}", "x", paragraph, section, heading)
                )
    return places


@pytest.mark.timeout(120)
def test_required_literals_skip_only_patterns_that_cannot_match(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    places = _places()
    fast = [tuple(prose_rules._claims_in(p, 2022)) for p in places]
    assert any(fast)  # the texts do contain claims
    plain_patterns = [dataclasses.replace(p, need=()) for p in prose_rules.PATTERNS]
    monkeypatch.setattr(prose_rules, "PATTERNS", plain_patterns)
    plain = [tuple(prose_rules._claims_in(p, 2022)) for p in places]
    assert fast == plain


@pytest.mark.timeout(60)
def test_an_edit_is_never_answered_from_the_cache() -> None:
    report = new_report("某某县人民政府", 2022)
    for col in T3_APPLICANT_KEYS:
        report.set_cell(f"t3.new.{col}", 0)
    report.set_cell("t3.new.natural", 5)
    report.prose.s1.lead = "全年共收到政府信息公开申请5件。"
    before = [f.rule for f in prose_rules.prose_findings(report)]
    assert "R16" not in before
    report.prose.s1.lead = "全年共收到政府信息公开申请6件。"
    assert "R16" in [f.rule for f in prose_rules.prose_findings(report)]
    # The same text read for another year: a sentence naming 2022 is no claim about 2023.
    report.prose.s1.lead = "2022年共收到政府信息公开申请5件。"
    assert [c.quantity for c in prose_rules.prose_claims(report)] == ["received"]
    report.meta.year = 2023
    assert prose_rules.prose_claims(report) == []
    report.meta.year = 2022
    report.set_cell("t3.new.natural", 6)  # same text, other table value
    assert "R16" in [f.rule for f in prose_rules.prose_findings(report)]
