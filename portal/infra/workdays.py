"""Working-day arithmetic (weekends and Vietnamese public holidays are not counted), and months."""
import calendar
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import g, has_app_context


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    import holidays  # on first use: its tables take 0.1 s to import, a third of start-up
    return frozenset(holidays.Vietnam(years=year))


def _calendar() -> dict[date, bool]:
    """The admins' exceptions (day -> is it a working day), read once per app context,
    that is once per request; outside the app only the statutory rules apply."""
    if not has_app_context():
        return {}
    if "calendar" not in g:
        from portal.extensions import db, plain_rows
        from portal.models import CalendarDay
        rows = plain_rows(db.select(CalendarDay.day, CalendarDay.kind))
        g.calendar = {day: kind == "working_day" for day, kind in rows}
    return g.calendar


def calendar_rows():
    """The admins' exceptions as one JSON value, for a page that reads them with its own
    statement (`use_calendar`): the calendar's own statement was a ninth of a dossier page's."""
    from portal.extensions import db
    from portal.infra.json_rows import json_rows
    from portal.models import CalendarDay
    return db.select(json_rows(CalendarDay.day, CalendarDay.kind)).scalar_subquery()


def use_calendar(rows: list | None) -> None:
    """This request's copy of the calendar, from `calendar_rows` read with a page's data."""
    from portal.infra.json_rows import day
    g.calendar = {day(text): kind == "working_day" for text, kind in rows or ()}


def forget_calendar() -> None:
    """Drop this request's copy of the calendar after changing it."""
    g.pop("calendar", None)


def is_working_day(day: date) -> bool:
    """A weekday that is no public holiday, unless the admins' calendar says otherwise."""
    exception = _calendar().get(day)
    if exception is not None:
        return exception
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The day on which `days` whole working days after `start` have run out.

    The start day itself never counts (a dossier received today is day 0).
    """
    if days < 0:
        raise ValueError("days must be >= 0")
    day = start
    while days:
        day += timedelta(days=1)
        days -= is_working_day(day)
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 if end <= start): the weekdays
    by arithmetic, then each holiday and admins' exception between them (counting day by day
    took a twentieth of an officer's dossier page, due dates being months away)."""
    days = (end - start).days
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    first = start.weekday() + 1
    count = weeks * 5 + sum((first + i) % 7 < 5 for i in range(rest))
    special = {day for year in range(start.year, end.year + 1) for day in _public_holidays(year)}
    special.update(_calendar())
    return count + sum(is_working_day(day) - (day.weekday() < 5) for day in special
                       if start < day <= end)


TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> date:
    """Today in Vietnam, where every statutory day is counted."""
    return datetime.now(TIMEZONE).date()


def local_time(moment: datetime) -> datetime:
    """A stored moment on Vietnamese wall-clock time (SQLite hands back naive UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(TIMEZONE)


def local_date(moment: datetime) -> date:
    return local_time(moment).date()


def latest_end(start: date, months: int) -> date:
    """`months` after `start` (the last day of the month when it is shorter)."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return start.replace(year=year, month=month,
                         day=min(start.day, calendar.monthrange(year, month)[1]))
