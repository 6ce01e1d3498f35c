"""Separation of duties is a policy over a dossier's history, declared with the workflow:
whoever proposed a decision, or accepted the dossier at intake, does not take the decision,
whatever role an administrator gives them in between."""
import pytest

from portal.dossiers import assignment
from portal.engine import Refused, fire
from portal.extensions import db
from portal.models import AuditRecord, Dossier, OutboxMessage
from procedures import ADMIN, APPLICANT, LEADER, PROCEDURES, SPECIALIST
from tests.builders import drive, make_ready, make_user
from tests.summary import count


@pytest.mark.parametrize("code", list(PROCEDURES))
def test_every_decision_is_declared_separate_from_its_proposal_and_the_intake(code):
    flow = PROCEDURES[code].flow
    proposals = {t.action for t in flow.transitions if SPECIALIST in t.roles and t.outcome}
    intake = {t.action for t in flow.from_state("submitted") if t.target == "in_appraisal"}
    decisions = [t for t in flow.transitions if LEADER in t.roles and t.outcome]
    assert proposals and intake and decisions
    for decision in decisions:
        assert proposals | intake <= set(decision.separate_from), decision.action


def _make_role(client, person, role):
    prefix = f"u{person.id}-"
    client.post(f"/admin/users/{person.id}", data={prefix + "role": role, prefix + "active": "y"})
    db.session.expire_all()
    assert person.role == role


def test_the_person_who_proposed_a_grant_cannot_approve_it_after_becoming_a_leader(
        actors, client, auth):
    dossier = drive(make_ready("bl_grant", actors), actors, "submit", "accept", "propose_grant")
    db.session.commit()
    proposer = actors[SPECIALIST]
    auth.login(actors[ADMIN].email)
    _make_role(client, proposer, LEADER)
    auth.logout()

    auth.login(proposer.email)
    page = client.get(f"/officer/dossiers/{dossier.id}").get_data(as_text=True)
    assert "phân tách nhiệm vụ" in page
    answer = client.post(f"/officer/dossiers/{dossier.id}/actions/approve",
                         data={"version": dossier.version}, follow_redirects=True)
    assert "phân tách nhiệm vụ" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).state == "pending_approval"
    count("separation-of-duties attacks refused")

    other_leader = make_user(LEADER)
    fire(db.session.get(Dossier, dossier.id), "approve", other_leader)
    assert dossier.state == "issued"


def test_the_officer_who_accepted_at_intake_cannot_decide_either(actors):
    dossier = drive(make_ready("bl_grant", actors), actors, "submit", "accept")
    acceptor, colleague = actors[SPECIALIST], make_user(SPECIALIST)
    assignment.assign(dossier, colleague, actors[LEADER])
    db.session.flush()
    fire(dossier, "propose_refusal", colleague, note="Thiếu nhân sự.")
    acceptor.role = LEADER
    for decision in ("approve", "refuse"):
        with pytest.raises(Refused, match="phân tách nhiệm vụ"):
            fire(dossier, decision, acceptor, note="Quyết định.")
    count("separation-of-duties attacks refused", 2)


def test_a_role_change_is_audited_and_the_person_is_told_by_e_mail(actors, client, auth):
    person = actors[SPECIALIST]
    auth.login(actors[ADMIN].email)
    _make_role(client, person, LEADER)
    record = db.session.execute(db.select(AuditRecord).where(
        AuditRecord.verb == "role_changed", AuditRecord.target == f"user:{person.id}")).scalar_one()
    assert record.actor_id == actors[ADMIN].id
    assert record.payload["old"]["role"] == SPECIALIST and record.payload["new"]["role"] == LEADER
    mail = db.session.execute(db.select(OutboxMessage).where(
        OutboxMessage.recipient == person.email)).scalar_one()
    assert "Chuyên viên → Lãnh đạo" in mail.body and actors[ADMIN].full_name in mail.body
