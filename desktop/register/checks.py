"""R22 (table 三/四 against the register) and R23 (answered after the due date).

R22 warns cell by cell where a typed (手工填写) table disagrees with the counts derived from the
register, lists register rows whose place in the tables cannot be told, and — in the first year
of a register — says when last year's report carried applications over that the register has
no rows for. R23 lists applications answered in the report year after their due date and asks
section 五 to mention them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from desktop.findings import Finding, Severity
from desktop.place import Place
from desktop.register.derive import RowProblem, derive_t3, derive_t4
from desktop.register.model import COLUMN_KIND
from desktop.register.workdays import DueState, WorkCalendar, due_of, load_calendar
from desktop.template import CELL_BY_ID, SECTION_TITLES, t3_id

if TYPE_CHECKING:
    from desktop.report import Report

W = Severity.WARNING
_MAX_CELL_FINDINGS = 40
_MAX_LISTED = 8
_calendar: WorkCalendar | None = None


def current_calendar() -> WorkCalendar:
    """The working-day calendar the checks use (package + the user's days, read once)."""
    global _calendar
    if _calendar is None:
        _calendar = load_calendar()
    return _calendar


def set_current_calendar(cal: WorkCalendar | None) -> None:
    """Replace the calendar (after the user edits the holiday table); None reads it again."""
    global _calendar
    _calendar = cal


def _cell_name(cid: str) -> str:
    return CELL_BY_ID[cid].column_name()


def _listed(problems: list[RowProblem]) -> str:
    shown = "；".join(f"{p.id}：{p.message}" for p in problems[:_MAX_LISTED])
    more = len(problems) - _MAX_LISTED
    return shown + (f"；另有 {more} 条" if more > 0 else "")


def r22(report: Report) -> list[Finding]:
    """R22: the tables against the register."""
    reg = report.ledger
    out: list[Finding] = []
    year = report.meta.year
    for table, rows, derived in (
        ("表三", reg.applications, derive_t3(reg, year) if reg.applications else None),
        ("表四", reg.cases, derive_t4(reg, year) if reg.cases else None),
    ):
        if derived is None or not rows:
            continue
        what = "申请台账" if table == "表三" else "复议诉讼案件表"
        if derived.problems:
            out.append(
                Finding(
                    "R22",
                    W,
                    f"{what}中有 {len(derived.problems)} 条记录无法确定计入{table}哪一格，"
                    f"相关单元格暂不计算：{_listed(derived.problems)}。请在台账中补全。",
                )
            )
        generated = reg.t3_generated if table == "表三" else reg.t4_generated
        diffs: list[Finding] = []
        for cid, want in derived.cells.items():
            typed = report.cells[cid]
            if want is None or typed is None or typed == want:
                continue
            how = "（由台账生成的数字与台账不一致，请重新生成）" if generated else ""
            diffs.append(
                Finding(
                    "R22",
                    W,
                    f"{_cell_name(cid)}：表中填写 {typed}，按{what}统计为 {want}{how}",
                    cells=(cid,),
                )
            )
        if len(diffs) > _MAX_CELL_FINDINGS:
            rest = len(diffs) - _MAX_CELL_FINDINGS
            diffs = diffs[:_MAX_CELL_FINDINGS]
            diffs.append(
                Finding("R22", W, f"{table}另有 {rest} 个单元格与{what}不一致，请逐一核对")
            )
        out += diffs
    out += _first_year_carry(report)
    return out


def _first_year_carry(report: Report) -> list[Finding]:
    from desktop.register.sync import expected_carry_in

    reg = report.ledger
    if not reg.applications:
        return []
    expected = expected_carry_in(report)
    if not expected:
        return []
    start = date(report.meta.year, 1, 1)
    if any(a.received < start for a in reg.applications):
        return []
    total = sum(expected.values())
    by_col = "，".join(f"{COLUMN_KIND[c].value} {n} 件" for c, n in expected.items())
    return [
        Finding(
            "R22",
            W,
            f"上年度报告“结转下年度”共 {total} 件（{by_col}），但申请台账中没有 "
            f"{report.meta.year} 年以前收到的申请，表三的“上年结转”会少算。"
            f"可在申请台账中点“添加上年结转占位记录”添加 {total} 条占位记录，再补全各条信息。",
            cells=tuple(t3_id("carried_in", c) for c in expected),
        )
    ]


def r23(report: Report, cal: WorkCalendar | None = None) -> list[Finding]:
    """R23: applications answered in the report year after their due date."""
    reg = report.ledger
    if not reg.applications:
        return []
    cal = cal or current_calendar()
    year = report.meta.year
    late: list[str] = []
    for app in reg.applications:
        if app.answered is None or app.answered.year != year or not app.done:
            continue
        d = due_of(app, cal, app.answered)
        if d.state is DueState.ANSWERED_LATE and d.due is not None:
            late.append(f"{app.id}（{app.answered.isoformat()} 答复，期限 {d.due.isoformat()}）")
    if not late:
        return []
    shown = "；".join(late[:_MAX_LISTED]) + (
        f"；另有 {len(late) - _MAX_LISTED} 件" if len(late) > _MAX_LISTED else ""
    )
    s5 = report.prose.s5.full_text()
    mention = ""
    if "逾期" not in s5 and "超期" not in s5 and "超过期限" not in s5:
        mention = f"“{SECTION_TITLES[4]}”尚未提及，请说明原因和改进措施。"
    return [
        Finding(
            "R23",
            W,
            f"本年有 {len(late)} 件申请在答复期限之后才答复：{shown}。{mention}",
            fields=(Place.whole_section(5),),
        )
    ]
