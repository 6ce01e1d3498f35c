"""A document's recurring charge (procedures/duties.py): the days each period's payment is due,
which are paid, and whether one is late beyond its grace (a ground to revoke that is offered
only while it is true)."""
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from procedures import RESULT_KINDS

from portal.engine import Refused
from portal.extensions import db
from portal.infra import audit, workdays
from portal.infra.workdays import latest_end
from portal.models import ChargePayment, IssuedDocument, User


@dataclass
class Period:
    due_on: date
    payment: ChargePayment | None
    grace_days: int

    @property
    def late(self) -> bool:
        """Unpaid more than the grace after its due day."""
        return self.payment is None and self.due_on + timedelta(days=self.grace_days) < workdays.today()


def schedule(document: IssuedDocument) -> list[Period]:
    """Each period due so far (an anniversary of the start, up to today and within validity)."""
    charge = RESULT_KINDS[document.kind].charge
    if charge is None:
        return []
    paid = {p.due_on: p for p in db.session.execute(
        db.select(ChargePayment).where(ChargePayment.document_id == document.id)).scalars()}
    last = min(workdays.today(), document.valid_until)
    days, step = [], charge.every_months
    while (day := latest_end(document.valid_from, step * (len(days) + 1))) <= last:
        days.append(day)
    return [Period(day, paid.get(day), charge.grace_days) for day in days]


def overdue(document: IssuedDocument) -> bool:
    """A period unpaid beyond its grace (Decree 91/2020 Art. 29: more than 30 days late)."""
    return any(period.late for period in schedule(document))


def record(document: IssuedDocument, due_on: date, paid_on: date, officer: User) -> ChargePayment:
    """Record that the period due on `due_on` was paid on `paid_on`, once."""
    if due_on not in {p.due_on for p in schedule(document)} or paid_on > workdays.today():
        raise Refused([_("Kỳ thu hoặc ngày nộp không hợp lệ.")])
    payment = ChargePayment(document_id=document.id, due_on=due_on, paid_on=paid_on, recorded_by_id=officer.id)
    try:
        with db.session.begin_nested():
            db.session.add(payment)
    except IntegrityError:
        raise Refused([_("Kỳ thu này đã được ghi nhận.")]) from None
    audit.record("charge_paid", f"document:{document.id}", officer, due_on=due_on.isoformat(),
                 paid_on=paid_on.isoformat())
    return payment
