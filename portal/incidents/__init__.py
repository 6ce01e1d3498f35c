"""Incident notification (procedures/incidents.py): cases, their staged reports and
deadlines, the response unit's queue, reminders, and the STIX 2.1 export. Importing the
package registers the case's workflow with the engine."""
from procedures.incidents import CASE_FLOW

from portal import engine, notify
from portal.extensions import db
from portal.models import Incident, IncidentEvent, now


def _record(incident: Incident, act: engine.Act) -> IncidentEvent:
    event = IncidentEvent(incident=incident, actor=act.actor, action=act.transition.action,
                          from_state=incident.state, to_state=act.transition.target, note=act.note)
    db.session.add(event)
    if CASE_FLOW.state(act.transition.target).final:
        incident.closed_at = now()
    return event


engine.register(Incident, engine.Machine(
    flow=lambda incident: CASE_FLOW, record=_record, target=lambda incident: f"incident:{incident.ack_code}",
    announce=lambda incident, act, event: notify.incident_changed(incident, act.transition, act.note),
    write_letter=lambda incident, act, event: None))
