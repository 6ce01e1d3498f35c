"""What officers record while reviewing a dossier: checklist ticks, notes and messages."""
from procedures import PROCEDURES

from portal.extensions import db
from portal.models import ChecklistTick, Dossier, DossierNote, User


def set_ticks(dossier: Dossier, actor: User, keys: set[str]) -> None:
    """Tick exactly `keys` among the checklist items; a kept tick keeps its author."""
    known = {r.key for r in PROCEDURES[dossier.procedure].checklist}
    wanted = keys & known
    for tick in list(dossier.ticks):
        if tick.requirement not in wanted:
            db.session.delete(tick)
    present = {t.requirement for t in dossier.ticks}
    for key in wanted - present:
        db.session.add(ChecklistTick(dossier=dossier, requirement=key, ticked_by_id=actor.id))


def add_note(dossier: Dossier, author: User, body: str, internal: bool) -> DossierNote:
    note = DossierNote(dossier=dossier, author=author, body=body.strip(), internal=internal)
    db.session.add(note)
    return note


def notes_for_applicant(dossier: Dossier) -> list[DossierNote]:
    """The officers' messages to the applicant; internal notes never leave the office."""
    return db.session.execute(
        db.select(DossierNote).where(DossierNote.dossier_id == dossier.id,
                                     DossierNote.internal.is_(False))
        .order_by(DossierNote.id)).scalars().all()
