"""An enterprise proves control of its account through the national identity provider
(OpenID Connect), whose claims carry the enterprise code. The provider is a real one,
`oidc-provider-mock`, run over HTTP on a free port; the portal talks to it with Authlib.

Without that proof (registered with a password) an enterprise prepares drafts but has one
dossier at a time before the officers, until an officer accepts one at intake."""
from urllib.parse import urlsplit

import pytest
import requests

from portal.engine import Refused
from portal.extensions import db
from portal.models import AuditRecord, Enterprise, User
from procedures import APPLICANT, SPECIALIST
from tests.builders import drive, make_dossier, make_enterprise, make_ready, make_user
from tests.summary import count

oidc_provider_mock = pytest.importorskip("oidc_provider_mock")

STRONG = "Mat-khau-that-dai-2026"
REAL_CODE = "0101234567"


@pytest.fixture(scope="module")
def provider():
    """A running OpenID Connect provider; each test gives its people claims of their own."""
    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def app_config(provider):
    return {"OIDC_ISSUER": provider, "OIDC_CLIENT_ID": "cong-dvc-anm", "OIDC_CLIENT_SECRET": "bi-mat"}


def person_at_provider(provider, sub, **claims):
    requests.put(f"{provider}/users/{sub}", json=claims, timeout=10).raise_for_status()


def sign_in_at_provider(client, sub):
    """Press the identity button, authorise at the provider as `sub`, come back."""
    to_provider = client.get("/auth/identity/login")
    assert to_provider.status_code == 302
    back = requests.post(to_provider.headers["Location"], data={"sub": sub},
                         allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    url = urlsplit(back.headers["Location"])
    return client.get(f"{url.path}?{url.query}", follow_redirects=True)


def register_by_password(client, code, email):
    return client.post("/auth/register", data={
        "code": code, "name": "Công ty giả danh", "address": "Số 1 Hà Nội", "legal_representative": "Kẻ Gian",
        "full_name": "Kẻ Gian", "email": email, "password": STRONG, "confirm": STRONG},
        follow_redirects=True)


def user(email) -> User | None:
    db.session.expire_all()
    return db.session.execute(db.select(User).where(User.email == email)).scalar()


def test_an_enterprise_new_to_the_portal_signs_in_through_the_identity_provider(app, client, provider):
    person_at_provider(provider, "vneid-001", email="giamdoc@saoviet.vn", name="Nguyễn Thị Hương",
                       enterprise_code=REAL_CODE, enterprise_name="Công ty CP Sao Việt")
    page = sign_in_at_provider(client, "vneid-001").get_data(as_text=True)
    assert "Hồ sơ của doanh nghiệp" in page
    me = user("giamdoc@saoviet.vn")
    assert me.oidc_subject == "vneid-001" and me.enterprise.code == REAL_CODE and me.enterprise.verified
    client.post("/auth/logout")
    sign_in_at_provider(client, "vneid-001")  # the second time, the same account
    assert db.session.query(User).count() == 1 and client.get("/applicant/").status_code == 200


def test_an_unproven_enterprise_has_one_dossier_before_the_officers_until_intake(actors):
    squatted = make_enterprise(verified=False)
    applicant = make_user(APPLICANT, squatted)
    people = {**actors, APPLICANT: applicant}
    first, second = make_ready("bl_grant", people), make_ready("bl_grant", people)
    drive(first, people, "submit")
    with pytest.raises(Refused, match="chưa được xác minh"):
        drive(second, people, "submit")
    count("unproven enterprises' extra submissions refused")
    drive(first, people, "accept")  # the officer checked the papers at intake
    assert squatted.verified
    drive(second, people, "submit")
    assert second.state == "submitted"


def test_the_real_enterprise_takes_back_a_code_someone_registered_first(app, client, provider):
    register_by_password(client, REAL_CODE, "ke-gian@example.com")
    squatter = user("ke-gian@example.com")
    assert squatter is not None and not squatter.enterprise.verified
    client.post("/auth/logout")

    person_at_provider(provider, "vneid-002", email="phaply@saoviet.vn", name="Trần Văn Pháp",
                       enterprise_code=REAL_CODE)
    sign_in_at_provider(client, "vneid-002")
    real = user("phaply@saoviet.vn")
    assert real.enterprise.code == REAL_CODE and real.enterprise.verified
    assert not user("ke-gian@example.com").active
    client.post("/auth/logout")
    answer = client.post("/auth/login", data={"email": "ke-gian@example.com", "password": STRONG})
    assert client.get("/applicant/").status_code != 200, answer
    assert db.session.execute(db.select(AuditRecord).where(AuditRecord.verb == "account_closed")).scalar()
    count("squatted enterprises taken back")


def test_a_password_registered_enterprise_links_its_identity_and_is_verified(app, client, provider):
    register_by_password(client, "0309999999", "ketoan@phuongnam.vn")
    person_at_provider(provider, "vneid-003", email="ketoan@phuongnam.vn", enterprise_code="0309999999")
    page = sign_in_at_provider(client, "vneid-003").get_data(as_text=True)
    assert "đã được xác minh" in page
    me = user("ketoan@phuongnam.vn")
    assert me.oidc_subject == "vneid-003" and me.enterprise.verified


def test_an_identity_of_another_enterprise_does_not_verify_this_one(app, client, provider):
    register_by_password(client, "0308888888", "nhanvien@phuongnam.vn")
    person_at_provider(provider, "vneid-004", email="x@other.vn", enterprise_code="0107777777")
    page = sign_in_at_provider(client, "vneid-004").get_data(as_text=True)
    assert "thuộc doanh nghiệp khác" in page
    me = user("nhanvien@phuongnam.vn")
    assert me.oidc_subject is None and not me.enterprise.verified
    count("foreign identities refused")


def test_an_identity_without_an_enterprise_code_or_a_forged_answer_signs_nobody_in(app, client, provider):
    person_at_provider(provider, "vneid-005", email="canhan@example.vn")
    assert "không gắn với mã số doanh nghiệp" in sign_in_at_provider(client, "vneid-005").get_data(as_text=True)
    client.get("/auth/identity/login")
    forged = client.get("/auth/identity/callback?code=made-up&state=made-up", follow_redirects=True)
    assert "Không đăng nhập được" in forged.get_data(as_text=True)
    assert client.get("/applicant/").status_code != 200 and db.session.query(Enterprise).count() == 0
    count("forged identity-provider answers refused")

