"""Who may apply, who files for whom, and amendments that reach the holder's record
(domain reference §6: "Who may apply", "Amendments")."""
import re
import subprocess

import pytest

from procedures import APPLICANT, LEADER, PROCEDURES
from procedures.applicants import APPLICANT_TYPES, INDIVIDUAL

from portal.demo import sample_form
from portal.documents import issued
from portal.engine import Refused, fire
from portal.extensions import db
from portal.models import Dossier, Enterprise, IssuedDocument
from tests.builders import (PASSWORD, drive, make_dossier, make_enterprise, make_issued, make_user,
                            path_to_issued)
from tests.test_applicant import page, payload, start, upload
from tests.test_queues import many


def register(client, **answers):
    data = {"applicant_type": "enterprise", "code": "0101234567", "name": "Công ty TNHH Minh An",
            "address": "5 Lý Thường Kiệt, Hà Nội", "legal_representative": "Trần Minh An",
            "full_name": "Trần Minh An", "email": "an@minhan.vn", "password": PASSWORD,
            "confirm": PASSWORD, **answers}
    return client.post("/auth/register", data=data, follow_redirects=True)


# Who may apply.

@pytest.mark.parametrize("kind, typed, stored", [
    ("enterprise", "0101234567", "0101234567"),
    ("dependent_unit", "0101234567-002", "0101234567002"),
    ("organisation", "125/QĐ-BNV", "125/QĐ-BNV"),
    ("household_business", "01A8012345", "01A8012345"),
    ("individual", "001090012345", "001090012345"),
])
def test_each_kind_of_applicant_registers_with_its_own_identifier(client, kind, typed, stored):
    response = register(client, applicant_type=kind, code=typed,
                        legal_representative="" if kind == INDIVIDUAL else "Trần Minh An")
    assert "Hồ sơ của doanh nghiệp" in page(response)
    registered = db.session.execute(db.select(Enterprise)).scalar_one()
    assert (registered.applicant_type, registered.code) == (kind, stored)
    assert registered.display_code == typed
    assert [r.name for r in registered.revisions] == ["Công ty TNHH Minh An"]


@pytest.mark.parametrize("kind, typed, hint", [
    ("individual", "012345678", "12 chữ số"),  # the old 9-digit identity card
    ("enterprise", "0101234567-001", "10 chữ số"),
    ("dependent_unit", "0101234567", "Dạng 10-3"),
    ("organisation", "không số", "quyết định thành lập"),
])
def test_an_identifier_of_the_wrong_form_is_refused_with_the_kinds_hint(client, kind, typed, hint):
    response = register(client, applicant_type=kind, code=typed)
    assert hint in page(response)
    assert db.session.query(Enterprise).count() == 0


def test_everyone_but_an_individual_names_a_legal_representative(client):
    response = register(client, legal_representative="")
    assert "Vui lòng nhập mục này." in page(response)
    assert db.session.query(Enterprise).count() == 0
    register(client, applicant_type=INDIVIDUAL, code="079201001234", name="Lê Thị Hoa",
             legal_representative="")
    person = db.session.execute(db.select(Enterprise)).scalar_one()
    assert person.legal_representative == "Lê Thị Hoa"


def test_the_catalogue_says_who_may_apply(client):
    licence = page(client.get("/procedures/bl_grant"))
    names = page(client.get("/procedures/id_grant"))
    assert "Doanh nghiệp" in licence and "Cá nhân" not in licence
    for kind in APPLICANT_TYPES.values():
        assert kind.label.vi.split(" (")[0] in names
    assert "Giấy ủy quyền" in licence


def test_every_declaration_lists_known_applicant_types():
    for procedure in PROCEDURES.values():
        assert procedure.applicant_types and set(procedure.applicant_types) <= set(APPLICANT_TYPES)


