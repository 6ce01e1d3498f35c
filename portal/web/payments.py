"""The applicant pays a dossier's fee: the VietQR code of the transfer, the way to the payment
gateway and back, and the e-receipt."""
from io import BytesIO

from flask import Blueprint, abort, current_app, redirect, send_file, url_for

from procedures import APPLICANT

from portal.extensions import db
from portal.fees import amounts, gateway, payments, vietqr
from portal.models import Dossier
from portal.web.access import restrict
from portal.web.applicant import own_dossier

bp = Blueprint("payments", __name__, url_prefix="/applicant/dossiers/<int:dossier_id>/fee")
restrict(bp, APPLICANT)


def _payable(dossier_id: int) -> Dossier:
    dossier = own_dossier(dossier_id)
    if not amounts.payable(dossier):
        abort(404)
    return dossier


@bp.get("/vietqr.png")
def vietqr_png(dossier_id: int):
    dossier = _payable(dossier_id)
    config = current_app.config
    data = vietqr.payload(config["FEE_BANK_BIN"], config["FEE_ACCOUNT"], amounts.owed(dossier),
                          amounts.reference(dossier))
    return send_file(BytesIO(vietqr.png(data)), mimetype="image/png", max_age=0)


@bp.post("/online")
def online(dossier_id: int):
    """To the gateway, which sends the payer back to the dossier page and posts its callback."""
    dossier = _payable(dossier_id)
    adapter = gateway.configured(current_app.config) or abort(404)
    back = url_for("applicant.dossier", dossier_id=dossier.id, _external=True)
    callback = url_for("gateway.callback", _external=True)
    return redirect(adapter.checkout_url(amounts.reference(dossier), amounts.owed(dossier),
                                         back, callback))


@bp.get("/receipt.pdf")
def receipt(dossier_id: int):
    """Biên lai điện tử: written on first download, the same signed bytes after."""
    paid = amounts.payment(own_dossier(dossier_id)) or abort(404)
    content = payments.receipt(paid)
    db.session.commit()
    return send_file(BytesIO(content), mimetype="application/pdf", as_attachment=True,
                     download_name=f"{paid.receipt_number}.pdf")
