"""Paying online (issue 17): the portal served over HTTP, and a payment gateway the test runs
over HTTP too, which checks the portal's signed redirect, posts its signed callback and sends
the payer back. Forged, replayed and late callbacks are refused."""
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from procedures import APPLICANT
from portal.extensions import db
from portal.fees import amounts, gateway
from portal.models import Dossier, Payment
from tests.builders import drive, make_dossier
from tests.servers import serve

SECRET = "bi-mat-cong-thanh-toan"


class Gateway:
    """The national payment platform as the test plays it: /pay takes the portal's signed
    redirect, posts a signed callback and sends the payer back; `posted` keeps each callback."""

    def __init__(self):
        self.posted = []

    def __call__(self, environ, start_response):
        request = Request(environ)
        query = request.query_string.decode()
        unsigned, _, signature = query.rpartition("&signature=")
        if gateway.sign(SECRET, unsigned.encode()) != signature:
            return Response("bad signature", 403)(environ, start_response)
        asked = {k: v[0] for k, v in parse_qs(unsigned).items()}
        body = json.dumps({"transaction": uuid.uuid4().hex, "reference": asked["reference"],
                           "amount": int(asked["amount"]), "status": "paid",
                           "timestamp": int(time.time())}).encode()
        self.posted.append((asked["callback_url"], body, post(asked["callback_url"], body)))
        return Response(status=302, headers={"Location": asked["return_url"]})(environ, start_response)


def post(url: str, body: bytes, secret: str = SECRET) -> int:
    """Post a callback signed with `secret`; the portal's answer's status."""
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", gateway.SIGNATURE_HEADER: gateway.sign(secret, body)})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def platform():
    played = Gateway()
    httpd = make_server("127.0.0.1", 0, played, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    played.url = f"http://127.0.0.1:{httpd.server_port}"
    yield played
    httpd.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def portal_url(app, tmp_path, monkeypatch, platform):
    monkeypatch.setenv("PORTAL_PAYMENT_GATEWAY_URL", platform.url)
    monkeypatch.setenv("PORTAL_PAYMENT_GATEWAY_SECRET", SECRET)
    yield from serve(app, tmp_path, monkeypatch)


def awaiting_payment(actors) -> Dossier:
    """An identifier-name grant approved, its names allocated, its fee still owed."""
    dossier = make_dossier("id_grant", actors[APPLICANT])
    drive(dossier, actors, "submit", "accept", "propose_grant", "approve")
    db.session.commit()
    assert amounts.payable(dossier)
    return dossier


def checkout(platform: Gateway, portal_url: str, dossier: Dossier) -> str:
    """Where the portal sends the payer (its own adapter, configured as the served portal is)."""
    adapter = gateway.NationalPaymentPlatform(platform.url, SECRET, 900)
    return adapter.checkout_url(amounts.reference(dossier), amounts.owed(dossier),
                                f"{portal_url}/applicant/dossiers/{dossier.id}",
                                f"{portal_url}/payments/callback")


def fresh(dossier: Dossier) -> Dossier:
    db.session.expire_all()
    return db.session.get(Dossier, dossier.id)


def test_paying_online_issues_the_certificate_and_a_replay_counts_nothing(actors, platform, portal_url):
    dossier = awaiting_payment(actors)
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as sent_back:
        opener.open(checkout(platform, portal_url, dossier), timeout=20)
    assert sent_back.value.code == 302
    assert sent_back.value.headers["Location"] == f"{portal_url}/applicant/dossiers/{dossier.id}"
    url, body, status = platform.posted[0]
    assert status == 200 and fresh(dossier).state == "issued"
    paid = amounts.payment(fresh(dossier))
    assert (paid.method, paid.amount) == ("gateway", 200_000)
    assert post(url, body) == 409  # replayed: the same transaction again
    assert db.session.query(Payment).count() == 1


def test_a_forged_or_late_callback_is_refused(actors, platform, portal_url):
    dossier = awaiting_payment(actors)
    callback = f"{portal_url}/payments/callback"

    def body(**changes):
        return json.dumps({"transaction": uuid.uuid4().hex, "reference": amounts.reference(dossier),
                           "amount": 200_000, "status": "paid", "timestamp": int(time.time()),
                           **changes}).encode()
    assert post(callback, body(), secret="doan-mo") == 403
    assert post(callback, body(timestamp=int(time.time()) - 3600)) == 400
    assert post(callback, body(amount=1_000)) == 409
    assert fresh(dossier).state == "awaiting_payment" and amounts.payment(fresh(dossier)) is None


def test_a_redirect_not_signed_by_the_portal_is_refused_by_the_gateway(actors, platform, portal_url):
    dossier = awaiting_payment(actors)
    tampered = checkout(platform, portal_url, dossier).replace("amount=200000", "amount=1")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(tampered, timeout=10)
    assert refused.value.code == 403 and platform.posted == []


def test_the_pay_online_button_leads_to_the_gateway(app, actors, client, auth):
    app.config.update(PAYMENT_GATEWAY_URL="https://thanhtoan.example.vn", PAYMENT_GATEWAY_SECRET=SECRET)
    dossier = awaiting_payment(actors)
    auth.login(actors[APPLICANT].email)
    assert "Thanh toán trực tuyến" in client.get(f"/applicant/dossiers/{dossier.id}").get_data(as_text=True)
    where = client.post(f"/applicant/dossiers/{dossier.id}/fee/online").headers["Location"]
    assert where.startswith("https://thanhtoan.example.vn/pay?reference=ATTT")
    unsigned, _, signature = urlsplit(where).query.rpartition("&signature=")
    assert gateway.sign(SECRET, unsigned.encode()) == signature


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