def test_a_dependent_unit_cannot_apply_for_a_business_licence(actors, client, auth):
    branch = make_enterprise(code="0101234567003", applicant_type="dependent_unit")
    staff = make_user(APPLICANT, branch)
    db.session.commit()
    auth.login(staff.email)
    assert "không thuộc đối tượng" in page(client.get("/applicant/apply/bl_grant"))
    response = client.post("/applicant/apply/bl_grant", follow_redirects=True)
    assert "không thuộc đối tượng" in page(response)
    assert db.session.query(Dossier).count() == 0
    # Nor can a draft made some other way be submitted: the engine's guard refuses it.
    dossier = make_dossier("bl_grant", staff)
    with pytest.raises(Refused, match="không thuộc đối tượng"):
        fire(dossier, "submit", staff)


def test_an_individual_gets_an_identifier_name_certificate_in_their_own_name(actors):
    person = make_enterprise(code="001190004321", applicant_type=INDIVIDUAL, name="Phạm Văn Bình",
                             legal_representative="Phạm Văn Bình")
    applicant = make_user(APPLICANT, person)
    dossier = make_dossier("id_grant", applicant, identifier_names=["BINHPHAM"])
    drive(dossier, {**actors, APPLICANT: applicant}, *path_to_issued("id_grant"))
    certificate = dossier_document(dossier)
    assert certificate.data["holder"] == {
        "name": "Phạm Văn Bình", "foreign_name": None, "code": "001190004321", "type": INDIVIDUAL,
        "address": person.address, "legal_representative": "Phạm Văn Bình"}


# Authorised representatives.

def test_a_law_firm_files_an_import_permit_for_its_client(actors, client, auth):
    holder = actors[APPLICANT]
    make_issued("business_licence", actors)
    firm = make_user(APPLICANT, make_enterprise(name="Công ty Luật TNHH Hợp Danh"))
    db.session.commit()
    auth.login(firm.email)
    chosen = page(client.get(f"/applicant/apply/imp_grant?client={holder.enterprise.code}"))
    assert holder.enterprise.name in chosen
    response = client.post("/applicant/apply/imp_grant", data={"client": holder.enterprise.code})
    dossier = db.session.execute(db.select(Dossier).where(Dossier.agent_id.is_not(None))).scalar_one()
    assert response.status_code == 302
    assert (dossier.enterprise_id, dossier.agent_id) == (holder.enterprise_id, firm.enterprise_id)
    procedure = PROCEDURES["imp_grant"]
    client.post(f"/applicant/dossiers/{dossier.id}/edit", data=payload(procedure, sample_form(procedure)))
    for requirement in procedure.checklist:
        upload(client, dossier.id, requirement.key)
    refused = client.post(f"/applicant/dossiers/{dossier.id}/actions/submit", follow_redirects=True)
    assert "Giấy ủy quyền" in page(refused)  # filed for a client: the power of attorney is missing
    upload(client, dossier.id, "power_of_attorney", name="giay-uy-quyen.pdf")
    client.post(f"/applicant/dossiers/{dossier.id}/actions/submit")
    db.session.expire_all()
    assert dossier.state == "submitted"
    # The client's staff follow the dossier, and hear of it.
    auth.logout()
    auth.login(holder.email)
    assert dossier.code in page(client.get("/applicant/"))
    assert client.get(f"/applicant/dossiers/{dossier.id}").status_code == 200
    drive(dossier, actors, *path_to_issued("imp_grant")[1:])
    permit = dossier_document(dossier)
    assert permit.enterprise_id == holder.enterprise_id
    assert permit.data["holder"]["name"] == holder.enterprise.name


def test_a_representative_sees_only_the_dossiers_it_files(actors, client, auth):
    firm = make_user(APPLICANT)
    own = make_dossier("bl_grant", actors[APPLICANT])
    filed = make_dossier("id_grant", actors[APPLICANT])
    filed.agent_id = firm.enterprise_id
    db.session.commit()
    auth.login(firm.email)
    assert client.get(f"/applicant/dossiers/{filed.id}").status_code == 200
    assert client.get(f"/applicant/dossiers/{own.id}").status_code == 404
    listed = page(client.get("/applicant/"))
    assert f"/applicant/dossiers/{filed.id}" in listed and f"/applicant/dossiers/{own.id}" not in listed
    assert "Nộp thay cho" in listed


