"""Effects named in the procedures' transitions. They change the database only,
inside the transition's transaction; anything external happens after commit."""
from datetime import date

from procedures import PROCEDURES, Validity

from portal.dossiers import clock
from portal.documents import identifier_names as names
from portal.infra import workdays
from portal.documents.pdf import issue_pdf
from portal.extensions import db
from portal.models import DOCUMENT_CLASSES, Dossier, IssuedDocument, User, now
from portal.infra.numbering import document_number, dossier_code


def assign_code(dossier: Dossier, actor: User) -> None:
    """The public dossier code (mã hồ sơ), given once at first submission."""
    if dossier.code is None:
        dossier.code = dossier_code(workdays.today())
        dossier.submitted_at = now()


def set_due_date(dossier: Dossier, actor: User) -> None:
    """When the officers' step just begun is due: the intake check from submission, the
    handling from acceptance (portal/clock.py keeps it through supplementation)."""
    limits = PROCEDURES[dossier.procedure].time_limits
    clock.start(dossier, limits.intake if dossier.state == "submitted" and limits.intake
                else limits.handling)


def pause_clock(dossier: Dossier, actor: User) -> None:
    clock.pause(dossier)


def resume_clock(dossier: Dossier, actor: User) -> None:
    clock.resume(dossier)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def _active_licence_expiry(enterprise_id: int) -> date | None:
    return db.session.execute(
        db.select(db.func.max(IssuedDocument.valid_until)).where(
            IssuedDocument.enterprise_id == enterprise_id,
            IssuedDocument.kind == "business_licence", IssuedDocument.status == "active")
    ).scalar_one()


def valid_until(validity: Validity, dossier: Dossier, issued_on: date) -> date:
    base = dossier.subject.valid_until if validity.base == "subject_expiry" else issued_on
    end = _add_years(base, validity.years)
    if validity.cap == "business_licence":
        cap = _active_licence_expiry(dossier.enterprise_id)
        end = min(end, cap) if cap else end
    return end


def _licence_reference(dossier: Dossier, validity: Validity) -> dict:
    """The business licence a capped document (an import permit) rests on, as printed on it."""
    if validity.cap != "business_licence":
        return {}
    licence = db.session.execute(
        db.select(IssuedDocument).where(
            IssuedDocument.enterprise_id == dossier.enterprise_id,
            IssuedDocument.kind == "business_licence", IssuedDocument.status == "active")
        .order_by(IssuedDocument.valid_until.desc())).scalars().first()
    return {"licence": {"number": licence.number, "valid_from": licence.valid_from.isoformat()}
            } if licence else {}


def _statement(dossier: Dossier, validity: Validity) -> dict:
    """What the document states, frozen at issuance: what the document it replaces stated,
    the holder as it is now, and the form's changes."""
    e = dossier.enterprise
    holder = {"name": e.name, "foreign_name": e.foreign_name, "code": e.display_code,
              "address": e.address, "legal_representative": e.legal_representative}
    inherited = dict(dossier.subject.data) if dossier.subject is not None else {}
    return {**inherited, **_licence_reference(dossier, validity), "holder": holder,
            "procedure": dossier.procedure, "dossier_code": dossier.code,
            **(dossier.form_data or {})}


def issue_document(dossier: Dossier, actor: User) -> None:
    """Number and record the result, with its signed PDF; a follow-on document supersedes
    the one it replaces."""
    result = PROCEDURES[dossier.procedure].result
    issued_on = workdays.today()
    document = DOCUMENT_CLASSES[result.kind](
        number=document_number(result.kind, issued_on), dossier=dossier,
        enterprise_id=dossier.enterprise_id, supersedes=dossier.subject, status="active",
        valid_from=issued_on, valid_until=valid_until(result.validity, dossier, issued_on),
        data=_statement(dossier, result.validity))
    if dossier.subject is not None:
        dossier.subject.status = "superseded"
    db.session.add(document)
    issue_pdf(document)


def allocate_names(dossier: Dossier, actor: User) -> None:
    names.allocate(dossier)


def release_names(dossier: Dossier, actor: User) -> None:
    names.release_allocated_by(dossier)


EFFECTS = {f.__name__: f for f in (assign_code, set_due_date, pause_clock, resume_clock,
                                   issue_document, allocate_names, release_names)}
