"""R16, the parts that need more than one cell: what the prose states against a table whose
cells are partly blank, against the prose's own sums and shares, and the wording around them.

``prose_rules._r16`` compares a statement with a table value only when every cell of it is
filled. Published reports (and imports of them) often leave cells blank; counts are never
negative, so the filled cells still give a floor: “无法提供265件” against filled 无法提供 cells
adding up to 337 is wrong whatever the blanks hold. The same care as R16's: only statements
whose wording clearly names the quantity, and only contradictions that hold for any value of
the blank cells.
"""

from __future__ import annotations

import re
from decimal import Decimal

from desktop.findings import Finding, Severity
from desktop.place import Place
from desktop.prose_rules import QUANTITIES, Claim, ProsePlace, prose_claims, prose_places
from desktop.report import Report
from desktop.standard_text import outcome_groups
from desktop.template import (
    CELL_BY_ID,
    T3_APPLICANT_KEYS,
    T3_BALANCES,
    T4_GROUPS,
    T4_RESULTS,
    TOTAL,
    t3_id,
    t4_id,
)

_GROUPS: dict[str, tuple[str, ...]] = {f"group:{name}": keys for name, keys in outcome_groups()}
_GROUPS["granted_partial"] = ("granted", "partial")
# Outcome statements that together cover every result of table 三 once.
_COVER: tuple[frozenset[str], ...] = (
    frozenset(f"group:{name}" for name, _ in outcome_groups()),
    frozenset(
        ["granted_partial"]
        + [f"group:{n}" for n, keys in outcome_groups() if keys[0] not in ("granted", "partial")]
    ),
)
# Matched where a claim ends (``match`` at that position: no ``^``, which only the text's
# start satisfies), so the rest of the text is not copied for each claim.
_SHARE = re.compile(
    r"\s*[，,]?\s*(?:占(?:比)?|比例为?)(?:为|约)?\s*(\d{1,3}(?:\.\d{1,4})?)\s*[%％]"
)
_STOPS = "。；;！？\n"
_ALL_UPHELD = re.compile(r"(?:均|全部|都)(?:获|被|予以|得到)?(?:了)?维持")
# A sentence that itself names another outcome (“复议均获维持，诉讼尚在审理”) says which cases
# were upheld: it is not read as “all upheld”. (败诉 is left out: “零败诉” is a common boast.)
_OTHER_OUTCOME = re.compile(r"审结|审理|未结|纠正|撤销|确认违法|驳回|调解|和解|撤诉")
_T4_NAMES = dict(T4_GROUPS)  # review → 行政复议 …
# 新收, 上年结转 and （七）总计 of the 总计 column.
_NEW, _CARRIED_IN, _HANDLED, _ = T3_BALANCES[-1].ids
_CHECK = "请核对后改正文字或表格中错误的一处。"


def _held(report: Report, cid: str) -> int | Decimal | None:
    """The number the report holds for a cell: computed where it can be, else as printed
    (``Report.held_values`` for one cell)."""
    v = report.value(cid)
    if v is None:
        v = report.printed_totals.get(cid)
    return v


def _row_floor(report: Report, key: str) -> int | None:
    """Table 三 row ``key``: its 总计 when known, else the sum of its filled cells (a floor)."""
    total = _held(report, t3_id(key))
    if total is not None:
        return int(total)
    known = [report.cells[t3_id(key, c)] for c in T3_APPLICANT_KEYS]
    filled = [int(v) for v in known if v is not None]
    return sum(filled) if filled else None


def _sentence(text: str, span: tuple[int, int]) -> str:
    start = max((text.rfind(ch, 0, span[0]) for ch in _STOPS), default=-1) + 1
    ends = [i for i in (text.find(ch, span[1]) for ch in _STOPS) if i >= 0]
    return text[start : min(ends, default=len(text))]


def _finding(
    names: dict[Place, str],
    claim: Claim,
    cells: tuple[str, ...],
    why: str,
    advice: str = _CHECK,
    severity: Severity = Severity.WARNING,
) -> Finding:
    return Finding(
        "R16",
        severity,
        f"{names[claim.field]}：文字“{claim.quote}”{why}{advice}",
        cells,
        (claim.field,),
        claim.span,
    )


def prose_total_findings(
    report: Report,
    places: list[ProsePlace] | None = None,
    claims: list[Claim] | None = None,
) -> list[Finding]:
    """The R16 findings described in the module docstring (``places`` and ``claims``: the
    report's ``prose_places`` and ``prose_claims`` when the caller already has them)."""
    if places is None:
        places = prose_places(report)
    if claims is None:
        claims = prose_claims(report, places)
    names = {p.field: p.name for p in places}
    texts = {p.field: p.text for p in places}
    out: list[Finding] = []
    out += _floors(report, claims, names)
    out += _received(report, claims, names, texts)
    out += _shares(report, claims, names, texts)
    out += _outcome_sum(claims, names)
    out += _all_upheld(report, places, names)
    return out


def _floors(report: Report, claims: list[Claim], names: dict[Place, str]) -> list[Finding]:
    out = []
    filled: dict[str, bool] = {}  # by quantity: a report states each a few times
    for claim in claims:
        keys = _GROUPS.get(claim.quantity)
        if keys is None and claim.quantity.startswith("row:"):
            keys = (claim.quantity[4:],)
        q = QUANTITIES.get(claim.quantity)
        if keys is None or q is None:
            continue  # no table 三 outcome
        if claim.quantity not in filled:
            filled[claim.quantity] = q.values(report) is not None
        if filled[claim.quantity]:
            continue  # every cell filled: R16 itself compares it
        floors = [_row_floor(report, k) for k in keys]
        floor = sum(f for f in floors if f is not None)
        if claim.value < floor:
            out.append(
                _finding(
                    names,
                    claim,
                    q.cells,
                    f"与{q.where}不一致：表中已填的数字合计已有 {floor} 件（其余为空），"
                    f"多于文字所说的 {claim.value} 件。",
                )
            )
    return out


