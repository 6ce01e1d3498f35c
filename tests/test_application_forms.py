"""The statutory application form is filled in by the portal from the online answers: the
applicant reviews it instead of uploading a typed copy, officers read the same, and the catalogue
offers it blank. What the PDF says is read back with poppler's pdftotext."""
import re
import subprocess

import pytest

from portal.dossiers import conditions
from portal.extensions import db
from portal.models import Upload
from procedures import APPLICANT, LEADER, PROCEDURES, SPECIALIST
from portal.web.procedure_forms import answer_lines
from tests.builders import drive, make_dossier, make_ready, make_user

FILLED_IN = sorted((code, r.key) for code, p in PROCEDURES.items() for r in p.checklist if r.form)


@pytest.fixture
def office(app):
    actors = {APPLICANT: make_user(APPLICANT), SPECIALIST: make_user(SPECIALIST), LEADER: make_user(LEADER)}
    db.session.commit()
    return actors


def text_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", text)


def submitted(procedure, office):
    dossier = make_ready(procedure, office)
    drive(dossier, office, "submit")
    db.session.commit()
    return dossier


def test_every_business_licence_import_permit_and_identifier_name_procedure_has_its_form():
    licensing = {"business_licence", "import_permit", "identifier_name"}
    assert {code for code, _ in FILLED_IN} >= {c for c, p in PROCEDURES.items() if p.service in licensing}


@pytest.mark.reads_pdfs
@pytest.mark.parametrize("procedure, key", FILLED_IN)
def test_the_form_prints_the_holder_and_every_answer_given(procedure, key, office, client, auth, tmp_path):
    dossier = submitted(procedure, office)
    auth.login(office[APPLICANT].email)
    response = client.get(f"/dossiers/{dossier.id}/forms/{key}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = text_of(response.data, tmp_path)

    holder = dossier.enterprise
    for fact in (holder.name, holder.display_code, holder.address, dossier.code, "Mẫu số 0"):
        assert fact in text
    with client.application.test_request_context():  # the labels in Vietnamese
        expected = [line for f in conditions.fields(dossier)  # those that apply to this dossier
                    for line in answer_lines(f, dossier.form_data.get(f.name))]
    assert expected
    for line in expected:
        assert re.sub(r"\s+", " ", line) in text, line


def test_the_application_needs_no_upload_for_the_form_and_refuses_one(office, client, auth):
    dossier = make_dossier("bl_grant", office[APPLICANT])
    db.session.commit()
    assert not [u for u in dossier.uploads if u.requirement == "application"]
    auth.login(office[APPLICANT].email)
    page = client.get(f"/applicant/dossiers/{dossier.id}").get_data(as_text=True)
    assert f"/dossiers/{dossier.id}/forms/application.pdf" in page
    client.post(f"/applicant/dossiers/{dossier.id}/uploads", data={"requirement": "application"})
    assert db.session.query(Upload).filter_by(dossier_id=dossier.id, requirement="application").count() == 0
    client.post(f"/applicant/dossiers/{dossier.id}/actions/submit", data={"version": dossier.version})
    db.session.refresh(dossier)
    assert dossier.code is not None


def test_officers_read_the_same_form_and_strangers_do_not(office, client, auth):
    dossier = submitted("id_grant", office)
    auth.login(office[SPECIALIST].email)
    assert f"/dossiers/{dossier.id}/forms/declaration.pdf" in client.get(
        f"/officer/dossiers/{dossier.id}").get_data(as_text=True)
    assert client.get(f"/dossiers/{dossier.id}/forms/declaration.pdf").status_code == 200
    stranger = make_user(APPLICANT)
    db.session.commit()
    auth.login(stranger.email)
    assert client.get(f"/dossiers/{dossier.id}/forms/declaration.pdf").status_code == 404
    auth.login(office[APPLICANT].email)
    assert client.get(f"/dossiers/{dossier.id}/forms/identity_document.pdf").status_code == 404


@pytest.mark.reads_pdfs
def test_the_catalogue_offers_the_form_blank(client, tmp_path):
    page = client.get("/procedures/imp_grant").get_data(as_text=True)
    assert "/procedures/imp_grant/forms/application.pdf" in page
    text = text_of(client.get("/procedures/imp_grant/forms/application.pdf").data, tmp_path)
    assert "Mẫu số 01 - Phụ lục II" in text and "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP NHẬP KHẨU" in text
    assert "......" in text and "Nộp trực tuyến" not in text
    for field in PROCEDURES["imp_grant"].fields:
        assert field.label.vi in text
    assert client.get("/procedures/imp_grant/forms/conformity_certificate.pdf").status_code == 404
