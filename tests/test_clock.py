"""The statutory clock: working days across Tết and weekends, paused while the applicant
supplements and resumed or restarted as each procedure's law says, and one apology."""
from datetime import date, timedelta
from io import BytesIO

import pytest

from portal.dossiers import clock
from portal.infra import workdays
from portal.infra.workdays import add_working_days, is_working_day
from portal.extensions import db
from portal.models import Dossier, OutboxMessage
from procedures import APPLICANT, PROCEDURES, SPECIALIST
from tests.builders import drive, make_ready

FRIDAY_BEFORE_TET = date(2026, 2, 13)  # Tết 2026: Monday 16 to Friday 20 February


@pytest.fixture
def calendar(monkeypatch):
    """Set the day the portal believes it is."""
    def on(day: date):
        monkeypatch.setattr(workdays, "today", lambda: day)
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


def working_day_before(day: date) -> date:
    day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def apologise(client, dossier, new_date, reason="Chờ ý kiến của Bộ Quốc phòng."):
    return client.post(f"/officer/dossiers/{dossier.id}/reschedule", follow_redirects=True, data={
        "new_date": new_date.isoformat(), "reason": reason, "version": dossier.version}
    ).get_data(as_text=True)


def test_the_apology_sent_by_the_day_before_the_due_date_sets_a_new_date_once(
        actors, calendar, client, auth):
    dossier = make_ready("bl_grant", actors)
    calendar(date(2026, 3, 2))
    drive(dossier, actors, "submit", "accept")
    db.session.commit()
    due = dossier.due_on
    calendar(working_day_before(due))  # the last day the law allows
    assert clock.due_soon(dossier) and clock.apology_open(dossier)

    auth.login(actors[SPECIALIST].email)
    page = client.get(f"/officer/dossiers/{dossier.id}").get_data(as_text=True)
    assert "sắp đến hạn" in page and "Gửi phiếu xin lỗi" in page
    new_date = add_working_days(due, 5)
    assert "Đã hẹn lại ngày trả kết quả" in apologise(client, dossier, new_date)
    db.session.expire_all()
    dossier = db.session.get(Dossier, dossier.id)
    assert (dossier.rescheduled_from, dossier.due_on) == (due, new_date)
    mail = db.session.execute(db.select(OutboxMessage).where(
        OutboxMessage.subject.contains("hẹn lại"))).scalar_one()
    assert "Chờ ý kiến của Bộ Quốc phòng." in mail.body

    again = apologise(client, dossier, add_working_days(new_date, 3), "Lần hai")
    assert "chỉ cho phép hẹn lại một lần" in again
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).due_on == new_date

    auth.logout()
    auth.login(actors[APPLICANT].email)
    shown = client.get(f"/applicant/dossiers/{dossier.id}").get_data(as_text=True)
    assert new_date.strftime("%d/%m/%Y") in shown
    letter = client.get(f"/dossiers/{dossier.id}/letters/apology.pdf")
    assert letter.status_code == 200 and letter.data.startswith(b"%PDF")


@pytest.mark.parametrize("late_by", [0, 2])  # on the due date, or two working days after it
def test_on_or_after_the_due_date_the_dossier_is_flagged_and_too_late_for_an_apology(
        actors, calendar, client, auth, late_by):
    dossier = make_ready("bl_grant", actors)
    calendar(date(2026, 3, 2))
    drive(dossier, actors, "submit", "accept")
    db.session.commit()
    due = dossier.due_on
    calendar(add_working_days(due, late_by))
    assert clock.overdue(dossier) == bool(late_by) and not clock.apology_open(dossier)

    auth.login(actors[SPECIALIST].email)
    page = client.get(f"/officer/dossiers/{dossier.id}").get_data(as_text=True)
    assert ("quá hạn" if late_by else "sắp đến hạn") in page and "Gửi phiếu xin lỗi" not in page
    refused = apologise(client, dossier, add_working_days(due, 10))
    assert "chậm nhất 1 ngày làm việc trước ngày hẹn" in refused
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).due_on == due


@pytest.mark.parametrize("new_date, reason, message", [
    (date(2026, 3, 1), "Lý do", "ngày làm việc sau ngày hẹn hiện tại"),
    (date(2026, 5, 2), "Lý do", "ngày làm việc sau ngày hẹn hiện tại"),  # a Saturday
    (date(2026, 5, 4), " ", "nêu lý do"),
])
def test_a_bad_new_date_or_a_missing_reason_is_refused(actors, calendar, new_date, reason, message):
    dossier = make_ready("id_grant", actors)
    calendar(date(2026, 3, 2))
    drive(dossier, actors, "submit", "accept")
    assert any(message in r for r in clock.reschedule_refusals(dossier, actors[SPECIALIST], new_date, reason))


@pytest.mark.parametrize("code, due", [("bl_reissue", date(2026, 3, 9)), ("imp_reissue", date(2026, 3, 5)),
                                       ("id_grant", date(2026, 3, 3)), ("id_reissue", date(2026, 3, 3)),
                                       ("id_renew", date(2026, 3, 3))])
def test_without_an_intake_step_the_time_limit_runs_once_from_receipt(code, due, actors, calendar):
    dossier = make_ready(code, actors)
    calendar(date(2026, 3, 2))  # a Monday
    drive(dossier, actors, "submit")
    calendar(date(2026, 3, 3))
    drive(dossier, actors, "accept")
    assert dossier.due_on == dossier.result_due == due


@pytest.mark.reads_pdfs
def test_the_html_and_pdf_receipts_give_the_same_date(actors, calendar, client, auth):
    from pypdf import PdfReader
    dossier = make_ready("bl_grant", actors)
    calendar(date(2026, 3, 2))
    drive(dossier, actors, "submit")
    promised = add_working_days(date(2026, 3, 2), 3 + 15)  # the longest the intake check may take
    assert dossier.result_due == promised
    calendar(date(2026, 3, 4))  # the intake check took two working days of its three
    drive(dossier, actors, "accept")
    db.session.commit()
    due = add_working_days(date(2026, 3, 4), 15)

    auth.login(actors[APPLICANT].email)
    html = client.get(f"/applicant/dossiers/{dossier.id}/receipt").get_data(as_text=True)
    pdf = client.get(f"/dossiers/{dossier.id}/letters/receipt.pdf").data
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert f"<strong>{due:%d/%m/%Y}</strong>" in html and f"{due:%d/%m/%Y}" in " ".join(text.split())
    assert f"{promised:%d/%m/%Y}" not in html + text


def test_the_catalogue_and_the_cli_say_when_a_result_submitted_on_a_day_is_due(client, runner,
                                                                            calendar):
    result = runner.invoke(args=["procedures", "due", "bl_grant", "--submitted", "2026-03-02"])
    assert result.exit_code == 0 and result.output.splitlines()[-1] == "2026-03-26"
    for code, due in (("bl_reissue", "2026-03-09"), ("imp_reissue", "2026-03-05"),
                      ("id_renew", "2026-03-03"), ("sl_approval", "2026-03-23")):
        output = runner.invoke(args=["procedures", "due", code, "--submitted", "2026-03-02"]).output
        assert output.splitlines()[-1] == due
    calendar(date(2026, 3, 2))
    page = client.get("/procedures/bl_grant").get_data(as_text=True)
    assert "Nộp hôm nay, kết quả được trả chậm nhất ngày 26/03/2026" in page
