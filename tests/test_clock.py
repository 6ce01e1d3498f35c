"""The statutory clock: working days across Tết and weekends, paused while the applicant
supplements and resumed or restarted as each procedure's law says, and one apology."""
from datetime import date

import pytest

from portal import clock
from portal.deadlines import add_working_days
from portal.extensions import db
from portal.models import Dossier, OutboxMessage
from procedures import APPLICANT, PROCEDURES, SPECIALIST
from tests.builders import drive, make_ready

MODULES_WITH_TODAY = ("portal.clock", "portal.guards", "portal.effects", "portal.officer",
                      "portal.documents", "portal.verify", "portal.queues")
FRIDAY_BEFORE_TET = date(2026, 2, 13)  # Tết 2026: Monday 16 to Friday 20 February


@pytest.fixture
def calendar(monkeypatch):
    """Set the day the portal believes it is."""
    def on(day: date):
        for module in MODULES_WITH_TODAY:
            monkeypatch.setattr(f"{module}.today", lambda: day, raising=False)
    return on


@pytest.mark.parametrize("code", list(PROCEDURES))
def test_due_dates_skip_tet_and_weekends_for_every_procedure(code, actors, calendar):
    limits = PROCEDURES[code].time_limits
    dossier = make_ready(code, actors)
    calendar(FRIDAY_BEFORE_TET)
    drive(dossier, actors, "submit")
    first = limits.intake or limits.handling
    assert dossier.due_on == add_working_days(FRIDAY_BEFORE_TET, first)
    assert dossier.due_on >= date(2026, 2, 23)  # nothing falls due during the Tết week
    drive(dossier, actors, "accept")
    assert dossier.due_on == add_working_days(FRIDAY_BEFORE_TET, limits.handling)


def test_known_dates_across_tet():
    assert add_working_days(FRIDAY_BEFORE_TET, 1) == date(2026, 2, 23)
    assert add_working_days(FRIDAY_BEFORE_TET, 3) == date(2026, 2, 25)
    assert add_working_days(FRIDAY_BEFORE_TET, 10) == date(2026, 3, 6)
    assert add_working_days(FRIDAY_BEFORE_TET, 15) == date(2026, 3, 13)


def test_officer_requests_more_documents_and_clock_stops_then_continues(actors, calendar):
    dossier = make_ready("bl_grant", actors)
    accepted = date(2026, 3, 2)
    calendar(accepted)
    drive(dossier, actors, "submit", "accept")
    assert dossier.due_on == add_working_days(accepted, 15)

    asked = add_working_days(accepted, 5)
    calendar(asked)
    drive(dossier, actors, "request_supplement")
    assert dossier.clock_remaining == 10
    assert dossier.due_on == add_working_days(asked, 10)  # now the applicant's deadline

    answered = add_working_days(asked, 7)
    calendar(answered)
    drive(dossier, actors, "answer_supplement")
    assert dossier.due_on == add_working_days(answered, 10)  # continues, does not start over
    assert dossier.clock_remaining is None


def test_import_permit_time_limit_starts_over_after_supplementation(actors, calendar):
    dossier = make_ready("imp_grant", actors)
    calendar(date(2026, 3, 2))
    drive(dossier, actors, "submit", "accept")
    calendar(date(2026, 3, 4))
    drive(dossier, actors, "request_supplement")
    calendar(date(2026, 3, 20))
    drive(dossier, actors, "answer_supplement")
    assert dossier.due_on == add_working_days(date(2026, 3, 20), 5)


def test_an_overdue_dossier_is_flagged_and_its_apology_sent_once(actors, calendar, client, auth):
    dossier = make_ready("bl_grant", actors)
    calendar(date(2026, 3, 2))
    drive(dossier, actors, "submit", "accept")
    db.session.commit()
    due = dossier.due_on
    calendar(due)
    assert clock.due_soon(dossier) and not clock.overdue(dossier)
    late = add_working_days(due, 2)
    calendar(late)
    assert clock.overdue(dossier)

    auth.login(actors[SPECIALIST].email)
    page = client.get(f"/officer/dossiers/{dossier.id}").get_data(as_text=True)
    assert "quá hạn" in page and "Gửi phiếu xin lỗi" in page
    new_date = add_working_days(late, 5)
    response = client.post(f"/officer/dossiers/{dossier.id}/reschedule", follow_redirects=True, data={
        "new_date": new_date.isoformat(), "reason": "Chờ ý kiến của Bộ Quốc phòng.",
        "version": dossier.version})
    assert "Đã hẹn lại ngày trả kết quả" in response.get_data(as_text=True)
    db.session.expire_all()
    dossier = db.session.get(Dossier, dossier.id)
    assert (dossier.rescheduled_from, dossier.due_on) == (due, new_date)
    mail = db.session.execute(db.select(OutboxMessage).where(
        OutboxMessage.subject.contains("hẹn lại"))).scalar_one()
    assert "Chờ ý kiến của Bộ Quốc phòng." in mail.body

    again = client.post(f"/officer/dossiers/{dossier.id}/reschedule", follow_redirects=True, data={
        "new_date": add_working_days(new_date, 3).isoformat(), "reason": "Lần hai",
        "version": dossier.version})
    assert "chỉ cho phép hẹn lại một lần" in again.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).due_on == new_date

    auth.logout()
    auth.login(actors[APPLICANT].email)
    shown = client.get(f"/applicant/dossiers/{dossier.id}").get_data(as_text=True)
    assert new_date.strftime("%d/%m/%Y") in shown
    letter = client.get(f"/dossiers/{dossier.id}/letters/apology.pdf")
    assert letter.status_code == 200 and letter.data.startswith(b"%PDF")


@pytest.mark.parametrize("new_date, reason, message", [
    (date(2026, 3, 1), "Lý do", "ngày làm việc sau ngày hẹn hiện tại"),
    (date(2026, 5, 2), "Lý do", "ngày làm việc sau ngày hẹn hiện tại"),  # a Saturday
    (date(2026, 5, 4), " ", "nêu lý do"),
])
def test_a_bad_new_date_or_a_missing_reason_is_refused(actors, calendar, new_date, reason, message):
    dossier = make_ready("id_grant", actors)
    calendar(date(2026, 3, 2))
    drive(dossier, actors, "submit", "accept")
    assert any(message in r for r in clock.reschedule_refusals(dossier, new_date, reason))
