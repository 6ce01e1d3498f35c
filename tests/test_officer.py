"""The officers' journeys, told through their screens: queues, review, actions."""
import re
import threading

import pytest

from portal.extensions import db
from portal.models import AuditRecord, ChecklistTick, Dossier, DossierNote, IssuedDocument, WorkflowEvent
from portal.dossiers.notes import notes_for_applicant
from procedures import APPLICANT, LEADER, PROCEDURES, SPECIALIST
from tests.summary import count
from portal.fees import amounts
from tests.builders import drive, make_ready, make_user, path_to_issued, pay
from tests.conftest import AuthActions

CODES = list(PROCEDURES)


@pytest.fixture
def office(app):
    return {APPLICANT: make_user(APPLICANT), SPECIALIST: make_user(SPECIALIST),
            LEADER: make_user(LEADER)}


def submitted(code, office) -> Dossier:
    dossier = drive(make_ready(code, office), office, "submit")
    db.session.commit()
    return dossier


def page_of(client, dossier_id) -> str:
    response = client.get(f"/officer/dossiers/{dossier_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def version_on(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def officer_does(client, auth, user, dossier_id, action, note="Hồ sơ đã được xem xét."):
    """Sign in as `user`, open the dossier, press the action's button; the page that follows."""
    auth.login(user.email)
    page = page_of(client, dossier_id)
    assert f"/actions/{action}\"" in page, f"{user.role} sees no {action} button"
    response = client.post(f"/officer/dossiers/{dossier_id}/actions/{action}",
                           data={"version": version_on(page), "note": note}, follow_redirects=True)
    auth.logout()
    return response.get_data(as_text=True)


def state_of(dossier_id) -> str:
    db.session.expire_all()
    return db.session.get(Dossier, dossier_id).state


@pytest.mark.parametrize("code", CODES)
def test_officers_take_each_procedure_from_submission_to_an_issued_document(code, office, client, auth):
    dossier_id = submitted(code, office).id
    for action in path_to_issued(code)[1:]:
        state_of(dossier_id)  # the pages' changes read afresh
        dossier = db.session.get(Dossier, dossier_id)
        if action == dossier.rules.fee.due_before and amounts.payable(dossier):
            pay(dossier)  # the fee matched, the portal itself issues
            db.session.commit()
            continue
        role = sorted(PROCEDURES[code].flow.find(state_of(dossier_id), action).roles)[0]
        page = officer_does(client, auth, office[role], dossier_id, action)
        assert "Đã thực hiện" in page, page
    assert state_of(dossier_id) == "issued"
    document = db.session.execute(db.select(IssuedDocument).filter_by(dossier_id=dossier_id)).scalar_one()
    assert document.status == "active"
    actions = [e.action for e in db.session.get(Dossier, dossier_id).events]
    assert actions == list(path_to_issued(code))


@pytest.mark.parametrize("code", CODES)
def test_officers_refuse_each_procedure_with_written_reasons(code, office, client, auth):
    dossier_id = submitted(code, office).id
    officer_does(client, auth, office[SPECIALIST], dossier_id, "accept")
    officer_does(client, auth, office[SPECIALIST], dossier_id, "propose_refusal",
                 note="Không đáp ứng điều kiện về nhân sự.")
    officer_does(client, auth, office[LEADER], dossier_id, "refuse",
                 note="Không đủ nhân sự kỹ thuật theo Điều 42.")
    assert state_of(dossier_id) == "refused"
    refusal = db.session.get(Dossier, dossier_id).events[-1]
    assert refusal.action == "refuse" and "Điều 42" in refusal.note
    assert not db.session.execute(db.select(IssuedDocument).filter_by(dossier_id=dossier_id)).first()


def test_a_refusal_without_reasons_is_refused_and_changes_nothing(office, client, auth):
    dossier = drive(make_ready("bl_grant", office), office, "submit", "accept", "propose_refusal")
    db.session.commit()
    page = officer_does(client, auth, office[LEADER], dossier.id, "refuse", note="  ")
    assert "Vui lòng ghi rõ nội dung hoặc lý do." in page
    assert state_of(dossier.id) == "pending_approval"


def test_only_the_right_role_may_act(office, client, auth):
    dossier = drive(make_ready("bl_grant", office), office, "submit", "accept", "propose_grant")
    db.session.commit()
    url = f"/officer/dossiers/{dossier.id}/actions/approve"
    data = {"version": dossier.version, "note": ""}

    anonymous = client.post(url, data=data)
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]

    auth.login(office[APPLICANT].email)
    assert client.post(url, data=data).status_code == 403
    assert client.get(f"/officer/dossiers/{dossier.id}").status_code == 403
    auth.logout()

    auth.login(office[SPECIALIST].email)
    assert "/actions/approve\"" not in page_of(client, dossier.id)
    page = client.post(url, data=data, follow_redirects=True).get_data(as_text=True)
    assert "Bạn không có quyền thực hiện thao tác này." in page
    auth.logout()

    assert state_of(dossier.id) == "pending_approval"
    assert db.session.query(WorkflowEvent).filter_by(action="approve").count() == 0


