"""The checklist officers tick as they find each item of a dossier in order."""
from portal.dossiers import conditions
from portal.dossiers.assignment import check_writer
from portal.extensions import db
from portal.infra import audit
from portal.models import ChecklistTick, Dossier, User


def set_ticks(dossier: Dossier, actor: User, keys: set[str]) -> None:
    """Tick exactly `keys` among the checklist items; a kept tick keeps its author. Only the
    assignee or a leader, on an open dossier (Refused otherwise); the change is audited."""
    check_writer(dossier, actor)
    known = {r.key for r in conditions.requirements(dossier)}
    wanted, before = keys & known, {t.requirement for t in dossier.ticks}
    for tick in list(dossier.ticks):
        if tick.requirement not in wanted:
            db.session.delete(tick)
    for key in wanted - before:
        db.session.add(ChecklistTick(dossier=dossier, requirement=key, ticked_by_id=actor.id))
    if wanted != before:
        audit.record("checklist_changed", f"dossier:{dossier.id}", actor,
                     ticked=sorted(wanted - before), unticked=sorted(before - wanted))
