"""Reminders before a staged report is due: each stage's `remind_before` (procedures/
incidents.py), sent once per case to the reporting organisation by `flask --app portal
incidents remind`, run hourly; a reminder already sent is never sent again, on any instance."""
from datetime import datetime

from procedures.incidents import CASE_FLOW

from portal import notify
from portal.extensions import db
from portal.incidents import cases
from portal.infra.once import first_time
from portal.models import Incident, IncidentReminder, now


def remind(at: datetime | None = None) -> list[tuple[Incident, str]]:
    """For each open case, the most pressing reminder now due of its next stage not yet
    filed; the others due with it are recorded as sent, so a late run sends one, not three."""
    at, sent = at or now(), []
    open_states = [s.name for s in CASE_FLOW.states if not s.final]
    for incident in db.session.execute(db.select(Incident).where(Incident.state.in_(open_states))
                                       .order_by(Incident.id)).scalars():
        for status in cases.schedule(incident):
            if status.filed_at is not None or status.due is None or at >= status.due:
                continue
            due = [lead for lead in status.stage.remind_before if status.due - lead <= at]
            fresh = [lead for lead in due if first_time(IncidentReminder(
                incident_id=incident.id, reminder=f"{status.stage.code}-{int(lead.total_seconds())}"))]
            if fresh:
                notify.incident_stage_due(incident, status)
                sent.append((incident, status.stage.code))
    return sent