def test_a_second_click_on_a_stale_page_does_not_act_twice(office, client, auth):
    dossier = drive(make_ready("bl_grant", office), office, "submit")
    db.session.commit()
    auth.login(office[SPECIALIST].email)
    version = version_on(page_of(client, dossier.id))
    url = f"/officer/dossiers/{dossier.id}/actions/accept"
    client.post(url, data={"version": version})
    page = client.post(url, data={"version": version}, follow_redirects=True).get_data(as_text=True)
    assert "người khác" in page
    assert db.session.query(WorkflowEvent).filter_by(action="accept").count() == 1


def test_supplementation_is_asked_once_and_shown_in_the_users_language(office, client, auth):
    dossier = drive(make_ready("bl_grant", office), office, "submit", "accept")
    db.session.commit()
    officer_does(client, auth, office[SPECIALIST], dossier.id, "request_supplement",
                 note="Bổ sung bản thuyết minh thiết bị.")
    db.session.expire_all()
    drive(dossier, office, "answer_supplement")
    db.session.commit()
    auth.login(office[SPECIALIST].email)
    client.post("/language", data={"lang": "en"})
    page = page_of(client, dossier.id)
    response = client.post(f"/officer/dossiers/{dossier.id}/actions/request_supplement",
                           data={"version": version_on(page), "note": "Again"}, follow_redirects=True)
    assert "the most the law allows" in response.get_data(as_text=True)
    assert state_of(dossier.id) == "in_appraisal"


def test_two_leaders_approving_at_once_issue_one_document(app, office, client):
    second_leader = make_user(LEADER)
    dossier = drive(make_ready("bl_grant", office), office, "submit", "accept", "propose_grant")
    db.session.commit()
    dossier_id, emails = dossier.id, [office[LEADER].email, second_leader.email]
    loaded = threading.Barrier(2)
    pages = []

    def leader(email):
        own = app.test_client()
        AuthActions(own).login(email)
        version = version_on(own.get(f"/officer/dossiers/{dossier_id}").get_data(as_text=True))
        loaded.wait()
        response = own.post(f"/officer/dossiers/{dossier_id}/actions/approve",
                            data={"version": version}, follow_redirects=True)
        pages.append(response.get_data(as_text=True))

    threads = [threading.Thread(target=leader, args=(e,)) for e in emails]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert len(pages) == 2
    assert sum("Đã thực hiện" in p for p in pages) == 1
    assert sum("người khác" in p for p in pages) == 1
    assert db.session.query(IssuedDocument).filter_by(dossier_id=dossier_id).count() == 1
    assert db.session.query(WorkflowEvent).filter_by(dossier_id=dossier_id, action="approve").count() == 1


