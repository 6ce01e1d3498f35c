"""Bank statements: the credit lines of a CSV export or an ISO 20022 camt.053 file, and their
reconciliation with the fees owed. A line pays the dossier whose payment reference its note
carries when the amount is the one owed; anything else waits for the accountant to settle."""
import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from portal.extensions import db
from portal.fees import amounts, payments
from portal.models import BankTransfer, Dossier, Payment, User, now
from portal.reports import summary


class UnreadableStatement(ValueError):
    """Not a statement this portal reads; the message says what is wrong, for the accountant."""


@dataclass(frozen=True)
class Line:
    """One credit to the fee account, as the bank reports it."""

    bank_reference: str
    booked_on: date
    amount: int
    description: str
    payer: str = ""


# The column names banks' CSV exports use, in Vietnamese or English, for what a line needs.
COLUMNS = {
    "bank_reference": ("số tham chiếu", "mã giao dịch", "số bút toán", "reference", "transaction id"),
    "booked_on": ("ngày giao dịch", "ngày hạch toán", "date", "booking date", "transaction date"),
    "amount": ("số tiền ghi có", "ghi có", "số tiền", "credit", "amount"),
    "description": ("nội dung", "diễn giải", "nội dung chuyển khoản", "description", "details"),
    "payer": ("người chuyển", "tên người chuyển", "đối ứng", "payer", "counterparty"),
}


def read(data: bytes, filename: str = "") -> list[Line]:
    """The credit lines of a camt.053 (XML) or CSV statement."""
    if data.lstrip().startswith(b"<"):
        return read_camt053(data)
    return read_csv(data)


def read_csv(data: bytes) -> list[Line]:
    text = data.decode("utf-8-sig", errors="replace")
    rows = csv.reader(io.StringIO(text), dialect=csv.Sniffer().sniff(text[:2048], ",;\t"))
    header = [h.strip().lower() for h in next(rows, [])]
    where = {key: next((header.index(n) for n in names if n in header), None)
             for key, names in COLUMNS.items()}
    missing = [key for key in ("bank_reference", "booked_on", "amount") if where[key] is None]
    if missing:
        raise UnreadableStatement(f"CSV: missing columns {', '.join(missing)}")
    lines = []
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        cell = lambda key: row[where[key]].strip() if where[key] is not None else ""  # noqa: E731
        amount = _amount(cell("amount"))
        if amount > 0:  # debits and empty credit cells are not payments to us
            lines.append(Line(cell("bank_reference"), _date(cell("booked_on")), amount,
                              cell("description"), cell("payer")))
    return lines


def _amount(text: str) -> int:
    """VND has no minor unit: "8.000.000", "8,000,000" and "8000000.00" are all 8000000."""
    text = re.sub(r"[.,]00$", "", text.strip())
    digits = re.sub(r"[^\d-]", "", text)
    return int(digits) if digits not in ("", "-") else 0


def _date(text: str) -> date:
    for form in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise UnreadableStatement(f"unreadable date {text!r}")


