"""Paying online: one interface for a payment gateway, and the adapter for the national
payment platform. The payer is sent to the gateway with what to pay; the gateway posts a
signed callback once paid. A callback is refused when its signature does not hold (forged),
when its transaction was counted already (replayed), or when it is older than the portal
accepts (late: a captured callback posted again after the fact)."""
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlencode

SIGNATURE_HEADER = "X-Signature"


class CallbackRefused(ValueError):
    """Why a callback was not taken; `status` is the HTTP status the portal answers with."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Callback:
    """What the gateway says was paid."""

    transaction: str
    reference: str
    amount: int
    paid: bool
    timestamp: int


class Gateway(Protocol):
    def checkout_url(self, reference: str, amount: int, return_url: str, callback_url: str) -> str:
        """Where to send the payer."""

    def verify(self, body: bytes, signature: str) -> Callback:
        """The callback's content, or CallbackRefused."""


def sign(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class NationalPaymentPlatform:
    """The national payment platform's redirect and callback, signed with HMAC-SHA256 over
    the request's exact bytes with the secret the portal and the platform share."""

    url: str
    secret: str
    max_age: int  # seconds a callback may take to arrive

    def checkout_url(self, reference: str, amount: int, return_url: str, callback_url: str) -> str:
        query = urlencode({"reference": reference, "amount": amount, "return_url": return_url,
                           "callback_url": callback_url})
        return f"{self.url.rstrip('/')}/pay?{query}&signature={sign(self.secret, query.encode())}"

    def verify(self, body: bytes, signature: str) -> Callback:
        if not self.secret or not hmac.compare_digest(sign(self.secret, body), signature or ""):
            raise CallbackRefused("signature does not hold", 403)
        try:
            fields = json.loads(body)
            callback = Callback(str(fields["transaction"]), str(fields["reference"]),
                                int(fields["amount"]), fields["status"] == "paid",
                                int(fields["timestamp"]))
        except (ValueError, KeyError, TypeError):
            raise CallbackRefused("malformed callback", 400) from None
        age = time.time() - callback.timestamp
        if age > self.max_age or age < -60:  # a minute of clock drift either way
            raise CallbackRefused("callback too old", 400)
        return callback


def configured(config) -> NationalPaymentPlatform | None:
    """The gateway the configuration names; None: the portal offers transfers only."""
    if not config.get("PAYMENT_GATEWAY_URL"):
        return None
    return NationalPaymentPlatform(config["PAYMENT_GATEWAY_URL"],
                                   config["PAYMENT_GATEWAY_SECRET"],
                                   config["PAYMENT_CALLBACK_MAX_AGE"])
