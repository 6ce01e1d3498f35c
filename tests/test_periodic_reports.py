"""After the licence, the holder reports each year by the declared day (Decree 108/2016 Art. 11;
Decree 91/2020 Arts. 30-31): filed online once, reminded before it is due, and officers see who
has not reported and who is late."""
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.infra import workdays
from portal.models import OutboxMessage, PeriodicReport
from procedures import APPLICANT, LEADER, RESULT_KINDS, SPECIALIST
from tests.builders import make_issued, make_user

ANSWERS = {"activity_summary": "Cung cấp dịch vụ giám sát an toàn thông tin cho 12 khách hàng.",
           "customers": "12"}


@pytest.fixture
def office(app):
    actors = {APPLICANT: make_user(APPLICANT), SPECIALIST: make_user(SPECIALIST), LEADER: make_user(LEADER)}
    db.session.commit()
    return actors


@pytest.fixture
def licence(office):
    document = make_issued("business_licence", office)
    db.session.commit()
    return document


def on(monkeypatch, day: date) -> None:
    monkeypatch.setattr(workdays, "today", lambda: day)


def test_the_holder_files_this_years_report_once(office, licence, client, auth):
    auth.login(office[APPLICANT].email)
    listing = client.get("/applicant/").get_data(as_text=True)
    assert "Báo cáo định kỳ năm" in listing and f"/applicant/reports/{licence.id}" in listing

    refused = client.post(f"/applicant/reports/{licence.id}", data={"customers": "12"},
                          follow_redirects=True).get_data(as_text=True)
    assert "Vui lòng trả lời: Tình hình kinh doanh sản phẩm, dịch vụ theo giấy phép" in refused
    assert db.session.query(PeriodicReport).count() == 0

    page = client.post(f"/applicant/reports/{licence.id}", data=ANSWERS, follow_redirects=True).get_data(as_text=True)
    assert "Đã nộp báo cáo." in page and ANSWERS["activity_summary"] in page and "Nộp báo cáo</button>" not in page
    client.post(f"/applicant/reports/{licence.id}", data={**ANSWERS, "customers": "99"})
    report = db.session.query(PeriodicReport).one()
    assert report.year == workdays.today().year and report.form_data["customers"] == 12


def test_another_enterprise_cannot_file_or_read_the_report(office, licence, client, auth):
    stranger = make_user(APPLICANT)
    db.session.commit()
    auth.login(stranger.email)
    assert client.get(f"/applicant/reports/{licence.id}").status_code == 404
    assert client.post(f"/applicant/reports/{licence.id}", data=ANSWERS).status_code == 404


def test_officers_see_who_has_not_reported_and_who_is_late(office, licence, client, auth, monkeypatch):
    reported = make_issued("identifier_certificate", {**office, APPLICANT: make_user(APPLICANT)})
    db.session.add(PeriodicReport(document_id=reported.id, year=2026, submitted_by_id=office[APPLICANT].id,
                                  form_data={"messages_sent": 1000, "calls_made": 0}))
    db.session.commit()
    on(monkeypatch, date(2026, 12, 20))
    auth.login(office[SPECIALIST].email)
    page = client.get("/officer/documents/reports").get_data(as_text=True)
    assert licence.number in page and reported.number in page and "Chưa nộp" in page
    assert "Quá hạn, chưa nộp" not in page
    assert reported.number not in client.get("/officer/documents/reports?missing=1").get_data(as_text=True)

    on(monkeypatch, date(2026, 12, 31))  # the last day was 30 December
    page = client.get("/officer/documents/reports?missing=1").get_data(as_text=True)
    assert "Quá hạn, chưa nộp" in page and licence.number in page


def test_the_holder_is_reminded_a_month_and_a_week_before_each_once(office, licence, runner, monkeypatch):
    def reminders() -> list[str]:
        return [m.subject for m in db.session.query(OutboxMessage).filter(
            OutboxMessage.recipient == office[APPLICANT].email,
            OutboxMessage.subject.contains("báo cáo định kỳ")).order_by(OutboxMessage.id)]

    on(monkeypatch, date(2026, 11, 29))
    assert "reports due: 0" in runner.invoke(args=["register", "remind-holders"]).output
    on(monkeypatch, date(2026, 11, 30))  # 30 days before 30 December
    assert "reports due: 1" in runner.invoke(args=["register", "remind-holders"]).output
    assert "reports due: 0" in runner.invoke(args=["register", "remind-holders"]).output
    on(monkeypatch, date(2026, 12, 23))
    runner.invoke(args=["register", "remind-holders"])
    assert reminders() == [f"Sắp đến hạn nộp báo cáo định kỳ: {licence.number}"] * 2

    db.session.add(PeriodicReport(document_id=licence.id, year=2026, submitted_by_id=office[APPLICANT].id,
                                  form_data=ANSWERS))
    db.session.commit()
    on(monkeypatch, date(2026, 12, 29))
    assert "reports due: 0" in runner.invoke(args=["register", "remind-holders"]).output


def test_import_permits_owe_no_report_and_the_duties_say_when():
    assert RESULT_KINDS["import_permit"].report is None
    for kind in ("business_licence", "identifier_certificate"):
        duty = RESULT_KINDS[kind].report
        assert date(2026, *duty.due) == date(2026, 12, 30)  # "before 31 December"


def test_the_database_keeps_one_report_a_document_and_year(office, licence):
    for _ in range(2):
        db.session.add(PeriodicReport(document_id=licence.id, year=2026, submitted_by_id=office[APPLICANT].id,
                                      form_data=ANSWERS))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