def _received(
    report: Report, claims: list[Claim], names: dict[Place, str], texts: dict[Place, str]
) -> list[Finding]:
    """“收到申请75件” where 本年新收 is 74 and 上年结转 1: the prose counts the carried-over
    applications as received this year without saying so."""
    new = report.value(_NEW)
    carried = report.value(_CARRIED_IN)
    if new is None or not carried:
        return []
    out = []
    for claim in claims:
        if claim.quantity != "received" or claim.value != new + carried or claim.value == new:
            continue
        if "结转" in _sentence(texts[claim.field], claim.span):
            continue  # “收到75件（其中上年结转1件）” says what it counts
        out.append(
            _finding(
                names,
                claim,
                (_NEW, _CARRIED_IN),
                f"与{CELL_BY_ID[_NEW].quoted()}（{new} 件）不一致："
                f"{claim.value} 件是本年新收加上年结转 {carried} 件。",
                "如果要连上年结转一起说，请写明“含上年结转”，否则请改为本年新收的件数。",
                # Some offices count the carried-over ones as received: a note, not a warning.
                Severity.INFO,
            )
        )
    return out


def _shares(
    report: Report, claims: list[Claim], names: dict[Place, str], texts: dict[Place, str]
) -> list[Finding]:
    """“予以公开258件，占33.9%”: the share of the applications handled (or received) that
    the number is; a share that fits none of them, even rounded or cut, is wrong."""
    bases = {
        int(v)
        for v in (
            _held(report, _HANDLED),
            _held(report, _NEW),
            _sum_known(report, (_NEW, _CARRIED_IN)),
        )
        if v
    }
    if not bases:
        return []
    out = []
    for claim in claims:
        if claim.quantity not in _GROUPS and not claim.quantity.startswith("row:"):
            continue
        m = _SHARE.match(texts[claim.field], claim.span[1])
        if not m or not isinstance(claim.value, int):
            continue
        shown = Decimal(m.group(1))
        decimals = len(m.group(1).partition(".")[2])
        step = Decimal(1).scaleb(-decimals)  # one unit of the last digit: rounded or cut
        if any(abs(Decimal(claim.value) * 100 / b - shown) < step for b in bases):
            continue
        handled = _held(report, _HANDLED)
        base = int(handled) if handled else max(bases)
        actual = (Decimal(claim.value) * 100 / base).quantize(Decimal("0.1"))
        out.append(
            _finding(
                names,
                claim,
                (_HANDLED,),
                f"所写的比例 {m.group(1)}% 不对：{claim.value} 件占办理结果总计 {base} 件的 "
                f"{actual}%。",
            )
        )
    return out


def _sum_known(report: Report, cids: tuple[str, ...]) -> int | None:
    vals = [_held(report, c) for c in cids]
    return None if any(v is None for v in vals) else int(sum(v for v in vals if v is not None))


def _outcome_sum(claims: list[Claim], names: dict[Place, str]) -> list[Finding]:
    """One paragraph states how many applications were handled and the count of every
    outcome group: the counts must add up to the total it states."""
    out = []
    by_field: dict[Place, list[Claim]] = {}
    for claim in claims:
        by_field.setdefault(claim.field, []).append(claim)
    for items in by_field.values():
        handled = [c for c in items if c.quantity == "handled"]
        if len(handled) != 1:
            continue
        stated: dict[str, Claim] = {}
        for c in items:
            if c.quantity in _GROUPS and c.quantity not in stated:
                stated[c.quantity] = c
        for cover in _COVER:
            if not cover <= stated.keys():
                continue
            parts = [stated[q] for q in cover]
            total = sum(int(c.value) for c in parts)
            if total != handled[0].value:
                listed = "＋".join(str(c.value) for c in sorted(parts, key=lambda c: c.span))
                out.append(
                    _finding(
                        names,
                        handled[0],
                        (_HANDLED,),
                        f"与同一段所列各类办理结果之和不一致：{listed}＝{total} 件，"
                        f"不是 {handled[0].value} 件。",
                    )
                )
            break
    return out


def _all_upheld(report: Report, places: list[ProsePlace], names: dict[Place, str]) -> list[Finding]:
    """“行政复议7件，诉讼9件，均获维持” while table 四 shows cases still open or corrected."""
    out = []
    for place in places:
        text = place.text
        if place.is_heading or "维持" not in text:
            continue
        for m in _ALL_UPHELD.finditer(text):
            sentence = _sentence(text, (m.start(), m.end()))
            if _OTHER_OUTCOME.search(sentence):
                continue
            groups = []
            if "复议" in sentence:
                groups.append("review")
            if "诉讼" in sentence or "起诉" in sentence:
                groups += ["suit_direct", "suit_after_review"]
            other = []
            for g in groups:
                vals = {r: report.value(t4_id(g, r)) for r, _ in T4_RESULTS}
                for r, label in T4_RESULTS:
                    v = vals[r]
                    if r not in ("upheld", TOTAL) and v:
                        other.append(f"{_T4_NAMES[g]}{label} {v} 件")
            if not other:
                continue
            start = text.find(sentence, max(0, m.start() - len(sentence)))
            quote = " ".join(text[start : m.end()].split())
            out.append(
                Finding(
                    "R16",
                    Severity.WARNING,
                    f"{names[place.field]}：文字“{quote}”说均获维持，"
                    f"而表四有{'、'.join(other)}。{_CHECK}",
                    tuple(t4_id(g) for g in groups),
                    (place.field,),
                    (start, m.end()),
                )
            )
    return out
