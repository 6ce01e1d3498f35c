"""What people see of a dossier and a procedure: the way to the result, the workflow as a
picture, several files in one upload, the officer's review beside the document and the
leader's draft of what an approval would issue."""
import hashlib
import io
import re
import subprocess

import pikepdf
import pytest

from portal.demo import SAMPLE_PDF
from portal.dossiers import progress
from portal.extensions import db
from portal.infra import files, previews
from portal.models import AuditRecord, Dossier, IssuedDocument
from procedures import APPLICANT, LEADER, PROCEDURES, SPECIALIST
from tests.builders import drive, make_dossier, make_ready, path_to_issued

CODES = list(PROCEDURES)


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def current_step(page: str) -> str:
    return re.search(r'aria-current="step">.*?<strong>(.*?)</strong>', page, re.S).group(1)


def pdf_with_pages(count: int) -> bytes:
    document = pikepdf.new()
    for _ in range(count):
        document.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# The way to the result

@pytest.mark.parametrize("code", CODES)
def test_the_applicant_follows_each_procedure_step_by_step_to_its_result(code, actors, client, auth):
    flow = PROCEDURES[code].flow
    dossier = make_ready(code, actors)
    db.session.commit()
    auth.login(actors[APPLICANT].email)
    way = path_to_issued(code)
    for passed, action in enumerate((None, *way)):
        if action:
            drive(dossier, actors, action)
            db.session.commit()
        page = text(client.get(f"/applicant/dossiers/{dossier.id}"))
        assert current_step(page) == flow.state(dossier.state).label.vi
        steps = progress.steps(dossier)
        assert [s.status for s in steps] == (["done"] * passed + ["current"]
                                             + ["ahead"] * (len(way) - passed))
    assert len(steps) == len(way) + 1 and steps[-1].label == flow.state(dossier.state).label


def test_a_supplementation_request_shows_as_a_side_step_waiting_on_the_enterprise(actors, client, auth):
    dossier = drive(make_ready("bl_grant", actors), actors, "submit", "accept", "request_supplement")
    db.session.commit()
    steps = progress.steps(dossier)
    here = next(s for s in steps if s.status == "current")
    assert here.label.vi == "Yêu cầu bổ sung" and here.waiting_on == APPLICANT
    assert here.due == dossier.due_on is not None  # the enterprise's last day to supplement
    assert [s.label.vi for s in steps if s.status == "done"][-1] == "Đang thẩm định"
    assert steps[-1].label.vi == "Đã cấp" and steps[-1].due == dossier.result_due
    auth.login(actors[APPLICANT].email)
    page = text(client.get(f"/applicant/dossiers/{dossier.id}"))
    assert current_step(page) == "Yêu cầu bổ sung"
    assert f"Hạn: {dossier.due_on:%d/%m/%Y}" in page and "Chờ: Doanh nghiệp" in page


def test_a_refused_dossier_ends_where_it_was_refused(actors, client, auth):
    dossier = drive(make_ready("bl_grant", actors), actors, "submit", "accept", "propose_refusal", "refuse")
    db.session.commit()
    steps = progress.steps(dossier)
    assert steps[-1].label.vi == "Từ chối" and steps[-1].status == "current"
    assert steps[-1].waiting_on is None and steps[-1].due is None
    assert not [s for s in steps if s.status == "ahead"]
    auth.login(actors[SPECIALIST].email)
    assert current_step(text(client.get(f"/officer/dossiers/{dossier.id}"))) == "Từ chối"


def test_the_officer_sees_who_the_step_waits_on_and_when_it_is_due(actors, client, auth):
    dossier = drive(make_ready("bl_grant", actors), actors, "submit", "accept", "propose_grant")
    db.session.commit()
    auth.login(actors[LEADER].email)
    page = text(client.get(f"/officer/dossiers/{dossier.id}"))
    assert current_step(page) == "Chờ lãnh đạo phê duyệt"
    assert "Chờ: Lãnh đạo" in page and f"Hạn: {dossier.due_on:%d/%m/%Y}" in page


# The workflow as a picture

