"""Public tracking (the one-stop rules): anyone holding a dossier's code and its applicant's
identifier sees where the dossier stands, never who handles it or what officers wrote."""
import re

from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Dossier, Enterprise


def find(code: str, identifier: str) -> Dossier | None:
    """The submitted dossier with this code whose applicant registered with this identifier
    (as registered: without spaces; a dependent unit's with or without its dash); None for any
    mismatch, whichever it is."""
    code, identifier = code.strip().upper(), re.sub(r"\s", "", identifier)
    if not code or not identifier:
        return None
    written = sorted({identifier, identifier.replace("-", "")})
    return db.session.execute(
        db.select(Dossier).join(Dossier.enterprise)
        .where(Dossier.code == code, Enterprise.code.in_(written))
        .options(selectinload(Dossier.events))).scalar_one_or_none()
