"""Two officers acting on one dossier at the same moment: exactly one wins."""
import threading

from portal.extensions import db
from portal.models import Dossier, IssuedDocument, User, WorkflowEvent
from portal.engine import Conflict, Refused, fire
from procedures import APPLICANT, LEADER, SPECIALIST
from tests.builders import drive, make_dossier, make_user


def race(app, dossier_id, user_ids, action):
    """Each user loads the dossier in their own session; then all fire and commit together."""
    loaded = threading.Barrier(len(user_ids))
    outcomes = []

    def officer(user_id):
        with app.app_context():
            dossier = db.session.get(Dossier, dossier_id)
            user = db.session.get(User, user_id)
            dossier.events  # the guards read the history: load it before the race
            loaded.wait()
            try:
                fire(dossier, action, user, note="Đồng ý")
                db.session.commit()
                outcomes.append("done")
            except (Conflict, Refused) as refused:
                db.session.rollback()
                outcomes.append(str(refused))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=officer, args=(u,)) for u in user_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def test_two_leaders_approving_at_once_issue_exactly_one_licence(app):
    applicant = make_user(APPLICANT)
    actors = {APPLICANT: applicant, SPECIALIST: make_user(SPECIALIST), LEADER: make_user(LEADER)}
    second_leader = make_user(LEADER)
    dossier = make_dossier("bl_grant", applicant)
    drive(dossier, actors, "submit", "accept", "propose_grant")
    db.session.commit()
    ids = (dossier.id, [actors[LEADER].id, second_leader.id])
    db.session.remove()

    outcomes = race(app, *ids, "approve")

    assert len(outcomes) == 2 and outcomes.count("done") == 1, outcomes
    loser = next(o for o in outcomes if o != "done")
    assert "người khác" in loser
    assert db.session.query(IssuedDocument).filter_by(dossier_id=ids[0]).count() == 1
    events = db.session.query(WorkflowEvent).filter_by(dossier_id=ids[0], action="approve").count()
    assert events == 1
    assert db.session.get(Dossier, ids[0]).state == "issued"
