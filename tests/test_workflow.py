"""The engine, told as the users' stories."""
from datetime import timedelta

import pytest

from portal.infra.workdays import today
from portal.extensions import db
from portal.models import IssuedDocument, WorkflowEvent
from portal.engine import Conflict, InvalidAction, Refused, available_actions, fire
from procedures import ADMIN, APPLICANT, LEADER, PROCEDURES, SPECIALIST
from tests.builders import (drive, make_dossier, make_issued, make_ready, make_user,
                            path_to_issued)

CODES = list(PROCEDURES)


@pytest.mark.parametrize("code", CODES)
def test_applicant_submits_and_gets_a_dossier_code_and_one_history_row(code, actors):
    dossier = make_ready(code, actors)
    fire(dossier, "submit", actors[APPLICANT])
    db.session.commit()
    assert dossier.state == "submitted"
    assert dossier.code.startswith(f"ATTT-{today().year}-")
    assert [(e.action, e.from_state, e.to_state) for e in dossier.events] == [
        ("submit", "draft", "submitted")]


@pytest.mark.parametrize("code", CODES)
def test_dossier_goes_from_submission_to_issued_document(code, actors):
    dossier = make_ready(code, actors)
    drive(dossier, actors, *path_to_issued(code))
    db.session.commit()
    document = db.session.execute(
        db.select(IssuedDocument).where(IssuedDocument.dossier_id == dossier.id)).scalar_one()
    kind = PROCEDURES[code].result.kind
    assert document.kind == kind and document.status == "active"
    if PROCEDURES[code].result.validity.years is None:  # an approval stands until replaced
        assert document.valid_until is None
    else:
        assert document.valid_until > document.valid_from
    assert document.data["holder"]["name"] == actors[APPLICANT].enterprise.name
    if dossier.subject is not None:
        assert document.supersedes == dossier.subject and dossier.subject.status == "superseded"


@pytest.mark.parametrize("code", CODES)
def test_leader_refuses_with_written_reasons(code, actors):
    dossier = make_ready(code, actors)
    drive(dossier, actors, "submit", "accept", "propose_refusal")
    with pytest.raises(Refused):
        fire(dossier, "refuse", actors[LEADER], note="  ")
    fire(dossier, "refuse", actors[LEADER], note="Nhân sự kỹ thuật không đủ văn bằng.")
    db.session.commit()
    assert dossier.state == "refused" and dossier.events[-1].note.startswith("Nhân sự")
    assert not available_actions(dossier, actors[LEADER])


def test_leader_cannot_approve_what_the_specialist_proposed_to_refuse(actors):
    dossier = make_ready("bl_grant", actors)
    drive(dossier, actors, "submit", "accept", "propose_refusal")
    with pytest.raises(Refused) as refused:
        fire(dossier, "approve", actors[LEADER])
    assert "đề xuất" in refused.value.reasons[0]


@pytest.mark.parametrize("who", [APPLICANT, SPECIALIST, ADMIN])
def test_only_a_leader_approves(who, actors):
    dossier = make_ready("bl_grant", actors)
    drive(dossier, actors, "submit", "accept", "propose_grant")
    with pytest.raises(Refused):
        fire(dossier, "approve", actors[who])
    assert dossier.state == "pending_approval" and len(dossier.events) == 3


def test_another_enterprise_can_neither_see_nor_take_actions(actors):
    dossier = make_ready("id_grant", actors)
    stranger = make_user(APPLICANT)
    assert available_actions(dossier, stranger) == []
    with pytest.raises(Refused):
        fire(dossier, "submit", stranger)
    assert dossier.state == "draft"


def test_an_action_not_declared_from_this_state_is_invalid(actors):
    dossier = make_ready("bl_grant", actors)
    with pytest.raises(InvalidAction):
        fire(dossier, "approve", actors[LEADER])


def test_incomplete_dossier_is_not_submitted_and_says_what_is_missing(actors):
    dossier = make_dossier("bl_grant", actors[APPLICANT], complete=False)
    with pytest.raises(Refused) as refused:
        fire(dossier, "submit", actors[APPLICANT])
    reasons = " ".join(refused.value.reasons)
    assert "Chưa điền" in reasons and "Thiếu tài liệu" in reasons
    assert dossier.state == "draft" and dossier.code is None


def test_officer_requests_more_documents_only_once_for_a_business_licence(actors):
    dossier = make_ready("bl_grant", actors)
    drive(dossier, actors, "submit", "accept", "request_supplement", "answer_supplement")
    with pytest.raises(Refused) as refused:
        fire(dossier, "request_supplement", actors[SPECIALIST], note="Bổ sung lần hai")
    assert "tối đa" in refused.value.reasons[0]


def test_import_permit_may_be_supplemented_again(actors):
    dossier = make_ready("imp_grant", actors)
    drive(dossier, actors, "submit", "accept", "request_supplement", "answer_supplement",
          "request_supplement", "answer_supplement")
    assert dossier.state == "in_appraisal"