def test_the_list_shows_what_users_wrote_as_text(actors, client, auth):
    """The list's rows are drawn without autoescape, each user value escaped by hand: a
    client's name that carries markup shows as text and runs nothing."""
    firm = make_user(APPLICANT)
    holder = make_user(APPLICANT, make_enterprise(name='<script>alert("x")</script> & Co'))
    filed = make_dossier("id_grant", holder)
    filed.agent_id = firm.enterprise_id
    db.session.commit()
    auth.login(firm.email)
    listed = page(client.get("/applicant/"))
    assert "<script>alert" not in listed
    assert "Nộp thay cho &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in listed


def test_the_list_pages_its_own_and_its_clients_dossiers_together_newest_first(actors, client, auth):
    firm = make_user(APPLICANT)
    own = many(firm, 30)
    filed = many(actors[APPLICANT], 25)
    for dossier in filed:
        dossier.agent_id = firm.enterprise_id
    own += many(firm, 2)
    db.session.commit()
    auth.login(firm.email)
    newest = sorted((d.id for d in own + filed), reverse=True)
    first = page(client.get("/applicant/"))
    shown = [int(i) for i in re.findall(r'<a href="/applicant/dossiers/(\d+)">', first)]
    assert shown == newest[:50] and first.count("Nộp thay cho") == 25
    more = re.search(r'href="(/applicant/\?before=\d+)">Hồ sơ cũ hơn', first).group(1)
    second = page(client.get(more))
    assert [int(i) for i in re.findall(r'<a href="/applicant/dossiers/(\d+)">', second)] == newest[50:]
    assert "Hồ sơ cũ hơn" not in second


def test_an_unregistered_client_is_named_and_nothing_is_made(actors, client, auth):
    auth.login(actors[APPLICANT].email)
    response = client.post("/applicant/apply/imp_grant", data={"client": "0999999999"},
                           follow_redirects=True)
    assert "Không tìm thấy" in page(response) and "0999999999" in page(response)
    assert db.session.query(Dossier).count() == 0


# Amendments reach the record.

def amend(actors, licence, **answers) -> Dossier:
    dossier = make_dossier("bl_amend", actors[APPLICANT], subject=licence, **answers)
    return drive(dossier, actors, *path_to_issued("bl_amend"))


def dossier_document(dossier: Dossier) -> IssuedDocument:
    return db.session.execute(
        db.select(IssuedDocument).where(IssuedDocument.dossier_id == dossier.id)).scalar_one()


def test_a_granted_amendment_changes_the_holder_and_the_amended_licence_prints_it(actors, client):
    licence = make_issued("business_licence", actors)
    enterprise = actors[APPLICANT].enterprise
    old_name = enterprise.name
    dossier = amend(actors, licence, change_kinds=["name", "legal_representative", "address"],
                    new_enterprise_name="Công ty Cổ phần An ninh Số Việt",
                    new_legal_representative="Hoàng Thu Trang",
                    new_address="88 Láng Hạ, Đống Đa, Hà Nội", categories=[])
    db.session.commit()
    amended = dossier_document(dossier)
    assert (enterprise.name, enterprise.legal_representative, enterprise.address) == (
        "Công ty Cổ phần An ninh Số Việt", "Hoàng Thu Trang", "88 Láng Hạ, Đống Đa, Hà Nội")
    assert amended.data["holder"]["name"] == "Công ty Cổ phần An ninh Số Việt"
    assert amended.data["holder"]["legal_representative"] == "Hoàng Thu Trang"
    # What was not amended carries over: the licensed products and services.
    assert amended.data["categories"] == licence.data["categories"]
    # The record keeps its history; the superseded licence still shows the name it was issued to.
    assert [(r.name, r.dossier_id) for r in enterprise.revisions] == [
        (old_name, None), ("Công ty Cổ phần An ninh Số Việt", dossier.id)]
    assert licence.data["holder"]["name"] == old_name
    assert old_name in page(client.get(f"/verify/{licence.number}"))
    assert "Công ty Cổ phần An ninh Số Việt" in page(client.get(f"/verify/{amended.number}"))


