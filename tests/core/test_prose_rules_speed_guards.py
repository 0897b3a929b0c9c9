"""The prose rules were made fast (bench/RESULTS.md) with a translate table, a required literal
per pattern and per-text caches. These tests hold the shortcuts to the plain behaviour: the same
normalised text, the same claims as without the literal check, and edits never served stale."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop import prose_rules
from desktop.place import Place
from desktop.project_file import load_report
from desktop.report import Report, Section, SubPart, new_report
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


def plain_sentence(t: str, i: int) -> tuple[int, int]:
    """Sentence bounds by searching the text, as before the stop positions were kept."""
    start = max(t.rfind(c, 0, i) for c in prose_rules.SENTENCE_END) + 1
    ends = [j for j in (t.find(c, i) for c in prose_rules.SENTENCE_END) if j >= 0]
    return (start, min(ends) if ends else len(t))


def plain_quote(text: str, norm: prose_rules._Norm, start: int, end: int) -> str:
    """``_quote`` by searching the text for clause stops, as before they were kept."""
    t = norm.text
    clause_end = prose_rules.CLAUSE_END
    s0, s1 = plain_sentence(t, start)
    a = max(s0, max(t.rfind(c, s0, start) for c in clause_end) + 1)
    ends = [j for j in (t.find(c, end, s1) for c in clause_end) if j >= 0]
    b = min(ends) if ends else s1
    while b - a < prose_rules.MIN_QUOTE and (b < s1 or a > s0):
        if b < s1:
            ends = [j for j in (t.find(c, b + 1, s1) for c in clause_end) if j >= 0]
            b = min(ends) if ends else s1
        else:
            a = max(s0, max(t.rfind(c, s0, a - 1) for c in clause_end) + 1)
    if b <= a:
        return " ".join(text.split())
    oa, ob = norm.span(a, b)
    quoted = " ".join(text[oa:ob].split())
    if len(quoted) > prose_rules.MAX_QUOTE:
        ma, mb = norm.span(start, end)
        lo = max(oa, ma - 20)
        hi = min(ob, max(mb + 10, lo + prose_rules.MAX_QUOTE))
        quoted = " ".join(text[lo:hi].split())
        quoted = ("…" if lo > oa else "") + quoted + ("…" if hi < ob else "")
    return quoted


_sentences = st.text(alphabet="申请件年，,。！？；\n 12３", max_size=80)


@settings(max_examples=400, deadline=None)
@given(_sentences, st.data())
@pytest.mark.timeout(120)
def test_kept_stop_positions_give_the_searched_bounds_and_quotes(text: str, data) -> None:  # type: ignore[no-untyped-def]
    norm = prose_rules._normalise(text)
    t = norm.text
    for i in range(len(t) + 1):
        assert norm.sentence(i) == plain_sentence(t, i)
    if t:
        start = data.draw(st.integers(0, len(t) - 1))
        end = data.draw(st.integers(start + 1, len(t)))
        assert prose_rules._quote(text, norm, start, end) == plain_quote(text, norm, start, end)


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


def _plain_claims(place: prose_rules.ProsePlace, year: int) -> tuple[prose_rules.Claim, ...]:
    """Every pattern scanned over the place, no required word or ``near`` looked for."""
    if not prose_rules._reads_claims(place):
        return ()
    norm = prose_rules._normalise(place.text)
    found = [(pat, m) for pat in prose_rules.PATTERNS for m in pat.regex.finditer(norm.text)]
    return tuple(prose_rules._claims_of(place, norm, found, year))


@pytest.mark.timeout(120)
def test_required_literals_skip_only_patterns_that_cannot_match() -> None:
    places = _places()
    fast = [tuple(prose_rules._claims_in(p, 2022)) for p in places]
    assert any(fast)  # the texts do contain claims
    assert fast == [_plain_claims(p, 2022) for p in places]
    # Read together (the words looked for once in all the texts), as a whole report is.
    assert prose_rules._read_claims(places, 2022) == fast
    example = prose_rules.prose_places(load_report(EXAMPLE))
    assert prose_rules._read_claims(example, 2022) == [_plain_claims(p, 2022) for p in example]


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


def plain_repetition(report: Report, previous: Report) -> prose_rules.Repetition:
    """R21 as first written: each sentence cut out, masked and stripped on its own."""
    standard: set[str] = set()
    for r in (report, previous):
        for text in (
            prose_rules.application_sentences(r),
            prose_rules.normative_sentence(r),
            prose_rules.info_fee_sentence(r),
        ):
            for piece in re.split(
                f"[{prose_rules.SENTENCE_END}]", prose_rules._normalise(text).text
            ):
                standard.add(prose_rules._sentence_key(piece))

    def sentences(place: prose_rules.ProsePlace) -> list[tuple[str, int, int]]:
        norm = prose_rules._normalise(place.text)
        t, out, start = norm.text, [], 0
        for i, ch in enumerate(t + "\n"):
            if ch in prose_rules.SENTENCE_END:
                if i > start:
                    a, b = norm.span(start, i if i == len(t) or t[i] == "\n" else i + 1)
                    out.append((t[start:i], a, b))
                start = i + 1
        return out

    def section_places(r: Report) -> list[prose_rules.ProsePlace]:
        return [
            p
            for p in prose_rules.prose_places(r)
            if p.section in (1, 5, 6) and not p.is_heading and p.text
        ]

    old = {
        prose_rules._sentence_key(s)
        for p in section_places(previous)
        for s, _, _ in sentences(p)
        if len(prose_rules._sentence_key(s)) >= prose_rules.MIN_SENTENCE
    }
    total = {1: 0, 5: 0, 6: 0}
    same = {1: 0, 5: 0, 6: 0}
    repeated = []
    for p in section_places(report):
        assert p.section is not None
        for s, a, b in sentences(p):
            key = prose_rules._sentence_key(s)
            if len(key) < prose_rules.MIN_SENTENCE or key in standard:
                continue
            total[p.section] += len(key)
            if key in old:
                same[p.section] += len(key)
                repeated.append(prose_rules.RepeatedSentence(p.field, a, b))
    by_section = {n: (same[n] / total[n] if total[n] else 0.0) for n in total}
    overall = sum(same.values()) / sum(total.values()) if sum(total.values()) else 0.0
    return prose_rules.Repetition(by_section, total, overall, tuple(repeated))


def _with_prose(report: Report, text: str, lead: str) -> Report:
    r = report.model_copy(deep=True)
    r.prose.s1.lead = lead
    r.prose.s6.parts[0].text = text if r.prose.s6.parts else r.prose.s6.lead
    r.prose.s5.lead = text
    return r


@pytest.mark.timeout(180)
def test_r21_from_whole_text_keys_equals_the_sentence_by_sentence_count() -> None:
    """R21 keys each sentence from one mask-and-strip pass over the whole place (a review
    of 500 units): the same shares and the same repeated spans as cutting out every
    sentence first, on the example, the corpus texts as either year, and mixed copies."""
    example = load_report(EXAMPLE)
    texts = [p.read_text(encoding="utf-8").replace("\f", "\n") for p in TEXTS]
    pairs = [(example, example)]
    for a, b in zip(texts, texts[1:] + texts[:1], strict=True):
        this = _with_prose(example, a, b[:300])
        last = _with_prose(example, b + "\n" + a[: len(a) // 2], a[:300])
        pairs += [(this, last), (last, this), (this, this)]
    for report, previous in pairs:
        assert prose_rules.repetition(report, previous) == plain_repetition(report, previous)
    assert any(prose_rules.repetition(r, p).repeated for r, p in pairs)


@settings(max_examples=300, deadline=None)
@given(_sentences, _sentences)
@pytest.mark.timeout(120)
def test_r21_whole_text_keys_on_tricky_text(this: str, last: str) -> None:
    example = load_report(EXAMPLE)
    report = _with_prose(example, this + "申请件数全年共计12件。" + last, this)
    previous = _with_prose(example, last + "申请件数全年共计3件。", this + last)
    assert prose_rules.repetition(report, previous) == plain_repetition(report, previous)


def test_a_cancelled_run_stops_at_a_checkpoint_and_leaves_no_partial_cache() -> None:
    import threading

    from desktop.cancel import Cancelled, cancellable

    report = load_report(EXAMPLE)
    report.prose.s1.lead = report.prose.s1.full_text() * 3  # a text no cache holds yet
    (lead,) = [p for p in prose_rules.prose_places(report) if p.field == Place.lead(1)]
    expected_claims = list(prose_rules._claims_in(lead, 2022))
    prose_rules._normalise.cache_clear()
    prose_rules._place_claims.cache_clear()
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled), cancellable(stop):
        prose_rules.prose_findings(report)
    assert prose_rules._place_claims.cache_info().currsize == 0  # nothing half-read kept
    fresh = prose_rules.prose_findings(report)
    prose_rules._normalise.cache_clear()
    prose_rules._place_claims.cache_clear()
    assert fresh == prose_rules.prose_findings(report)
    assert expected_claims  # the lead holds claims: the cancelled run had work to stop


@settings(max_examples=400, deadline=None)
@given(_tricky, st.lists(st.tuples(_tricky, _tricky), max_size=4))
@pytest.mark.timeout(120)
def test_r20_section_text_from_its_pieces_equals_the_whole_normalised(
    lead: str, parts: list[tuple[str, str]]
) -> None:
    """R20 puts a section's normalised text together from its pieces' (cached) normalised
    texts: the same as normalising the whole, even where a heading ends or its text starts
    with a digit or a comma (a thousands separator only joined)."""
    section = Section(lead=lead, parts=[SubPart(heading=h, text=t) for h, t in parts])
    expected = prose_rules._normalise(section.full_text()).text
    assert prose_rules._normalised_full_text(section) == expected


def test_r20_section_text_where_a_heading_meets_its_text() -> None:
    for heading, text in (("（一）1", "，234件"), ("共1，", "234件"), ("（一）1", "234")):
        section = Section(lead="", parts=[SubPart(heading=heading, text=text)])
        whole = prose_rules._normalise(section.full_text()).text
        assert prose_rules._normalised_full_text(section) == whole
