"""A procedure and a result kind are declarations and templates: a made-up one, declared
here and nowhere in procedures/, runs end to end without a line of portal/ changing."""
from dataclasses import replace
from datetime import timedelta
from io import BytesIO

import pytest
from jinja2 import ChoiceLoader, DictLoader
from pypdf import PdfReader

from portal.demo import SAMPLE_PDF
from portal.documents import issued, signing
from portal.extensions import db
from portal.infra import workdays
from portal.models import Dossier, DocumentEvent, IssuedDocument
from procedures import (APPLICANT, BASE_FLOW, LEADER, LETTERS, PROCEDURES, RESULT_KINDS, SPECIALIST,
                        Label, LegalText, Letter, Procedure, ResultKind, Validity)
from procedures._base import (CONSULTATION, SUPPLEMENTATION, Fee, Field, Requirement, Result,
                              TimeLimits, handling_from_receipt)

pytestmark = pytest.mark.reads_pdfs  # they read what the PDFs say

TEMPLATES = {
    "pdf/drill_notice.html": """{% extends "pdf/_letter.html" %}
{% block title %}{{ letter.title.vi }}{% endblock %}
{% block body %}{{ self.addressee() }}<p>Hồ sơ diễn tập đã được tiếp nhận; hẹn trả kết quả ngày
{{ day(due) }}.</p>{% endblock %}""",
    "pdf/drill_certificate.html": """{% extends "pdf/_issued.html" %}
{% block title %}Giấy chứng nhận diễn tập ứng cứu sự cố{% endblock %}
{% block body %}{{ self.holder() }}<p>Cuộc diễn tập: {{ data.exercise_name }}</p>
{{ self.validity() }}{% endblock %}""",
}


@pytest.fixture
def drill(app, monkeypatch):
    """An incident-response drill certificate: one review, a notice at intake, valid 1 year,
    suspended and revoked like a business licence."""
    letter = Letter("drill_notice", Label("Thông báo tiếp nhận hồ sơ diễn tập",
                                          "Notice of the drill dossier's receipt"), "drill_notice.html", "TBDT")
    kind = ResultKind("drill_certificate", Label("Giấy chứng nhận diễn tập", "Drill certificate"),
                      series="GCNDT", template="drill_certificate.html", scope=("exercise_name",),
                      lifecycle=RESULT_KINDS["business_licence"].lifecycle)
    flow = handling_from_receipt(BASE_FLOW.without(*SUPPLEMENTATION, *CONSULTATION)).changing(
        "accept", letter=letter.name)
    procedure = Procedure(
        code="drill", name=Label("Chứng nhận diễn tập ứng cứu sự cố", "Incident-response drill"),
        short_name=Label("Chứng nhận diễn tập", "Drill certificate"), service="business_licence",
        legal_basis=(LegalText(Label("Chỉ thị 33/CT-TTg năm 2024", "Directive 33/CT-TTg of 2024")),),
        applicants=Label("Doanh nghiệp", "Enterprises"), applicant_types=("enterprise",),
        preconditions=(),
        checklist=(Requirement("plan", Label("Kế hoạch diễn tập", "Drill plan")),),
        fields=(Field("exercise_name", "text", Label("Tên cuộc diễn tập", "Exercise"), max_length=200),),
        time_limits=TimeLimits(intake=None, handling=2), fee=Fee(None),
        result=Result(kind.kind, kind.label, Validity(1)), flow=flow)
    monkeypatch.setitem(PROCEDURES, procedure.code, procedure)
    monkeypatch.setitem(RESULT_KINDS, kind.kind, kind)
    monkeypatch.setitem(LETTERS, letter.name, letter)
    monkeypatch.setattr(app, "jinja_loader", ChoiceLoader([DictLoader(TEMPLATES), app.jinja_loader]))
    return procedure


def act(client, auth, user, dossier, action, **data):
    auth.login(user.email)
    url = (f"/applicant/dossiers/{dossier.id}/actions/{action}" if user.role == APPLICANT
           else f"/officer/dossiers/{dossier.id}/actions/{action}")
    response = client.post(url, data={"version": dossier.version, "note": "Đạt yêu cầu.", **data})
    auth.logout()
    db.session.refresh(dossier)
    return response


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages)


