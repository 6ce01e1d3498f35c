"""Letters and decisions: the transition that produces one names it (procedures/results.py
LETTERS). Each is written once, inside the transaction of its event, from the facts of that
moment: numbered in its series, rendered, signed, stored by SHA-256; a download returns those
bytes, and /verify/<code> checks them."""
import unicodedata
from datetime import date

from flask import current_app

from procedures import APOLOGY, LETTERS, PROCEDURES, Letter

from portal import engine
from portal.documents import issued, pdf, signing
from portal.documents.lifecycle import ground_label
from portal.extensions import db
from portal.infra import files, numbering, workdays
from portal.infra.workdays import add_working_days, local_date
from portal.models import DocumentEvent, Dossier, IssuedDocument, IssuedLetter


class LetterUnavailable(LookupError):
    """No such letter was written."""


def letter_of(subject, event) -> Letter | None:
    """The letter the event's transition produces, if it produces one."""
    name = engine.flow_of(subject).transition(event.action).letter
    return LETTERS[name] if name else None


def answer_by(dossier: Dossier, event) -> date | None:
    """The last day the event gives the applicant to supplement, where the law sets one: a
    request counts the declared days from its date, an extension states the day itself."""
    transition = engine.flow_of(dossier).transition(event.action)
    if transition.clock == "extend":
        return event.until
    days = dossier.rules.time_limits.supplement_answer
    return add_working_days(local_date(event.created_at), days) if days and transition.clock == "pause" else None


def _code(symbol: str, year: int, sequence: int) -> str:
    """The number as plain ASCII, for URLs: QĐ 15 of 2026 is QD-ANM-2026-00015."""
    plain = unicodedata.normalize("NFKD", symbol.replace("Đ", "D").replace("đ", "d"))
    plain = plain.encode("ascii", "ignore").decode()
    return f"{plain}-{current_app.config['ISSUER_ABBREVIATION']}-{year}-{sequence:05d}"


def write(name: str, dossier: Dossier, event=None, written_on: date | None = None,
          **facts) -> IssuedLetter:
    """Number, render, sign and store the letter `name` about the dossier, as of now (or of
    `written_on` for a letter written late for an earlier event). The caller commits."""
    letter = LETTERS[name]
    written_on = written_on or workdays.today()
    sequence = numbering.next_value(letter.symbol, written_on.year)
    about_document = isinstance(event, DocumentEvent)
    record = IssuedLetter(
        name=name, year=written_on.year, written_on=written_on, dossier=dossier,
        number=f"{sequence}/{letter.symbol}-{current_app.config['ISSUER_ABBREVIATION']}",
        code=_code(letter.symbol, written_on.year, sequence),
        document=event.document if about_document else issued.of_dossier(dossier),
        workflow_event_id=None if about_document or event is None else event.id,
        document_event_id=event.id if about_document else None)
    url = pdf.verify_url(record.code)
    content = pdf.render_pdf(
        letter.template, letter=letter, paper=record, dossier=dossier, document=record.document,
        event=event, enterprise=dossier.enterprise, procedure=PROCEDURES[dossier.procedure],
        due=dossier.result_due, written_on=written_on, verify_url=url, qr=pdf.qr_data_uri(url),
        answer_by=answer_by(dossier, event) if event is not None and not about_document else None,
        ground=ground_label(event) if about_document else None, **facts)
    record.sha256 = files.store_issued(signing.sign(content))
    db.session.add(record)
    return record


def write_for(subject, act: engine.Act, event) -> IssuedLetter:
    """The letter an event's transition names (the engine calls this)."""
    db.session.flush()  # the event's id and time, which the letter refers to
    dossier = subject.dossier if isinstance(subject, IssuedDocument) else subject
    return write(act.transition.letter, dossier, event)


def written(dossier: Dossier) -> list[IssuedLetter]:
    """Every letter written about the dossier or its document, oldest first."""
    return db.session.execute(db.select(IssuedLetter).where(IssuedLetter.dossier_id == dossier.id)
                              .order_by(IssuedLetter.id)).scalars().all()


def latest(name: str, dossier: Dossier) -> IssuedLetter:
    found = [record for record in written(dossier) if record.name == name]
    if not found:
        raise LetterUnavailable(f"no {name!r} letter for this dossier")
    return found[-1]


def by_code(code: str) -> IssuedLetter | None:
    return db.session.execute(db.select(IssuedLetter).where(IssuedLetter.code == code)).scalar_one_or_none()


def stored(record: IssuedLetter) -> bytes:
    return files.issued_path(record.sha256).read_bytes()


def write_missing() -> list[IssuedLetter]:
    """Letters for events that happened before letters were written at their event (dated as
    of the event), and for apologies already sent."""
    made = []
    for dossier in db.session.execute(db.select(Dossier).where(Dossier.code.is_not(None))).scalars():
        have = written(dossier)
        made_by = {(r.workflow_event_id, r.document_event_id) for r in have}
        document = issued.of_dossier(dossier)
        events = [(dossier, e, (e.id, None)) for e in dossier.events]
        events += [(document, e, (None, e.id)) for e in (document.events if document else ())]
        for subject, event, key in events:
            letter = letter_of(subject, event)
            if letter is not None and key not in made_by:
                made.append(write(letter.name, dossier, event, written_on=local_date(event.created_at)))
        if dossier.rescheduled_from is not None and all(r.name != APOLOGY for r in have):
            made.append(write(APOLOGY, dossier, rescheduled_from=dossier.rescheduled_from))
    return made
