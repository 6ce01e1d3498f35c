"""Identifier names and the one holder each is allocated to (Decree 91/2020).

A leader's approval of a grant allocates the names (Art. 26), before the fee is paid and the
certificate issued. Revoking the certificate releases them (Art. 29), and so does withdrawing
the grant before payment. A re-issue or renewal leaves them with the same holder."""
import sqlalchemy as sa

from procedures import RESULT_KINDS

from portal.extensions import db
from portal.models import DocumentEvent, Dossier, IdentifierName, IssuedDocument


def requested(dossier: Dossier) -> list[str]:
    return list((dossier.form_data or {}).get("identifier_names") or ())


def taken_by_others(dossier: Dossier) -> list[str]:
    """The names `dossier` asks for that another holder has."""
    names = requested(dossier)
    if not names:
        return []
    return db.session.scalars(sa.select(IdentifierName.name).where(
        IdentifierName.name.in_(names), IdentifierName.enterprise_id != dossier.enterprise_id)
        .order_by(IdentifierName.name)).all()


def allocate(dossier: Dossier) -> None:
    """Give the holder the names it does not have yet. Another holder's approval racing this
    one fails on the primary key, and the engine reports a conflict."""
    held = set(db.session.scalars(sa.select(IdentifierName.name).where(
        IdentifierName.enterprise_id == dossier.enterprise_id)))
    db.session.add_all(IdentifierName(name=name, enterprise_id=dossier.enterprise_id, dossier=dossier)
                       for name in requested(dossier) if name not in held)


def release_allocated_by(dossier: Dossier) -> None:
    db.session.execute(sa.delete(IdentifierName).where(IdentifierName.dossier_id == dossier.id))


def release_named_on(document: IssuedDocument) -> None:
    db.session.execute(sa.delete(IdentifierName).where(
        IdentifierName.enterprise_id == document.enterprise_id,
        IdentifierName.name.in_(document.data.get("identifier_names") or ())))


# The lifecycle changes that take a document's names back (revocation, Art. 29).
RELEASING = {(kind.kind, t.action) for kind in RESULT_KINDS.values()
             for t in kind.lifecycle.transitions if "take_back_names" in t.effects}


def released_clause():
    """SQL: a DocumentEvent that took a document's names back."""
    return sa.or_(*(sa.and_(IssuedDocument.kind == kind, DocumentEvent.action == action)
                    for kind, action in RELEASING))


def revoked_from(enterprise_id: int, names: set[str]) -> set[str]:
    """Which of `names` were taken back from the holder."""
    if not names:
        return set()
    listed = sa.cast(IssuedDocument.data["identifier_names"], sa.Text)
    documents = db.session.execute(
        db.select(IssuedDocument).join(DocumentEvent).where(
            IssuedDocument.enterprise_id == enterprise_id, released_clause(),
            sa.or_(*(listed.contains(f'"{name}"', autoescape=True) for name in names)))).scalars()
    return {name for document in documents for name in document.data.get("identifier_names") or ()
            if name in names}
