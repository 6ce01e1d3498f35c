"""E-mail through an outbox: queued inside the caller's transaction, sent after commit
over SMTP by `flask --app portal outbox send`; a message that cannot be sent stays and
is retried with a growing delay."""
import smtplib
import threading
import time
from datetime import timedelta
from email.message import EmailMessage

from flask import current_app, render_template
from flask_babel import force_locale

from portal.extensions import db
from portal.models import OutboxMessage, now

MAX_DELAY = timedelta(hours=1)


def queue(recipient: str, template: str, locale: str = "vi", **context) -> OutboxMessage:
    """Render `templates/email/<template>.txt` in `locale` (first line: subject) and queue it."""
    with force_locale(locale):
        subject, _, body = render_template(f"email/{template}.txt", **context).partition("\n")
    message = OutboxMessage(recipient=recipient, subject=subject.strip(), body=body.strip() + "\n")
    db.session.add(message)
    return message


def _smtp():
    config = current_app.config
    smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10)
    if config.get("MAIL_USE_TLS"):
        smtp.starttls()
    if config.get("MAIL_USERNAME"):
        smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    return smtp


def _email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = f"<outbox-{message.id}@{current_app.config['MAIL_SENDER'].split('@')[-1]}>"
    email.set_content(message.body)
    return email


def send_pending(limit: int = 100) -> tuple[int, int]:
    """Send what is due; returns (sent, failed). Each message commits on its own."""
    due = db.session.execute(
        db.select(OutboxMessage).where(OutboxMessage.sent_at.is_(None),
                                       OutboxMessage.next_attempt_at <= now())
        .order_by(OutboxMessage.id).limit(limit)
        .with_for_update(skip_locked=True)).scalars().all()  # instances never send one twice
    if not due:
        db.session.commit()
        return 0, 0
    sent = failed = 0
    try:
        smtp = _smtp()
    except (OSError, smtplib.SMTPException) as error:
        for message in due:
            _postpone(message, error)
        db.session.commit()
        return 0, len(due)
    with smtp:
        for message in due:
            try:
                smtp.send_message(_email(message))
                message.sent_at = now()
                sent += 1
            except (OSError, smtplib.SMTPException) as error:
                _postpone(message, error)
                failed += 1
    db.session.commit()
    return sent, failed


def _postpone(message: OutboxMessage, error: Exception) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    message.next_attempt_at = now() + min(timedelta(seconds=30 * 2 ** message.attempts), MAX_DELAY)


def start_sender(app, interval: float = 30.0) -> None:
    """Development: send the outbox every `interval` seconds from a background thread."""
    def loop():
        while True:
            with app.app_context():
                try:
                    send_pending()
                except Exception:  # a broken database must not kill the dev server's sender
                    app.logger.exception("outbox sender")
                    db.session.rollback()
            time.sleep(interval)
    threading.Thread(target=loop, name="outbox-sender", daemon=True).start()
