"""The officers' queues: which open dossiers wait on whom, filtered, in due-date order,
one keyset page at a time (no OFFSET, no COUNT, one query per page)."""
from collections import namedtuple
from dataclasses import dataclass
from functools import lru_cache
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from procedures import PROCEDURES

from portal.infra import workdays
from portal.extensions import db, plain_rows
from portal.models import Dossier, Enterprise, Payment, User

PAGE_SIZE = 50


def _states(*queues: str) -> tuple[str, ...]:
    """Every state, of any procedure, that the declarations list in one of `queues`."""
    return tuple(sorted({s.name for p in PROCEDURES.values() for s in p.flow.states
                         if s.queue in queues}))


@dataclass(frozen=True)
class Queue:
    label: str
    states: tuple[str, ...]
    overdue_only: bool = False


QUEUES = {
    "intake": Queue(_l("Chờ tiếp nhận"), _states("intake")),
    "appraisal": Queue(_l("Đang thẩm định"), _states("appraisal")),
    "approval": Queue(_l("Chờ phê duyệt"), _states("approval")),
    "applicant": Queue(_l("Chờ doanh nghiệp"), _states("applicant")),
    "overdue": Queue(_l("Quá hạn"), _states("intake", "appraisal", "approval"), overdue_only=True),
}


@dataclass(frozen=True)
class Filters:
    procedure: str | None = None
    state: str | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    enterprise: str | None = None
    code: str | None = None
    unpaid: bool = False  # owes a published fee the portal takes, not yet paid


# What a queue's line shows, as plain rows: loading 50 dossiers as ORM objects (identity map,
# their JSON answers decoded) was a sixth of the page, and none of it is shown.
LINE = (Dossier.id, Dossier.code, Dossier.procedure, Dossier.state, Dossier.due_on,
        Dossier.assignee_id, Enterprise.name.label("enterprise_name"),
        Enterprise.code.label("enterprise_code"), Enterprise.applicant_type,
        User.full_name.label("assignee_name"))
# A line as a named tuple: its fields are read a dozen times a row by the template, and a
# Row's names are looked up in Python where a named tuple's are not.
Line = namedtuple("Line", [column.key for column in LINE])


def page(queue: Queue, filters: Filters, after: tuple[date, int] | None = None,
         size: int = PAGE_SIZE) -> tuple[list[Line], tuple[date, int] | None]:
    """One page of `queue` after the keyset `after` (the lines' columns named as in LINE),
    and the keyset of the next page."""
    query = _lines(queue.states).limit(size + 1)
    if queue.overdue_only:
        query = query.where(Dossier.due_on < workdays.today())
    if after is not None:
        query = query.where(sa.tuple_(Dossier.due_on, Dossier.id) > sa.tuple_(*after))
    rows = list(map(Line._make, plain_rows(_filtered(query, filters))))
    if len(rows) > size:
        rows = rows[:size]
        return rows, (rows[-1].due_on, rows[-1].id)
    return rows, None


@lru_cache(maxsize=None)
def _lines(states: tuple[str, ...]):
    """The lines of dossiers in `states` in due-date order, built once per queue (a tenth of a
    page otherwise); keyed by the states, not the queue, whose label is translated to hash."""
    return (db.select(*LINE).join(Dossier.enterprise).outerjoin(User, Dossier.assignee)
            .where(Dossier.state.in_(states), Dossier.due_on.is_not(None))
            .order_by(Dossier.due_on, Dossier.id))


def _filtered(query, filters: Filters):
    if filters.procedure:
        query = query.where(Dossier.procedure == filters.procedure)
    if filters.state:
        query = query.where(Dossier.state == filters.state)
    if filters.unassigned:
        query = query.where(Dossier.assignee_id.is_(None))
    elif filters.assignee_id:
        query = query.where(Dossier.assignee_id == filters.assignee_id)
    if filters.code:
        query = query.where(Dossier.code.startswith(filters.code.strip().upper(), autoescape=True))
    if filters.enterprise:
        query = query.where(Dossier.enterprise_id.in_(enterprises_matching(filters.enterprise)))
    if filters.unpaid:
        query = query.where(Dossier.procedure.in_(TAKING_FEES),
                            ~sa.exists().where(Payment.dossier_id == Dossier.id))
    return query


# The procedures whose fee, in some version, is published and taken by the portal.
TAKING_FEES = tuple(sorted(p.code for p in PROCEDURES.values()
                           if any(v.fee.due_before and v.fee.amount is not None for v in p.versions)))


def enterprises_matching(term: str):
    """The ids of enterprises whose code is `term` or whose name contains it."""
    term = term.strip()
    return db.select(Enterprise.id).where(sa.or_(
        Enterprise.code == term.replace("-", ""),
        Enterprise.name.ilike(f"%{_escaped(term)}%", escape="\\")))


def _escaped(term: str) -> str:
    """A search term taken literally by LIKE."""
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
