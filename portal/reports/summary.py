"""The reports' summary, kept in the same transactions as what it counts, so the leaders' page
adds up a few hundred rows at any size instead of reading the history:

- `service_counts`: per month, procedure and specialist, the dossiers received (their first
  submission), how each ended (procedures/service_index.py ENDINGS), on time or late, paused for
  supplementation, rescheduled, the working days they took, the results signed, the ratings
  and the fees. The engine tallies each history row (`transition`); payments, refunds and
  ratings tally themselves.
- `due_counts`: per due date and procedure, the open dossiers in the officers' turn, kept by a
  flush hook on every change of a dossier's state or due date, whoever makes it.

`rebuild` recounts both from the history (`flask --app portal reports rebuild`); the tests
compare every figure with a plain count over the history."""
import importlib
from collections import Counter
from collections.abc import Iterator
from datetime import date

import sqlalchemy as sa
from flask_sqlalchemy.session import Session
from sqlalchemy.orm import selectinload

from procedures import LEADER, PROCEDURES, SPECIALIST
from procedures.service_index import (ENDED, ENDINGS, GRANTED, HANDLED, NOT_THE_AUTHORITYS_TURN,
                                      RESCHEDULED_JUDGED_BY_FIRST_DATE, SATISFIED_LEVELS)

from portal.extensions import db
from portal.infra.workdays import local_date, working_days_between
from portal.models import (SERVICE_COUNT_KEY, AuditHead, Dossier, DueCount, IssuedDocument,
                           Payment, Rating, ServiceCount, WorkflowEvent)

# The summary's columns: how many dossiers ended each way (the declared kinds of ending), and
# what else is counted.
MEASURES = ("received", *ENDED, "on_time", "late", "rescheduled", "supplemented", "handling_days",
            "digital_results", "rated", "satisfied", "fees")
_PAUSES = "pause"  # the clock change that stops the officers' clock for a supplementation


def officers_turn(procedure: str, state: str) -> bool:
    """Whether a dossier's due date, in this state, is the officers' to meet."""
    return PROCEDURES[procedure].flow.state(state).waiting_on in (SPECIALIST, LEADER)


def _insert(connection):
    # The upsert of the database in use, imported when first needed (as in infra/numbering).
    return importlib.import_module(f"sqlalchemy.dialects.{connection.dialect.name}").insert


def bump(connection, day: date, procedure: str, specialist_id: int | None, deltas: dict) -> None:
    """Add `deltas` to the row of the month of `day`, `procedure` and `specialist_id`."""
    deltas = {k: int(v) for k, v in deltas.items() if v}
    if not deltas:
        return
    insert = _insert(connection)(ServiceCount.__table__).values(
        month=day.replace(day=1), procedure=procedure, specialist_id=specialist_id, **deltas)
    table = ServiceCount.__table__.c
    connection.execute(insert.on_conflict_do_update(
        index_elements=[table.month, table.procedure, SERVICE_COUNT_KEY[2]],
        set_={k: table[k] + insert.excluded[k] for k in deltas}))


def _session_bump(day: date, procedure: str, specialist_id: int | None, **deltas) -> None:
    bump(db.session.connection(), day, procedure, specialist_id, deltas)


# What the history adds

def transition(dossier: Dossier, act, event: WorkflowEvent) -> None:
    """The engine's tally of one history row, in its transaction."""
    for day, specialist_id, deltas in of_event(dossier, event):
        _session_bump(day, dossier.procedure, specialist_id, **deltas)


def of_event(dossier: Dossier, event: WorkflowEvent) -> Iterator[tuple[date, int | None, dict]]:
    """What one history row adds: (day, specialist, counts)."""
    flow = PROCEDURES[dossier.procedure].flow
    day = local_date(event.created_at)
    if event.from_state == flow.initial:
        yield day, None, {"received": 1}
    if flow.state(event.to_state).final:
        yield day, dossier.assignee_id, ending(dossier, event)


def ending(dossier: Dossier, event: WorkflowEvent) -> dict:
    """How the dossier ended, with the history row that ended it."""
    flow = PROCEDURES[dossier.procedure].flow
    kind, day = ENDINGS[event.to_state], local_date(event.created_at)
    received = min(local_date(e.created_at) for e in dossier.events if e.from_state == flow.initial)
    counts = {kind: 1, "rescheduled": dossier.rescheduled_from is not None,
              "supplemented": any(flow.transition(e.action).clock == _PAUSES for e in dossier.events)}
    if kind in HANDLED:
        counts["late" if _late(dossier, event, day) else "on_time"] = 1
        counts["handling_days"] = working_days_between(received, day)
    if kind == GRANTED:
        counts["digital_results"] = db.session.execute(db.select(sa.func.count()).where(
            IssuedDocument.dossier_id == dossier.id, IssuedDocument.sha256.is_not(None))).scalar() > 0
    return counts


def _late(dossier: Dossier, event: WorkflowEvent, day: date) -> bool:
    """Ended after the date due; never while the clock waited on the applicant."""
    if PROCEDURES[dossier.procedure].flow.state(event.from_state).waiting_on == NOT_THE_AUTHORITYS_TURN:
        return False
    due = dossier.result_due
    if RESCHEDULED_JUDGED_BY_FIRST_DATE.holds and dossier.rescheduled_from is not None:
        due = dossier.rescheduled_from
    return due is not None and day > due


