"""E-mail leaves through the outbox over real SMTP, and waits when the server is down."""
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from portal.infra import outbox
from portal.extensions import db
from portal.models import OutboxMessage, User
from procedures import APPLICANT
from tests.builders import make_user


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(app):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    controller.start()
    yield inbox
    controller.stop()


def reset_mail_for(user: User) -> OutboxMessage:
    message = outbox.queue(user.email, "password_reset", user.locale, user=user, link="http://x/reset")
    db.session.commit()
    return message


def test_queued_mail_is_delivered_over_smtp_in_the_users_language(app, smtp):
    vietnamese = make_user(APPLICANT)
    english = make_user(APPLICANT, locale="en")
    reset_mail_for(vietnamese), reset_mail_for(english)

    assert outbox.send_pending() == (2, 0)

    received = {m.rcpt_tos[0]: message_from_bytes(m.content, policy=policy.default)
                for m in smtp.messages}
    assert received[vietnamese.email]["Subject"] == "Đặt lại mật khẩu tài khoản Cổng dịch vụ công"
    assert "Xin chào" in received[vietnamese.email].get_content()
    assert received[english.email]["Subject"] == "Reset your portal password"
    assert all(m.sent_at is not None for m in db.session.execute(db.select(OutboxMessage)).scalars())
    assert outbox.send_pending() == (0, 0)  # nothing is sent twice


def test_mail_waits_in_the_outbox_while_the_server_is_down_then_goes(app, runner):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nobody listens there
    message = reset_mail_for(make_user(APPLICANT))

    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code != 0 and "postponed 1" in result.output
    db.session.refresh(message)
    assert message.sent_at is None and message.attempts == 1 and "Connection" in message.last_error

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=app.config["MAIL_PORT"])
    controller.start()
    try:
        message.next_attempt_at = message.created_at  # the retry is due
        db.session.commit()
        assert "sent 1" in runner.invoke(args=["outbox", "send"]).output
    finally:
        controller.stop()
    assert len(inbox.messages) == 1


def test_each_step_the_enterprise_should_know_of_reaches_all_its_staff_in_their_language(app):
    from portal.models import Notification
    from procedures import LEADER, SPECIALIST
    from tests.builders import drive, make_dossier
    applicant = make_user(APPLICANT)
    colleague = make_user(APPLICANT, applicant.enterprise, locale="en")
    actors = {APPLICANT: applicant, SPECIALIST: make_user(SPECIALIST), LEADER: make_user(LEADER)}
    dossier = make_dossier("bl_grant", applicant)
    drive(dossier, actors, "submit", "accept", "propose_refusal")
    drive(dossier, actors, "refuse", note="Nhân sự kỹ thuật không có văn bằng phù hợp.")
    db.session.commit()

    mails = db.session.execute(db.select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()
    assert len(mails) == 6  # submit, accept, refuse, to both; the internal proposal to nobody
    to_colleague = [m for m in mails if m.recipient == colleague.email]
    assert to_colleague[-1].subject == f"Dossier {dossier.code}: Refused"
    assert "Nhân sự kỹ thuật không có văn bằng" in to_colleague[-1].body
    notes = db.session.execute(db.select(Notification).where(Notification.user_id == applicant.id)
                               .order_by(Notification.id)).scalars().all()
    assert [n.message.split(": ")[1].split(".")[0] for n in notes] == ["Nộp hồ sơ", "Tiếp nhận", "Từ chối"]


def test_the_admin_reads_mail_that_could_not_be_sent(app, client, auth, runner):
    from procedures import ADMIN
    admin = make_user(ADMIN)
    reset_mail_for(make_user(APPLICANT))
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    runner.invoke(args=["outbox", "send"])
    auth.login(admin.email)
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "Đặt lại mật khẩu" in page and "chưa gửi (1 lần thử)" in page
