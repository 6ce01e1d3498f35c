"""Recording a fee as paid: the payment row with its receipt number, and the act that waited
for the payment, which the portal takes itself where the declaration lets it (the
identifier-name certificate is issued once its fee is paid). The e-receipt is rendered, signed
and stored on its first download, dated the day of the payment, and the same bytes are served
after: reconciling a statement of thousands of lines renders nothing."""
from flask import current_app

from procedures import PROCEDURES, SYSTEM

from portal import engine
from portal.documents import pdf, signing
from portal.extensions import db
from portal.fees import amounts
from portal.infra import audit, files, numbering, workdays
from portal.models import BankTransfer, Dossier, Payment, User, now
from portal.reports import summary

RECEIPT_SERIES = "BLDT"  # biên lai điện tử


def record(dossier: Dossier, amount: int, method: str, actor: User | None = None,
           transfer: BankTransfer | None = None, gateway_transaction: str | None = None) -> Payment:
    """The fee paid, its receipt numbered, audited; then the waiting act if the portal may take
    it. The caller commits (the unique constraints refuse a second payment of anything)."""
    paid = Payment(dossier=dossier, amount=amount, method=method, transfer=transfer,
                   gateway_transaction=gateway_transaction,
                   receipt_number=numbering.document_number(RECEIPT_SERIES, workdays.today()),
                   paid_at=now())
    db.session.add(paid)
    audit.record("fee_paid", f"dossier:{dossier.id}", actor, amount=amount, method=method,
                 receipt=paid.receipt_number)
    summary.payment(dossier, paid)  # after the audit chain's head, as every writer locks them
    _take_waiting_act(dossier)
    return paid


def record_transfers(matched: list[BankTransfer], accountant: User) -> list[Payment]:
    """The fees a statement's lines pay: the receipts numbered in one block and the whole
    audited as one act of the accountant's (each transfer row says what it paid)."""
    numbers = numbering.document_numbers(RECEIPT_SERIES, workdays.today(), len(matched))
    paid = [Payment(dossier=t.dossier, amount=t.amount, method="transfer", transfer=t,
                    receipt_number=number, paid_at=now()) for t, number in zip(matched, numbers)]
    db.session.add_all(paid)
    if paid:
        audit.record("fees_paid", "statement", accountant, count=len(paid),
                     receipts=[numbers[0], numbers[-1]], total=sum(p.amount for p in paid))
    for payment in paid:
        summary.payment(payment.dossier, payment)
    for payment in paid:
        _take_waiting_act(payment.dossier)
    return paid


def _render(paid: Payment) -> bytes:
    dossier = paid.dossier
    return pdf.render_pdf("fee_receipt.html", payment=paid, dossier=dossier,
                          enterprise=dossier.enterprise, procedure=PROCEDURES[dossier.procedure],
                          written_on=paid.paid_at, amount=amounts.vnd(paid.amount),
                          reference=amounts.reference(dossier),
                          beneficiary=current_app.config["FEE_ACCOUNT_NAME"])


def _take_waiting_act(dossier: Dossier) -> None:
    action = dossier.rules.fee.due_before
    waiting = [t for t in engine.flow_of(dossier).from_state(dossier.state) if t.action == action]
    if waiting and SYSTEM in waiting[0].roles:
        engine.fire(dossier, action, None)


def receipt(paid: Payment) -> bytes:
    """The signed e-receipt: written on first asking (the caller commits), then as stored."""
    if paid.receipt_sha256 is None:
        paid.receipt_sha256 = files.store_issued(signing.sign(_render(paid)))
    return files.issued_path(paid.receipt_sha256).read_bytes()
