"""Signing in with a second factor: a code from an authenticator app (TOTP), or a one-time
recovery code. Officers and administrators must have it; applicants may turn it on."""
import re

import pyotp
import pytest

from portal.extensions import db
from portal.infra import totp
from portal.models import AuditRecord, RecoveryCode, User
from procedures import ADMIN, APPLICANT, LEADER, SPECIALIST
from tests.builders import PASSWORD, current_code, make_user
from tests.summary import count


def password_step(client, email):
    return client.post("/auth/login", data={"email": email, "password": PASSWORD})


def signed_in(client) -> bool:
    return client.get("/officer/queues/intake").status_code == 200


def test_an_officers_password_alone_does_not_sign_in(app, client):
    officer = make_user(SPECIALIST)
    db.session.commit()
    assert password_step(client, officer.email).headers["Location"].endswith("/auth/2fa/")
    assert not signed_in(client)
    client.post("/auth/2fa/", data={"code": current_code(officer.email)})
    assert signed_in(client)


@pytest.mark.parametrize("attack", ["000000", "12345", "abcdef", "9" * 40, ""])
def test_a_wrong_code_is_refused_and_audited(app, client, attack):
    officer = make_user(LEADER)
    db.session.commit()
    password_step(client, officer.email)
    page = client.post("/auth/2fa/", data={"code": attack}).get_data(as_text=True)
    assert not signed_in(client)
    if 0 < len(attack) <= 20:  # longer ones the form refuses before any check
        assert "Mã xác thực không đúng" in page
        assert db.session.execute(db.select(AuditRecord).where(
            AuditRecord.verb == "second_factor_failed")).scalar_one().target == f"user:{officer.id}"
    count("wrong second-factor codes refused")


def test_a_code_seen_once_cannot_be_replayed(app, client):
    officer = make_user(ADMIN)
    db.session.commit()
    code = current_code(officer.email)
    password_step(client, officer.email)
    client.post("/auth/2fa/", data={"code": code})
    assert client.get("/admin/users").status_code == 200
    client.post("/auth/logout")
    password_step(client, officer.email)  # the attacker, who saw the code over a shoulder
    page = client.post("/auth/2fa/", data={"code": code}).get_data(as_text=True)
    assert "đã được dùng" in page and client.get("/admin/users").status_code != 200
    count("replayed second-factor codes refused")


def test_a_recovery_code_signs_in_once(app, client):
    officer = make_user(SPECIALIST)
    codes = totp.new_recovery_codes(officer)
    db.session.commit()
    assert all(code not in {r.code_hash for r in db.session.query(RecoveryCode)} for code in codes)
    password_step(client, officer.email)
    client.post("/auth/2fa/", data={"code": codes[3].upper()})
    assert signed_in(client)
    client.post("/auth/logout")
    password_step(client, officer.email)
    client.post("/auth/2fa/", data={"code": codes[3]})
    assert not signed_in(client)
    count("spent recovery codes refused")


def test_an_officer_without_a_second_factor_enrols_through_a_qr_code_at_first_sign_in(app, client):
    officer = make_user(SPECIALIST, totp_secret=None)
    db.session.commit()
    assert password_step(client, officer.email).headers["Location"].endswith("/auth/2fa/enrol")
    page = client.get("/auth/2fa/enrol").get_data(as_text=True)
    assert 'src="data:image/svg+xml;base64,' in page
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    assert not signed_in(client)
    wrong = client.post("/auth/2fa/enrol", data={"code": "123456"}).get_data(as_text=True)
    assert "không đúng" in wrong and not signed_in(client)
    page = client.post("/auth/2fa/enrol", data={"code": pyotp.TOTP(secret).now()}).get_data(as_text=True)
    assert len(re.findall(r"<li><code>[0-9a-f]{6}-[0-9a-f]{6}</code></li>", page)) == totp.RECOVERY_CODES
    assert signed_in(client)
    db.session.expire_all()
    assert db.session.get(User, officer.id).totp_secret == secret


def test_an_officer_session_without_a_second_factor_is_sent_to_enrol(app, client, auth):
    officer = make_user(LEADER, totp_secret=None)
    db.session.commit()
    with client.session_transaction() as session:  # a session from before the rule
        session["_user_id"] = officer.get_id()
    assert client.get("/officer/queues/intake").headers["Location"].endswith("/auth/2fa/enrol")


def test_an_applicant_signs_in_with_a_password_and_may_turn_the_second_factor_on(app, client, auth):
    applicant = make_user(APPLICANT)
    db.session.commit()
    password_step(client, applicant.email)
    assert client.get("/applicant/").status_code == 200
    page = client.get("/auth/2fa/enrol").get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    client.post("/auth/2fa/enrol", data={"code": pyotp.TOTP(secret).now()})
    client.post("/auth/logout")
    assert password_step(client, applicant.email).headers["Location"].endswith("/auth/2fa/")
    assert client.get("/applicant/").status_code != 200
    auth.login(applicant.email)
    assert client.get("/applicant/").status_code == 200


def test_a_half_signed_in_session_expires(app, client, monkeypatch):
    officer = make_user(SPECIALIST)
    db.session.commit()
    password_step(client, officer.email)
    monkeypatch.setattr("portal.web.two_factor.PENDING_SECONDS", -1)
    password_step(client, officer.email)
    client.post("/auth/2fa/", data={"code": current_code(officer.email)})
    assert not signed_in(client)
