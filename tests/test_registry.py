"""The register of issued documents: leaders suspend, lift and revoke, each change recorded."""
from datetime import date, timedelta

import pytest

from portal.infra.workdays import today
from portal.extensions import db
from portal.models import DocumentEvent, IssuedDocument, Notification, OutboxMessage
from portal.infra.workdays import latest_end
from portal.documents.register import events_for_holder
from portal.engine import fire
from procedures import APPLICANT, LEADER, SPECIALIST
from tests.builders import drive, make_dossier, make_issued, make_user, path_to_issued


@pytest.fixture
def office(app):
    return {APPLICANT: make_user(APPLICANT), SPECIALIST: make_user(SPECIALIST),
            LEADER: make_user(LEADER)}


@pytest.fixture
def licence(office):
    document = make_issued("business_licence", office)
    db.session.commit()
    return document


def make_ready_renewal(office, licence):
    licence.valid_until = today() + timedelta(days=90)
    return make_dossier("bl_renew", office[APPLICANT], subject=licence)


def status_of(document) -> IssuedDocument:
    db.session.expire_all()
    return db.session.get(IssuedDocument, document.id)


def post(client, document, change, **data):
    return client.post(f"/officer/documents/{document.id}/actions/{change}", data=data,
                       follow_redirects=True).get_data(as_text=True)


def test_leader_suspends_lifts_and_revokes_and_each_change_is_recorded(office, licence, client, auth):
    until = today() + timedelta(days=90)
    auth.login(office[LEADER].email)
    page = post(client, licence, "suspend", ground="condition_lost", until=until.isoformat(),
                note="Quyết định số 12/QĐ-A05")
    assert "Đã cập nhật tình trạng văn bản." in page
    assert status_of(licence).status == "suspended" and status_of(licence).suspended_until == until
    post(client, licence, "lift", note="Đã khắc phục")
    assert status_of(licence).status == "active" and status_of(licence).suspended_until is None
    post(client, licence, "revoke", ground="not_started")
    assert status_of(licence).status == "revoked"

    events = db.session.query(DocumentEvent).order_by(DocumentEvent.id).all()
    assert [(e.action, e.from_status, e.to_status, e.ground) for e in events] == [
        ("suspend", "active", "suspended", "condition_lost"),
        ("lift", "suspended", "active", ""),
        ("revoke", "active", "revoked", "not_started")]
    assert events[0].until == until and events[0].actor_id == office[LEADER].id
    assert [e.action for e in events_for_holder(office[APPLICANT].enterprise)] == [
        "revoke", "lift", "suspend"]
    page = client.get(f"/officer/documents/{licence.id}").get_data(as_text=True)
    assert "Không còn đáp ứng một trong các điều kiện" in page and "Quyết định số 12/QĐ-A05" in page


def test_the_holders_staff_hear_of_each_change_by_email_and_in_the_portal(office, licence, client, auth):
    colleague = make_user(APPLICANT, enterprise=office[APPLICANT].enterprise, locale="en")
    db.session.commit()
    until = today() + timedelta(days=30)
    auth.login(office[LEADER].email)
    post(client, licence, "suspend", ground="condition_lost", until=until.isoformat(),
         note="Quyết định số 12/QĐ-A05")
    post(client, licence, "lift")
    post(client, licence, "revoke", ground="not_started")

    mail = {(m.recipient, i): m for i, m in enumerate(
        db.session.query(OutboxMessage).filter(OutboxMessage.subject.contains(licence.number))
        .order_by(OutboxMessage.id))}
    vi = [m for (to, _), m in mail.items() if to == office[APPLICANT].email]
    en = [m for (to, _), m in mail.items() if to == colleague.email]
    assert len(vi) == len(en) == 3
    assert f"Bị tạm đình chỉ. Đến hết ngày {until:%d/%m/%Y}" in vi[0].body
    assert "Không còn đáp ứng một trong các điều kiện" in vi[0].body and "12/QĐ-A05" in vi[0].body
    assert f"/dossiers/{licence.dossier_id}/letters/suspension.pdf" in vi[0].body
    assert "Còn hiệu lực." in vi[1].body and "letters/lifting.pdf" in vi[1].body
    assert "Đã bị thu hồi." in vi[2].body and "letters/revocation.pdf" in vi[2].body
    assert "Suspended. Until the end of" in en[0].body and "Revoked." in en[2].body
    notes = db.session.query(Notification).filter_by(user_id=office[APPLICANT].id).all()
    assert sum(licence.number in n.message for n in notes) == 3


