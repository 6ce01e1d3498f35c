"""What the engine needs to run a result kind's lifecycle (procedures/results.py): the
history row, how the holder hears of a change, and the guards and effects it names."""
import calendar
from datetime import date

from flask_babel import gettext as _

from procedures import RESULT_KINDS

from portal import engine, notify
from portal.documents import identifier_names
from portal.extensions import db
from portal.infra import webhooks, workdays
from portal.models import DocumentEvent, IssuedDocument


def record(document: IssuedDocument, act: engine.Act) -> DocumentEvent:
    event = DocumentEvent(document=document, actor=act.actor, action=act.transition.action,
                          from_status=document.status, to_status=act.transition.target,
                          ground=act.ground, note=act.note, until=act.until)
    db.session.add(event)
    return event


def ground_label(event: DocumentEvent):
    """The law's wording of the event's ground, as the transition declares it."""
    transition = RESULT_KINDS[event.document.kind].lifecycle.transition(event.action)
    return dict(transition.grounds).get(event.ground)


def announce(document: IssuedDocument, act: engine.Act, event: DocumentEvent) -> None:
    notify.document_changed(event, act.transition, ground_label(event))


def publish(document: IssuedDocument, act: engine.Act, event: DocumentEvent) -> None:
    """The change, for the national systems, in the stream of the dossier that produced it."""
    dossier = document.dossier
    webhooks.publish(f"dossier:{dossier.id}", "document.changed", dossier.procedure, {
        "dossier": {"code": dossier.code, "procedure": dossier.procedure},
        "document": {"number": document.number, "kind": document.kind, "status": event.to_status,
                     "valid_until": document.valid_until.isoformat(),
                     "suspended_until": event.until.isoformat() if event.until else None},
        "action": event.action, "from_status": event.from_status, "to_status": event.to_status})


def latest_end(start: date, months: int) -> date:
    """`months` after `start` (the last day of the month when it is shorter)."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return start.replace(year=year, month=month,
                         day=min(start.day, calendar.monthrange(year, month)[1]))


@engine.guard
def ground_cited(document: IssuedDocument, act: engine.Act) -> list[str]:
    return [] if act.ground in dict(act.transition.grounds) else [_("Vui lòng chọn căn cứ pháp lý.")]


@engine.guard
def period_allowed(document: IssuedDocument, act: engine.Act) -> list[str]:
    last = latest_end(workdays.today(), act.transition.max_months)
    if act.until is None or not workdays.today() < act.until <= last:
        return [_("Thời hạn phải sau hôm nay và không quá %(months)d tháng (đến %(date)s).",
                  months=act.transition.max_months, date=last.strftime("%d/%m/%Y"))]
    return []


@engine.guard
def validity_ended(document: IssuedDocument, act: engine.Act) -> list[str]:
    if document.valid_until >= workdays.today():
        return [_("Văn bản còn thời hạn hiệu lực đến hết ngày %(date)s.",
                  date=document.valid_until.strftime("%d/%m/%Y"))]
    return []


@engine.effect
def start_suspension(document: IssuedDocument, act: engine.Act) -> None:
    document.suspended_until = act.until


@engine.effect
def end_suspension(document: IssuedDocument, act: engine.Act) -> None:
    document.suspended_until = None


@engine.effect
def take_back_names(document: IssuedDocument, act: engine.Act) -> None:
    identifier_names.release_named_on(document)
