"""Anyone verifies a document and reads the register; only the holder and officers download."""
from datetime import timedelta
import re
import time
from io import BytesIO

import sqlalchemy as sa

import pytest
from markupsafe import escape

from portal.documents import issued
from portal.web import pagecache
from portal.infra.workdays import today
from portal.extensions import db
from portal.models import IssuedDocument
from procedures import ADMIN, APPLICANT, CHOICES, LEADER, RESULT_KINDS, SPECIALIST
from tests.builders import drive, make_dossier, make_issued, make_user, path_to_issued


def page(client, url, **kw) -> str:
    response = client.get(url, **kw)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_anyone_sees_a_valid_licence_with_holder_and_scope(client, actors):
    licence = make_issued("business_licence", actors)
    db.session.commit()
    text = page(client, f"/verify/{licence.number}")
    assert "Còn hiệu lực" in text and licence.data["holder"]["name"] in text
    assert "Sản phẩm kiểm tra, đánh giá an toàn thông tin mạng" in text


@pytest.mark.parametrize("kind", [k for k, declared in RESULT_KINDS.items() if declared.scope])
def test_the_page_shows_what_each_kind_declares_it_covers(client, actors, kind):
    document = make_issued(kind, actors)
    db.session.commit()
    text = page(client, f"/verify/{document.number}")
    for name in RESULT_KINDS[kind].scope:
        answer = document.data[name]
        for item in [answer] if isinstance(answer, str) else answer:
            shown = item["name"] if isinstance(item, dict) else CHOICES[item].vi if item in CHOICES else item
            assert str(escape(shown)) in text, (name, shown)


def test_a_suspended_licence_says_so(client, actors):
    licence = make_issued("business_licence", actors)
    licence.status = "suspended"
    db.session.commit()
    text = page(client, f"/verify/{licence.number}")
    assert "Bị tạm đình chỉ" in text and "Còn hiệu lực" not in text


def test_a_revoked_or_expired_document_says_so(client, actors):
    certificate = make_issued("identifier_certificate", actors)
    certificate.valid_from = certificate.valid_until = today() - timedelta(days=1)
    db.session.commit()
    assert "Hết hiệu lực" in page(client, f"/verify/{certificate.number}")
    certificate.status = "revoked"
    db.session.commit()
    assert "Đã bị thu hồi" in page(client, f"/verify/{certificate.number}")


def test_a_renewed_licence_points_to_the_one_that_replaces_it(client, actors):
    licence = make_issued("business_licence", actors)
    renewal = make_dossier("bl_renew", actors[APPLICANT], subject=licence)
    drive(renewal, actors, *path_to_issued("bl_renew"))
    db.session.commit()
    new = db.session.execute(db.select(IssuedDocument).where(
        IssuedDocument.dossier_id == renewal.id)).scalar_one()
    text = page(client, f"/verify/{licence.number}")
    assert "Đã được thay thế" in text and new.number in text
    assert licence.number in page(client, f"/verify/{new.number}")


def test_a_revocation_made_here_shows_at_once_on_a_page_already_rendered(client, actors):
    licence = make_issued("business_licence", actors)
    db.session.commit()
    assert "Còn hiệu lực" in page(client, f"/verify/{licence.number}")
    assert "Còn hiệu lực" in page(client, f"/verify/{licence.number}")
    licence.status = "revoked"
    db.session.commit()
    text = page(client, f"/verify/{licence.number}")
    assert "Đã bị thu hồi" in text and "Còn hiệu lực" not in text


def test_a_revocation_made_by_another_instance_shows_within_seconds(app, client, actors, monkeypatch):
    licence = make_issued("business_licence", actors)
    db.session.commit()
    assert "Còn hiệu lực" in page(client, f"/verify/{licence.number}")
    with db.engine.begin() as other_instance:  # a write this process hears nothing of
        other_instance.execute(sa.update(IssuedDocument.__table__).values(status="revoked")
                               .where(IssuedDocument.__table__.c.id == licence.id))
    assert "Còn hiệu lực" in page(client, f"/verify/{licence.number}")
    later = time.monotonic() + app.config["VERIFY_FRESH_SECONDS"]
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: later)
    assert "Đã bị thu hồi" in page(client, f"/verify/{licence.number}")


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_visitors_sharing_a_rendered_page_each_get_their_own_working_csrf_token(app, client, actors):
    licence = make_issued("business_licence", actors)
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    first, second = client, app.test_client()  # the same isolated kind as `client`
    first_token = csrf_token(page(first, f"/verify/{licence.number}"))
    second_page = page(second, f"/verify/{licence.number}")
    second_token = csrf_token(second_page)
    assert second_token != first_token and second_page.count(second_token) == 2  # language, upload
    response = second.post(f"/verify/{licence.number}", data={
        "csrf_token": second_token, "pdf": (BytesIO(issued.stored_pdf(licence)), "giay-phep.pdf")},
        content_type="multipart/form-data")
    assert "trùng khớp từng byte" in response.get_data(as_text=True)


def test_the_shared_page_is_not_shown_to_a_signed_in_user_or_in_another_language(client, auth, actors):
    licence = make_issued("business_licence", actors)
    db.session.commit()
    assert "Đăng nhập" in page(client, f"/verify/{licence.number}")
    client.post("/language", data={"lang": "en", "next": f"/verify/{licence.number}"})
    assert "Valid" in page(client, f"/verify/{licence.number}")
    auth.login(actors[SPECIALIST].email)
    text = page(client, f"/verify/{licence.number}")
    assert actors[SPECIALIST].full_name in text and "Đăng nhập" not in text