def test_leaders_are_reminded_of_suspensions_ending_or_ended(office, licence, runner, client, auth):
    ended = make_issued("business_licence", {**office, APPLICANT: make_user(APPLICANT)})
    later = make_issued("business_licence", {**office, APPLICANT: make_user(APPLICANT)})
    for document, until in ((licence, today() + timedelta(days=1)), (later, today() + timedelta(days=90)),
                            (ended, today() + timedelta(days=1))):
        fire(document, "suspend", office[LEADER], ground="condition_lost", until=until)
    ended.suspended_until = today() - timedelta(days=1)  # a suspension that ran out unnoticed
    db.session.commit()

    result = runner.invoke(args=["register", "remind"])
    assert result.exit_code == 0 and "2 suspensions to decide on" in result.output
    mail = db.session.execute(db.select(OutboxMessage).where(
        OutboxMessage.recipient == office[LEADER].email)).scalar_one()
    assert licence.number in mail.body and ended.number in mail.body and later.number not in mail.body
    assert f"đã hết thời hạn đình chỉ ngày {ended.suspended_until:%d/%m/%Y}" in mail.body
    auth.login(office[LEADER].email)
    page = client.get("/officer/documents?status=suspended").get_data(as_text=True)
    assert page.count("Đã hết thời hạn đình chỉ") == 1


def test_a_suspension_longer_than_six_months_or_without_ground_is_refused(office, licence, client, auth):
    auth.login(office[LEADER].email)
    too_long = latest_end(today(), 6) + timedelta(days=1)
    page = post(client, licence, "suspend", ground="other_law", until=too_long.isoformat())
    assert "không quá 6 tháng" in page
    post(client, licence, "suspend", ground="made_up", until=today().isoformat())
    assert status_of(licence).status == "active"
    assert db.session.query(DocumentEvent).count() == 0


def test_a_specialist_may_view_the_register_but_not_suspend(office, licence, client, auth):
    auth.login(office[SPECIALIST].email)
    page = client.get("/officer/documents").get_data(as_text=True)
    assert licence.number in page
    assert "/actions/suspend" not in client.get(f"/officer/documents/{licence.id}").get_data(as_text=True)
    page = post(client, licence, "suspend", ground="other_law",
                until=(today() + timedelta(days=9)).isoformat())
    assert "Bạn không có quyền thực hiện thao tác này." in page
    assert status_of(licence).status == "active"


def test_an_applicant_cannot_reach_the_register(office, licence, client, auth):
    auth.login(office[APPLICANT].email)
    assert client.get("/officer/documents").status_code == 403


def test_the_register_is_searched_by_number_enterprise_and_status(office, licence, client, auth):
    auth.login(office[SPECIALIST].email)

    def found(**args):
        return licence.number in client.get("/officer/documents", query_string=args).get_data(as_text=True)

    assert found(number=licence.number.lower())
    assert not found(number="GPKD-1999-00001")
    assert found(enterprise=office[APPLICANT].enterprise.code)
    assert found(status="active") and not found(status="revoked")


def test_six_months_ends_on_the_same_day_or_the_months_last():
    assert latest_end(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert latest_end(date(2026, 1, 15), 6) == date(2026, 7, 15)


def test_an_identifier_certificate_is_revoked_on_its_own_grounds_and_never_suspended(
        office, client, auth):
    certificate = make_issued("identifier_certificate", office)
    db.session.commit()
    auth.login(office[LEADER].email)
    page = client.get(f"/officer/documents/{certificate.id}").get_data(as_text=True)
    assert "/actions/suspend" not in page and "Theo đề nghị của chủ thể" in page
    assert "Chậm nộp chi phí duy trì quá 30 ngày" not in page  # nothing is due yet (test_maintenance_charge)
    post(client, certificate, "suspend", ground="condition_lost",
         until=(today() + timedelta(days=9)).isoformat())
    assert status_of(certificate).status == "active"
    post(client, certificate, "revoke", ground="holder_request")
    assert status_of(certificate).status == "revoked"


def test_a_lapsed_document_reads_as_expired_at_once_and_is_recorded_by_the_daily_command(
        office, licence, client, runner):
    licence.valid_from, licence.valid_until = today() - timedelta(days=3650), today() - timedelta(days=1)
    db.session.commit()
    assert "Hết hiệu lực" in client.get(f"/verify/{licence.number}").get_data(as_text=True)
    assert status_of(licence).status == "active"  # nothing recorded yet

    result = runner.invoke(args=["register", "record-expiries"])
    assert result.exit_code == 0 and licence.number in result.output
    assert status_of(licence).status == "expired"
    event = db.session.query(DocumentEvent).one()
    assert (event.action, event.from_status, event.actor_id) == ("expire", "active", None)
    assert "0 documents expired" in runner.invoke(args=["register", "record-expiries"]).output


def test_a_renewal_supersedes_the_licence_with_a_history_row(office, licence):
    renewal = make_ready_renewal(office, licence)
    drive(renewal, office, *path_to_issued("bl_renew"))
    db.session.commit()
    assert status_of(licence).status == "superseded"
    event = db.session.query(DocumentEvent).one()
    assert (event.action, event.to_status, event.actor_id) == ("supersede", "superseded", None)
