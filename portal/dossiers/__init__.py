"""Dossiers: the procedures' guards and effects, the statutory clock, queues, assignment and
the officers' checklist and notes. Importing the package registers the dossier workflow with the engine."""
from procedures import PROCEDURES

from portal import engine, notify
from portal.documents import letters
from portal.dossiers import clock, effects, guards  # noqa: F401 (they register by name)
from portal.extensions import db
from portal.models import Dossier, WorkflowEvent


def _record(dossier: Dossier, act: engine.Act) -> WorkflowEvent:
    event = WorkflowEvent(dossier=dossier, actor=act.actor, action=act.transition.action,
                          from_state=dossier.state, to_state=act.transition.target, note=act.note,
                          until=act.until if act.transition.dated else None)
    db.session.add(event)
    return event


engine.register(Dossier, engine.Machine(
    flow=lambda dossier: PROCEDURES[dossier.procedure].flow, record=_record,
    target=lambda dossier: f"dossier:{dossier.id}",
    announce=lambda dossier, act, event: notify.dossier_changed(dossier, act.transition, act.note,
                                                                event.until),
    write_letter=letters.write_for, clock=clock.change))
