"""Incident cases in the leaders' report (Directive 33 of 2024 duties beside the procedures):
by severity, how many were reported and closed in the period, how many are open now and how
many of those owe a staged report past its due time. Cases are few, so they are counted from
their own rows rather than a summary."""
from dataclasses import dataclass
from datetime import date, datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from procedures.incidents import SEVERITIES

from portal.extensions import db, plain_rows
from portal.incidents import cases
from portal.infra import workdays
from portal.models import Incident, now


@dataclass(frozen=True)
class IncidentRow:
    severity: str
    reported: int
    closed: int
    open_now: int
    late_now: int


def _start_of(month) -> datetime:
    """The first moment of a month in Vietnam, as the UTC moment the rows store."""
    return datetime.combine(month, datetime.min.time(), tzinfo=workdays.TIMEZONE).astimezone(timezone.utc)


def _counted(first: date, after: date) -> dict[str, tuple[int, int]]:
    """Per severity, the cases reported and the cases closed in the months, in one statement."""
    start, end = _start_of(first), _start_of(after)
    reported = (Incident.reported_at >= start) & (Incident.reported_at < end)
    closed = (Incident.closed_at >= start) & (Incident.closed_at < end)
    rows = plain_rows(db.select(Incident.severity, sa.func.count().filter(reported),
                                sa.func.count().filter(closed))
                      .where(reported | closed).group_by(Incident.severity))
    return {severity: (r, c) for severity, r, c in rows}


def by_severity(first: date, after: date) -> list[IncidentRow]:
    """One row a severity, most severe first, for the months from `first` to before `after`."""
    counted = _counted(first, after)
    open_cases = db.session.execute(db.select(Incident).where(Incident.closed_at.is_(None))
                                    .options(selectinload(Incident.reports))).scalars().all()
    moment = now()
    return [IncidentRow(code, *counted.get(code, (0, 0)),
                        sum(c.severity == code for c in open_cases),
                        sum(c.severity == code and cases.is_late(c, moment) for c in open_cases))
            for code in sorted(SEVERITIES, key=lambda code: SEVERITIES[code].rank)]
