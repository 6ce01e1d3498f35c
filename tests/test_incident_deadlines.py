"""The staged reports' deadlines, as procedures/incidents.py declares them: in hours and
calendar days (and a calendar month) from detection or from the stage before, never in
working days, so a Saturday's incident is due on Sunday like any other day's."""
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from procedures.incidents import DETECTION, NIS2, REGIMES, SEVERITIES, VN, Period, add_months, stages_due

UTC = timezone.utc
moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31),
                       timezones=st.just(UTC))
severities = st.sampled_from(sorted(SEVERITIES))
regimes = st.sampled_from(sorted(REGIMES))


@settings(max_examples=300, deadline=None)
@given(moments, regimes, severities, st.data())
def test_each_stage_is_due_as_its_rule_says_from_detection_or_the_stage_before(detected, regime, severity, data):
    """Whatever the moment, weekday or month, and whichever earlier stages were filed when."""
    filed = {}
    for stage in REGIMES[regime].stages_for(severity):
        if data.draw(st.booleans()):
            filed[stage.code] = detected + timedelta(minutes=data.draw(st.integers(0, 60 * 24 * 60)))
    due = dict((s.code, d) for s, d in stages_due(REGIMES[regime], severity, detected, filed))
    for stage in REGIMES[regime].stages_for(severity):
        if stage.within is None:
            assert due[stage.code] is None
            continue
        start = detected if stage.after == DETECTION else filed.get(stage.after) or due[stage.after]
        expected = add_months(start, stage.within.months) + timedelta(days=stage.within.days,
                                                                      hours=stage.within.hours)
        assert due[stage.code] == expected
        assert due[stage.code] >= start


@given(moments)
def test_nis2_early_warning_in_24_hours_notification_in_72_and_final_a_month_after_it(detected):
    due = {s.code: d for s, d in stages_due(NIS2, "medium", detected, {})}
    assert due["early_warning"] - detected == timedelta(hours=24)
    assert due["notification"] - detected == timedelta(hours=72)
    final = due["final"]
    assert (final.year * 12 + final.month) - (due["notification"].year * 12 + due["notification"].month) == 1
    assert final.time() == due["notification"].time()


@given(moments, st.sampled_from(sorted(SEVERITIES)))
def test_vietnam_five_calendar_days_or_at_once_when_serious(detected, severity):
    due = {s.code: d for s, d in stages_due(VN, severity, detected, {})}
    if SEVERITIES[severity].serious:
        assert due == {"immediate": detected, "update": None, "closing": None}
    else:
        assert due == {"initial": detected + timedelta(days=5), "update": None, "closing": None}


def test_a_friday_evening_incident_is_due_over_the_weekend_not_on_monday():
    friday = datetime(2026, 12, 4, 18, 0, tzinfo=UTC)
    due = {s.code: d for s, d in stages_due(NIS2, "high", friday, {})}
    assert due["early_warning"].weekday() == 5 and due["notification"].weekday() == 0
    assert due["notification"] == datetime(2026, 12, 7, 18, 0, tzinfo=UTC)


def test_a_month_after_the_31st_is_the_last_day_of_a_shorter_month():
    assert Period(months=1).after(datetime(2027, 1, 31, 9, tzinfo=UTC)) == datetime(2027, 2, 28, 9, tzinfo=UTC)
    assert Period(months=1).after(datetime(2028, 1, 31, 9, tzinfo=UTC)) == datetime(2028, 2, 29, 9, tzinfo=UTC)
