"""Directive 33 of 2024: an agency owning an information system files the dossier proposing its
security level; the authority appraises it on the same engine, clock, letters and documents as
every procedure, and approves the level by a numbered, signed decision anyone can verify."""
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from portal.documents import issued, signing
from portal.engine import Refused
from portal.extensions import db
from portal.infra import workdays
from portal.infra.workdays import add_working_days
from portal.models import IssuedDocument
from procedures import APPLICANT, LEADER, PROCEDURES, SPECIALIST
from tests.builders import drive, make_dossier, make_enterprise, make_user, path_to_issued

pytestmark = pytest.mark.reads_pdfs  # they read what the decision says

CODE = "sl_approval"


@pytest.fixture
def agency(app):
    """A provincial department (an organisation identified by its establishment decision) and
    the authority's officers."""
    owner = make_enterprise(applicant_type="organisation", code="125/QĐ-UBND",
                            name="Sở Khoa học và Công nghệ tỉnh Bắc Ninh")
    people = {APPLICANT: make_user(APPLICANT, owner), SPECIALIST: make_user(SPECIALIST),
              LEADER: make_user(LEADER)}
    db.session.commit()
    return people


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages)


def test_the_catalogue_lists_it_under_its_own_service_with_its_facts_marked_unconfirmed(client):
    home = client.get("/").get_data(as_text=True)
    assert "<h2>Cấp độ an toàn hệ thống thông tin</h2>" in home
    assert PROCEDURES[CODE].name.vi in home and "Quyết định phê duyệt cấp độ" in home
    page = client.get(f"/procedures/{CODE}").get_data(as_text=True)
    assert "Tờ trình đề nghị thẩm định, phê duyệt cấp độ" in page
    assert "Phương án bảo đảm an toàn thông tin theo cấp độ đề xuất" in page
    assert "chưa được xác nhận" in page
    assert "Nghị định số 85/2016/NĐ-CP" in page


def test_an_agency_gets_its_level_approved_by_a_signed_decision_with_no_end_date(agency, client, auth,
                                                                              monkeypatch):
    received = date(2026, 3, 2)
    monkeypatch.setattr(workdays, "today", lambda: received)
    dossier = make_dossier(CODE, agency[APPLICANT], system_name="Cổng dịch vụ công tỉnh Bắc Ninh",
                           security_level="level_3")
    drive(dossier, agency, "submit")
    # One limit, from receipt: 15 working days (not confirmed), no separate intake check.
    assert dossier.result_due == add_working_days(received, 15)
    drive(dossier, agency, "accept", "request_supplement")
    asked_on = workdays.today()
    answered = add_working_days(asked_on, 4)
    monkeypatch.setattr(workdays, "today", lambda: answered)
    drive(dossier, agency, "answer_supplement")
    # The limit counts again in full from the complete dossier.
    assert dossier.result_due == add_working_days(answered, 15)
    drive(dossier, agency, "propose_grant", "approve")
    db.session.commit()
    assert dossier.state == "issued"

    decision = issued.of_dossier(dossier)
    assert decision.kind == "security_level_decision" and decision.number.startswith("QDCD-2026-")
    assert decision.valid_until is None and issued.is_in_force(decision)
    auth.login(agency[APPLICANT].email)
    pdf = client.get(f"/documents/{decision.number}.pdf").data
    assert signing.signature_problems(pdf) == []
    said = text_of(pdf)
    for words in ("QUYẾT ĐỊNH", "Về việc phê duyệt cấp độ an toàn hệ thống thông tin",
                  "Cổng dịch vụ công tỉnh Bắc Ninh", "Cấp độ 3", "Sở Khoa học và Công nghệ tỉnh Bắc Ninh",
                  "125/QĐ-UBND", "không thời hạn", decision.number):
        assert words in said, words
    # A decision cites no text the portal could not confirm.
    assert "85/2016" not in said
    auth.logout()
    page = client.get(f"/verify/{decision.number}").get_data(as_text=True)
    assert "Còn hiệu lực" in page and "không thời hạn" in page
    assert "Cổng dịch vụ công tỉnh Bắc Ninh" in page and "Cấp độ 3" in page


def test_an_individual_cannot_file_it(app):
    person = make_user(APPLICANT, make_enterprise(applicant_type="individual", code="001099012345"))
    dossier = make_dossier(CODE, person)
    with pytest.raises(Refused) as refused:
        drive(dossier, {APPLICANT: person}, "submit")
    assert refused.value.reasons == ["Cá nhân không thuộc đối tượng được thực hiện thủ tục này."]
    assert dossier.state == "draft"


def test_it_is_refused_with_the_same_letter_as_any_procedure(agency):
    dossier = make_dossier(CODE, agency[APPLICANT])
    route = PROCEDURES[CODE].flow.route(lambda t: t.action == "refuse")
    drive(dossier, agency, *route)
    assert dossier.state == "refused"
    assert db.session.query(IssuedDocument).count() == 0
    assert path_to_issued(CODE) == ("submit", "accept", "propose_grant", "approve")
