"""Table 三 and table 四 of report year Y, derived from the register (issue 18).

Table 三, per applicant column, for report year Y:

- 本年新收 = received in Y;
- 上年结转 = received before Y and not answered before 1 January Y;
- each result row = counted above and answered in Y with that result;
- 结转下年度 = counted above and not answered by 31 December Y.

Every counted application lands in exactly one of the 21 result rows or in 结转下年度, so
R1 (新收 + 上年结转 = 总计 + 结转下年度) holds by construction.

Table 四 counts each case received in Y, plus each case received earlier and still undecided on
1 January Y, once, by its state on 31 December Y: decided by then → 维持 / 纠正 / 其他 by the
decision mapping; otherwise 尚未审结.

A row whose state cannot be told (a 答复日期 without a 办理结果, a result without a date, an
answer dated before receipt; a decided case whose decision is not in the mapping) leaves the
cells it would count in blank — a wrong number is worse than a blank — and is listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop.register.model import (
    CASE_PENDING,
    Application,
    Case,
    Register,
)
from desktop.template import (
    T3_APPLICANT_KEYS,
    T3_INPUT_ROW_KEYS,
    T4_GROUP_KEYS,
    T4_PART_KEYS,
    t3_id,
    t4_id,
)

T3_DERIVED_IDS: tuple[str, ...] = tuple(
    t3_id(rk, ck) for rk in T3_INPUT_ROW_KEYS for ck in T3_APPLICANT_KEYS
)
T4_DERIVED_IDS: tuple[str, ...] = tuple(t4_id(g, r) for g in T4_GROUP_KEYS for r in T4_PART_KEYS)


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A register row whose place in the table cannot be told; ``index`` is its position."""

    index: int
    id: str
    message: str


@dataclass(slots=True)
class Derived:
    """Derived input cells (blank where a problem row makes a count unknowable), the register
    rows behind each cell (positions in the register's list), and the rows with problems."""

    cells: dict[str, int | None]
    sources: dict[str, list[int]] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)


def application_problem(app: Application) -> str | None:
    """Why an application's state cannot be told, or None."""
    if app.answered is not None and app.result is None:
        return "填了答复日期，但没有选择办理结果"
    if app.result is not None and app.answered is None:
        return "选择了办理结果，但没有填答复日期"
    if app.answered is not None and app.answered < app.received:
        return "答复日期早于收到申请日期"
    return None


def derive_t3(register: Register, year: int) -> Derived:
    """Table 三's 144 input cells for report year ``year`` from the register."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    counts: dict[str, int] = dict.fromkeys(T3_DERIVED_IDS, 0)
    sources: dict[str, list[int]] = {cid: [] for cid in T3_DERIVED_IDS}
    problems: list[RowProblem] = []
    blocked: set[str] = set()
    for i, app in enumerate(register.applications):
        received, answered, result = app.received, app.answered, app.result
        if received > end:
            continue
        problem = application_problem(app)
        if problem is None and answered is not None and answered < start:
            continue  # answered before Y: not part of this year's table
        col = app.kind.column
        if problem is not None:
            if not (answered is not None and answered < start and answered >= received):
                problems.append(RowProblem(i, app.id, problem))
                blocked.add(col)
            continue
        first = t3_id("new", col) if received >= start else t3_id("carried_in", col)
        counts[first] += 1
        sources[first].append(i)
        # (application_problem rules out an answer date without a result)
        if answered is not None and answered <= end and result is not None:
            last = t3_id(result, col)
        else:
            last = t3_id("carried_out", col)
        counts[last] += 1
        sources[last].append(i)
    cells: dict[str, int | None] = dict(counts)
    for col in blocked:
        for rk in T3_INPUT_ROW_KEYS:
            cells[t3_id(rk, col)] = None
    return Derived(cells, sources, problems)


def case_problem(register: Register, case: Case) -> str | None:
    """Why a case's place in table 四 cannot be told, or None."""
    decided_word = case.decision.strip() not in ("", CASE_PENDING)
    if case.decided is not None and not decided_word and case.category is None:
        return "填了结案日期，但结果仍是“尚未审结”"
    if decided_word and case.decided is None:
        return f"结果是“{case.decision}”，但没有填结案日期"
    if case.decided is not None and case.decided < case.received:
        return "结案日期早于收到日期"
    if case.decided is not None and register.category_of(case) is None:
        return f"结果“{case.decision}”不在结果对应表中，请指定它计入结果维持、结果纠正还是其他结果"
    return None


def derive_t4(register: Register, year: int) -> Derived:
    """Table 四's 12 input cells for report year ``year`` from the case list."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    counts: dict[str, int] = dict.fromkeys(T4_DERIVED_IDS, 0)
    sources: dict[str, list[int]] = {cid: [] for cid in T4_DERIVED_IDS}
    problems: list[RowProblem] = []
    blocked: set[str] = set()
    for i, case in enumerate(register.cases):
        if case.received > end:
            continue
        problem = case_problem(register, case)
        if problem is None and case.decided is not None and case.decided < start:
            continue  # decided before Y
        group = case.kind.group
        if problem is not None:
            if case.decided is not None and case.received <= case.decided < start:
                continue  # decided before Y: its problem does not touch this year's table
            problems.append(RowProblem(i, case.id, problem))
            blocked.add(group)
            continue
        if case.decided is not None and case.decided <= end:
            category = register.category_of(case)
            assert category is not None  # case_problem ruled this out
            cid = t4_id(group, category.key)
        else:
            cid = t4_id(group, "pending")
        counts[cid] += 1
        sources[cid].append(i)
    cells: dict[str, int | None] = dict(counts)
    for group in blocked:
        for r in T4_PART_KEYS:
            cells[t4_id(group, r)] = None
    return Derived(cells, sources, problems)
