"""An enterprise applies online: the applicant's journeys, told as their stories."""
import io
import re

import pytest

from portal.demo import SAMPLE_PDF, sample_form
from portal.dossiers import conditions
from portal.extensions import db
from portal.models import Dossier, Enterprise, OutboxMessage, Upload, User
from tests.builders import payload, revoke
from procedures import APPLICANT, LEADER, PROCEDURES, SPECIALIST
from tests.builders import (FORM_OVERRIDES, PASSWORD, drive, make_dossier, make_issued, make_user,
                            needs_business_licence)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def start(client, code, document_id=None):
    """Start an application and return the new draft's id."""
    data = {"document": document_id} if document_id else {}
    response = client.post(f"/applicant/apply/{code}", data=data)
    assert response.status_code == 302 and "/edit" in response.headers["Location"], response.data
    return int(re.search(r"/dossiers/(\d+)/", response.headers["Location"]).group(1))


def upload(client, dossier_id, requirement, name="giay-to.pdf", data=SAMPLE_PDF):
    return client.post(f"/applicant/dossiers/{dossier_id}/uploads",
                       data={"requirement": requirement, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=True)


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize("code", list(PROCEDURES))
def test_applicant_fills_uploads_submits_and_sees_the_dossier_code(code, actors, client, auth):
    procedure = PROCEDURES[code]
    if needs_business_licence(code):
        make_issued("business_licence", actors)
    subject = make_issued(procedure.starts_from, actors) if procedure.starts_from else None
    db.session.commit()
    auth.login(actors[APPLICANT].email)

    dossier_id = start(client, code, subject.id if subject else None)
    form = sample_form(procedure, **FORM_OVERRIDES.get(code, {}))
    saved = client.post(f"/applicant/dossiers/{dossier_id}/edit", data=payload(procedure, form),
                        follow_redirects=True)
    assert "Đã lưu bản nháp" in page(saved)
    for requirement in conditions.requirements(db.session.get(Dossier, dossier_id)):
        if not requirement.form:  # the statutory form is the portal's, from the answers
            assert "Đã tải lên" in page(upload(client, dossier_id, requirement.key))
    version = db.session.get(Dossier, dossier_id).version
    receipt = client.post(f"/applicant/dossiers/{dossier_id}/actions/submit",
                          data={"version": version}, follow_redirects=True)

    db.session.expire_all()
    dossier = db.session.get(Dossier, dossier_id)
    assert dossier.state == "submitted" and dossier.code
    assert dossier.code in page(receipt) and "Ngày hẹn trả kết quả" in page(receipt)
    assert "Đã nộp, chờ kiểm tra" in page(client.get(f"/applicant/dossiers/{dossier_id}"))
    assert dossier.code in page(client.get("/applicant/"))

    auth.logout()
    stranger = make_user(APPLICANT)
    db.session.commit()
    auth.login(stranger.email)
    upload_id = dossier.uploads[0].id
    for url in (f"/applicant/dossiers/{dossier_id}", f"/applicant/dossiers/{dossier_id}/edit",
                f"/applicant/dossiers/{dossier_id}/receipt",
                f"/applicant/dossiers/{dossier_id}/uploads/{upload_id}"):
        assert client.get(url).status_code == 404, url
    for url in (f"/applicant/dossiers/{dossier_id}/actions/withdraw",
                f"/applicant/dossiers/{dossier_id}/uploads", f"/applicant/dossiers/{dossier_id}/delete"):
        assert client.post(url, data={"version": dossier.version}).status_code == 404, url
    assert dossier.code not in page(client.get("/applicant/"))
    db.session.expire_all()
    assert db.session.get(Dossier, dossier_id).state == "submitted"


def test_a_business_registers_its_enterprise_and_lands_on_its_dossiers(client):
    response = client.post("/auth/register", data={
        "applicant_type": "dependent_unit", "code": "0312345678-001",
        "name": "Công ty TNHH Bảo mật Phương Nam",
        "address": "12 Nguyễn Huệ, Quận 1, TP. Hồ Chí Minh", "legal_representative": "Võ Thị Lan",
        "full_name": "Đặng Văn Tú", "email": "Tu@PhuongNam.vn", "password": "mat-khau-dai-1",
        "confirm": "mat-khau-dai-1"}, follow_redirects=True)
    assert "Hồ sơ của doanh nghiệp" in page(response)
    enterprise = db.session.execute(db.select(Enterprise)).scalar_one()
    assert enterprise.code == "0312345678001" and enterprise.display_code == "0312345678-001"
    assert db.session.execute(db.select(User)).scalar_one().email == "tu@phuongnam.vn"


@pytest.mark.parametrize("code", ["12345", "01234567890", "0101234567-01", "ABCDEFGHIJ"])
def test_a_malformed_enterprise_code_is_refused_with_a_message(client, code):
    response = client.post("/auth/register", data={
        "code": code, "name": "A", "address": "B", "legal_representative": "C", "full_name": "D",
        "email": "d@example.vn", "password": "mat-khau-dai-1", "confirm": "mat-khau-dai-1"})
    assert "10 chữ số, ví dụ 0101234567." in page(response)
    assert db.session.query(Enterprise).count() == 0


def test_an_enterprise_registers_only_once(client, actors):
    taken = actors[APPLICANT].enterprise.code
    response = client.post("/auth/register", data={
        "code": taken, "name": "A", "address": "B", "legal_representative": "C", "full_name": "D",
        "email": "d@example.vn", "password": "mat-khau-dai-1", "confirm": "mat-khau-dai-1"})
    assert "đã có tài khoản" in page(response)
    assert db.session.query(Enterprise).count() == 1


def test_a_12_character_identifier_name_is_refused_and_the_draft_keeps_its_data(actors, client, auth):
    auth.login(actors[APPLICANT].email)
    dossier_id = start(client, "id_grant")
    procedure = PROCEDURES["id_grant"]
    form = sample_form(procedure)
    client.post(f"/applicant/dossiers/{dossier_id}/edit", data=payload(procedure, form))
    bad = {**form, "identifier_names": ["SAOVIET", "ABCDEFGHIJKL"], "contact_person": "Người khác"}
    response = client.post(f"/applicant/dossiers/{dossier_id}/edit", data=payload(procedure, bad))
    assert "ABCDEFGHIJKL" in page(response) and "tối đa 11 ký tự" in page(response)
    assert "Người khác" in page(response)  # what was typed is still on the page
    db.session.expire_all()
    assert db.session.get(Dossier, dossier_id).form_data == {**form, "identifier_names": ["SAOVIET"]}


@pytest.mark.parametrize("names, message", [
    (["12345678"], "chỉ gồm chữ số"), (["SAO VIỆT"], "không hợp lệ"), (["ABC", "abc"], "bị lặp")])
def test_identifier_names_follow_decree_91(actors, client, auth, names, message):
    auth.login(actors[APPLICANT].email)
    dossier_id = start(client, "id_grant")
    procedure = PROCEDURES["id_grant"]
    response = client.post(f"/applicant/dossiers/{dossier_id}/edit",
                           data=payload(procedure, {**sample_form(procedure), "identifier_names": names}))
    assert message in page(response)


def test_bad_hs_code_and_quantity_are_refused(actors, client, auth):
    make_issued("business_licence", actors)
    db.session.commit()
    auth.login(actors[APPLICANT].email)
    dossier_id = start(client, "imp_grant")
    procedure = PROCEDURES["imp_grant"]
    line = {"name": "Tường lửa", "hs_code": "84A1", "quantity": 0, "unit": "bộ"}
    response = client.post(f"/applicant/dossiers/{dossier_id}/edit",
                           data=payload(procedure, {**sample_form(procedure), "product_lines": [line]}))
    assert "Mã HS gồm 6, 8 hoặc 10 chữ số" in page(response)
    assert "Số lượng phải từ 1" in page(response)


@pytest.mark.parametrize("name, data, message", [
    ("anh.pdf", PNG, "không phải là PDF"),
    ("anh.png", PNG, "không phải là PDF"),
    ("../../etc/passwd.pdf", SAMPLE_PDF, "không hợp lệ"),
    ("..\\ho-so.pdf", SAMPLE_PDF, "không hợp lệ"),
    ("rong.pdf", b"", "rỗng"),
    ("gia.pdf", b"%PDF" + b"-" * 10 + b"<script>", "không đọc được"),  # a PDF header alone is not a PDF
])
def test_a_refused_file_says_why_and_the_draft_loses_nothing(actors, client, auth, name, data, message):
    auth.login(actors[APPLICANT].email)
    dossier_id = start(client, "bl_grant")
    upload(client, dossier_id, "business_plan")
    before = [(u.requirement, u.sha256) for u in db.session.get(Dossier, dossier_id).uploads]
    response = upload(client, dossier_id, "business_plan", name=name, data=data)
    db.session.expire_all()
    after = [(u.requirement, u.sha256) for u in db.session.get(Dossier, dossier_id).uploads]
    assert message in page(response) and after == before


def test_a_file_whose_name_lies_about_its_type_is_refused(actors, client, auth):
    auth.login(actors[APPLICANT].email)
    dossier_id = start(client, "bl_grant")
    response = upload(client, dossier_id, "enterprise_registration", name="scan.pdf", data=PNG)
    assert "không khớp với nội dung" in page(response)


def test_an_oversized_file_is_refused_with_a_message(app, actors, client, auth):
    app.config["MAX_UPLOAD_BYTES"] = 1024
    auth.login(actors[APPLICANT].email)
    dossier_id = start(client, "bl_grant")
    response = upload(client, dossier_id, "business_plan", data=SAMPLE_PDF + b"%" * 2048)
    assert "vượt quá" in page(response)
    assert db.session.query(Upload).count() == 0


def test_a_request_larger_than_the_server_accepts_gets_a_page_not_a_crash(app, actors, client, auth):
    app.config["MAX_CONTENT_LENGTH"] = 2048
    auth.login(actors[APPLICANT].email)
    dossier_id = start(client, "bl_grant")
    response = client.post(f"/applicant/dossiers/{dossier_id}/uploads", content_type="multipart/form-data",
                           data={"requirement": "business_plan",
                                 "file": (io.BytesIO(SAMPLE_PDF + b"%" * 4096), "a.pdf")})
    assert response.status_code == 413 and "Tệp quá lớn" in page(response)


def test_an_incomplete_dossier_is_not_submitted_and_the_applicant_sees_what_is_missing(actors, client, auth):
    auth.login(actors[APPLICANT].email)
    dossier_id = start(client, "bl_grant")
    response = client.post(f"/applicant/dossiers/{dossier_id}/actions/submit",
                           data={"version": 1}, follow_redirects=True)
    assert "Chưa điền" in page(response) and "Thiếu tài liệu" in page(response)
    assert db.session.get(Dossier, dossier_id).state == "draft"


def test_renewal_filed_too_late_is_refused_at_the_start_with_a_plain_reason(actors, client, auth):
    from datetime import timedelta

    from portal.infra.workdays import today
    licence = make_issued("business_licence", actors)
    licence.valid_until = today() + timedelta(days=20)
    db.session.commit()
    auth.login(actors[APPLICANT].email)
    response = client.post("/applicant/apply/bl_renew", data={"document": licence.id}, follow_redirects=True)
    assert "60 ngày" in page(response)
    assert db.session.query(Dossier).filter_by(procedure="bl_renew").count() == 0


def test_a_follow_on_application_starts_prefilled_from_the_document(actors, client, auth):
    certificate = make_issued("identifier_certificate", actors)
    db.session.commit()
    auth.login(actors[APPLICANT].email)
    dossier_id = start(client, "id_renew", certificate.id)
    assert db.session.get(Dossier, dossier_id).form_data["uses"] == certificate.data["uses"]


def test_another_enterprises_document_cannot_be_the_start_of_an_application(actors, client, auth):
    licence = make_issued("business_licence", actors)
    stranger = make_user(APPLICANT)
    db.session.commit()
    auth.login(stranger.email)
    assert client.post("/applicant/apply/bl_reissue", data={"document": licence.id}).status_code == 404


def test_officer_requests_more_documents_and_the_applicant_answers(actors, client, auth):
    dossier = make_dossier("bl_grant", actors[APPLICANT])
    drive(dossier, actors, "submit", "accept")
    drive(dossier, actors, "request_supplement", note="Bổ sung bản sao văn bằng của kỹ sư an ninh mạng.")
    db.session.commit()
    auth.login(actors[APPLICANT].email)
    shown = page(client.get(f"/applicant/dossiers/{dossier.id}"))
    assert "Bổ sung bản sao văn bằng" in shown and "Gửi bổ sung" in shown
    assert "Đã tải lên" in page(upload(client, dossier.id, "staff_qualifications", name="van-bang.pdf"))
    client.post(f"/applicant/dossiers/{dossier.id}/actions/answer_supplement",
                data={"version": db.session.get(Dossier, dossier.id).version,
                      "note": "Đã bổ sung văn bằng."})
    db.session.expire_all()
    dossier = db.session.get(Dossier, dossier.id)
    assert dossier.state == "in_appraisal"
    assert [u.filename for u in dossier.uploads].count("van-bang.pdf") == 1


def test_internal_proposals_are_not_shown_to_the_applicant(actors, client, auth):
    dossier = make_dossier("bl_grant", actors[APPLICANT])
    drive(dossier, actors, "submit", "accept")
    drive(dossier, actors, "propose_refusal", note="Ý kiến nội bộ của chuyên viên")
    db.session.commit()
    auth.login(actors[APPLICANT].email)
    shown = page(client.get(f"/applicant/dossiers/{dossier.id}"))
    assert "Chờ lãnh đạo phê duyệt" in shown and "Ý kiến nội bộ" not in shown


def test_a_double_click_on_submit_acts_once(actors, client, auth):
    dossier = make_dossier("id_grant", actors[APPLICANT])
    db.session.commit()
    auth.login(actors[APPLICANT].email)
    for _ in range(2):
        response = client.post(f"/applicant/dossiers/{dossier.id}/actions/submit",
                               data={"version": dossier.version}, follow_redirects=True)
    assert "không được thực hiện lần nữa" in page(response)
    db.session.expire_all()
    assert len(db.session.get(Dossier, dossier.id).events) == 1


def test_the_applicant_withdraws_a_dossier(actors, client, auth):
    licence_holder = make_dossier("bl_reissue", actors[APPLICANT],
                                  subject=make_issued("business_licence", actors))
    drive(licence_holder, actors, "submit")
    db.session.commit()
    auth.login(actors[APPLICANT].email)
    client.post(f"/applicant/dossiers/{licence_holder.id}/actions/withdraw",
                data={"version": licence_holder.version})
    db.session.expire_all()
    assert db.session.get(Dossier, licence_holder.id).state == "withdrawn"


def submit_names(client, auth, applicant, names) -> str:
    dossier = make_dossier("id_grant", applicant)
    dossier.form_data = {**dossier.form_data, "identifier_names": names}
    db.session.commit()
    auth.login(applicant.email)
    response = client.post(f"/applicant/dossiers/{dossier.id}/actions/submit",
                           data={"version": dossier.version}, follow_redirects=True)
    auth.logout()
    return page(response)


def test_a_name_revoked_from_the_holder_or_held_by_another_is_refused_at_submission(actors, client, auth):
    revoke(make_issued("identifier_certificate", actors), actors[LEADER], "holder_request")  # SAOVIET
    make_issued("identifier_certificate", {**actors, APPLICANT: make_user(APPLICANT)})  # now another's
    db.session.commit()

    text = submit_names(client, auth, actors[APPLICANT], ["SAOVIET"])
    assert "đã bị thu hồi của chính chủ thể" in text
    text = submit_names(client, auth, make_user(APPLICANT), ["SAOVIET", "MOI"])
    assert "chưa được cấp cho chủ thể khác" in text and "đã bị thu hồi" not in text
    assert "Ngày hẹn trả kết quả" in submit_names(client, auth, actors[APPLICANT], ["MOI"])


def test_staff_of_one_enterprise_share_its_dossiers(actors, client, auth):
    dossier = drive(make_dossier("id_grant", actors[APPLICANT]), actors, "submit")
    db.session.commit()
    auth.login(actors[APPLICANT].email)
    client.post("/applicant/colleagues", data={"full_name": "Bùi Thị Mai", "email": "mai@example.vn"})
    auth.logout()
    mail = db.session.execute(db.select(OutboxMessage).where(
        OutboxMessage.recipient == "mai@example.vn")).scalar_one()
    assert "Bùi Thị Mai" in mail.body
    link = re.search(r"http://\S+/auth/reset/\S+", mail.body).group(0)
    client.post(link.split("5000", 1)[1], data={"password": "mat-khau-moi-9", "confirm": "mat-khau-moi-9"})
    assert auth.login("mai@example.vn", "mat-khau-moi-9").status_code == 302
    assert dossier.code in page(client.get("/applicant/"))


def test_password_reset_by_e_mail_link_works_once(actors, client, auth):
    user = actors[APPLICANT]
    response = client.post("/auth/reset", data={"email": user.email}, follow_redirects=True)
    assert "chúng tôi đã gửi" in page(response)
    client.post("/auth/reset", data={"email": "nobody@example.vn"})
    mail = db.session.execute(db.select(OutboxMessage)).scalar_one()
    path = re.search(r"http://\S+?(/auth/reset/\S+)", mail.body).group(1)
    client.post(path, data={"password": "mat-khau-moi-9", "confirm": "mat-khau-moi-9"})
    assert auth.login(user.email, "mat-khau-moi-9").status_code == 302
    auth.logout()
    again = client.get(path, follow_redirects=True)
    assert "không hợp lệ hoặc đã hết hạn" in page(again)
    assert auth.login(user.email, PASSWORD).status_code == 200  # the old password is gone


def test_repeated_failed_logins_are_slowed_down_with_a_message(actors, client, auth):
    for _ in range(10):
        auth.login(actors[APPLICANT].email, "sai-mat-khau")
    response = auth.login(actors[APPLICANT].email, "sai-mat-khau")
    assert response.status_code == 429 and "quá nhiều lần" in page(response)


def test_pages_of_the_applicant_area_need_an_applicant(actors, client, auth):
    assert client.get("/applicant/").status_code == 302
    auth.login(actors[SPECIALIST].email)
    assert client.get("/applicant/").status_code == 403


def test_the_catalogue_page_explains_a_procedure(client):
    shown = page(client.get("/procedures/bl_renew"))
    assert "60 ngày" in shown and "Thành phần hồ sơ" in shown and "Căn cứ pháp lý" in shown
    assert client.get("/procedures/nope").status_code == 404


def test_the_enterprise_reads_its_notifications_and_exports_the_history(actors, client, auth):
    dossier = make_dossier("id_grant", actors[APPLICANT])
    drive(dossier, actors, "submit", "return_for_correction", note="Thiếu bản khai Mẫu 01.")
    db.session.commit()
    auth.login(actors[APPLICANT].email)
    assert "Thông báo (2)" in page(client.get("/applicant/"))
    assert "Trả lại để hoàn thiện" in page(client.get("/applicant/notifications"))
    assert "Thông báo (2)" not in page(client.get("/applicant/"))
    csv_text = page(client.get(f"/applicant/dossiers/{dossier.id}/history.csv"))
    assert "return_for_correction" in csv_text and "Thiếu bản khai Mẫu 01." in csv_text
    stranger = make_user(APPLICANT)
    db.session.commit()
    auth.logout()
    auth.login(stranger.email)
    assert client.get(f"/applicant/dossiers/{dossier.id}/history.csv").status_code == 404