@pytest.mark.reads_pdfs
def test_the_amended_licence_pdf_prints_the_new_name_and_representative(actors, tmp_path):
    licence = make_issued("business_licence", actors)
    dossier = amend(actors, licence, change_kinds=["name", "legal_representative"],
                    new_enterprise_name="Công ty Cổ phần An ninh Số Việt",
                    new_legal_representative="Hoàng Thu Trang")
    db.session.commit()
    path = tmp_path / "amended.pdf"
    path.write_bytes(issued.stored_pdf(dossier_document(dossier)))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Công ty Cổ phần An ninh Số Việt" in text and "Hoàng Thu Trang" in text
    assert licence.data["holder"]["legal_representative"] not in text


def test_the_profile_page_shows_the_history_and_what_each_document_printed(actors, client, auth):
    licence = make_issued("business_licence", actors)
    old_name = actors[APPLICANT].enterprise.name
    amend(actors, licence, change_kinds=["name"], new_enterprise_name="Công ty Cổ phần Số Việt")
    db.session.commit()
    auth.login(actors[APPLICANT].email)
    profile = page(client.get("/applicant/profile"))
    assert old_name in profile and "Công ty Cổ phần Số Việt" in profile
    assert "Đăng ký tài khoản" in profile and "Hồ sơ sửa đổi" in profile


def test_a_refused_amendment_changes_nothing(actors):
    licence = make_issued("business_licence", actors)
    enterprise = actors[APPLICANT].enterprise
    name = enterprise.name
    dossier = make_dossier("bl_amend", actors[APPLICANT], subject=licence,
                           new_enterprise_name="Tên mới không được duyệt")
    route = PROCEDURES["bl_amend"].flow.route(lambda t: t.outcome == "refusal" and LEADER in t.roles)
    drive(dossier, actors, *route)
    assert enterprise.name == name and len(enterprise.revisions) == 1


def test_adding_a_testing_service_by_amendment_brings_the_special_grants_conditions(actors):
    licence = make_issued("business_licence", actors)
    dossier = make_dossier("bl_amend", actors[APPLICANT], subject=licence,
                           categories=["S-TEST", *licence.data["categories"]],
                           representative_residency="other")
    with pytest.raises(Refused) as refused:
        fire(dossier, "submit", actors[APPLICANT])
    reasons = " ".join(refused.value.reasons)
    assert "Phiếu lý lịch tư pháp" not in reasons  # the sample dossier uploads every applying item
    assert "Không đáp ứng điều kiện: Người đại diện theo pháp luật" in reasons
    dossier.form_data = {**dossier.form_data, "representative_residency": "vn_resident"}
    dossier.enterprise.foreign_invested = True
    with pytest.raises(Refused, match="không có vốn đầu tư nước ngoài"):
        fire(dossier, "submit", actors[APPLICANT])


def test_the_special_documents_are_asked_only_when_a_special_service_is_added(actors):
    from portal.dossiers import conditions
    licence = make_issued("business_licence", actors)
    plain = make_dossier("bl_amend", actors[APPLICANT], subject=licence, complete=False)
    plain.form_data = {"categories": ["S-MON"]}
    adding = make_dossier("bl_amend", actors[APPLICANT], subject=licence, complete=False)
    adding.form_data = {"categories": ["S-CONF"]}
    special = {"judicial_records", "technical_plan", "customer_data_protection_plan",
               "staff_qualifications"}
    assert not special & {r.key for r in conditions.requirements(plain)}
    assert special <= {r.key for r in conditions.requirements(adding)}
    assert "representative_residency" in {f.name for f in conditions.fields(adding)}


def test_a_special_grant_refuses_a_representative_who_is_not_a_resident_citizen(actors):
    dossier = make_dossier("bl_grant_sec", actors[APPLICANT], staff_residency="other")
    with pytest.raises(Refused, match="Toàn bộ đội ngũ quản lý"):
        fire(dossier, "submit", actors[APPLICANT])
    assert dossier.state == "draft"

