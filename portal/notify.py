"""Who hears of what: the enterprise's staff of their dossiers and documents, the leaders
of suspensions ending; in the portal and by e-mail (through the outbox), each in their
own language."""
from flask import current_app, render_template
from flask_babel import force_locale

from procedures import APPLICANT, LEADER, PROCEDURES, RESPONDER, RESULT_KINDS
from procedures.incidents import CASE_FLOW, SEVERITIES

from portal.extensions import db
from portal.infra import workdays
from portal.infra.outbox import queue
from portal.models import Notification, User


def staff(*enterprise_ids: int | None) -> list[User]:
    """The active applicants of these enterprises: everyone who hears of a dossier (the
    applicant's staff and those of its representative) or of a document."""
    return db.session.execute(db.select(User).where(User.enterprise_id.in_(enterprise_ids),
                                                    User.role == APPLICANT, User.active)
                              .order_by(User.id)).scalars().all()


def dossier_changed(dossier, transition, note: str, until=None) -> None:
    """Tell every staff member of the enterprise, by e-mail and in the portal, in their language
    (with the date the act states, if it states one)."""
    procedure = PROCEDURES[dossier.procedure]
    state = procedure.flow.state(transition.target)
    link = current_app.config["PORTAL_BASE_URL"].rstrip("/") + f"/applicant/dossiers/{dossier.id}"
    for user in staff(dossier.enterprise_id, dossier.agent_id):
        context = {"dossier": dossier, "procedure": procedure.short_name.get(user.locale),
                   "action": transition.label.get(user.locale), "state": state.label.get(user.locale),
                   "note": note, "until": until, "link": link, "user": user}
        with force_locale(user.locale):
            db.session.add(Notification(user_id=user.id, dossier_id=dossier.id,
                                        message=render_template("email/dossier_changed.line", **context)))
        queue(user.email, "dossier_changed", user.locale, **context)


def document_changed(event, transition, ground) -> None:
    """A change of a document (suspension, lifting, revocation), told to every staff member
    of the holder by e-mail and in the portal, in their language, with the decision letter if
    the change comes with one; `ground` is the law's wording (a Label)."""
    document = event.document
    kind = RESULT_KINDS[document.kind]
    base = current_app.config["PORTAL_BASE_URL"].rstrip("/")
    link = (f"{base}/dossiers/{document.dossier_id}/letters/{transition.letter}.pdf" if transition.letter
            else f"{base}/verify/{document.number}")
    for user in staff(document.enterprise_id):
        context = {"event": event, "document": document, "user": user, "link": link,
                   "status": kind.lifecycle.state(transition.target).label.get(user.locale),
                   "kind": kind.label.get(user.locale),
                   "ground": ground.get(user.locale) if ground else ""}
        with force_locale(user.locale):
            db.session.add(Notification(user_id=user.id, dossier_id=document.dossier_id,
                                        message=render_template("email/document_changed.line", **context)))
        queue(user.email, "document_changed", user.locale, **context)


def document_expiring(document, reminder) -> None:
    """A reminder before the document lapses, to every staff member of the holder, by e-mail
    and in the portal: with a link that starts the renewal it offers, or to their documents."""
    base = current_app.config["PORTAL_BASE_URL"].rstrip("/")
    link = (f"{base}/applicant/apply/{reminder.renew_with}?document={document.id}" if reminder.renew_with
            else f"{base}/applicant/")
    file_by = reminder.file_by(document.valid_until)
    for user in staff(document.enterprise_id):
        context = {"document": document, "user": user, "link": link, "file_by": file_by,
                   "kind": RESULT_KINDS[document.kind].label.get(user.locale),
                   "title": reminder.label.get(user.locale)}
        with force_locale(user.locale):
            db.session.add(Notification(user_id=user.id, dossier_id=document.dossier_id,
                                        message=render_template("email/document_expiring.line", **context)))
        queue(user.email, "document_expiring", user.locale, **context)


