"""Status sync: every change of a dossier or of an issued document, as a signed webhook to the
configured subscribers (config WEBHOOK_SUBSCRIBERS: the national public-service portal, the
National Single Window for import permits).

A delivery is written in the transaction of the change and sent after commit by
`flask --app portal webhooks send`. Within a stream (one dossier and the documents it
produced) a subscriber gets the changes in the order they happened: while the oldest is not
delivered, the later ones wait. A failure is retried with a doubling delay; after
WEBHOOK_MAX_ATTEMPTS it is set aside, and `webhooks resend` puts it back.

Each request carries `X-Portal-Timestamp` (Unix seconds) and `X-Portal-Signature`,
"v1=" + hex HMAC-SHA256 under the subscriber's secret of "<timestamp>.<body>", so a
receiver can check the body came from the portal and was not replayed long after."""
import hashlib
import hmac
import json
import time
from datetime import timedelta

from flask import current_app

from portal.extensions import db
from portal.models import WebhookDelivery, now

MAX_DELAY = timedelta(hours=1)
SIGNATURE_VERSION = "v1"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"{SIGNATURE_VERSION}={mac.hexdigest()}"


def verify(secret: str, timestamp: str, body: bytes, received: str, tolerance_s: int = 300) -> bool:
    """What a receiver checks: the signature matches and the timestamp is recent."""
    try:
        fresh = abs(time.time() - int(timestamp)) <= tolerance_s
    except ValueError:
        return False
    return fresh and hmac.compare_digest(signature(secret, timestamp, body), received)


def publish(stream: str, event: str, procedure: str, payload: dict) -> None:
    """Queue `payload` for every subscriber told of `procedure`, in the caller's transaction."""
    body = json.dumps({"event": event, "occurred_at": now().isoformat(), **payload},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for name, subscriber in current_app.config["WEBHOOK_SUBSCRIBERS"].items():
        if procedure in subscriber.get("procedures", (procedure,)):
            db.session.add(WebhookDelivery(subscriber=name, stream=stream, event=event, body=body))


def _due() -> list[WebhookDelivery]:
    """The oldest undelivered change of each stream, if it is due and not set aside."""
    earlier = db.aliased(WebhookDelivery)
    waiting = (db.select(earlier.id).where(
        earlier.subscriber == WebhookDelivery.subscriber, earlier.stream == WebhookDelivery.stream,
        earlier.delivered_at.is_(None), earlier.id < WebhookDelivery.id).exists())
    return db.session.execute(
        db.select(WebhookDelivery).where(
            WebhookDelivery.delivered_at.is_(None), WebhookDelivery.set_aside_at.is_(None),
            WebhookDelivery.next_attempt_at <= now(), ~waiting)
        .order_by(WebhookDelivery.id).with_for_update(skip_locked=True)).scalars().all()


def send_pending() -> tuple[int, int]:
    """Deliver what is due, stream by stream, until nothing more is; returns (sent, failed).
    A stream whose change failed waits for its retry, not for this run to try again. Each
    delivery commits on its own."""
    sent = failed = 0
    stalled = set()
    while due := [d for d in _due() if (d.subscriber, d.stream) not in stalled]:
        for delivery in due:
            if _deliver(delivery):
                sent += 1
            else:
                failed += 1
                stalled.add((delivery.subscriber, delivery.stream))
            db.session.commit()
    db.session.commit()
    return sent, failed


def _deliver(delivery: WebhookDelivery) -> bool:
    subscriber = current_app.config["WEBHOOK_SUBSCRIBERS"].get(delivery.subscriber)
    if subscriber is None:
        _failed(delivery, "subscriber no longer configured")
        return False
    timestamp, body = str(int(time.time())), delivery.body.encode()
    headers = {"Content-Type": "application/json", "X-Portal-Delivery": str(delivery.id),
               "X-Portal-Event": delivery.event, "X-Portal-Timestamp": timestamp,
               "X-Portal-Signature": signature(subscriber["secret"], timestamp, body)}
    import requests  # when a delivery is due: a tenth of start-up otherwise
    try:
        response = requests.post(subscriber["url"], data=body, headers=headers, timeout=10)
    except requests.RequestException as error:
        _failed(delivery, f"{type(error).__name__}: {error}")
        return False
    if not response.ok:
        _failed(delivery, f"HTTP {response.status_code}")
        return False
    delivery.delivered_at = now()
    return True


def _failed(delivery: WebhookDelivery, error: str) -> None:
    config = current_app.config
    delivery.attempts += 1
    delivery.last_error = error[:2000]
    if delivery.attempts >= config["WEBHOOK_MAX_ATTEMPTS"]:
        delivery.set_aside_at = now()
    delay = timedelta(seconds=config["WEBHOOK_RETRY_SECONDS"] * 2 ** (delivery.attempts - 1))
    delivery.next_attempt_at = now() + min(delay, MAX_DELAY)


def resend(delivery_id: int | None = None) -> int:
    """Put set-aside deliveries (one, or all) back in line, due now; returns how many."""
    query = db.update(WebhookDelivery).where(WebhookDelivery.set_aside_at.is_not(None),
                                             WebhookDelivery.delivered_at.is_(None))
    if delivery_id is not None:
        query = query.where(WebhookDelivery.id == delivery_id)
    count = db.session.execute(query.values(set_aside_at=None, attempts=0, next_attempt_at=now())).rowcount
    db.session.commit()
    return count
