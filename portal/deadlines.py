"""Working-day arithmetic: weekends and Vietnamese public holidays are not counted."""
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.Vietnam(years=year))


def is_working_day(day: date) -> bool:
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
    """Working days after `start` up to and including `end` (0 if end <= start)."""
    return sum(is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))


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
