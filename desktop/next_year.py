"""Start next year's report from last year's (the January job of every unit).

The new report keeps the unit, carries 结转下年度 of last year into 上年结转 of the new year, keeps
last year's prose as the starting draft and embeds last year's report, so that the carry-over
(R7) and documents-in-force (R8) checks run without being given last year's file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop.errors import UserError
from desktop.register.model import Register
from desktop.register.sync import apply_register
from desktop.report import CellValue, Report
from desktop.standard_text import opening_paragraph
from desktop.template import CELL_BY_ID, INPUT_IDS, SECTION_TITLES, T3_APPLICANT_KEYS, t3_id

# (this year's 上年结转 cell, last year's 结转下年度 cell), one pair per applicant column.
CARRY_PAIRS: tuple[tuple[str, str], ...] = tuple(
    (t3_id("carried_in", col), t3_id("carried_out", col)) for col in T3_APPLICANT_KEYS
)


@dataclass(frozen=True, slots=True)
class NextYear:
    """The new report and what a person should know about how it was made.

    ``carried`` maps each 上年结转 cell that was filled to its value; ``blank_carried`` lists the
    上年结转 cells left blank because last year's 结转下年度 was blank; ``title_dropped`` is last
    year's title override when it was dropped; ``opening_cleared`` says last year's opening was
    the standard generated paragraph and was left empty; ``prose_naming_last_year`` names the
    prose places (Chinese descriptions) that still mention last year's year and need rewording.
    """

    report: Report
    carried: dict[str, CellValue] = field(default_factory=dict)
    blank_carried: tuple[str, ...] = ()
    title_dropped: str | None = None
    opening_cleared: bool = False
    prose_naming_last_year: tuple[str, ...] = ()
    open_applications: int = 0
    open_cases: int = 0


def plan_next_year(last: Report) -> NextYear:
    """Build next year's report from ``last`` and describe what was carried.

    Raises UserError when the year after ``last`` is outside the supported range.
    """
    year = last.meta.year + 1
    try:
        meta = last.meta.model_copy(update={"published": None, "written": None})
        meta.year = year  # validate_assignment checks the range
    except ValueError:
        raise UserError(
            f"上年度报告的年度是 {last.meta.year} 年，无法再创建下一年度的报告。"
            "请检查报告的“报告年度”是否填写正确。"
        ) from None

    prose = last.prose.model_copy(deep=True)
    # An opening that is exactly the exporter's standard paragraph (e.g. it came back through
    # import) is generated text: leave it empty so export writes next year's dates.
    opening_cleared = bool(prose.opening) and _same_text(prose.opening, opening_paragraph(last))
    if opening_cleared:
        prose.opening = ""
    title_dropped: str | None = None
    if prose.title and str(last.meta.year) in prose.title:
        title_dropped = prose.title
        prose.title = None

    cells: dict[str, CellValue] = dict.fromkeys(INPUT_IDS)
    carried: dict[str, CellValue] = {}
    blank: list[str] = []
    for into, source in CARRY_PAIRS:
        value = last.cells[source]
        cells[into] = value
        if value is None:
            blank.append(into)
        else:
            carried[into] = value

    # Last year's own ``previous`` is dropped so a file does not grow by a report every year.
    # Its register stays in last year's file: the new file carries the open rows only (below).
    previous = last.model_copy(deep=True, update={"previous": None, "ledger": Register()})
    report = Report(
        meta=meta,
        prose=prose,
        info_fee_yuan=None,
        cells=cells,
        previous=previous,
        ledger=_open_register(last.ledger, last.meta.year),
    )
    apply_register(report)
    return NextYear(
        report=report,
        carried=carried,
        blank_carried=tuple(blank),
        title_dropped=title_dropped,
        opening_cleared=opening_cleared,
        prose_naming_last_year=_places_naming_year(report, last.meta.year),
        open_applications=len(report.ledger.applications),
        open_cases=len(report.ledger.cases),
    )


def _open_register(reg: Register, last_year: int) -> Register:
    """What of last year's register goes on: applications not answered by 31 December and
    cases not decided by then (with the mapping and the modes); the rest stays in last year's
    file."""
    apps = [
        a.model_copy(deep=True)
        for a in reg.applications
        if a.answered is None or a.answered.year > last_year
    ]
    cases = [
        c.model_copy(deep=True)
        for c in reg.cases
        if c.decided is None or c.decided.year > last_year
    ]
    return Register(
        applications=apps,
        cases=cases,
        t3_generated=reg.t3_generated,
        t4_generated=reg.t4_generated,
        decision_map=dict(reg.decision_map),
    )


def next_year(last: Report) -> Report:
    """Next year's report: same unit (publication date cleared), year + 1, 上年结转 from last
    year's 结转下年度 (blank stays blank), every other cell blank, last year's prose as the draft
    (a title override naming last year dropped), 信息处理费 blank, last year's report embedded."""
    return plan_next_year(last).report


