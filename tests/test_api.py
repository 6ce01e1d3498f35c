"""The REST API, through the API alone: an enterprise's software makes its token once in the
account, then files, answers and downloads with it; tokens are scoped, revocable and never
see another enterprise's dossier; errors are problem details."""
import io
import re

import pytest

from procedures import APPLICANT, PROCEDURES
from portal.demo import SAMPLE_PDF, sample_form
from portal.dossiers import conditions
from portal.extensions import db
from portal.infra import api_tokens
from portal.models import ApiToken, AuditRecord, Dossier, IssuedDocument
from tests.builders import drive, make_dossier, make_user, path_to_issued

PROBLEM = "application/problem+json"


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def token_from_account(client, auth, email, scopes=("read", "submit")) -> str:
    """The token as the account page shows it, once."""
    auth.login(email)
    page = client.post("/applicant/api-tokens", data={"name": "Phần mềm kế toán", "scopes": list(scopes),
                                                      "days": "90"}).get_data(as_text=True)
    return re.search(r'<code id="new-token">([^<]+)</code>', page).group(1)


def as_posted(procedure, data: dict) -> dict:
    """The application's answers as the portal's own form posts them."""
    posted = {}
    for f in procedure.fields:
        value = data.get(f.name)
        if f.kind == "identifier_names":
            posted[f.name] = "\n".join(value)
        elif f.kind == "product_lines":
            for i, line in enumerate(value):
                posted.update({f"{f.name}-{i}-{k}": str(v) for k, v in line.items()})
        elif value is not None:
            posted[f.name] = value if isinstance(value, list) else str(value)
    return posted


def test_a_journey_through_the_api_alone(actors, client, auth):
    token = token_from_account(client, auth, actors[APPLICANT].email)
    auth.logout()
    api = bearer(token)
    catalogue = client.get("/api/v1/procedures/bl_grant").get_json()
    assert catalogue["national_code"] == {"value": None, "confirmed": False}
    procedure = PROCEDURES["bl_grant"]
    created = client.post("/api/v1/dossiers", headers=api,
                          data={"procedure": "bl_grant", **as_posted(procedure, sample_form(procedure))})
    assert created.status_code == 201, created.get_data(as_text=True)
    dossier_id = created.get_json()["id"]
    for requirement in conditions.requirements(db.session.get(Dossier, dossier_id)):
        if requirement.form:
            continue  # a statutory form the portal fills from the answers
        sent = client.post(f"/api/v1/dossiers/{dossier_id}/files/{requirement.key}", headers=api,
                           data={"file": (io.BytesIO(SAMPLE_PDF), f"{requirement.key}.pdf")},
                           content_type="multipart/form-data")
        assert sent.status_code == 201, sent.get_data(as_text=True)
    submitted = client.post(f"/api/v1/dossiers/{dossier_id}/actions/submit", headers=api, json={})
    assert submitted.status_code == 200, submitted.get_data(as_text=True)
    code = submitted.get_json()["code"]
    holder = actors[APPLICANT].enterprise.code
    tracked = client.get("/api/v1/status", query_string={"code": code, "identifier": holder})
    assert tracked.get_json()["state"] == submitted.get_json()["state"]
    assert client.get("/api/v1/status", query_string={"code": code, "identifier": "0100000000"}
                      ).status_code == 404

    dossier = db.session.get(Dossier, dossier_id)
    drive(dossier, actors, "accept")
    drive(dossier, actors, "request_supplement", note="Bổ sung văn bằng của kỹ sư.")
    db.session.commit()
    read = client.get(f"/api/v1/dossiers/{dossier_id}", headers=api).get_json()
    assert "answer_supplement" in read["actions"]
    assert client.post(f"/api/v1/dossiers/{dossier_id}/files/staff_qualifications", headers=api,
                       data={"file": (io.BytesIO(SAMPLE_PDF), "van-bang.pdf")},
                       content_type="multipart/form-data").status_code == 201
    answered = client.post(f"/api/v1/dossiers/{dossier_id}/actions/answer_supplement", headers=api,
                           json={"note": "Đã bổ sung.", "version": read["version"]})
    assert answered.status_code == 200, answered.get_data(as_text=True)

    db.session.expire_all()
    dossier = db.session.get(Dossier, dossier_id)
    route = path_to_issued("bl_grant")  # the answer brought it back to where "accept" left it
    drive(dossier, actors, *route[route.index("accept") + 1:])
    db.session.commit()
    number = client.get(f"/api/v1/dossiers/{dossier_id}", headers=api).get_json()["document"]
    licence = client.get(f"/api/v1/documents/{number}", headers=api)
    assert licence.status_code == 200 and licence.mimetype == "application/pdf"
    assert licence.data == open(_issued_path(number), "rb").read()
    history = client.get(f"/api/v1/dossiers/{dossier_id}/history", headers=api).get_json()
    assert [e["action"] for e in history][:4] == ["submit", "accept", "request_supplement", "answer_supplement"]


def _issued_path(number: str):
    from portal.infra import files
    document = db.session.execute(db.select(IssuedDocument).where(IssuedDocument.number == number)).scalar_one()
    return files.issued_path(document.sha256)


