"""Officers' notes on a dossier: internal, or messages the applicant reads."""
from portal.extensions import db
from portal.models import Dossier, DossierNote, User


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
