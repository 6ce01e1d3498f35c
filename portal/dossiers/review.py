"""What the officer's dossier page reads, in one statement: the dossier (with what its guards
and facts need as objects), its history, and the short lists it only shows (files, checklist
ticks, notes, letters, the receipt, the admins' calendar) as plain rows. Read for each request,
never kept: officers act from this page."""
import functools
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from portal.extensions import db
from portal.infra import workdays
from portal.infra.json_rows import day, json_rows, moment
from portal.models import (ChecklistTick, Dossier, DossierNote, IssuedLetter, Payment, Upload,
                           User, WorkflowEvent)


class File(NamedTuple):
    id: int
    requirement: str
    filename: str
    content_type: str
    size: int
    sha256: str


class Note(NamedTuple):
    id: int
    internal: bool
    author: str
    created_at: object  # datetime
    body: str


class Letter(NamedTuple):
    id: int
    code: str
    name: str
    number: str
    written_on: object  # date


class Lists(NamedTuple):
    files: list[File]  # by id, as the dossier's uploads
    ticks: frozenset[str]  # the requirements found in order
    notes: list[Note]  # oldest first
    letters: list[Letter]  # oldest first
    receipt: str | None  # the fee's receipt number, once paid
    actors: dict[int, str]  # the names of those who acted in the history


def _rows(*columns, where):
    return db.select(json_rows(*columns)).where(where).scalar_subquery()


@functools.cache
def _page():
    """The page's statement, built once on first use: a statement made anew is a quarter of a
    millisecond's work before it is sent (its cache key), a prebuilt one memoizes its key; and
    at import its eager loads would configure every mapper, which start-up leaves for later."""
    files = _rows(Upload.id, Upload.requirement, Upload.filename, Upload.content_type,
                  Upload.size, Upload.sha256, where=Upload.dossier_id == Dossier.id)
    ticks = _rows(ChecklistTick.requirement, where=ChecklistTick.dossier_id == Dossier.id)
    notes = (db.select(json_rows(DossierNote.id, DossierNote.internal, User.full_name,
                                 DossierNote.created_at, DossierNote.body))
             .join(User, User.id == DossierNote.author_id)
             .where(DossierNote.dossier_id == Dossier.id).scalar_subquery())
    letters = _rows(IssuedLetter.id, IssuedLetter.code, IssuedLetter.name, IssuedLetter.number,
                    IssuedLetter.written_on, where=IssuedLetter.dossier_id == Dossier.id)
    receipt = (db.select(Payment.receipt_number).where(Payment.dossier_id == Dossier.id)
               .scalar_subquery())
    events = (db.select(json_rows(WorkflowEvent.id, WorkflowEvent.actor_id, WorkflowEvent.action,
                                  WorkflowEvent.from_state, WorkflowEvent.to_state,
                                  WorkflowEvent.note, WorkflowEvent.until,
                                  WorkflowEvent.created_at, User.full_name))
              .outerjoin(User, User.id == WorkflowEvent.actor_id)
              .where(WorkflowEvent.dossier_id == Dossier.id).scalar_subquery())
    return (db.select(Dossier, files, ticks, notes, letters, receipt, events,
                      workdays.calendar_rows())
            .where(Dossier.id == sa.bindparam("dossier_id"))
            .options(joinedload(Dossier.enterprise), joinedload(Dossier.assignee),
                     joinedload(Dossier.delivery), joinedload(Dossier.paper)))


def read(dossier_id: int) -> tuple[Dossier, Lists] | None:
    """The dossier with what its facts and guards read (its holder, assignee, delivery, paper
    intake, history), and its lists; None if there is no such dossier. The admins' calendar
    comes along, as this request's copy (the clock's flags count on it)."""
    row = db.session.execute(_page(), {"dossier_id": dossier_id}).first()
    if row is None:
        return None
    dossier, files, ticks, notes, letters, receipt, events, calendar = row
    workdays.use_calendar(calendar)
    # JSON aggregates promise no order: sorted here by id, the order of insertion.
    return dossier, Lists(
        files=sorted(File(*f) for f in files or ()),
        ticks=frozenset(t for t, in ticks or ()),
        notes=sorted(Note(i, bool(internal), author, moment(at), body)
                     for i, internal, author, at, body in notes or ()),
        letters=sorted(Letter(i, code, name, number, day(on))
                       for i, code, name, number, on in letters or ()),
        receipt=receipt, actors=_history(dossier, events or ()))


def _history(dossier: Dossier, rows: list) -> dict[int, str]:
    """`dossier.events` from the rows, as the objects its own query would have loaded (the
    guards and the clock read them), and the actors' names. The statement that query costs
    was a tenth of the page."""
    if "events" in sa.inspect(dossier).unloaded:
        events = []
        for i, actor_id, action, from_state, to_state, note, until, at, _ in sorted(rows):
            event = WorkflowEvent(id=i, dossier_id=dossier.id, actor_id=actor_id, action=action,
                                  from_state=from_state, to_state=to_state, note=note,
                                  until=day(until), created_at=moment(at))
            make_transient_to_detached(event)  # as if loaded: persistent, clean, no statement
            events.append(db.session.merge(event, load=False))
        set_committed_value(dossier, "events", events)
    return {actor_id: name for _, actor_id, *_, name in rows if actor_id is not None}
