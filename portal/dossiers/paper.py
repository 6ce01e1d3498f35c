"""Paper dossiers (Decree 108/2016 Art. 8; Decree 61/2018 Arts. 15 and 20): the desk records a
dossier handed in at the counter or posted, for an applicant that may have no account yet; it
then runs the same workflow, the desk acting where the applicant would online."""
from datetime import date, datetime, time, timedelta, timezone

from flask_babel import gettext as _

from procedures import APPLICANT, PROCEDURES
from procedures.intake import RECORD_WITHIN_WORKING_DAYS

from portal.extensions import db
from portal.infra import audit, outbox, tokens, workdays
from portal.models import Dossier, Enterprise, PaperIntake, User


def earliest_receipt(today: date | None = None) -> date:
    """The first day a dossier received on it may still be recorded today."""
    day = today or workdays.today()
    for _step in range(RECORD_WITHIN_WORKING_DAYS):
        day -= timedelta(days=1)
        while not workdays.is_working_day(day):
            day -= timedelta(days=1)
    return day


def receipt_refusals(procedure_code: str, channel: str, received: datetime) -> list[str]:
    """Why the desk may not record this receipt: a channel the procedure's law does not list,
    a day in the future or past the time to record it."""
    procedure, reasons = PROCEDURES[procedure_code], []
    if channel not in procedure.paper_channels:
        reasons.append(_("Thủ tục này không nhận hồ sơ giấy theo cách nộp đã chọn."))
    if received > datetime.now(workdays.TIMEZONE):
        reasons.append(_("Thời điểm nhận hồ sơ không thể ở tương lai."))
    elif workdays.local_date(received) < earliest_receipt():
        reasons.append(_("Hồ sơ phải được ghi nhận chậm nhất trong 01 ngày làm việc kể từ ngày nhận."))
    return reasons


def received_at(day: date, at: time) -> datetime:
    """The desk's wall-clock day and time, as the UTC moment every stored time is."""
    return datetime.combine(day, at, tzinfo=workdays.TIMEZONE).astimezone(timezone.utc)


def holder(details: dict) -> Enterprise:
    """The applicant by its identifier, as registered, or recorded now from its papers."""
    found = db.session.execute(db.select(Enterprise).where(
        Enterprise.applicant_type == details["applicant_type"],
        Enterprise.code == details["code"])).scalars().first()
    if found is not None:
        return found
    enterprise = Enterprise(applicant_type=details["applicant_type"], code=details["code"],
                            name=details["name"], address=details["address"],
                            legal_representative=details["legal_representative"] or details["name"])
    db.session.add(enterprise)
    return enterprise


def recorded_with(form_key: str) -> Dossier | None:
    """The dossier the desk's form with this key recorded, if it did."""
    return db.session.execute(db.select(Dossier).join(PaperIntake, PaperIntake.dossier_id == Dossier.id)
                              .where(PaperIntake.form_key == form_key)).scalar()


def receive(procedure_code: str, enterprise: Enterprise, channel: str, received: datetime,
            reference: str, officer: User, form_key: str) -> Dossier:
    """A draft for the applicant, with how and when it reached the desk; the desk then enters
    its answers and scans its papers, and records its submission."""
    procedure = PROCEDURES[procedure_code]
    dossier = Dossier(procedure=procedure.code, state=procedure.flow.initial, enterprise=enterprise,
                      created_by_id=officer.id, form_data={})
    db.session.add(dossier)
    db.session.flush()
    db.session.add(PaperIntake(dossier_id=dossier.id, channel=channel, received_at=received,
                               reference=reference.strip(), recorded_by_id=officer.id, form_key=form_key))
    audit.record("paper_dossier_received", f"dossier:{dossier.id}", officer, channel=channel,
                 received_at=received.isoformat())
    return dossier


def invite(enterprise: Enterprise, name: str, email: str, officer: User) -> User | None:
    """Someone of an applicant without an account is invited to one, to follow its paper
    dossier online; an applicant with an account already sees it there."""
    email = email.strip().lower()
    if not email or enterprise.users or db.session.execute(
            db.select(User.id).where(db.func.lower(User.email) == email)).first():
        return None
    user = User(email=email, full_name=name.strip(), role=APPLICANT, enterprise=enterprise, locale="vi")
    user.set_unusable_password()
    db.session.add(user)
    db.session.flush()
    outbox.queue(email, "paper_dossier_invitation", user.locale, user=user, inviter=officer,
                 link=tokens.link(user, "invitation"))
    return user
