"""Working-day arithmetic, checked against a plain day-by-day count."""
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from portal.infra.workdays import add_working_days, is_working_day, working_days_between

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


def count_day_by_day(start: date, end: date) -> int:
    n, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if day.weekday() < 5 and is_working_day(day):
            n += 1
    return n


@given(days, st.integers(min_value=0, max_value=60))
def test_adding_n_working_days_lands_on_a_working_day_n_working_days_later(start, n):
    due = add_working_days(start, n)
    assert count_day_by_day(start, due) == n
    assert n == 0 or is_working_day(due)
    assert working_days_between(start, due) == n


@given(days, st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=30))
def test_adding_working_days_in_two_steps_is_adding_them_at_once(start, a, b):
    assert add_working_days(add_working_days(start, a), b) == add_working_days(start, a + b)


def test_tet_and_the_weekend_do_not_count():
    # Tết 2026: Monday 16 to Friday 20 February are public holidays.
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert add_working_days(date(2026, 2, 12), 3) == date(2026, 2, 24)
    assert not is_working_day(date(2026, 9, 2))
