"""Where the payment gateway posts its signed callbacks: no session, no CSRF token, the
signature is the credential."""
from flask import Blueprint, current_app, request
from sqlalchemy.exc import IntegrityError

from portal.engine import Conflict
from portal.extensions import csrf, db
from portal.fees import amounts, gateway, payments
from portal.infra import audit
from portal.models import Dossier, Payment

bp = Blueprint("gateway", __name__, url_prefix="/payments")
csrf.exempt(bp)


@bp.post("/callback")
def callback():
    adapter = gateway.configured(current_app.config)
    if adapter is None:
        return "no gateway", 404
    try:
        paid = adapter.verify(request.get_data(), request.headers.get(gateway.SIGNATURE_HEADER, ""))
        _take(paid)
    except gateway.CallbackRefused as refused:
        db.session.rollback()
        audit.record("payment_callback_refused", "gateway", None, reason=str(refused))
        db.session.commit()
        return str(refused), refused.status
    return "OK", 200


def _take(paid: gateway.Callback) -> None:
    """Record the payment the callback reports, once."""
    if db.session.execute(db.select(Payment.id).where(
            Payment.gateway_transaction == paid.transaction)).first():
        raise gateway.CallbackRefused("transaction already counted", 409)
    code = amounts.code_in(paid.reference)
    dossier = db.session.execute(db.select(Dossier).where(Dossier.code == code)).scalar() if code else None
    if not paid.paid or dossier is None or not amounts.payable(dossier):
        raise gateway.CallbackRefused("nothing owed under this reference", 409)
    if paid.amount != amounts.owed(dossier):
        raise gateway.CallbackRefused("amount differs from the fee owed", 409)
    try:
        payments.record(dossier, paid.amount, "gateway", gateway_transaction=paid.transaction)
        db.session.commit()
    except (IntegrityError, Conflict):  # a copy of the callback, posted at the same moment
        raise gateway.CallbackRefused("transaction already counted", 409) from None