def test_an_unknown_number_is_not_found(client):
    assert client.get("/verify/GPKD-2026-99999").status_code == 404


def upload(client, number, pdf: bytes):
    return client.post(f"/verify/{number}", data={"pdf": (BytesIO(pdf), "giay-phep.pdf")},
                       content_type="multipart/form-data")


def test_an_uploaded_pdf_is_confirmed_only_if_byte_for_byte_the_one_issued(client, actors):
    licence = make_issued("business_licence", actors)
    db.session.commit()
    pdf = issued.stored_pdf(licence)
    assert "trùng khớp từng byte" in upload(client, licence.number, pdf).get_data(as_text=True)
    changed = bytearray(pdf)
    changed[len(changed) // 2] ^= 0x01
    assert "KHÔNG trùng khớp" in upload(client, licence.number, bytes(changed)).get_data(as_text=True)


def test_the_upload_form_is_csrf_protected(app, actors):
    licence = make_issued("business_licence", actors)
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    response = upload(app.test_client(), licence.number, issued.stored_pdf(licence))
    assert response.status_code == 400


def test_the_register_lists_valid_documents_and_searches_them(client, actors):
    permit = make_issued("import_permit", actors)  # with the licence it rests on
    certificate = make_issued("identifier_certificate", actors)
    other = make_issued("business_licence", {**actors, APPLICANT: make_user(APPLICANT)})
    revoked = make_issued("business_licence", {**actors, APPLICANT: make_user(APPLICANT)})
    revoked.status = "revoked"
    db.session.commit()
    text = page(client, "/register")
    assert permit.number in text and certificate.number in text and other.number in text
    assert revoked.number not in text
    assert certificate.number in page(client, "/register?q=saoviet")
    assert other.number not in page(client, "/register?q=saoviet")
    found = page(client, f"/register?q={other.enterprise.code}")
    assert other.number in found and permit.number not in found
    assert permit.number in page(client, f"/register?q={permit.number.lower()}")
    assert other.number in page(client, "/register", query_string={"q": other.enterprise.name})


def test_the_register_finds_a_vietnamese_name_in_any_case(client, actors):
    licence = make_issued("business_licence", actors)
    db.session.commit()
    assert licence.enterprise.name.startswith("Công ty TNHH An toàn Thông tin Số")
    assert licence.number in page(client, "/register", query_string={"q": "CÔNG TY TNHH AN TOÀN"})
    assert licence.number in page(client, "/register", query_string={"q": "công ty tnhh an toàn"})


def test_revoked_identifier_names_are_published_with_holder_date_and_ground(client, auth, actors):
    certificate = make_issued("identifier_certificate", actors)
    licence = make_issued("business_licence", actors)
    db.session.commit()
    assert "Chưa có tên định danh nào bị thu hồi" in page(client, "/register/revoked-names")
    auth.login(actors[LEADER].email)
    for document, ground in ((certificate, "spam_or_unlawful"), (licence, "not_started")):
        client.post(f"/officer/documents/{document.id}/actions/revoke", data={"ground": ground})
    auth.logout()
    text = page(client, "/register/revoked-names")
    assert "SAOVIET" in text and certificate.number in text and certificate.enterprise.name in text
    assert "Tên định danh bị sử dụng để phát tán tin nhắn rác" in text and licence.number not in text


def test_the_register_pages_by_keyset(client, actors, monkeypatch):
    from portal.web import verify
    monkeypatch.setattr(verify, "PAGE_SIZE", 2)
    issued = [make_issued("identifier_certificate", actors) for _ in range(3)]
    db.session.commit()
    first = page(client, "/register")
    assert issued[2].number in first and issued[1].number in first
    assert issued[0].number not in first and f"after={issued[1].id}" in first
    second = page(client, f"/register?after={issued[1].id}")
    assert issued[0].number in second and 'rel="next"' not in second


@pytest.mark.parametrize("role", [APPLICANT, SPECIALIST, LEADER, ADMIN])
def test_holder_and_officers_download_the_pdf_as_issued(client, auth, actors, role):
    licence = make_issued("business_licence", actors)
    db.session.commit()
    auth.login(actors[role].email)
    response = client.get(f"/documents/{licence.number}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data == issued.stored_pdf(licence)


def test_another_enterprises_applicant_gets_not_found(client, auth, actors):
    licence = make_issued("business_licence", actors)
    dossier_id = licence.dossier_id
    stranger = make_user(APPLICANT)
    db.session.commit()
    auth.login(stranger.email)
    assert client.get(f"/documents/{licence.number}.pdf").status_code == 404
    assert client.get("/documents/GPKD-2020-99999.pdf").status_code == 404
    assert client.get(f"/dossiers/{dossier_id}/letters/receipt.pdf").status_code == 404


@pytest.mark.parametrize("url", ["/documents/GPKD-2026-00001.pdf", "/dossiers/1/letters/receipt.pdf"])
def test_anonymous_is_sent_to_sign_in(client, actors, url):
    make_issued("business_licence", actors)
    db.session.commit()
    response = client.get(url)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_holder_downloads_a_letter_rendered_from_the_history(client, auth, actors):
    dossier = make_dossier("bl_grant", actors[APPLICANT])
    drive(dossier, actors, "submit", "accept")
    db.session.commit()
    auth.login(actors[APPLICANT].email)
    response = client.get(f"/dossiers/{dossier.id}/letters/receipt.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert client.get(f"/dossiers/{dossier.id}/letters/refusal.pdf").status_code == 404
    assert client.get(f"/dossiers/{dossier.id}/letters/unknown.pdf").status_code == 404
