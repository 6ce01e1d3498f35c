"""Reminders before a document lapses: the holder's staff hear, once each, that a renewal can
be filed, that the time to file it is running out, and that the document expires soon, as each
result kind declares (procedures/results.py); and that the year's periodic report is due
(procedures/duties.py). `flask --app portal register remind-holders` runs both daily; a
reminder already sent is never sent again, on any instance."""
from datetime import date, timedelta

from procedures import PROCEDURES, RESULT_KINDS, Reminder

from portal import notify
from portal.documents import duties, issued
from portal.dossiers.guards import unmet_about_subject
from portal.extensions import db
from portal.infra import workdays
from portal.infra.once import first_time
from portal.models import DocumentReminder, IssuedDocument


def applies(document: IssuedDocument, reminder: Reminder, today: date) -> bool:
    """Its day has come, and a renewal it offers could be started today."""
    if (document.valid_until - today).days > reminder.days:
        return False
    return reminder.renew_with is None or not unmet_about_subject(
        PROCEDURES[reminder.renew_with], document)


def expiring(documents: list[IssuedDocument] | None = None) -> list[tuple[IssuedDocument, list[Reminder]]]:
    """Among `documents` (a holder's, already loaded) or every document, those in force within
    their kind's reminder horizon, soonest first, each with the reminders that apply today."""
    today = workdays.today()
    if documents is None:
        horizon = max(r.days for kind in RESULT_KINDS.values() for r in kind.reminders)
        documents = db.session.execute(db.select(IssuedDocument).where(
            issued.in_force_clause(), IssuedDocument.valid_until <= today + timedelta(days=horizon))).scalars()
    found = [(d, [r for r in RESULT_KINDS[d.kind].reminders if applies(d, r, today)])
             for d in documents if issued.is_in_force(d) and _within_horizon(d, today)]
    return sorted(found, key=lambda pair: (pair[0].valid_until, pair[0].id))


def _within_horizon(document: IssuedDocument, today: date) -> bool:
    reminders = RESULT_KINDS[document.kind].reminders
    return bool(reminders) and (document.valid_until - today).days <= max(r.days for r in reminders)


def remind_holders() -> list[tuple[IssuedDocument, Reminder]]:
    """Send what is due and was not sent yet: per document, the most pressing reminder; the
    others due with it are recorded as sent, so a first run does not send three at once."""
    sent = []
    for document, due in expiring():
        fresh = [r for r in due if _record(document, r)]
        if fresh:
            reminder = min(fresh, key=lambda r: r.days)
            notify.document_expiring(document, reminder)
            sent.append((document, reminder))
    return sent


def remind_reporters() -> list[duties.Owed]:
    """Tell the holders whose periodic report for this year is not in yet, `reminder_days`
    before it is due, each reminder once (the most pressing of those due together)."""
    today, sent = workdays.today(), []
    for owed in (o for o in duties.owed(today.year) if o.report is None):
        due = [days for days in owed.duty.reminder_days if 0 <= (owed.due - today).days <= days]
        fresh = [days for days in due if _record(owed.document, f"report{owed.year}-{days}")]
        if fresh:
            notify.report_due(owed)
            sent.append(owed)
    return sent


def _record(document: IssuedDocument, reminder: Reminder | str) -> bool:
    """Claim the reminder for this document; False if it was sent before (here or elsewhere)."""
    return first_time(DocumentReminder(document_id=document.id, reminder=getattr(reminder, "name", reminder)))