def test_specialist_reviews_documents_ticks_the_checklist_and_writes_notes(office, client, auth):
    dossier = submitted("bl_grant", office)
    auth.login(office[SPECIALIST].email)
    client.post(f"/officer/dossiers/{dossier.id}/claim")
    page = page_of(client, dossier.id)
    for f in PROCEDURES["bl_grant"].fields:
        assert f.label.vi in page
    upload = dossier.uploads[0]
    shown = client.get(f"/officer/dossiers/{dossier.id}/uploads/{upload.id}")
    assert shown.status_code == 200 and shown.data.startswith(b"%PDF")
    assert shown.headers["Content-Type"] == "application/pdf"
    assert shown.headers["Content-Disposition"].startswith("attachment")  # never in our origin
    assert shown.headers["X-Content-Type-Options"] == "nosniff"

    keys = [r.key for r in PROCEDURES["bl_grant"].checklist][:2]
    client.post(f"/officer/dossiers/{dossier.id}/checklist", data={"ticked": keys})
    client.post(f"/officer/dossiers/{dossier.id}/notes",
                data={"body": "Cần xác minh địa chỉ.", "audience": "internal"})
    client.post(f"/officer/dossiers/{dossier.id}/notes",
                data={"body": "Vui lòng chuẩn bị bản gốc.", "audience": "applicant"})

    assert sorted(t.requirement for t in db.session.query(ChecklistTick)) == sorted(keys)
    assert db.session.query(DossierNote).count() == 2
    assert [n.body for n in notes_for_applicant(dossier)] == ["Vui lòng chuẩn bị bản gốc."]
    page = page_of(client, dossier.id)
    assert "Cần xác minh địa chỉ." in page
    assert len(re.findall(r'name="ticked"[^>]* checked', page)) == 2


def test_what_applicants_and_officers_wrote_is_shown_as_text_never_as_markup(office, client, auth):
    """The page draws its rows without autoescape, escaping by hand: a script in any value an
    applicant or an officer wrote is shown, escaped, and never runs."""
    script = "<script>alert(1)</script>"
    dossier = submitted("bl_grant", office)
    dossier.enterprise.name = f"Công ty {script}"
    dossier.form_data = {**dossier.form_data, "trading_name": script}
    dossier.uploads[0].filename = f"{script}.pdf"
    dossier.events[-1].note = script
    db.session.commit()
    auth.login(office[SPECIALIST].email)
    client.post(f"/officer/dossiers/{dossier.id}/claim")
    client.post(f"/officer/dossiers/{dossier.id}/notes", data={"body": script, "audience": "internal"})
    for path in (f"/officer/dossiers/{dossier.id}", f"/officer/dossiers/{dossier.id}?upload={dossier.uploads[0].id}"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in page
        assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5  # name, answer, file, history, note


def test_officer_reads_each_imported_product_by_its_column_names(office, client, auth):
    dossier = submitted("imp_grant", office)
    auth.login(office[SPECIALIST].email)
    page = page_of(client, dossier.id)
    assert "Tên sản phẩm: Tường lửa thế hệ mới; Ký hiệu, model: NGFW-3200" in page
    assert "hs_code" not in page and "Mã HS: 84718090" in page


def test_the_leader_sees_why_approval_is_not_possible_before_clicking(office, client, auth):
    dossier = submitted("bl_grant", office)
    drive(dossier, office, "accept", "propose_refusal")
    db.session.commit()
    auth.login(office[LEADER].email)
    page = page_of(client, dossier.id)
    assert "Chuyên viên chưa đề xuất cấp; hãy trả lại hoặc từ chối." in page
    assert re.search(r'<button type="submit" disabled aria-describedby="blocked-approve">', page)
    assert '<button type="submit">Từ chối</button>' in page


def test_an_upload_of_another_dossier_is_not_served(office, client, auth):
    first, second = submitted("bl_grant", office), submitted("bl_reissue", office)
    auth.login(office[SPECIALIST].email)
    response = client.get(f"/officer/dossiers/{first.id}/uploads/{second.uploads[0].id}")
    assert response.status_code == 404


def test_specialist_claims_and_leader_assigns(office, client, auth):
    dossier = submitted("bl_grant", office)
    other = make_user(SPECIALIST)
    db.session.commit()
    auth.login(office[SPECIALIST].email)
    client.post(f"/officer/dossiers/{dossier.id}/claim")
    auth.logout()
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).assignee_id == office[SPECIALIST].id

    auth.login(other.email)
    page = client.post(f"/officer/dossiers/{dossier.id}/claim", follow_redirects=True)
    assert "đã được giao cho" in page.get_data(as_text=True)
    auth.logout()

    auth.login(office[LEADER].email)
    client.post(f"/officer/dossiers/{dossier.id}/assign", data={"assignee": other.id})
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).assignee_id == other.id
    trail = db.session.query(AuditRecord).filter_by(verb="dossier_assigned").order_by(AuditRecord.seq).all()
    assert [(r.actor, r.payload["assignee"]) for r in trail] == [
        (office[SPECIALIST].email, office[SPECIALIST].id), (office[LEADER].email, other.id)]