def summary_lines(plan: NextYear, out: Path | None = None, source: Path | None = None) -> list[str]:
    """What ``nianbao next`` (and the GUI) tells the user, one line a string, in Chinese."""
    meta = plan.report.meta
    last_year = meta.year - 1
    name = meta.org_name or "（未填机关全称）"
    lines = [f"已创建 {name} {meta.year} 年度报告" + (f"：{out}" if out is not None else "。")]
    if source is not None:
        lines.append(f"依据上年度（{last_year} 年）报告：{source}")
    if plan.carried:
        lines.append(f"已结转“上年结转”{len(plan.carried)} 列（取自上年度“结转下年度”）：")
        for cid, value in plan.carried.items():
            lines.append(f"  {CELL_BY_ID[cid].col_label}：{value}")
    if plan.blank_carried:
        lines.append(
            f"注意：上年度报告的“结转下年度”有 {len(plan.blank_carried)} 列未填写，"
            "新报告中对应的“上年结转”也留空，请核实后填写："
        )
        for cid in plan.blank_carried:
            lines.append(f"  {CELL_BY_ID[cid].col_label}")
    if plan.open_applications or plan.open_cases:
        lines.append(
            f"申请台账已带入上年度未办结的申请 {plan.open_applications} 件、"
            f"尚未审结的复议诉讼案件 {plan.open_cases} 件。"
        )
    if plan.report.ledger.t3_generated:
        lines.append("表三仍由申请台账生成。")
    lines.append("其余表格单元格均已留空，请填写本年度数据；信息处理费金额也已留空。")
    lines.append("正文沿用上年度内容作为草稿，请逐段修改为本年度情况。")
    if plan.title_dropped:
        lines.append(f"上年度自定义的标题“{plan.title_dropped}”含上年年份，已改回标准标题。")
    if plan.opening_cleared:
        lines.append("开头段落是软件生成的标准段落，已留空，导出时会按新年度自动生成。")
    if plan.prose_naming_last_year:
        lines.append(f"以下正文仍提到 {last_year} 年，请改写：")
        lines.extend(f"  {place}" for place in plan.prose_naming_last_year)
    lines.append("上年度报告已保存在新报告中，检查时会自动核对上年结转和现行有效件数。")
    return lines


def _same_text(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


def _places_naming_year(report: Report, year: int) -> tuple[str, ...]:
    needle = str(year)
    prose = report.prose
    places: list[str] = []
    if needle in prose.opening:
        places.append("开头段落")
    for number in (1, 5, 6):
        name = SECTION_TITLES[number - 1]
        section = prose.section(number)
        if needle in section.lead:
            places.append(f"{name} 的导语")
        for part in section.parts:
            if needle in part.heading or needle in part.text:
                heading = part.heading or "（无标题）"
                places.append(f"{name} 中的“{heading}”")
    for number, text in sorted(prose.table_intros.items()):
        if needle in text and 1 <= number <= len(SECTION_TITLES):
            places.append(f"{SECTION_TITLES[number - 1]} 表格前的说明")
    return tuple(places)
