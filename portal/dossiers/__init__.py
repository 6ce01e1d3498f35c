"""Dossiers: the procedures' guards and effects, the statutory clock, queues, assignment and
the officers' checklist and notes. Importing the package registers the dossier workflow with the engine."""
from procedures import PROCEDURES

from portal import engine, notify
from portal.documents import letters
from portal.dossiers import clock, effects, guards  # noqa: F401 (they register by name)
from portal.extensions import db
from portal.infra import webhooks
from portal.models import Dossier, IssuedDocument, WorkflowEvent, now
from portal.reports import summary


def _record(dossier: Dossier, act: engine.Act) -> WorkflowEvent:
    event = WorkflowEvent(dossier=dossier, actor=act.actor, action=act.transition.action,
                          from_state=dossier.state, to_state=act.transition.target, note=act.note,
                          until=act.until if act.transition.dated else None,
                          created_at=now())  # the day the summary counts it on
    db.session.add(event)
    return event


def _publish(dossier: Dossier, act: engine.Act, event: WorkflowEvent) -> None:
    """The state change, for the national systems; with the document, when one was issued."""
    procedure = PROCEDURES[dossier.procedure]
    payload = {"dossier": _dossier_fields(dossier), "action": act.transition.action,
               "from_state": event.from_state, "to_state": event.to_state}
    document = db.session.execute(db.select(IssuedDocument).where(
        IssuedDocument.dossier_id == dossier.id)).scalar()
    if document is not None:
        payload["document"] = {"number": document.number, "kind": document.kind,
                               "status": document.status,
                               "valid_until": document.valid_until and document.valid_until.isoformat()}
    webhooks.publish(f"dossier:{dossier.id}", "dossier.changed", procedure.code, payload)


def _dossier_fields(dossier: Dossier) -> dict:
    """How a webhook names a dossier: its code, procedure and national procedure code."""
    national = PROCEDURES[dossier.procedure].national_code
    return {"code": dossier.code, "procedure": dossier.procedure, "state": dossier.state,
            "national_procedure_code": national.value}


engine.register(Dossier, engine.Machine(
    flow=lambda dossier: PROCEDURES[dossier.procedure].flow, record=_record,
    target=lambda dossier: f"dossier:{dossier.id}",
    announce=lambda dossier, act, event: notify.dossier_changed(dossier, act.transition, act.note,
                                                                event.until),
    write_letter=letters.write_for, clock=clock.change, publish=_publish, tally=summary.transition))