@pytest.mark.parametrize("code", CODES)
def test_each_catalogue_page_draws_its_workflow_with_the_steps_in_words(code, client):
    flow = PROCEDURES[code].flow
    page = text(client.get(f"/procedures/{code}"))
    assert f'src="/procedures/{code}/workflow.svg"' in page and 'alt="Sơ đồ quy trình' in page
    for t in flow.transitions:
        assert t.label.vi in page  # the text alternative names every step
    svg = client.get(f"/procedures/{code}/workflow.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    drawn = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg.get_data(as_text=True)))
    for state in flow.states:
        assert state.label.vi.split()[0] in drawn
    # Without a rendering error: the SVG is what dot draws, an XML document.
    assert svg.get_data(as_text=True).lstrip().startswith("<?xml")


def test_the_picture_follows_the_language(client):
    client.post("/language", data={"lang": "en"})
    drawn = client.get("/procedures/id_grant/workflow.svg").get_data(as_text=True)
    assert "Awaiting fee" in drawn and "Chờ nộp phí" not in drawn


def test_an_unknown_procedure_has_no_picture(client):
    assert client.get("/procedures/nope/workflow.svg").status_code == 404


# The apply button only for those who may apply

def test_only_applicants_and_visitors_are_offered_to_apply(actors, client, auth):
    button = 'href="/applicant/apply/bl_grant"'
    assert button in text(client.get("/procedures/bl_grant"))
    for role in (SPECIALIST, LEADER, "admin"):
        auth.login(actors[role].email)
        assert button not in text(client.get("/procedures/bl_grant")), role
        auth.logout()
    auth.login(actors[APPLICANT].email)
    assert button in text(client.get("/procedures/bl_grant"))


# Several files in one upload

def draft_with_nothing(actors) -> Dossier:
    dossier = make_dossier("bl_grant", actors[APPLICANT], complete=False)
    db.session.commit()
    return dossier


def send(client, dossier_id, requirement, *named, **headers):
    return client.post(f"/applicant/dossiers/{dossier_id}/uploads", headers=headers,
                       data={"requirement": requirement,
                             "file": [(io.BytesIO(data), name) for name, data in named]},
                       content_type="multipart/form-data")


def test_several_files_go_up_in_one_form_post(actors, client, auth):
    dossier = draft_with_nothing(actors)
    auth.login(actors[APPLICANT].email)
    response = send(client, dossier.id, "staff_qualifications",
                    ("bang-ky-su.pdf", SAMPLE_PDF), ("chung-chi.pdf", pdf_with_pages(2)))
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Đã tải lên “bang-ky-su.pdf”" in page and "Đã tải lên “chung-chi.pdf”" in page
    db.session.expire_all()
    assert sorted(u.filename for u in db.session.get(Dossier, dossier.id).uploads) == [
        "bang-ky-su.pdf", "chung-chi.pdf"]


def test_a_refused_file_among_several_says_why_and_the_others_are_kept(actors, client, auth):
    dossier = draft_with_nothing(actors)
    auth.login(actors[APPLICANT].email)
    response = send(client, dossier.id, "staff_qualifications",
                    ("bang.pdf", SAMPLE_PDF), ("anh.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64))
    page = text(client.get(response.headers["Location"]))
    assert "Đã tải lên “bang.pdf”" in page and "“anh.pdf” không khớp với nội dung" in page
    db.session.expire_all()
    assert [u.filename for u in db.session.get(Dossier, dossier.id).uploads] == ["bang.pdf"]


def test_sending_again_while_drafting_replaces_the_items_files(actors, client, auth):
    dossier = draft_with_nothing(actors)
    auth.login(actors[APPLICANT].email)
    send(client, dossier.id, "equipment_description", ("cu-1.pdf", SAMPLE_PDF), ("cu-2.pdf", pdf_with_pages(1)))
    send(client, dossier.id, "equipment_description", ("moi.pdf", pdf_with_pages(3)))
    db.session.expire_all()
    uploads = db.session.get(Dossier, dossier.id).uploads
    assert [u.filename for u in uploads] == ["moi.pdf"]
    assert not files.upload_path(hashlib.sha256(SAMPLE_PDF).hexdigest()).exists()


def test_the_upload_script_is_told_where_to_go_next(actors, client, auth):
    dossier = draft_with_nothing(actors)
    auth.login(actors[APPLICANT].email)
    response = send(client, dossier.id, "equipment_description", ("don.pdf", SAMPLE_PDF),
                    Accept="application/json", Referer=f"http://localhost/applicant/dossiers/{dossier.id}/edit")
    assert response.status_code == 200
    assert response.json == {"location": f"http://localhost/applicant/dossiers/{dossier.id}/edit"}
    assert "Đã tải lên “don.pdf”" in text(client.get(f"/applicant/dossiers/{dossier.id}/edit"))


def test_the_upload_forms_take_several_files_and_load_the_script(actors, client, auth):
    dossier = draft_with_nothing(actors)
    auth.login(actors[APPLICANT].email)
    page = text(client.get(f"/applicant/dossiers/{dossier.id}/edit"))
    assert page.count('type="file" name="file" multiple') == len(
        [r for r in PROCEDURES["bl_grant"].checklist if not r.form])  # a statutory form is filled in
    assert '<script src="/static/js/uploads.js" defer></script>' in page
    assert client.get("/static/js/uploads.js").status_code == 200


# The officer's review

def accepted_with(actors, data: bytes) -> Dossier:
    dossier = drive(make_ready("bl_grant", actors), actors, "submit", "accept")
    digest = files.store_upload(data)
    for upload in dossier.uploads:
        upload.sha256, upload.size = digest, len(data)
    db.session.commit()
    return dossier


def test_the_specialist_reads_each_document_beside_the_checklist(actors, client, auth):
    dossier = accepted_with(actors, pdf_with_pages(3))
    first, second = sorted(dossier.uploads, key=lambda u: u.id)[:2]
    auth.login(actors[SPECIALIST].email)
    page = text(client.get(f"/officer/dossiers/{dossier.id}?upload={first.id}"))
    review = page[page.index('class="review"'):]
    assert review.index('id="documents"') < review.index('id="preview"')  # side by side
    pages = re.findall(rf'src="(/officer/dossiers/{dossier.id}/uploads/{first.id}/pages/\d+\.png)"', page)
    assert len(pages) == 3
    image = client.get(pages[2])
    assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
    assert client.get(pages[2].replace("3.png", "4.png")).status_code == 404
    assert f'rel="next" href="/officer/dossiers/{dossier.id}?upload={second.id}#preview"' in page
    assert '<script src="/static/js/review.js" defer></script>' in page
    # The answers and the history a click away, the actions after what they act on.
    assert '<details class="panel" id="answers">' in page and '<details class="panel" id="history">' in page
    assert page.index('id="preview"') < page.index('id="actions"')
    assert db.session.execute(db.select(AuditRecord).where(
        AuditRecord.verb == "document_viewed", AuditRecord.target == f"upload:{first.id}")).scalar()


def test_another_dossiers_upload_has_no_page_here(actors, client, auth):
    mine, other = accepted_with(actors, SAMPLE_PDF), accepted_with(actors, SAMPLE_PDF)
    auth.login(actors[SPECIALIST].email)
    stranger = other.uploads[0].id
    assert client.get(f"/officer/dossiers/{mine.id}/uploads/{stranger}/pages/1.png").status_code == 404


# The leader's draft

@pytest.mark.reads_pdfs
def test_the_leader_reads_the_draft_of_the_licence_before_approving(actors, client, auth, tmp_path):
    dossier = drive(make_ready("bl_grant", actors), actors, "submit", "accept", "propose_grant")
    db.session.commit()
    stored = sorted(p.name for p in files.issued_path("0" * 64).parent.glob("*"))
    auth.login(actors[LEADER].email)
    page = text(client.get(f"/officer/dossiers/{dossier.id}"))
    assert f'href="/officer/dossiers/{dossier.id}/draft.pdf"' in page
    response = client.get(f"/officer/dossiers/{dossier.id}/draft.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    (tmp_path / "draft.pdf").write_bytes(response.data)
    words = subprocess.run(["pdftotext", str(tmp_path / "draft.pdf"), "-"], capture_output=True,
                           text=True, check=True).stdout
    assert "DỰ THẢO" in words and dossier.enterprise.name in words and dossier.code in words
    signatures = subprocess.run(["pdfsig", str(tmp_path / "draft.pdf")], capture_output=True, text=True)
    assert "does not contain any signatures" in signatures.stdout + signatures.stderr
    db.session.expire_all()
    assert db.session.execute(db.select(IssuedDocument).filter_by(dossier_id=dossier.id)).scalar() is None
    assert sorted(p.name for p in files.issued_path("0" * 64).parent.glob("*")) == stored
    assert db.session.get(Dossier, dossier.id).state == "pending_approval"


def test_only_who_may_approve_sees_the_draft(actors, client, auth):
    dossier = drive(make_ready("bl_grant", actors), actors, "submit", "accept")
    db.session.commit()
    auth.login(actors[SPECIALIST].email)
    assert "draft.pdf" not in text(client.get(f"/officer/dossiers/{dossier.id}"))
    assert client.get(f"/officer/dossiers/{dossier.id}/draft.pdf").status_code == 404
    auth.logout()
    auth.login(actors[LEADER].email)  # nothing proposed yet: nothing to approve
    assert client.get(f"/officer/dossiers/{dossier.id}/draft.pdf").status_code == 404


# Phones and paper

def test_tables_carry_their_labels_for_phones(actors, client, auth):
    dossier = drive(make_ready("bl_grant", actors), actors, "submit")
    db.session.commit()
    auth.login(actors[SPECIALIST].email)
    queue = text(client.get("/officer/queues/intake"))
    assert '<table class="stacked">' in queue and 'data-label="Hạn xử lý"' in queue
    page = text(client.get(f"/officer/dossiers/{dossier.id}"))
    assert 'data-label="Tệp đã nộp"' in page
    css = client.get("/static/css/portal.css").get_data(as_text=True)
    assert "content: attr(data-label)" in css and "@media print" in css


def test_a_page_declared_huge_is_drawn_no_larger_than_a_screen(actors, client, auth):
    document = pikepdf.new()
    document.add_blank_page(page_size=(14400, 14400))  # 5 m square: 21600 px a side at 108 dpi
    out = io.BytesIO()
    document.save(out)
    dossier = accepted_with(actors, out.getvalue())
    auth.login(actors[SPECIALIST].email)
    image = client.get(f"/officer/dossiers/{dossier.id}/uploads/{dossier.uploads[0].id}/pages/1.png")
    assert image.status_code == 200
    width, height = int.from_bytes(image.data[16:20], "big"), int.from_bytes(image.data[20:24], "big")
    assert max(width, height) <= previews.MAX_SIDE_PX