def issue_drill(client, auth, actors) -> Dossier:
    """An applicant files the drill dossier, a specialist accepts and proposes, a leader approves."""
    applicant, specialist, leader = actors[APPLICANT], actors[SPECIALIST], actors[LEADER]
    auth.login(applicant.email)
    assert "Chứng nhận diễn tập" in client.get("/").get_data(as_text=True)
    client.post("/applicant/apply/drill")
    dossier = db.session.execute(db.select(Dossier).where(Dossier.procedure == "drill")).scalar_one()
    assert dossier.state == "draft"
    client.post(f"/applicant/dossiers/{dossier.id}/edit", data={"exercise_name": "Bảo vệ Cổng 2026"})
    client.post(f"/applicant/dossiers/{dossier.id}/uploads",
                data={"requirement": "plan", "file": (BytesIO(SAMPLE_PDF), "ke-hoach.pdf")})
    auth.logout()
    db.session.refresh(dossier)

    act(client, auth, applicant, dossier, "submit")
    assert dossier.result_due == workdays.add_working_days(workdays.today(), 2)
    act(client, auth, specialist, dossier, "accept")
    act(client, auth, specialist, dossier, "propose_grant")
    act(client, auth, leader, dossier, "approve")
    assert dossier.state == "issued"
    return dossier


def test_a_procedure_declared_elsewhere_runs_from_draft_to_a_signed_document_and_its_suspension(
        drill, client, auth, actors, runner):
    applicant, leader = actors[APPLICANT], actors[LEADER]
    dossier = issue_drill(client, auth, actors)

    auth.login(applicant.email)
    notice = client.get(f"/dossiers/{dossier.id}/letters/drill_notice.pdf")
    assert notice.status_code == 200
    assert "thông báo tiếp nhận hồ sơ diễn tập" in text_of(notice.data).casefold()
    assert "Thông báo tiếp nhận hồ sơ diễn tập" in client.get(
        f"/applicant/dossiers/{dossier.id}").get_data(as_text=True)
    document = db.session.execute(db.select(IssuedDocument).where(
        IssuedDocument.dossier_id == dossier.id)).scalar_one()
    assert document.number.startswith(f"GCNDT-{workdays.today().year}-")
    pdf = client.get(f"/documents/{document.number}.pdf").data
    assert signing.signature_problems(pdf) == []
    assert "Bảo vệ Cổng 2026" in text_of(pdf) and document.number in text_of(pdf)
    auth.logout()

    auth.login(leader.email)
    until = workdays.today() + timedelta(days=30)
    client.post(f"/officer/documents/{document.id}/actions/suspend",
                data={"ground": "other_law", "until": until.isoformat(), "note": "Kiểm tra lại"})
    db.session.refresh(document)
    assert document.status == "suspended" and document.suspended_until == until
    assert [(e.action, e.to_status) for e in db.session.query(DocumentEvent)] == [("suspend", "suspended")]
    decision = client.get(f"/dossiers/{dossier.id}/letters/suspension.pdf")
    assert until.strftime("%d/%m/%Y") in text_of(decision.data)
    verified = client.get(f"/verify/{document.number}").get_data(as_text=True)
    assert "Bị tạm đình chỉ" in verified and "Bảo vệ Cổng 2026" in verified  # its declared scope

    diagram = runner.invoke(args=["procedures", "diagram", "drill_certificate"]).output
    assert "active --> suspended: suspend" in diagram


def test_a_result_declared_without_years_has_no_end_date_and_stays_in_force(
        drill, client, auth, actors, runner, monkeypatch):
    """An approval decision stands until it is replaced or revoked: nothing lapses."""
    monkeypatch.setitem(PROCEDURES, "drill", replace(drill, result=replace(
        drill.result, validity=Validity(None))))
    dossier = issue_drill(client, auth, actors)
    document = db.session.execute(db.select(IssuedDocument).where(
        IssuedDocument.dossier_id == dossier.id)).scalar_one()
    assert document.valid_from == workdays.today() and document.valid_until is None

    monkeypatch.setattr(workdays, "today", lambda: document.valid_from + timedelta(days=3650))
    assert issued.is_in_force(document)
    assert "0 documents expired" in runner.invoke(args=["register", "record-expiries"]).output
    page = client.get(f"/verify/{document.number}").get_data(as_text=True)
    assert "Còn hiệu lực" in page and "không thời hạn" in page
    assert document.number in client.get("/register").get_data(as_text=True)
    entry = client.get(f"/api/v1/register/{document.number}").get_json()
    assert entry["valid_until"] is None
    auth.login(actors[APPLICANT].email)
    assert "Không thời hạn" in text_of(client.get(f"/documents/{document.number}.pdf").data)
    assert "không thời hạn" in client.get(f"/applicant/dossiers/{dossier.id}").get_data(as_text=True)
