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

from procedures import APPLICANT, LEADER, PROCEDURES

from portal.infra import workdays
from portal.extensions import db
from portal.models import Notification, OutboxMessage, User, now

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


def staff(enterprise_id: int) -> list[User]:
    """The enterprise's active applicants: everyone who hears of its dossiers."""
    return db.session.execute(db.select(User).where(User.enterprise_id == enterprise_id,
                                                    User.role == APPLICANT, User.active)).scalars().all()


def dossier_changed(dossier, transition, note: str) -> None:
    """Tell every staff member of the enterprise, by e-mail and in the portal, in their language."""
    procedure = PROCEDURES[dossier.procedure]
    state = procedure.flow.state(transition.target)
    link = current_app.config["PORTAL_BASE_URL"].rstrip("/") + f"/applicant/dossiers/{dossier.id}"
    for user in staff(dossier.enterprise_id):
        context = {"dossier": dossier, "procedure": procedure.short_name.get(user.locale),
                   "action": transition.label.get(user.locale), "state": state.label.get(user.locale),
                   "note": note, "link": link, "user": user}
        with force_locale(user.locale):
            db.session.add(Notification(user_id=user.id, dossier_id=dossier.id,
                                        message=render_template("email/dossier_changed.line", **context)))
        queue(user.email, "dossier_changed", user.locale, **context)


# The decision letter a register change comes with; lifting a suspension has none.
DECISION_LETTERS = {"suspend": "suspension", "revoke": "revocation"}


def document_changed(event, ground) -> None:
    """A suspension, its lifting or a revocation, told to every staff member of the holder by
    e-mail and in the portal, in their language; `ground` is the law's wording (a Label)."""
    document = event.document
    base = current_app.config["PORTAL_BASE_URL"].rstrip("/")
    letter = DECISION_LETTERS.get(event.action)
    link = (f"{base}/dossiers/{document.dossier_id}/letters/{letter}.pdf" if letter
            else f"{base}/verify/{document.number}")
    for user in staff(document.enterprise_id):
        context = {"event": event, "document": document, "user": user, "link": link,
                   "ground": ground.get(user.locale) if ground else ""}
        with force_locale(user.locale):
            db.session.add(Notification(user_id=user.id, dossier_id=document.dossier_id,
                                        message=render_template("email/document_changed.line", **context)))
        queue(user.email, "document_changed", user.locale, **context)


def suspensions_ending(documents) -> None:
    """Every active leader hears which suspensions end soon or have ended, in their language."""
    link = current_app.config["PORTAL_BASE_URL"].rstrip("/") + "/officer/documents?status=suspended"
    leaders = db.session.execute(db.select(User).where(User.role == LEADER, User.active)).scalars()
    for user in leaders:
        queue(user.email, "suspensions_ending", user.locale, documents=documents, user=user,
              link=link, today=workdays.today())


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


def rescheduled(dossier, reason: str) -> None:
    """The late-processing apology, by e-mail to every staff member, with the new date."""
    link = current_app.config["PORTAL_BASE_URL"].rstrip("/") + f"/dossiers/{dossier.id}/letters/apology.pdf"
    for user in staff(dossier.enterprise_id):
        queue(user.email, "dossier_rescheduled", user.locale, dossier=dossier, user=user,
              reason=reason, link=link)
