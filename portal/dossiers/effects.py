"""Effects named in the procedures' transitions. They change the database only, inside the
transition's transaction; anything external (e-mail) is queued and leaves after commit."""
from procedures import PROCEDURES

from portal import engine
from portal.documents import identifier_names, issued
from portal.infra import audit, workdays
from portal.infra.numbering import dossier_code
from portal.models import Dossier, now


@engine.effect
def assign_code(dossier: Dossier, act: engine.Act) -> None:
    """The public dossier code (mã hồ sơ), given once at first submission; a paper dossier
    counts as submitted when the desk received it."""
    if dossier.code is None:
        dossier.code = dossier_code(workdays.today())
        dossier.submitted_at = act.at or now()


@engine.effect
def amend_holder(dossier: Dossier, act: engine.Act) -> None:
    """A granted amendment changes the holder's record, so the amended document prints the new
    values (Law 86/2015 Art. 45(1)); the record keeps what it was before."""
    changes = {f.amends: value.strip() for f in PROCEDURES[dossier.procedure].fields
               if f.amends and isinstance(value := (dossier.form_data or {}).get(f.name), str)
               and value.strip()}
    if changes:
        dossier.enterprise.amend(changes, dossier)


@engine.effect
def keep_version(dossier: Dossier, act: engine.Act) -> None:
    """The dossier is handled under the version in force when it was first submitted; a
    resubmission after correction keeps it."""
    if dossier.procedure_version is None:
        dossier.procedure_version = dossier.rules.key


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
