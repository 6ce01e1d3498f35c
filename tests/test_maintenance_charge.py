"""The identifier-name maintenance charge (Decree 91/2020 Art. 23(8)) is tracked per certificate:
officers record each year's payment, and the revocation ground "more than 30 days late" is
offered, and accepted, only while it is true."""
from datetime import date, timedelta

import pytest

from portal.extensions import db
from portal.infra import workdays
from portal.models import ChargePayment, IssuedDocument
from procedures import APPLICANT, LEADER, SPECIALIST
from tests.builders import make_issued, make_user

LATE_GROUND = "Chậm nộp chi phí duy trì quá 30 ngày"


@pytest.fixture
def office(app):
    actors = {APPLICANT: make_user(APPLICANT), SPECIALIST: make_user(SPECIALIST), LEADER: make_user(LEADER)}
    db.session.commit()
    return actors


def certificate_issued_on(office, day: date) -> IssuedDocument:
    document = make_issued("identifier_certificate", office)
    document.valid_from, document.valid_until = day, day + timedelta(days=3 * 365)
    db.session.commit()
    return document


def page_of(client, document) -> str:
    return client.get(f"/officer/documents/{document.id}").get_data(as_text=True)


def revoke_for_late_charge(client, document) -> str:
    return client.post(f"/officer/documents/{document.id}/actions/revoke",
                       data={"ground": "charge_overdue", "note": "QĐ số 1"}, follow_redirects=True).get_data(as_text=True)


def test_the_ground_is_offered_only_once_a_year_is_unpaid_more_than_30_days(office, client, auth):
    today = workdays.today()
    on_time = certificate_issued_on(office, today - timedelta(days=365 + 20))  # due 20 days ago
    late = certificate_issued_on(office, today - timedelta(days=365 + 45))  # due 45 days ago
    auth.login(office[LEADER].email)

    assert LATE_GROUND not in page_of(client, on_time)
    assert "Căn cứ đã chọn không đúng với dữ liệu" in revoke_for_late_charge(client, on_time)
    assert db.session.get(IssuedDocument, on_time.id).status == "active"

    page = page_of(client, late)
    assert LATE_GROUND in page and "Chậm nộp quá 30 ngày" in page
    revoke_for_late_charge(client, late)
    db.session.expire_all()
    assert db.session.get(IssuedDocument, late.id).status == "revoked"


def test_a_recorded_payment_takes_the_ground_away(office, client, auth):
    late = certificate_issued_on(office, workdays.today() - timedelta(days=365 + 45))
    auth.login(office[SPECIALIST].email)
    due = late.valid_from.replace(year=late.valid_from.year + 1)
    page = client.post(f"/officer/documents/{late.id}/charges",
                       data={"due_on": due.isoformat(), "paid_on": workdays.today().isoformat()},
                       follow_redirects=True).get_data(as_text=True)
    assert "Đã ghi nhận khoản nộp." in page and f"Đã nộp ngày {workdays.today():%d/%m/%Y}" in page
    again = client.post(f"/officer/documents/{late.id}/charges",
                        data={"due_on": due.isoformat(), "paid_on": workdays.today().isoformat()},
                        follow_redirects=True).get_data(as_text=True)
    assert "Kỳ thu này đã được ghi nhận." in again and db.session.query(ChargePayment).count() == 1

    auth.login(office[LEADER].email)
    assert LATE_GROUND not in page_of(client, late)


def test_a_payment_for_a_day_that_is_not_due_or_in_the_future_is_refused(office, client, auth):
    document = certificate_issued_on(office, workdays.today() - timedelta(days=400))
    auth.login(office[SPECIALIST].email)
    tomorrow = (workdays.today() + timedelta(days=1)).isoformat()
    for due_on, paid_on in ((workdays.today().isoformat(), workdays.today().isoformat()),
                            (document.valid_from.replace(year=document.valid_from.year + 1).isoformat(), tomorrow)):
        page = client.post(f"/officer/documents/{document.id}/charges", data={"due_on": due_on, "paid_on": paid_on},
                           follow_redirects=True).get_data(as_text=True)
        assert "Kỳ thu hoặc ngày nộp không hợp lệ." in page
    assert db.session.query(ChargePayment).count() == 0


def test_a_new_certificate_owes_nothing_yet_and_a_licence_has_no_charge(office, client, auth):
    certificate = make_issued("identifier_certificate", office)
    licence = make_issued("business_licence", office)
    db.session.commit()
    auth.login(office[LEADER].email)
    assert "Chưa đến kỳ thu đầu tiên." in page_of(client, certificate)
    assert "Chi phí duy trì" not in page_of(client, licence)