def test_a_specialist_acts_only_on_a_dossier_no_colleague_handles(office, client, auth):
    dossier = submitted("bl_grant", office)
    colleague = make_user(SPECIALIST)
    db.session.commit()
    officer_does(client, auth, office[SPECIALIST], dossier.id, "accept")
    assert state_of(dossier.id) == "in_appraisal"
    assert db.session.get(Dossier, dossier.id).assignee_id == office[SPECIALIST].id  # taken by acting

    auth.login(colleague.email)
    page = page_of(client, dossier.id)
    assert "/actions/" not in page
    version = db.session.get(Dossier, dossier.id).version
    refused = client.post(f"/officer/dossiers/{dossier.id}/actions/propose_grant",
                          data={"version": version, "note": "Đủ điều kiện."}, follow_redirects=True)
    assert f"đang do chuyên viên {office[SPECIALIST].full_name} xử lý" in refused.get_data(as_text=True)
    assert state_of(dossier.id) == "in_appraisal"


def _writes(client, dossier, version):
    """Every way an officer writes to a dossier, as a colleague's browser would post them."""
    keys = [r.key for r in PROCEDURES[dossier.procedure].checklist][:1]
    client.post(f"/officer/dossiers/{dossier.id}/checklist", data={"ticked": keys})
    client.post(f"/officer/dossiers/{dossier.id}/notes",
                data={"body": "=HYPERLINK(\"http://evil.example\")", "audience": "applicant"})
    client.post(f"/officer/dossiers/{dossier.id}/reschedule", data={
        "new_date": "2099-01-05", "reason": "Chậm.", "version": version})
    return client.post(f"/officer/dossiers/{dossier.id}/actions/request_supplement",
                       data={"version": version, "note": "Bổ sung."}, follow_redirects=True)


def test_a_colleague_who_is_not_the_assignee_writes_nothing_to_the_dossier(office, client, auth):
    dossier = drive(make_ready("bl_grant", office), office, "submit", "accept")
    db.session.commit()
    colleague = make_user(SPECIALIST)
    db.session.commit()
    auth.login(colleague.email)
    page = _writes(client, dossier, dossier.version).get_data(as_text=True)
    assert "đang do chuyên viên" in page
    db.session.expire_all()
    after = db.session.get(Dossier, dossier.id)
    assert (after.state, after.rescheduled_from, after.ticks, after.notes) == ("in_appraisal", None, [], [])
    count("non-assignee writes refused", 4)


def test_a_final_dossier_is_read_only_even_for_its_assignee_and_a_leader(office, client, auth):
    dossier = drive(make_ready("bl_grant", office), office, "submit", "reject_at_intake")
    db.session.commit()
    for officer in (office[SPECIALIST], office[LEADER]):
        auth.login(officer.email)
        assert "chỉ xem được" in page_of(client, dossier.id)
        _writes(client, dossier, dossier.version)
        auth.logout()
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).ticks == [] == db.session.get(Dossier, dossier.id).notes
    count("final-dossier writes refused", 8)


def test_every_write_of_the_assignee_is_in_the_audit_trail(office, client, auth):
    dossier = drive(make_ready("bl_grant", office), office, "submit", "accept")
    db.session.commit()
    auth.login(office[SPECIALIST].email)
    keys = [r.key for r in PROCEDURES["bl_grant"].checklist]
    client.post(f"/officer/dossiers/{dossier.id}/checklist", data={"ticked": keys[:2]})
    client.post(f"/officer/dossiers/{dossier.id}/checklist", data={"ticked": keys[1:2]})
    client.post(f"/officer/dossiers/{dossier.id}/notes", data={"body": "Nội bộ.", "audience": "internal"})
    records = db.session.execute(db.select(AuditRecord).where(
        AuditRecord.target == f"dossier:{dossier.id}",
        AuditRecord.verb.in_(("checklist_changed", "note_added")))
        .order_by(AuditRecord.seq)).scalars().all()
    assert [(r.verb, r.actor_id) for r in records] == [
        ("checklist_changed", office[SPECIALIST].id)] * 2 + [("note_added", office[SPECIALIST].id)]
    assert records[1].payload == {"ticked": [], "unticked": [keys[0]]}
