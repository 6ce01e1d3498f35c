"""The accountant's side: upload the fee account's statement, see what it matched, settle what
it could not, and record refunds."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procedures import ACCOUNTANT

from portal.extensions import db
from portal.fees import amounts, statements
from portal.infra import audit
from portal.models import BankTransfer, Payment
from portal.web.access import restrict
from portal.web.forms import SettleForm, StatementForm

bp = Blueprint("accountant", __name__, url_prefix="/accountant")
restrict(bp, ACCOUNTANT)

RECENT = 50


@bp.get("/")
def index():
    recent = db.session.execute(db.select(Payment).order_by(Payment.id.desc()).limit(RECENT)).scalars()
    return render_template("accountant/index.html", form=StatementForm(), settle=SettleForm(),
                           to_settle=statements.to_settle(), recent=list(recent), vnd=amounts.vnd)


@bp.post("/statements")
def upload():
    form = StatementForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for(".index"))
    upload = form.statement.data
    try:
        lines = statements.read(upload.read(), upload.filename)
    except statements.UnreadableStatement as error:
        flash(_("Không đọc được tệp sao kê: %(reason)s", reason=str(error)), "error")
        return redirect(url_for(".index"))
    tally = statements.reconcile(lines, upload.filename or "", current_user)
    audit.record("statement_reconciled", upload.filename or "", **tally)
    db.session.commit()
    flash(_("Đã đọc %(lines)d dòng: %(matched)d khớp, %(wrong)d sai số tiền, %(unknown)d không rõ "
            "mã thanh toán, %(duplicate)d nộp trùng, %(old)d đã đọc trước đây.",
            lines=len(lines), matched=tally["matched"], wrong=tally["wrong_amount"],
            unknown=tally["unknown_reference"], duplicate=tally["duplicate"],
            old=tally["already_read"]), "success")
    return redirect(url_for(".index"))


@bp.post("/transfers/<int:transfer_id>/settle")
def settle(transfer_id: int):
    transfer = db.session.get(BankTransfer, transfer_id) or abort(404)
    form = SettleForm()
    if transfer.outcome in ("matched", "settled") or not form.validate_on_submit():
        flash(_("Vui lòng nhập nội dung."), "error")
        return redirect(url_for(".index"))
    statements.settle(transfer, current_user, form.note.data.strip())
    audit.record("transfer_settled", f"transfer:{transfer.id}", note=transfer.settle_note)
    db.session.commit()
    return redirect(url_for(".index"))


@bp.post("/payments/<int:payment_id>/refund")
def refund(payment_id: int):
    paid = db.session.get(Payment, payment_id) or abort(404)
    form = SettleForm()
    if paid.refunded_at is not None or not form.validate_on_submit():
        flash(_("Vui lòng nhập nội dung."), "error")
        return redirect(url_for(".index"))
    # Audited first: the refund then counts into the reports' summary, and every writer takes
    # the audit chain's head before the summary's rows.
    audit.record("fee_refunded", f"dossier:{paid.dossier_id}", amount=paid.amount,
                 note=form.note.data.strip())
    statements.refund(paid, form.note.data.strip())
    db.session.commit()
    return redirect(url_for(".index"))
