"""What of its procedure's declaration applies to one dossier: items declared `when` a
condition holds (an amendment adding special services brings the special grant's conditions
and documents), and the power of attorney when a representative files for the applicant."""
from procedures import PROCEDURES
from procedures.categories import SEC_CATEGORIES

from portal.models import Dossier


def categories(data: dict | None) -> set[str]:
    """The product and service codes a form or a document states."""
    return set((data or {}).get("categories") or ())


def adds_sec_category(dossier: Dossier) -> bool:
    """The application asks for a testing/assessment or confidentiality service that the
    document it changes does not already cover."""
    held = categories(dossier.subject.data) if dossier.subject is not None else set()
    return bool((categories(dossier.form_data) - held) & set(SEC_CATEGORIES))


CONDITIONS = {f.__name__: f for f in (adds_sec_category,)}


def _applying(dossier: Dossier, items: tuple) -> tuple:
    return tuple(i for i in items if i.when is None or CONDITIONS[i.when](dossier))


def requirements(dossier: Dossier) -> tuple:
    """The checklist of the version the dossier is handled under, as it applies to it."""
    procedure = PROCEDURES[dossier.procedure]
    agent = (procedure.by_agent,) if dossier.agent_id is not None and procedure.by_agent else ()
    return _applying(dossier, dossier.rules.checklist) + agent


def takes_files(dossier: Dossier, requirement) -> bool:
    """Online, a statutory form is filled in from the answers and takes no file; a paper
    dossier's signed form is scanned like the rest."""
    return not requirement.form or dossier.paper is not None


def fields(dossier: Dossier) -> tuple:
    return _applying(dossier, PROCEDURES[dossier.procedure].fields)


def preconditions(dossier: Dossier) -> tuple:
    return _applying(dossier, PROCEDURES[dossier.procedure].preconditions)