def report_due(owed) -> None:
    """The year's periodic report is due soon: every staff member of the holder hears, with
    the link that files it."""
    document = owed.document
    link = current_app.config["PORTAL_BASE_URL"].rstrip("/") + f"/applicant/reports/{document.id}"
    for user in staff(document.enterprise_id):
        context = {"owed": owed, "document": document, "user": user, "link": link,
                   "title": owed.duty.label.get(user.locale)}
        with force_locale(user.locale):
            db.session.add(Notification(user_id=user.id, dossier_id=document.dossier_id,
                                        message=render_template("email/report_due.line", **context)))
        queue(user.email, "report_due", user.locale, **context)


def suspensions_ending(documents) -> None:
    """Every active leader hears which suspensions end soon or have ended, in their language."""
    link = current_app.config["PORTAL_BASE_URL"].rstrip("/") + "/officer/documents?status=suspended"
    leaders = db.session.execute(db.select(User).where(User.role == LEADER, User.active)).scalars()
    for user in leaders:
        queue(user.email, "suspensions_ending", user.locale, documents=documents, user=user,
              link=link, today=workdays.today())


def rescheduled(dossier, reason: str) -> None:
    """The late-processing apology, by e-mail to every staff member, with the new date."""
    link = current_app.config["PORTAL_BASE_URL"].rstrip("/") + f"/dossiers/{dossier.id}/letters/apology.pdf"
    for user in staff(dossier.enterprise_id, dossier.agent_id):
        queue(user.email, "dossier_rescheduled", user.locale, dossier=dossier, user=user,
              reason=reason, link=link)


def _responders() -> list[User]:
    return db.session.execute(db.select(User).where(User.role == RESPONDER, User.active)
                              .order_by(User.id)).scalars().all()


def incident_reported(incident) -> None:
    """The response unit hears of a new case: its code, severity and a link, never its content
    (which its TLP label keeps in the portal)."""
    link = current_app.config["PORTAL_BASE_URL"].rstrip("/") + f"/response/incidents/{incident.id}"
    for user in _responders():
        queue(user.email, "incident_reported", user.locale, incident=incident, user=user, link=link,
              severity=SEVERITIES[incident.severity].label.get(user.locale))


def incident_changed(incident, transition, note: str) -> None:
    """A step on a case: the unit's steps are told to the reporting organisation's staff (in the
    portal and by e-mail), the organisation's answers to the unit (by e-mail); e-mails carry the
    code, the step and a link, never the note."""
    base = current_app.config["PORTAL_BASE_URL"].rstrip("/")
    if RESPONDER in transition.roles:
        people, link = staff(incident.enterprise_id), f"{base}/applicant/incidents/{incident.id}"
    else:
        people, link = _responders(), f"{base}/response/incidents/{incident.id}"
    for user in people:
        context = {"incident": incident, "user": user, "link": link,
                   "action": transition.label.get(user.locale),
                   "state": CASE_FLOW.state(transition.target).label.get(user.locale)}
        if user.role == APPLICANT:
            with force_locale(user.locale):
                db.session.add(Notification(user_id=user.id, message=render_template(
                    "email/incident_changed.line", **context)))
        queue(user.email, "incident_changed", user.locale, **context)


def incident_stage_due(incident, status) -> None:
    """A staged report is due soon: every staff member of the reporting organisation hears."""
    link = current_app.config["PORTAL_BASE_URL"].rstrip("/") + f"/applicant/incidents/{incident.id}"
    for user in staff(incident.enterprise_id):
        context = {"incident": incident, "user": user, "link": link, "due": workdays.local_time(status.due),
                   "title": status.stage.label.get(user.locale)}
        with force_locale(user.locale):
            db.session.add(Notification(user_id=user.id, message=render_template(
                "email/incident_stage_due.line", **context)))
        queue(user.email, "incident_stage_due", user.locale, **context)