def read_camt053(data: bytes) -> list[Line]:
    """The credit entries (CdtDbtInd CRDT) of every statement in a BankToCustomerStatement."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # no entity tricks in a bank's XML
        raise UnreadableStatement("camt.053: document type declarations are refused")
    import xml.etree.ElementTree as ET  # when a statement is read, not at start
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise UnreadableStatement(f"camt.053: {error}") from None
    ns = {"c": root.tag[1:].split("}")[0]} if root.tag.startswith("{") else {"c": ""}
    if "camt.053" not in ns["c"]:
        raise UnreadableStatement("not a camt.053 statement")
    return [_entry(entry, ns) for entry in root.iterfind(".//c:Stmt/c:Ntry", ns)
            if entry.findtext("c:CdtDbtInd", namespaces=ns) == "CRDT"]


def _entry(entry, ns) -> Line:
    def text(*paths):
        return next((v.strip() for p in paths if (v := entry.findtext(p, namespaces=ns))), "")
    return Line(
        bank_reference=text("c:AcctSvcrRef", "c:NtryDtls/c:TxDtls/c:Refs/c:AcctSvcrRef",
                            "c:NtryRef"),
        booked_on=_date(text("c:BookgDt/c:Dt", "c:BookgDt/c:DtTm")[:19]),
        amount=_amount(text("c:Amt")),
        description=text("c:NtryDtls/c:TxDtls/c:RmtInf/c:Ustrd", "c:AddtlNtryInf"),
        payer=text("c:NtryDtls/c:TxDtls/c:RltdPties/c:Dbtr/c:Nm",
                   "c:NtryDtls/c:TxDtls/c:RltdPties/c:Dbtr/c:Pty/c:Nm"))


def reconcile(lines: list[Line], statement: str, accountant: User) -> Counter:
    """Store each line not read before and match it; how many lines came to each outcome
    ("already_read" for lines an earlier upload stored). The caller commits."""
    known = _stored_references([line.bank_reference for line in lines])
    dossiers = _dossiers_named(lines)
    paid = _paid([d.id for d in dossiers.values()])
    tally, matched = Counter(), []
    for line in lines:
        if line.bank_reference in known:
            tally["already_read"] += 1
            continue
        known.add(line.bank_reference)
        dossier = dossiers.get(amounts.code_in(line.description) or "")
        transfer = BankTransfer(bank_reference=line.bank_reference, booked_on=line.booked_on,
                                amount=line.amount, description=line.description,
                                payer=line.payer, dossier=dossier, statement=statement,
                                uploaded_by_id=accountant.id, outcome=_outcome(dossier, line, paid))
        db.session.add(transfer)
        if transfer.outcome == "matched":
            paid.add(dossier.id)
            matched.append(transfer)
        tally[transfer.outcome] += 1
    payments.record_transfers(matched, accountant)
    return tally


def _outcome(dossier: Dossier | None, line: Line, paid: set[int]) -> str:
    if dossier is None or amounts.owed(dossier) is None:
        return "unknown_reference"
    if dossier.id in paid:
        return "duplicate"
    return "matched" if line.amount == amounts.owed(dossier) else "wrong_amount"


CHUNK = 500  # values in one IN (...): well under every database's limit


def _among(query, column, values: list) -> list:
    """The rows of `query` whose `column` is one of `values`, a chunk of them at a time."""
    return [row for i in range(0, len(values), CHUNK)
            for row in db.session.execute(query.where(column.in_(values[i:i + CHUNK]))).scalars()]


def _stored_references(references: list[str]) -> set[str]:
    return set(_among(db.select(BankTransfer.bank_reference), BankTransfer.bank_reference, references))


def _paid(dossier_ids: list[int]) -> set[int]:
    """Which of these dossiers have paid already."""
    return set(_among(db.select(Payment.dossier_id), Payment.dossier_id, dossier_ids))


def _dossiers_named(lines: list[Line]) -> dict[str, Dossier]:
    codes = sorted({code for line in lines if (code := amounts.code_in(line.description))})
    return {d.code: d for d in _among(db.select(Dossier), Dossier.code, codes)}


def to_settle() -> list[BankTransfer]:
    """The lines a person must look at, oldest first."""
    return db.session.execute(db.select(BankTransfer).where(
        BankTransfer.outcome.in_(("wrong_amount", "unknown_reference", "duplicate")))
        .order_by(BankTransfer.id)).scalars().all()


def settle(transfer: BankTransfer, accountant: User, note: str) -> None:
    """The accountant has dealt with the line (refunded it, asked for the rest): their note says how."""
    transfer.outcome, transfer.settled_by_id, transfer.settle_note = "settled", accountant.id, note
    transfer.settled_at = now()


def refund(paid: Payment, note: str) -> None:
    paid.refunded_at, paid.refund_note = now(), note
    summary.refund(paid.dossier, paid)
