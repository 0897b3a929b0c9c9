"""Working days in China and the reply deadlines of 《政府信息公开条例》 (issue 18).

Official holidays and make-up working days (调休) come from the ``chinesecalendar`` package
(its data ends with the last year the State Council had announced when it was released), plus
days the user adds in the app for years the package does not know (an office PC never updates
the package). For a year known to neither, weekends only are counted and every result says so.

The deadline rules (条例 第三十条、第三十二条、第三十三条):

- the reply is due 20 working days after receipt — the day of receipt is not counted;
- after a 补正 notice, the period runs anew from receipt of the corrected application (and the
  clock stands still until then);
- working days spent asking a third party or another agency for its opinion
  (征求意见, from the start date to the end date, both included) are not counted;
- an extension notified on or before the due date adds at most 20 working days.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path

from desktop.register.model import Application

REPLY_DAYS = 20
EXTENSION_DAYS = 20
DUE_SOON_DAYS = 3
HOLIDAYS_FORMAT = "nianbao-holidays"


class DayKind(StrEnum):
    """A user-added day: a holiday on a weekday, or a working weekend day (调休)."""

    HOLIDAY = "放假"
    WORKDAY = "调休上班"


@cache
def _package_days() -> tuple[dict[date, bool], frozenset[int]]:
    """The package's days off and make-up working days (date → is a working day), and the
    years its data covers."""
    try:
        from chinese_calendar import constants  # type: ignore[import-untyped]
    except ImportError:  # a build without the package still counts weekends, and says so
        return {}, frozenset()
    days: dict[date, bool] = {d: False for d in constants.holidays}
    days.update({d: True for d in constants.workdays})
    years = frozenset(d.year for d in constants.holidays)
    return days, years


def package_years() -> frozenset[int]:
    """The years the holiday package knows."""
    return _package_days()[1]


class WorkCalendar:
    """Which days are working days: the user's days first, then the package's, then weekends.

    ``user_days`` maps a date to its kind; a year with at least one user day counts as known.
    """

    def __init__(self, user_days: Mapping[date, DayKind] | None = None) -> None:
        self.user_days: dict[date, DayKind] = dict(user_days or {})
        pkg, pkg_years = _package_days()
        self._days: dict[date, bool] = dict(pkg)
        self._days.update({d: k is DayKind.WORKDAY for d, k in self.user_days.items()})
        self._known: frozenset[int] = pkg_years | {d.year for d in self.user_days}
        # Due dates by the dates they depend on: the checks ask again on every keystroke.
        self._due_cache: dict[tuple[date | None, ...], tuple[date, date, tuple[str, ...]]] = {}
        # Working days left, by (today, due): thousands of open applications share a few
        # hundred due dates, and each count walks day by day.
        self._between_cache: dict[tuple[date, date], int] = {}

    def known(self, year: int) -> bool:
        """Whether the holidays of ``year`` are known (package or user days)."""
        return year in self._known

    def is_workday(self, d: date) -> bool:
        """A working day: the listed days as listed, other days Monday to Friday."""
        listed = self._days.get(d)
        if listed is not None:
            return listed
        return d.weekday() < 5

    def workdays_between(self, after: date, until: date) -> int:
        """Working days in (after, until]; 0 when ``until`` is not after ``after``."""
        cached = self._between_cache.get((after, until))
        if cached is not None:
            return cached
        n, d = 0, after
        while d < until:
            d += timedelta(days=1)
            if self.is_workday(d):
                n += 1
        self._between_cache[(after, until)] = n
        return n


def unknown_note(years: Iterable[int]) -> str:
    """The on-screen note for years whose holidays are not known."""
    ys = "、".join(f"{y} 年" for y in sorted(set(years)))
    return (
        f"{ys}的法定节假日和调休安排软件中没有，期限暂按周末计算（未扣除节假日）；"
        "可在“节假日设置”中补充当年的放假和调休日期。"
    )


class DueState(StrEnum):
    """Where an application stands against its deadline."""

    ANSWERED = "已答复"
    WAITING_CORRECTION = "等待补正"  # the clock stands still until the corrected application
    CONSULTING = "征求意见中"  # the clock stands still while opinions are asked
    OPEN = "办理中"
    DUE_SOON = "即将到期"
    OVERDUE = "已逾期"
    ANSWERED_LATE = "逾期答复"


@dataclass(frozen=True, slots=True)
class Due:
    """An application's reply deadline and state. ``due`` is None while the clock stands still
    (waiting for 补正, or 征求意见 without an end date). ``notes`` say what the count assumed."""

    due: date | None
    state: DueState
    base_due: date | None = None  # before any extension
    notes: tuple[str, ...] = field(default=())
    workdays_left: int | None = None


def _count(
    cal: WorkCalendar, start: date, n: int, pause: tuple[date, date] | None, years: set[int]
) -> date:
    """The ``n``-th counted working day after ``start``; days in ``pause`` are not counted."""
    d, counted = start, 0
    while counted < n:
        d += timedelta(days=1)
        if not cal.known(d.year):
            years.add(d.year)
        if not cal.is_workday(d):
            continue
        if pause is not None and pause[0] <= d <= pause[1]:
            continue
        counted += 1
    return d


def due_of(app: Application, cal: WorkCalendar, today: date | None = None) -> Due:
    """The reply deadline of one application and its state on ``today`` (default: today)."""
    today = today or date.today()
    notes: list[str] = []
    unknown: set[int] = set()
    start = app.received
    if app.correction_notice is not None:
        if app.correction_received is None:
            if not app.done:
                return Due(
                    None,
                    DueState.WAITING_CORRECTION,
                    notes=("已告知补正，期限自收到补正后重新计算",),
                )
        else:
            start = app.correction_received
    pause: tuple[date, date] | None = None
    if app.consult_start is not None:
        if app.consult_end is None:
            if not app.done:
                return Due(None, DueState.CONSULTING, notes=("征求意见期间不计算在答复期限内",))
        elif app.consult_end >= app.consult_start:
            pause = (app.consult_start, app.consult_end)
    key = (start, *(pause or (None, None)), app.extension_notice)
    cached = cal._due_cache.get(key)
    if cached is None:
        base = _count(cal, start, REPLY_DAYS, pause, unknown)
        due = base
        if app.extension_notice is not None:
            if app.extension_notice <= base:
                due = _count(cal, base, EXTENSION_DAYS, pause, unknown)
            else:
                notes.append(
                    f"延期告知日期（{app.extension_notice.isoformat()}）晚于原答复期限"
                    f"（{base.isoformat()}），延期无效"
                )
        if unknown:
            notes.append(unknown_note(unknown))
        cached = cal._due_cache[key] = (base, due, tuple(notes))
    base, due, note_t = cached
    notes = list(note_t)
    if app.done:
        assert app.answered is not None
        state = DueState.ANSWERED_LATE if app.answered > due else DueState.ANSWERED
        return Due(due, state, base, tuple(notes))
    if today > due:
        return Due(due, DueState.OVERDUE, base, tuple(notes), 0)
    left = cal.workdays_between(today, due)
    state = DueState.DUE_SOON if left <= DUE_SOON_DAYS else DueState.OPEN
    return Due(due, state, base, tuple(notes), left)


# --- the user's holiday table (stored in the app's data folder, exportable) ---------------------


def data_dir() -> Path:
    """The user's data folder, as the window uses it (``NIANBAO_DATA_DIR`` overrides it)."""
    override = os.environ.get("NIANBAO_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "Nianbao"
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "nianbao"


def holidays_path() -> Path:
    """Where the user's 放假/调休 days are kept."""
    return data_dir() / "holidays.json"


def holidays_to_json(days: Mapping[date, DayKind]) -> str:
    """The file text of a holiday table (also what 导出 writes for sharing)."""
    doc = {
        "format": HOLIDAYS_FORMAT,
        "days": {d.isoformat(): k.value for d, k in sorted(days.items())},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def holidays_from_json(text: str, source: str = "") -> dict[date, DayKind]:
    """Parse a holiday table; raises ValueError with a Chinese message."""
    where = f"“{source}”" if source else "节假日文件"
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise ValueError(f"{where}已损坏，无法读取。") from None
    if not isinstance(doc, dict) or doc.get("format") != HOLIDAYS_FORMAT:
        raise ValueError(f"{where}不是年报软件导出的节假日表。")
    raw = doc.get("days")
    if not isinstance(raw, dict):
        raise ValueError(f"{where}中没有节假日数据。")
    out: dict[date, DayKind] = {}
    for key, value in raw.items():
        try:
            out[date.fromisoformat(str(key))] = DayKind(value)
        except ValueError:
            raise ValueError(f"{where}中的“{key}: {value}”不是有效的日期和类型。") from None
    return out


def load_calendar(path: Path | None = None) -> WorkCalendar:
    """The calendar with the user's days from ``path`` (default: the data folder). A missing
    or unreadable file gives the package's days only; nothing is written."""
    path = path or holidays_path()
    try:
        text = path.read_text(encoding="utf-8")
        days = holidays_from_json(text, str(path))
    except (OSError, ValueError, UnicodeDecodeError):
        days = {}
    return WorkCalendar(days)
