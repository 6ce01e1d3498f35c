"""Before a document lapses its holder's staff are reminded, once each: the renewal can be filed,
the time to file it runs out, the document expires; the reminder's link starts the renewal."""
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.infra import workdays
from portal.models import Dossier, DocumentReminder, IssuedDocument, Notification, OutboxMessage
from procedures import APPLICANT, LEADER, PROCEDURES, RESULT_KINDS, SPECIALIST
from tests.builders import drive, make_dossier, make_issued, make_user, path_to_issued


@pytest.fixture(autouse=True)
def midyear(monkeypatch):
    """A day far from the periodic reports' season, whose reminders would join these."""
    monkeypatch.setattr(workdays, "today", lambda: date(2026, 6, 1))


@pytest.fixture
def office(app):
    return {APPLICANT: make_user(APPLICANT), SPECIALIST: make_user(SPECIALIST),
            LEADER: make_user(LEADER)}


def expiring_in(document, days: int):
    document.valid_until = workdays.today() + timedelta(days=days)
    db.session.commit()
    return document


def mails_to(user) -> list[OutboxMessage]:
    """The reminders in the user's mail (not what the issuance told them before)."""
    return db.session.execute(db.select(OutboxMessage).where(
        OutboxMessage.recipient == user.email, OutboxMessage.body.contains("hết hiệu lực sau ngày"))
        .order_by(OutboxMessage.id)).scalars().all()


def remind(runner) -> str:
    result = runner.invoke(args=["register", "remind-holders"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("kind", [k for k, d in RESULT_KINDS.items()
                                  if any(r.renew_with for r in d.reminders)])
def test_a_reminder_offers_a_renewal_by_the_day_the_renewal_itself_demands(kind):
    for reminder in filter(lambda r: r.renew_with, RESULT_KINDS[kind].reminders):
        renewal = PROCEDURES[reminder.renew_with]
        notice = {p.check: p.arg for p in renewal.preconditions}["filed_before_expiry"]
        assert renewal.starts_from == kind and reminder.file_by_days == notice
        assert reminder.days > notice  # sent while the renewal can still be filed


def test_the_daily_command_run_twice_sends_each_reminder_once(office, runner):
    licence = expiring_in(make_issued("business_licence", office), 90)
    colleague = make_user(APPLICANT, enterprise=office[APPLICANT].enterprise)

    assert f"reminders sent: 1\n  {licence.number}: renewal_open" in remind(runner)
    assert "reminders sent: 0" in remind(runner)
    for user in (office[APPLICANT], colleague):
        [mail] = mails_to(user)
        assert mail.subject == f"Đã có thể nộp hồ sơ gia hạn: {licence.number}"
        file_by = licence.valid_until - timedelta(days=60)
        assert f"phải nộp chậm nhất ngày {file_by:%d/%m/%Y}" in mail.body
    assert db.session.query(Notification).filter(Notification.user_id == colleague.id,
                                                 Notification.message.contains(licence.number)).count() == 1

    expiring_in(licence, 67)  # a week before the window closes
    assert "renewal_closing" in remind(runner) and "reminders sent: 0" in remind(runner)
    expiring_in(licence, 30)  # too late to renew: the expiry alone is announced
    assert "expiry_near" in remind(runner)
    assert [m.subject.split(":")[0] for m in mails_to(colleague)] == [
        "Đã có thể nộp hồ sơ gia hạn", "Sắp hết hạn nộp hồ sơ gia hạn", "Giấy tờ sắp hết hiệu lực"]


def test_a_first_run_sends_only_the_most_pressing_of_the_reminders_due(office, runner):
    certificate = expiring_in(make_issued("identifier_certificate", office), 20)
    output = remind(runner)
    assert "reminders sent: 1" in output and "renewal_closing" in output
    assert {r.reminder for r in db.session.query(DocumentReminder)} == {
        "renewal_open", "renewal_closing", "expiry_near"}
    assert "reminders sent: 0" in remind(runner) and len(mails_to(office[APPLICANT])) == 1
    assert certificate.number in mails_to(office[APPLICANT])[0].subject


def test_a_licence_renewed_once_is_not_offered_another_renewal(office, runner):
    licence = expiring_in(make_issued("business_licence", office), 90)
    renewal = make_dossier("bl_renew", office[APPLICANT], subject=licence)
    drive(renewal, office, *path_to_issued("bl_renew"))
    renewed = db.session.execute(db.select(IssuedDocument).filter_by(dossier_id=renewal.id)).scalar_one()
    expiring_in(renewed, 90)
    output = remind(runner)
    assert "reminders sent: 0" in output  # the law allows one renewal: nothing to offer yet
    expiring_in(renewed, 30)
    assert f"{renewed.number}: expiry_near" in remind(runner)


def test_documents_far_from_expiry_or_no_longer_in_force_get_nothing(office, runner):
    make_issued("business_licence", office)  # ten years to go
    permit = make_issued("import_permit", office)
    permit.valid_from = workdays.today() - timedelta(days=400)
    expiring_in(permit, -1)
    assert "reminders sent: 0" in remind(runner)


def test_the_reminders_link_starts_the_renewal_prefilled_and_the_page_lists_it(
        office, runner, client, auth):
    licence = expiring_in(make_issued("business_licence", office), 80)
    other = make_issued("business_licence", office)
    remind(runner)
    link = mails_to(office[APPLICANT])[0].body.split("(thông tin của giấy tờ được điền sẵn): ")[1].split()[0]
    auth.login(office[APPLICANT].email)

    listing = client.get("/applicant/").get_data(as_text=True)
    assert "Giấy tờ sắp hết hiệu lực" in listing and licence.number in listing
    assert f"document={licence.id}" in listing and f"document={other.id}" not in listing
    url = urlsplit(link)
    page = client.get(f"{url.path}?{url.query}").get_data(as_text=True)
    assert licence.number in page and other.number not in page
    client.post(url.path, data={"document": licence.id})
    dossier = db.session.execute(db.select(Dossier).where(Dossier.procedure == "bl_renew")).scalar_one()
    assert dossier.subject_id == licence.id
    inherited = {k: v for k, v in licence.data.items() if k in {f.name for f in PROCEDURES["bl_renew"].fields}}
    assert inherited and dossier.form_data == inherited


def test_the_database_refuses_a_reminder_recorded_twice(office):
    licence = make_issued("business_licence", office)
    db.session.add(DocumentReminder(document_id=licence.id, reminder="expiry_near"))
    db.session.commit()
    db.session.add(DocumentReminder(document_id=licence.id, reminder="expiry_near"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