def rating(dossier: Dossier, rated: Rating) -> None:
    _session_bump(local_date(rated.created_at), dossier.procedure, dossier.assignee_id,
                  rated=1, satisfied=rated.level in SATISFIED_LEVELS)


def payment(dossier: Dossier, paid: Payment) -> None:
    _session_bump(local_date(paid.paid_at), dossier.procedure, None, fees=paid.amount)


def refund(dossier: Dossier, paid: Payment) -> None:
    _session_bump(local_date(paid.refunded_at), dossier.procedure, None, fees=-paid.amount)


# Due dates, kept whoever changes a dossier

def _due_key(dossier: Dossier, before: bool) -> tuple[date, str] | None:
    state, due_on = (_committed(dossier, name) if before else getattr(dossier, name)
                     for name in ("state", "due_on"))
    if due_on is None or state is None or not officers_turn(dossier.procedure, state):
        return None
    return due_on, dossier.procedure


def _committed(dossier: Dossier, name: str):
    """The value as the database has it (before this flush); None for a new dossier."""
    history = sa.inspect(dossier).attrs[name].history
    return (history.deleted or history.unchanged or [None])[0]


@sa.event.listens_for(Session, "before_flush")
def _keep_due_counts(session, context, instances) -> None:
    changes = Counter()
    for dossier in (*session.new, *session.dirty, *session.deleted):
        if isinstance(dossier, Dossier):
            old = _due_key(dossier, before=True)
            new = None if dossier in session.deleted else _due_key(dossier, before=False)
            if old != new:
                changes[old] -= 1
                changes[new] += 1
    changes.pop(None, None)
    if not any(changes.values()):
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # The audit chain's head first, as every writer takes it (portal/infra/audit.py): a
        # due date moved before the act is audited (the apology) must not hold its row
        # while waiting for the head that a transition holding the head waits on.
        connection.execute(sa.select(AuditHead.id).where(AuditHead.id == 1).with_for_update())
    table = DueCount.__table__
    for (due_on, procedure), n in changes.items():
        if n < 0:  # the row is there (a row of -1 would fail its check before any upsert)
            connection.execute(table.update().where(table.c.due_on == due_on, table.c.procedure == procedure)
                               .values(dossiers=table.c.dossiers + n))
        elif n:
            insert = _insert(connection)(table).values(due_on=due_on, procedure=procedure, dossiers=n)
            connection.execute(insert.on_conflict_do_update(
                index_elements=["due_on", "procedure"], set_={"dossiers": table.c.dossiers + n}))


# Recounting from the history

def rebuild(chunk: int = 1000) -> tuple[int, int]:
    """Both tables recounted from the history, payments, refunds and ratings; the caller
    commits. Returns the rows written."""
    connection = db.session.connection()
    connection.execute(sa.delete(ServiceCount.__table__))
    connection.execute(sa.delete(DueCount.__table__))
    totals: Counter = Counter()
    for day, procedure, specialist_id, deltas in _history(chunk):
        for name, value in deltas.items():
            totals[day.replace(day=1), procedure, specialist_id, name] += int(value)
    rows: dict[tuple, dict] = {}
    for (month, procedure, specialist_id, name), value in totals.items():
        rows.setdefault((month, procedure, specialist_id), {
            "month": month, "procedure": procedure, "specialist_id": specialist_id,
            **dict.fromkeys(MEASURES, 0)})[name] = value
    if rows:
        connection.execute(sa.insert(ServiceCount.__table__), list(rows.values()))
    due = due_rows()
    if due:
        connection.execute(sa.insert(DueCount.__table__), due)
    return len(rows), len(due)


def _history(chunk: int) -> Iterator[tuple[date, str, int | None, dict]]:
    query = (db.select(Dossier).where(Dossier.code.is_not(None)).order_by(Dossier.id)
             .options(selectinload(Dossier.events)).execution_options(yield_per=chunk))
    for dossier in db.session.execute(query).scalars():
        for event in dossier.events:
            for day, specialist_id, deltas in of_event(dossier, event):
                yield day, dossier.procedure, specialist_id, deltas
    payments = db.session.execute(db.select(Payment, Dossier.procedure)
                                  .join(Dossier, Payment.dossier_id == Dossier.id))
    for paid, procedure in payments:
        yield local_date(paid.paid_at), procedure, None, {"fees": paid.amount}
        if paid.refunded_at is not None:
            yield local_date(paid.refunded_at), procedure, None, {"fees": -paid.amount}
    ratings = db.session.execute(db.select(Rating, Dossier.procedure, Dossier.assignee_id)
                                 .join(Dossier, Rating.dossier_id == Dossier.id))
    for rated, procedure, specialist_id in ratings:
        yield local_date(rated.created_at), procedure, specialist_id, {
            "rated": 1, "satisfied": rated.level in SATISFIED_LEVELS}


def due_rows() -> list[dict]:
    """The due-date counts as the dossiers stand."""
    rows = Counter()
    query = (db.select(Dossier.procedure, Dossier.state, Dossier.due_on, sa.func.count())
             .where(Dossier.due_on.is_not(None))
             .group_by(Dossier.procedure, Dossier.state, Dossier.due_on))
    for procedure, state, due_on, n in db.session.execute(query):
        if officers_turn(procedure, state):
            rows[due_on, procedure] += n
    return [{"due_on": d, "procedure": p, "dossiers": n} for (d, p), n in rows.items()]
