"""Effects named in the procedures' transitions. They change the database only, inside the
transition's transaction; anything external (e-mail) is queued and leaves after commit."""
from portal import engine
from portal.documents import identifier_names, issued
from portal.infra import audit, workdays
from portal.infra.numbering import dossier_code
from portal.models import Dossier, now


@engine.effect
def assign_code(dossier: Dossier, act: engine.Act) -> None:
    """The public dossier code (mã hồ sơ), given once at first submission."""
    if dossier.code is None:
        dossier.code = dossier_code(workdays.today())
        dossier.submitted_at = now()


@engine.effect
def verify_enterprise(dossier: Dossier, act: engine.Act) -> None:
    """An officer who accepts a dossier at intake has checked who filed it."""
    if not dossier.enterprise.verified:
        dossier.enterprise.verified = True
        audit.record("enterprise_verified", f"enterprise:{dossier.enterprise_id}", act.actor,
                     by="intake", dossier=dossier.id)


@engine.effect
def issue_document(dossier: Dossier, act: engine.Act) -> None:
    issued.issue(dossier)


@engine.effect
def allocate_names(dossier: Dossier, act: engine.Act) -> None:
    identifier_names.allocate(dossier)


@engine.effect
def release_names(dossier: Dossier, act: engine.Act) -> None:
    identifier_names.release_allocated_by(dossier)
