"""The register of issued documents: what needs a leader's decision, what the holder's
staff read, and recording the documents whose validity has run out. Every change of a
document goes through the engine (portal/engine.py), as its kind's lifecycle declares."""
from sqlalchemy.orm import joinedload

from procedures import EXPIRE, RESULT_KINDS

from portal import engine, notify
from portal.documents import issued
from portal.extensions import db
from portal.infra import workdays
from portal.infra.workdays import add_working_days
from portal.models import DocumentEvent, Enterprise, IssuedDocument


def suspensions_ending(within_days: int) -> list[IssuedDocument]:
    """Suspended documents whose suspension ends within `within_days` working days or has
    already ended: each needs a leader's decision, lift or revoke (Law 86/2015 Art. 45(5))."""
    return db.session.execute(
        db.select(IssuedDocument).where(
            IssuedDocument.suspended_until <= add_working_days(workdays.today(), within_days))
        .options(joinedload(IssuedDocument.enterprise))
        .order_by(IssuedDocument.suspended_until, IssuedDocument.id)).scalars().all()


def remind_leaders(within_days: int) -> int:
    """Queue one e-mail per active leader listing `suspensions_ending`; how many documents."""
    documents = suspensions_ending(within_days)
    if documents:
        notify.suspensions_ending(documents)
    return len(documents)


def expire_lapsed() -> list[IssuedDocument]:
    """Record the end of every document whose validity has run out (run daily, from cron).
    Until then readers already see them as expired (`issued.standing`)."""
    lapsed = []
    for kind in RESULT_KINDS:
        lapse = issued.expiry(kind)
        if lapse is None:
            continue
        lapsed += db.session.execute(db.select(IssuedDocument).where(
            IssuedDocument.kind == kind, IssuedDocument.status.in_(lapse.sources),
            IssuedDocument.valid_until < workdays.today()).with_for_update()).scalars().all()
    for document in lapsed:
        engine.fire(document, EXPIRE, None)
    return lapsed


def events_for_holder(enterprise: Enterprise) -> list[DocumentEvent]:
    """What happened to the enterprise's documents, newest first, for the applicant's pages."""
    return db.session.execute(
        db.select(DocumentEvent).join(DocumentEvent.document)
        .where(IssuedDocument.enterprise_id == enterprise.id)
        .order_by(DocumentEvent.id.desc())).scalars().all()
