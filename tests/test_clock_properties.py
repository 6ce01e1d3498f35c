"""The statutory clock against a plain count: for every procedure, any submission day, any
time the intake check takes and any pause for supplementation, the dates the engine keeps
are the declared working days counted one calendar day at a time."""
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.extensions import db
from portal.infra import workdays
from procedures import PROCEDURES
from tests.builders import drive, make_ready


def plain(start: date, days: int) -> date:
    """The day on which `days` working days after `start` have run out, by listing them."""
    if days == 0:
        return start
    working = [start + timedelta(n) for n in range(1, 5 * days + 60)
               if workdays.is_working_day(start + timedelta(n))]
    return working[days - 1]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(code=st.sampled_from(list(PROCEDURES)),
       submitted=st.dates(date(2026, 1, 1), date(2027, 12, 31)),
       intake_used=st.integers(0, 3), paused_after=st.integers(0, 14), answered_after=st.integers(0, 9))
def test_due_dates_are_a_plain_count_of_declared_working_days(
        app, actors, monkeypatch, code, submitted, intake_used, paused_after,
        answered_after):
    procedure, limits = PROCEDURES[code], PROCEDURES[code].time_limits
    flow = procedure.flow
    on = lambda day: monkeypatch.setattr(workdays, "today", lambda: day)  # noqa: E731
    dossier = make_ready(code, actors)
    on(submitted)
    drive(dossier, actors, "submit")
    intake = limits.intake or 0
    assert dossier.result_due == plain(submitted, intake + limits.handling)

    accepted = plain(submitted, min(intake_used, intake))
    on(accepted)
    drive(dossier, actors, "accept")
    handling_from = accepted if limits.intake else submitted
    assert dossier.due_on == dossier.result_due == plain(handling_from, limits.handling)

    if "request_supplement" not in {t.action for t in flow.transitions}:
        return db.session.rollback()
    asked = plain(accepted, min(paused_after, limits.handling))
    on(asked)
    drive(dossier, actors, "request_supplement")
    used = len([d for d in (accepted + timedelta(n) for n in range(1, (asked - accepted).days + 1))
                if workdays.is_working_day(d)])
    answered = plain(asked, answered_after)
    on(answered)
    drive(dossier, actors, "answer_supplement")
    resumes = flow.transition("answer_supplement").clock == "resume"
    assert dossier.due_on == plain(answered, limits.handling - used if resumes else limits.handling)
    db.session.rollback()
