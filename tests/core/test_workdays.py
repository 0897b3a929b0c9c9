"""Reply deadlines (条例 第三十条、第三十二条、第三十三条) against hand-counted calendars.

Every expected date below was counted by hand on a 2025 calendar with the State Council's
2025 holiday notice (国庆/中秋 10月1日–8日 off, 9月28日 Sunday and 10月11日 Saturday worked;
清明 4月4日–6日 off; 端午 5月31日–6月2日 off). The day of receipt is not counted.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.register.model import ApplicantKind, Application
from desktop.register.workdays import (
    DayKind,
    DueState,
    WorkCalendar,
    due_of,
    holidays_from_json,
    holidays_to_json,
    load_calendar,
    package_years,
)

CAL = WorkCalendar()


def app(received: date, **kw: object) -> Application:
    return Application(id="x", received=received, kind=ApplicantKind.NATURAL, **kw)  # type: ignore[arg-type]


def test_the_package_knows_2025_and_its_make_up_days() -> None:
    assert 2025 in package_years()
    assert CAL.is_workday(date(2025, 9, 28))  # Sunday, 调休
    assert CAL.is_workday(date(2025, 10, 11))  # Saturday, 调休
    assert not CAL.is_workday(date(2025, 10, 8))  # Wednesday, 国庆


def test_national_day_week_with_two_make_up_days() -> None:
    # Fri 9-26 received. Counted: 9-28 (Sun, 调休) 1, 9-29 2, 9-30 3, [10-1..10-8 off],
    # 10-9 4, 10-10 5, 10-11 (Sat, 调休) 6, 10-13..17 7–11, 10-20..24 12–16, 10-27..30 17–20.
    d = due_of(app(date(2025, 9, 26)), CAL, date(2025, 9, 26))
    assert d.due == date(2025, 10, 30) and d.notes == ()


def test_a_make_up_saturday_counts_as_a_working_day() -> None:
    # Thu 10-9 received: 10-10 1, 10-11 (Sat, 调休) 2, 10-13..17 3–7, 10-20..24 8–12,
    # 10-27..31 13–17, 11-3 18, 11-4 19, 11-5 20. Without the Saturday it would be 11-6.
    assert due_of(app(date(2025, 10, 9)), CAL).due == date(2025, 11, 5)
    weekends_only = WorkCalendar({date(2025, 10, 11): DayKind.HOLIDAY})
    assert due_of(app(date(2025, 10, 9)), weekends_only).due == date(2025, 11, 6)


def test_correction_restarts_the_period_from_the_corrected_application() -> None:
    # received Mon 3-3; 补正 notified 3-5; corrected application received Mon 3-10.
    # From 3-11: 3-11..14 1–4, 3-17..21 5–9, 3-24..28 10–14, 3-31..4-3 15–18, [4-4 清明],
    # 4-7 19, 4-8 20.
    waiting = app(date(2025, 3, 3), correction_notice=date(2025, 3, 5))
    assert due_of(waiting, CAL, date(2025, 3, 6)).state is DueState.WAITING_CORRECTION
    done = app(
        date(2025, 3, 3), correction_notice=date(2025, 3, 5), correction_received=date(2025, 3, 10)
    )
    assert due_of(done, CAL).due == date(2025, 4, 8)


def test_consultation_days_are_not_counted() -> None:
    # received Tue 6-3 (after 端午). Without a pause: 6-4..6 1–3, 6-9..13 4–8, 6-16..20 9–13,
    # 6-23..27 14–18, 6-30 19, 7-1 20. 征求意见 Mon 6-9 to Fri 6-13 (5 working days) → 7-8.
    assert due_of(app(date(2025, 6, 3)), CAL).due == date(2025, 7, 1)
    paused = app(date(2025, 6, 3), consult_start=date(2025, 6, 9), consult_end=date(2025, 6, 13))
    assert due_of(paused, CAL).due == date(2025, 7, 8)
    ongoing = app(date(2025, 6, 3), consult_start=date(2025, 6, 9))
    assert due_of(ongoing, CAL, date(2025, 6, 20)).state is DueState.CONSULTING


def test_extension_adds_twenty_working_days_only_when_notified_in_time() -> None:
    # base due Tue 7-1; +20: 7-2..4 1–3, 7-7..11 4–8, 7-14..18 9–13, 7-21..25 14–18,
    # 7-28 19, 7-29 20.
    extended = app(date(2025, 6, 3), extension_notice=date(2025, 6, 25))
    d = due_of(extended, CAL)
    assert d.base_due == date(2025, 7, 1) and d.due == date(2025, 7, 29)
    too_late = app(date(2025, 6, 3), extension_notice=date(2025, 7, 2))
    d = due_of(too_late, CAL)
    assert d.due == date(2025, 7, 1) and "延期无效" in d.notes[0]


def test_states_due_soon_overdue_and_answered_late() -> None:
    a = app(date(2025, 6, 3))  # due 7-1
    assert due_of(a, CAL, date(2025, 6, 20)).state is DueState.OPEN
    soon = due_of(a, CAL, date(2025, 6, 26))  # 6-27, 6-30, 7-1 left
    assert soon.state is DueState.DUE_SOON and soon.workdays_left == 3
    assert due_of(a, CAL, date(2025, 7, 2)).state is DueState.OVERDUE
    late = app(date(2025, 6, 3), result="granted", answered=date(2025, 7, 2))
    assert due_of(late, CAL).state is DueState.ANSWERED_LATE


def test_a_year_unknown_to_the_package_counts_weekends_and_says_so() -> None:
    # 2099 is in no holiday notice. Mon 2099-03-02 received: 3-3..6 1–4, 3-9..13 5–9,
    # 3-16..20 10–14, 3-23..27 15–19, 3-30 20.
    assert 2099 not in package_years()
    d = due_of(app(date(2099, 3, 2)), CAL, date(2099, 3, 2))
    assert d.due == date(2099, 3, 30)
    assert len(d.notes) == 1 and "2099 年" in d.notes[0] and "按周末计算" in d.notes[0]
    # the user adds the year's days: a holiday on 3-10 moves the date one working day on
    known = WorkCalendar({date(2099, 3, 10): DayKind.HOLIDAY})
    d = due_of(app(date(2099, 3, 2)), known, date(2099, 3, 2))
    assert d.due == date(2099, 3, 31) and d.notes == ()


def test_the_holiday_table_round_trips_and_loads_from_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    days = {date(2099, 10, 1): DayKind.HOLIDAY, date(2099, 10, 10): DayKind.WORKDAY}
    assert holidays_from_json(holidays_to_json(days)) == days
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path))
    (tmp_path / "holidays.json").write_text(holidays_to_json(days), encoding="utf-8")
    cal = load_calendar()
    assert cal.known(2099) and cal.is_workday(date(2099, 10, 10))
    with pytest.raises(ValueError, match="不是年报软件导出的节假日表"):
        holidays_from_json('{"days": {}}')
    with pytest.raises(ValueError, match="不是有效的日期"):
        holidays_from_json('{"format": "nianbao-holidays", "days": {"2099-13-01": "放假"}}')
