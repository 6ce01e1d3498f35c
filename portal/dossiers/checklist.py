"""The checklist officers tick as they find each item of a dossier in order."""
from portal.dossiers import conditions
from portal.extensions import db
from portal.models import ChecklistTick, Dossier, User


def set_ticks(dossier: Dossier, actor: User, keys: set[str]) -> None:
    """Tick exactly `keys` among the checklist items; a kept tick keeps its author."""
    known = {r.key for r in conditions.requirements(dossier)}
    wanted = keys & known
    for tick in list(dossier.ticks):
        if tick.requirement not in wanted:
            db.session.delete(tick)
    present = {t.requirement for t in dossier.ticks}
    for key in wanted - present:
        db.session.add(ChecklistTick(dossier=dossier, requirement=key, ticked_by_id=actor.id))
