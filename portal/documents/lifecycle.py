"""What the engine needs to run a result kind's lifecycle (procedures/results.py): the
history row, how the holder hears of a change, and the guards and effects it names."""
from flask_babel import gettext as _

from procedures import RESULT_KINDS

from portal import engine, notify
from portal.documents import charges, identifier_names, issued
from portal.extensions import db
from portal.infra import webhooks, workdays
from portal.infra.workdays import latest_end
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
                     "valid_until": document.valid_until and document.valid_until.isoformat(),
                     "suspended_until": event.until.isoformat() if event.until else None},
        "action": event.action, "from_status": event.from_status, "to_status": event.to_status})


# Grounds that are facts the portal records (procedures/_base.py Transition.ground_facts).
GROUND_FACTS = {"charge_overdue": charges.overdue}


def grounds_open(document: IssuedDocument, transition) -> tuple:
    """The grounds the act may cite now: those the law gives, less the facts that do not hold."""
    facts = dict(transition.ground_facts)
    return tuple((key, label) for key, label in transition.grounds
                 if key not in facts or GROUND_FACTS[facts[key]](document))


@engine.guard
def ground_cited(document: IssuedDocument, act: engine.Act) -> list[str]:
    if act.ground in dict(grounds_open(document, act.transition)):
        return []
    if act.ground in dict(act.transition.grounds):
        return [_("Căn cứ đã chọn không đúng với dữ liệu của văn bản (ví dụ: chi phí duy trì chưa chậm "
                  "nộp quá hạn).")]
    return [_("Vui lòng chọn căn cứ pháp lý.")]


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


@engine.effect
def issue_correction(document: IssuedDocument, act: engine.Act) -> None:
    issued.issue_correction(document, dict(act.corrections), act.note)