def test_dossier_is_not_abandoned_while_the_applicant_still_has_time(actors):
    dossier = make_ready("bl_grant", actors)
    drive(dossier, actors, "submit", "accept", "request_supplement")
    with pytest.raises(Refused) as refused:
        fire(dossier, "abandon", actors[SPECIALIST], note="Quá hạn")
    assert "còn thời hạn" in refused.value.reasons[0]
    dossier.events[-1].created_at -= timedelta(days=30)
    fire(dossier, "abandon", actors[SPECIALIST], note="Quá hạn bổ sung 10 ngày làm việc")
    assert dossier.state == "abandoned"


def test_identifier_certificate_is_issued_only_after_the_fee(actors):
    dossier = make_ready("id_grant", actors)
    drive(dossier, actors, "submit", "accept", "propose_grant", "approve")
    assert dossier.state == "awaiting_payment"
    assert db.session.query(IssuedDocument).count() == 0
    drive(dossier, actors, "confirm_payment")
    assert db.session.query(IssuedDocument).count() == 1


def test_renewal_is_refused_when_filed_less_than_60_days_before_expiry(actors):
    licence = make_issued("business_licence", actors)
    licence.valid_until = today() + timedelta(days=30)
    dossier = make_dossier("bl_renew", actors[APPLICANT], subject=licence)
    with pytest.raises(Refused) as refused:
        fire(dossier, "submit", actors[APPLICANT])
    assert any("60" in r for r in refused.value.reasons)


def test_a_licence_is_renewed_only_once(actors):
    licence = make_issued("business_licence", actors)
    renewal = make_dossier("bl_renew", actors[APPLICANT], subject=licence)
    drive(renewal, actors, *path_to_issued("bl_renew"))
    renewed = db.session.execute(db.select(IssuedDocument).where(
        IssuedDocument.dossier_id == renewal.id)).scalar_one()
    assert renewed.valid_until.year == licence.valid_until.year + 1
    again = make_dossier("bl_renew", actors[APPLICANT], subject=renewed)
    with pytest.raises(Refused):
        fire(again, "submit", actors[APPLICANT])


def test_import_permit_needs_a_business_licence(actors):
    dossier = make_dossier("imp_grant", actors[APPLICANT])
    with pytest.raises(Refused):
        fire(dossier, "submit", actors[APPLICANT])


def test_a_double_click_does_not_act_twice(actors):
    dossier = make_ready("bl_grant", actors)
    drive(dossier, actors, "submit")
    db.session.commit()
    seen = dossier.version
    fire(dossier, "accept", actors[SPECIALIST], expected_version=seen)
    db.session.commit()
    with pytest.raises((Conflict, InvalidAction)):
        fire(dossier, "accept", actors[SPECIALIST], expected_version=seen)
    assert db.session.query(WorkflowEvent).filter_by(dossier_id=dossier.id).count() == 2


def test_an_import_permit_is_not_approved_once_the_business_licence_has_lapsed(actors, client, auth):
    dossier = make_ready("imp_grant", actors)
    drive(dossier, actors, "submit", "accept", "propose_grant")
    licence = db.session.execute(db.select(IssuedDocument).where(
        IssuedDocument.kind == "business_licence")).scalar_one()
    licence.valid_from = today() - timedelta(days=3650)
    licence.valid_until = today() - timedelta(days=1)  # it ran out while the permit was appraised
    db.session.commit()

    with pytest.raises(Refused) as refused:
        fire(dossier, "approve", actors[LEADER])
    assert any("Giấy phép kinh doanh" in r and "gia hạn" in r for r in refused.value.reasons)
    db.session.rollback()
    auth.login(actors[LEADER].email)
    page = client.get(f"/officer/dossiers/{dossier.id}").get_data(as_text=True)
    assert 'disabled aria-describedby="blocked-approve"' in page and "không thể cấp văn bản này" in page
    client.post(f"/officer/dossiers/{dossier.id}/actions/approve", data={"version": dossier.version})
    db.session.expire_all()
    assert dossier.state == "pending_approval"
    assert db.session.query(IssuedDocument).filter_by(dossier_id=dossier.id).count() == 0


def test_a_permit_never_outlasts_the_licence_it_rests_on(actors):
    dossier = make_ready("imp_grant", actors)
    licence = db.session.execute(db.select(IssuedDocument).where(
        IssuedDocument.kind == "business_licence")).scalar_one()
    licence.valid_until = today() + timedelta(days=200)
    drive(dossier, actors, *path_to_issued("imp_grant"))
    permit = db.session.execute(db.select(IssuedDocument).where(
        IssuedDocument.dossier_id == dossier.id)).scalar_one()
    assert permit.valid_until == licence.valid_until
    assert permit.data["licence"]["number"] == licence.number
