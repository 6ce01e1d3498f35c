"""Holders' periodic reports (procedures/duties.py): which documents in force owe one for a year,
what has been filed, and who is late; filing one, once."""
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from procedures import RESULT_KINDS

from portal.documents import issued
from portal.engine import Refused
from portal.extensions import db
from portal.infra import workdays
from portal.models import IssuedDocument, PeriodicReport, User


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


def owed(year: int, enterprise_id: int | None = None) -> list[Owed]:
    """The documents in force whose kind declares a report, each with its report for `year`."""
    query = (db.select(IssuedDocument).options(joinedload(IssuedDocument.enterprise))
             .where(IssuedDocument.kind.in_(sorted(k for k, d in RESULT_KINDS.items() if d.report)),
                    issued.in_force_clause())
             .order_by(IssuedDocument.number))
    if enterprise_id is not None:
        query = query.where(IssuedDocument.enterprise_id == enterprise_id)
    documents = db.session.execute(query).scalars().all()
    reports = {r.document_id: r for r in db.session.execute(db.select(PeriodicReport).where(
        PeriodicReport.year == year,
        PeriodicReport.document_id.in_([d.id for d in documents]))).scalars()}
    return [Owed(d, year, reports.get(d.id)) for d in documents]


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
