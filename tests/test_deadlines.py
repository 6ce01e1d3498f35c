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


def test_working_days_between_two_days_agree_with_a_count_day_by_day_around_the_admins_days(app):
    from portal.extensions import db
    from portal.models import CalendarDay
    with app.app_context():  # a day off on a Wednesday, a make-up Saturday, both near Tết 2027
        db.session.add_all([CalendarDay(day=date(2027, 2, 3), kind="day_off"),
                            CalendarDay(day=date(2027, 2, 13), kind="working_day")])
        db.session.commit()
        for start in (date(2026, 12, 20) + timedelta(days=i) for i in range(0, 70, 3)):
            for length in range(-2, 80, 5):
                end = start + timedelta(days=length)
                by_day = sum(is_working_day(start + timedelta(days=i))
                             for i in range(1, length + 1))
                assert working_days_between(start, end) == by_day, (start, end)


def test_tet_and_the_weekend_do_not_count():
    # Tết 2026: Monday 16 to Friday 20 February are public holidays.
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert add_working_days(date(2026, 2, 12), 3) == date(2026, 2, 24)
    assert not is_working_day(date(2026, 9, 2))
