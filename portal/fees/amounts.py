"""What a dossier owes, when, under which payment reference, and whether it has paid: all read
from the fee its procedure's version declares (procedures/_base.py Fee)."""
import re

from flask import current_app
from flask_babel import gettext as _

from portal import engine
from portal.fees import gateway
from portal.extensions import db
from portal.models import Dossier, Payment

# The reference a transfer's note carries: the dossier's code without its hyphens, which
# banks' apps drop or replace (ATTT-2026-000123 is ATTT2026000123).
REFERENCE = re.compile(r"ATTT(\d{10})")


def owed(dossier: Dossier) -> int | None:
    """The fee in VND, from the declaration and the form; None: not published, to be announced."""
    return dossier.rules.fee.owed(dossier.form_data or {})


def reference(dossier: Dossier) -> str | None:
    """The payment reference, once the dossier has its code (at submission)."""
    return dossier.code.replace("-", "") if dossier.code else None


def code_in(text: str) -> str | None:
    """The dossier code a transfer's note refers to, however the bank spaced or cased it."""
    found = REFERENCE.search(re.sub(r"[^0-9A-Z]", "", text.upper()))
    return f"ATTT-{found[1][:4]}-{found[1][4:]}" if found else None


def payment(dossier: Dossier) -> Payment | None:
    return db.session.execute(db.select(Payment).where(Payment.dossier_id == dossier.id)).scalar()


def payable(dossier: Dossier) -> bool:
    """The portal takes this dossier's fee now: declared, published, submitted, not yet paid,
    and the action that waits for it can still come."""
    fee = dossier.rules.fee
    if fee.due_before is None or owed(dossier) is None or reference(dossier) is None:
        return False
    waiting = {t.action for t in engine.flow_of(dossier).from_state(dossier.state)}
    return fee.due_before in waiting and payment(dossier) is None


@engine.guard
def fee_paid(dossier: Dossier, act: engine.Act) -> list[str]:
    """The action the fee is due before waits for its payment (a fee not published is not
    asked for: the portal cannot take it)."""
    if dossier.rules.fee.due_before != act.transition.action or owed(dossier) is None:
        return []
    if payment(dossier) is not None:
        return []
    return [_("Hồ sơ chưa nộp phí %(amount)s đồng (mã thanh toán %(reference)s).",
              amount=vnd(owed(dossier)), reference=reference(dossier))]


def vnd(amount: int) -> str:
    """8.000.000: Vietnamese groups thousands with dots."""
    return f"{amount:,}".replace(",", ".")


def summary(dossier: Dossier) -> dict:
    """What the dossier page shows of the fee: owed (None: to be announced), whether the
    portal takes it now, how, and the payment once made."""
    config = current_app.config
    return {"owed": owed(dossier), "vnd": vnd, "reference": reference(dossier),
            "payable": payable(dossier), "payment": payment(dossier),
            "bank": {key: config[f"FEE_{key.upper()}"]
                     for key in ("bank_name", "bank_bin", "account", "account_name")},
            "online": gateway.configured(config) is not None}
