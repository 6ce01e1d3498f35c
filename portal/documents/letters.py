"""Letters and decisions: the transition that produces one names it (procedures/results.py
LETTERS), and it is rendered from what that event recorded."""
from datetime import date

from procedures import APOLOGY, LETTERS, PROCEDURES, Letter

from portal import engine
from portal.documents import pdf
from portal.documents.lifecycle import ground_label
from portal.extensions import db
from portal.infra import workdays
from portal.infra.workdays import add_working_days, local_date
from portal.models import Dossier, IssuedDocument


class LetterUnavailable(LookupError):
    """The database does not (yet) hold what this letter states."""


def letter_of(subject, event) -> Letter | None:
    """The letter the event's transition produced, if it produced one."""
    name = engine.flow_of(subject).transition(event.action).letter
    return LETTERS[name] if name else None


def result_of(dossier: Dossier) -> IssuedDocument | None:
    return db.session.execute(db.select(IssuedDocument).where(
        IssuedDocument.dossier_id == dossier.id)).scalar_one_or_none()


def written(dossier: Dossier) -> dict[str, tuple]:
    """Every letter written about the dossier or its document, by name: the latest
    (subject, event) that produced each, and the apology if one was sent."""
    found = {}
    document = result_of(dossier)
    for subject in (dossier, document):
        for event in (subject.events if subject is not None else ()):
            letter = letter_of(subject, event)
            if letter is not None:
                found[letter.name] = (subject, event)
    if dossier.rescheduled_from is not None:
        found[APOLOGY] = (dossier, None)
    return found


def answer_by(dossier: Dossier, event) -> date | None:
    """The last day a supplementation request gives the applicant, where the law sets one."""
    days = PROCEDURES[dossier.procedure].time_limits.supplement_answer
    transition = engine.flow_of(dossier).transition(event.action)
    return add_working_days(local_date(event.created_at), days) if days and transition.clock == "pause" else None


def render(name: str, dossier: Dossier) -> bytes:
    """The letter `name` about the dossier, from what the database records. Raises
    LetterUnavailable when the history holds no such letter."""
    found = written(dossier).get(name)
    if found is None:
        raise LetterUnavailable(f"no {name!r} letter for this dossier")
    subject, event = found
    document = result_of(dossier)
    about_document = event is not None and subject is document
    return pdf.render_pdf(
        LETTERS[name].template, letter=LETTERS[name], dossier=dossier, document=document,
        event=event, enterprise=dossier.enterprise, procedure=PROCEDURES[dossier.procedure],
        due=dossier.result_due, rescheduled_from=dossier.rescheduled_from,
        # The apology's own date is not recorded yet: it is written as of today.
        written_on=workdays.today(),
        answer_by=answer_by(dossier, event) if event is not None and not about_document else None,
        ground=ground_label(event) if about_document else None)
