"""Status sync to the national systems: a real HTTP receiver, down for a while, then up, gets
every change of a dossier and of its licence exactly once, in order, each signed."""
import json
import socket
import threading

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from procedures import APPLICANT, LEADER
from portal.extensions import db
from portal.infra import webhooks
from portal.models import IssuedDocument, WebhookDelivery
from tests.builders import drive, make_dossier, path_to_issued, revoke

SECRET = "bí-mật-của-cổng-quốc-gia"


class Receiver:
    """The national portal's sync endpoint: a real server on a fixed port, started and
    stopped by the test; it keeps what it was sent."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sync"
        self.received = []
        self.server = None

    def __call__(self, environ, start_response):
        request = Request(environ)
        self.received.append((dict(request.headers), request.get_data()))
        return Response("ok")(environ, start_response)

    def up(self):
        self.server = make_server("127.0.0.1", self.port, self)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@pytest.fixture
def receiver(app):
    receiver = Receiver()
    app.config.update(WEBHOOK_SUBSCRIBERS={
        "dvcqg": {"url": receiver.url, "secret": SECRET},
        "nsw": {"url": receiver.url + "/nsw", "secret": SECRET, "procedures": ["imp_grant", "imp_reissue"]}},
        WEBHOOK_RETRY_SECONDS=0)
    yield receiver
    receiver.down()


def licence_granted_then_revoked(actors) -> IssuedDocument:
    dossier = make_dossier("bl_grant", actors[APPLICANT])
    drive(dossier, actors, *path_to_issued("bl_grant"))
    document = db.session.execute(db.select(IssuedDocument).where(
        IssuedDocument.dossier_id == dossier.id)).scalar_one()
    revoke(document, actors[LEADER], "not_started")
    db.session.commit()
    return document


def test_a_receiver_down_for_a_while_gets_every_change_once_in_order_signed(app, actors, receiver):
    document = licence_granted_then_revoked(actors)
    history = [e.to_state for e in document.dossier.events] + ["revoked"]
    for _ in range(3):  # down: nothing arrives, and only the oldest change is ever tried
        assert webhooks.send_pending() == (0, 1)
    attempts = db.session.execute(db.select(WebhookDelivery.attempts)
                                  .order_by(WebhookDelivery.id)).scalars().all()
    assert attempts == [3] + [0] * (len(history) - 1)

    receiver.up()
    assert webhooks.send_pending() == (len(history), 0)
    assert webhooks.send_pending() == (0, 0)  # nothing twice
    bodies = [json.loads(body) for _, body in receiver.received]
    assert [b.get("to_state") or b.get("to_status") for b in bodies] == history
    assert [int(h["X-Portal-Delivery"]) for h, _ in receiver.received] == sorted(
        int(h["X-Portal-Delivery"]) for h, _ in receiver.received)
    for headers, body in receiver.received:
        assert webhooks.verify(SECRET, headers["X-Portal-Timestamp"], body, headers["X-Portal-Signature"])
    assert bodies[-1]["document"]["number"] == document.number
    assert all(b["dossier"]["code"] == document.dossier.code for b in bodies)


def test_a_tampered_body_or_signature_is_detected(app, actors, receiver):
    receiver.up()
    licence_granted_then_revoked(actors)
    webhooks.send_pending()
    headers, body = receiver.received[0]
    stamp, signed = headers["X-Portal-Timestamp"], headers["X-Portal-Signature"]
    assert webhooks.verify(SECRET, stamp, body, signed)
    assert not webhooks.verify(SECRET, stamp, body.replace(b"submit", b"revoke"), signed)
    assert not webhooks.verify(SECRET, str(int(stamp) + 1), body, signed)
    assert not webhooks.verify("another secret", stamp, body, signed)
    assert not webhooks.verify(SECRET, str(int(stamp) - 3600), body,
                               webhooks.signature(SECRET, str(int(stamp) - 3600), body))  # replayed


def test_only_import_permits_go_to_the_national_single_window(app, actors, receiver):
    licence_granted_then_revoked(actors)
    subscribers = set(db.session.execute(db.select(WebhookDelivery.subscriber)).scalars())
    assert subscribers == {"dvcqg"}


def test_set_aside_after_repeated_failure_and_resent_by_the_command(app, actors, receiver, runner):
    app.config["WEBHOOK_MAX_ATTEMPTS"] = 2
    licence_granted_then_revoked(actors)
    webhooks.send_pending()
    webhooks.send_pending()
    assert webhooks.send_pending() == (0, 0)  # set aside: no longer tried
    head = db.session.execute(db.select(WebhookDelivery).order_by(WebhookDelivery.id)).scalars().first()
    assert head.set_aside_at is not None and "ConnectionError" in head.last_error
    receiver.up()
    result = runner.invoke(args=["webhooks", "resend"])
    assert "1 put back" in result.output, result.output
    assert db.session.execute(db.select(db.func.count()).where(
        WebhookDelivery.delivered_at.is_(None))).scalar() == 0
    assert len(receiver.received) == db.session.execute(
        db.select(db.func.count()).select_from(WebhookDelivery)).scalar()
