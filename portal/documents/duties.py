"""Holders' periodic reports (procedures/duties.py): which documents in force owe one for a year,
what has been filed, and who is late; filing one, once."""
from dataclasses import dataclass
from datetime import date
from functools import cache

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from procedures import RESULT_KINDS

from portal.documents import issued
from portal.engine import Refused
from portal.extensions import db
from portal.infra import workdays
from portal.models import IssuedDocument, PeriodicReport, User

REPORTING_KINDS = tuple(sorted(kind for kind, declared in RESULT_KINDS.items() if declared.report))


@dataclass
class Owed:
    """One document's report for one year: when it is due and, once filed, the report."""

    document: IssuedDocument
    year: int
    report: PeriodicReport | None

    @property
    def duty(self):
        return RESULT_KINDS[self.document.kind].report

    @property
    def due(self) -> date:
        return date(self.year, *self.duty.due)

    @property
    def overdue(self) -> bool:
        return self.report is None and self.due < workdays.today()


def owed(year: int) -> list[Owed]:
    """Every document in force whose kind declares a report, each with its report for `year`."""
    return _with_reports(year, db.select(IssuedDocument).options(joinedload(IssuedDocument.enterprise))
                         .where(IssuedDocument.kind.in_(REPORTING_KINDS), issued.in_force_clause())
                         .order_by(IssuedDocument.number))


def holders(enterprise_id: int, year: int) -> list[tuple[IssuedDocument, PeriodicReport | None]]:
    """All of a holder's documents, newest first, each with its report for `year` (one query,
    for the holder's own page)."""
    return db.session.execute(_holders(), {"enterprise_id": enterprise_id, "year": year}).all()


@cache
def _holders() -> sa.Select:
    """`holders`' statement, built once: building it anew took as long as running it."""
    return _pairs_query(sa.bindparam("year"), db.select(IssuedDocument).where(
        IssuedDocument.enterprise_id == sa.bindparam("enterprise_id")).order_by(IssuedDocument.id.desc()))


def owed_among(year: int, pairs) -> list[Owed]:
    """The holder's documents in force that owe a report, from `holders`."""
    return [Owed(d, year, report) for d, report in pairs if d.kind in REPORTING_KINDS and issued.is_in_force(d)]


def _pairs(year: int, query) -> list[tuple[IssuedDocument, PeriodicReport | None]]:
    return db.session.execute(_pairs_query(year, query)).all()


def _pairs_query(year, query) -> sa.Select:
    return query.add_columns(PeriodicReport).outerjoin(PeriodicReport, sa.and_(
        PeriodicReport.document_id == IssuedDocument.id, PeriodicReport.year == year))


def _with_reports(year: int, query) -> list[Owed]:
    return [Owed(d, year, report) for d, report in _pairs(year, query)]


def one(document: IssuedDocument, year: int) -> Owed:
    report = db.session.execute(db.select(PeriodicReport).where(
        PeriodicReport.document_id == document.id, PeriodicReport.year == year)).scalar()
    return Owed(document, year, report)


def file(document: IssuedDocument, year: int, user: User, answers: dict) -> PeriodicReport:
    """Keep the report: refused if a required answer is missing or the year's is already in."""
    duty = RESULT_KINDS[document.kind].report
    missing = [f.label for f in duty.fields if f.required and answers.get(f.name) in (None, "", [])]
    if missing:
        raise Refused([_("Vui lòng trả lời: %(item)s", item=label.get(user.locale)) for label in missing])
    report = PeriodicReport(document_id=document.id, year=year, form_data=answers, submitted_by_id=user.id)
    try:
        with db.session.begin_nested():
            db.session.add(report)
    except IntegrityError:
        raise Refused([_("Báo cáo năm %(year)d của văn bản này đã được nộp.", year=year)]) from None
    return report