def test_another_enterprises_dossier_is_not_found(actors, client):
    dossier = make_dossier("bl_grant", actors[APPLICANT])
    stranger = make_user(APPLICANT)
    _, token = api_tokens.create(stranger, "x", ["read", "submit"], 30)
    db.session.commit()
    for response in (client.get(f"/api/v1/dossiers/{dossier.id}", headers=bearer(token)),
                     client.post(f"/api/v1/dossiers/{dossier.id}/actions/submit", headers=bearer(token), json={})):
        assert response.status_code == 404 and response.mimetype == PROBLEM
        assert response.get_json()["status"] == 404
    assert client.get("/api/v1/dossiers", headers=bearer(token)).get_json()["dossiers"] == []


def test_a_revoked_token_answers_401_and_the_revocation_is_audited(actors, client, auth):
    token = token_from_account(client, auth, actors[APPLICANT].email)
    assert client.get("/api/v1/dossiers", headers=bearer(token)).status_code == 200
    row = db.session.execute(db.select(ApiToken)).scalar_one()
    client.post(f"/applicant/api-tokens/{row.id}/revoke")
    auth.logout()
    response = client.get("/api/v1/dossiers", headers=bearer(token))
    assert response.status_code == 401 and response.mimetype == PROBLEM
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    verbs = db.session.execute(db.select(AuditRecord.verb).where(
        AuditRecord.target == f"api_token:{row.id}")).scalars().all()
    assert verbs == ["api_token_created", "api_token_revoked"]


def test_the_token_is_stored_hashed_and_shown_once(actors, client, auth):
    token = token_from_account(client, auth, actors[APPLICANT].email)
    row = db.session.execute(db.select(ApiToken)).scalar_one()
    assert token not in (row.token_hash, row.name) and row.token_hash == api_tokens.digest(token)
    assert token not in client.get("/applicant/api-tokens").get_data(as_text=True)


def test_a_read_only_token_cannot_submit(actors, client):
    dossier = make_dossier("bl_grant", actors[APPLICANT])
    _, token = api_tokens.create(actors[APPLICANT], "read only", ["read"], 30)
    db.session.commit()
    response = client.post(f"/api/v1/dossiers/{dossier.id}/actions/submit", headers=bearer(token), json={})
    assert response.status_code == 403 and response.mimetype == PROBLEM
    assert db.session.get(Dossier, dossier.id).code is None


def test_an_expired_token_answers_401(actors, client):
    _, token = api_tokens.create(actors[APPLICANT], "old", ["read"], 0)
    db.session.commit()
    assert client.get("/api/v1/dossiers", headers=bearer(token)).status_code == 401


def test_a_session_cookie_does_not_open_the_api(actors, client, auth):
    auth.login(actors[APPLICANT].email)
    assert client.get("/api/v1/dossiers").status_code == 401


def test_each_token_is_rate_limited_on_its_own(app, actors, client):
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "api": "3 per minute"}
    _, first = api_tokens.create(actors[APPLICANT], "a", ["read"], 30)
    _, second = api_tokens.create(actors[APPLICANT], "b", ["read"], 30)
    db.session.commit()
    codes = [client.get("/api/v1/dossiers", headers=bearer(first)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/api/v1/dossiers", headers=bearer(second)).status_code == 200


def test_an_invalid_form_is_a_problem_naming_the_fields(actors, client):
    _, token = api_tokens.create(actors[APPLICANT], "a", ["submit"], 30)
    db.session.commit()
    response = client.post("/api/v1/dossiers", headers=bearer(token),
                           data={"procedure": "bl_grant", "contact_email": "not an address",
                                 "categories": "NO-SUCH-CATEGORY"})
    assert response.status_code == 422 and response.mimetype == PROBLEM
    assert set(response.get_json()["errors"]) == {"contact_email", "categories"}
    assert db.session.execute(db.select(Dossier)).first() is None


def test_the_reference_page_is_drawn_from_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    page = client.get("/api/v1/reference").get_data(as_text=True)
    assert spec["openapi"].startswith("3.")
    assert all(path in page for path in spec["paths"])
    assert "<script" not in page.split("</main>")[0].split("<main")[-1]


def test_dossier_codes_follow_the_configured_pattern(app, actors):
    app.config["DOSSIER_CODE_PATTERN"] = "000.00.15.H26-{yymmdd}-{number:04d}"
    dossier = drive(make_dossier("bl_grant", actors[APPLICANT]), actors, "submit")
    assert re.fullmatch(r"000\.00\.15\.H26-\d{6}-0001", dossier.code)


def test_every_procedure_says_whether_its_national_code_is_confirmed(client):
    catalogue = client.get("/api/v1/procedures").get_json()
    assert {p["code"] for p in catalogue} == set(PROCEDURES)
    assert all(p["national_code"]["confirmed"] is False for p in catalogue)


@pytest.mark.parametrize("address", ["/api/v1/status?code=0&identifier=%00", "/api/v1/register/GP%00",
                                     "/api/v1/procedures/bl%00"])
def test_a_nul_byte_finds_nothing_rather_than_breaking_the_database(client, address):
    response = client.get(address)
    assert response.status_code == 404 and response.mimetype == PROBLEM
