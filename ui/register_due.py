"""What is due this week in the register: the list and the line shown above the register and
in the status bar when a file is opened. Apart from the register tab, which loads when it is
first shown, so that the window can say it at start-up."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.register.workdays import DueState


def due_this_week(report: Any, today: date | None = None) -> list[tuple[str, date, DueState]]:
    """Open applications of ``report`` due by the end of this week, or already overdue."""
    from desktop.register.checks import current_calendar
    from desktop.register.workdays import due_of

    today = today or date.today()
    end = today + timedelta(days=6 - today.weekday())
    cal = current_calendar()
    out: list[tuple[str, date, DueState]] = []
    for app in report.ledger.applications:
        if app.done or app.placeholder:
            continue
        d = due_of(app, cal, today)
        if d.due is not None and d.due <= end:
            out.append((app.id, d.due, d.state))
    out.sort(key=lambda x: x[1])
    return out


def due_this_week_text(report: Any, today: date | None = None) -> str:
    """The line shown above the register and in the status bar on opening a file."""
    if not report.ledger.applications:
        return "台账中还没有申请。可点“添加申请”逐条登记，或“导入台账…”导入本机关的 Excel 台账。"
    due = due_this_week(report, today)
    if not due:
        return "本周没有到期的申请。"
    from desktop.register.workdays import DueState

    overdue = [d for d in due if d[2] is DueState.OVERDUE]
    items = "、".join(f"{i}（{d.month}月{d.day}日）" for i, d, _ in due[:8])
    more = f" 等 {len(due)} 件" if len(due) > 8 else ""
    head = f"本周到期或已逾期的申请 {len(due)} 件"
    if overdue:
        head += f"（其中已逾期 {len(overdue)} 件）"
    return f"{head}：{items}{more}"
