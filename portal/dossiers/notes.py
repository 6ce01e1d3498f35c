"""Officers' notes on a dossier: internal, or messages the applicant reads."""
from portal.dossiers.assignment import check_writer
from portal.extensions import db
from portal.infra import audit
from portal.models import Dossier, DossierNote, User


def add_note(dossier: Dossier, author: User, body: str, internal: bool) -> DossierNote:
    """Only the assignee or a leader, on an open dossier (Refused otherwise); audited."""
    check_writer(dossier, author)
    note = DossierNote(dossier=dossier, author=author, body=body.strip(), internal=internal)
    db.session.add(note)
    db.session.flush()
    audit.record("note_added", f"dossier:{dossier.id}", author, note=note.id, internal=internal)
    return note


def notes_for_applicant(dossier: Dossier) -> list[DossierNote]:
    """The officers' messages to the applicant; internal notes never leave the office."""
    return db.session.execute(
        db.select(DossierNote).where(DossierNote.dossier_id == dossier.id,
                                     DossierNote.internal.is_(False))
        .order_by(DossierNote.id)).scalars().all()
