"""Fees owed, paid and receipted (issue 17): the amount from the declaration, the VietQR code
read back by an independent parser and from its PNG, statements reconciled line by line, a
transfer matched once, and the signed e-receipt."""
import binascii
import io
import subprocess

import pytest
from sqlalchemy.exc import IntegrityError

from procedures import APPLICANT, SPECIALIST
from portal.engine import Refused, fire
from portal.extensions import db
from portal.fees import amounts, payments, statements, vietqr
from portal.models import BankTransfer, Dossier, Payment
from tests.builders import drive, make_dossier, make_ready, make_user

ACCOUNTANT = "accountant"


def submitted(actors, procedure="bl_grant", **answers) -> Dossier:
    """Submitted and not yet paid (fired directly: the builders' `drive` would pay)."""
    dossier = make_dossier(procedure, actors[APPLICANT], **answers)
    fire(dossier, "submit", actors[APPLICANT])
    db.session.commit()
    return dossier


def test_a_business_licence_owes_the_appraisal_fee_plus_each_additional_product(actors):
    one = make_dossier("bl_grant", actors[APPLICANT], categories=["P-MON"])
    three = make_dossier("bl_grant", actors[APPLICANT], categories=["P-MON", "P-FW", "D-CONS"])
    assert amounts.owed(one) == 8_000_000
    assert amounts.owed(three) == 8_000_000 + 2 * 2_000_000


def test_a_fee_not_published_is_to_be_announced_never_zero(actors, client, auth):
    dossier = make_ready("imp_grant", actors)
    drive(dossier, actors, "submit")
    db.session.commit()
    assert amounts.owed(dossier) is None and not amounts.payable(dossier)
    auth.login(actors[APPLICANT].email)
    page = client.get(f"/applicant/dossiers/{dossier.id}").get_data(as_text=True)
    assert "Sẽ thông báo sau" in page and "vietqr.png" not in page


def test_the_appraisal_is_not_started_before_the_fee_is_paid(actors):
    dossier = submitted(actors)
    with pytest.raises(Refused) as refused:
        fire(dossier, "accept", actors[SPECIALIST])
    assert "8.000.000" in refused.value.reasons[0] and amounts.reference(dossier) in refused.value.reasons[0]
    payments.record(dossier, 8_000_000, "gateway", gateway_transaction="GW-1")
    fire(dossier, "accept", actors[SPECIALIST])
    assert dossier.state == "in_appraisal"


def emvco(text: str) -> dict[str, str]:
    """An EMVCo TLV string as {tag: value}, read independently of portal.fees.vietqr."""
    fields, i = {}, 0
    while i < len(text):
        tag, length = text[i:i + 2], int(text[i + 2:i + 4])
        fields[tag] = text[i + 4:i + 4 + length]
        i += 4 + length
    return fields


def test_the_vietqr_code_carries_bank_account_amount_and_reference(app, actors, client, auth):
    import zxingcpp
    from PIL import Image
    dossier = submitted(actors, categories=["P-MON", "P-FW"])
    auth.login(actors[APPLICANT].email)
    page = client.get(f"/applicant/dossiers/{dossier.id}").get_data(as_text=True)
    assert "10.000.000" in page and app.config["FEE_ACCOUNT"] in page
    image = client.get(f"/applicant/dossiers/{dossier.id}/fee/vietqr.png")
    assert image.mimetype == "image/png"
    text = next(c.text for c in zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data))))
    fields = emvco(text)
    assert fields["00"] == "01" and fields["01"] == "12"
    merchant = emvco(fields["38"])
    assert merchant["00"] == "A000000727" and merchant["02"] == "QRIBFTTA"
    assert emvco(merchant["01"]) == {"00": app.config["FEE_BANK_BIN"], "01": app.config["FEE_ACCOUNT"]}
    assert (fields["53"], fields["54"], fields["58"]) == ("704", "10000000", "VN")
    assert emvco(fields["62"]) == {"08": amounts.reference(dossier)}
    # CRC-16/CCITT-FALSE over everything up to and including "6304", by the standard library.
    assert int(fields["63"], 16) == binascii.crc_hqx(text[:-4].encode(), 0xFFFF)
    assert text.endswith(fields["63"]) and len(fields["63"]) == 4


def test_a_corrupted_payload_fails_its_crc():
    text = vietqr.payload("970415", "113000006100", 8_000_000, "ATTT2026000001")
    tampered = text.replace("8000000", "1000000")
    assert int(tampered[-4:], 16) != binascii.crc_hqx(tampered[:-4].encode(), 0xFFFF)


def csv_statement(*rows) -> bytes:
    lines = ["Số tham chiếu,Ngày giao dịch,Số tiền ghi có,Nội dung,Người chuyển"]
    lines += [",".join(row) for row in rows]
    return "\n".join(lines).encode()


def test_a_csv_statement_is_reconciled_and_the_mismatches_listed(actors):
    accountant = make_user(ACCOUNTANT)
    paid, short, twice = (submitted(actors) for _ in range(3))
    ref = amounts.reference
    data = csv_statement(
        ("FT001", "03/12/2026", '"8.000.000"', f"CK phi ho so {ref(paid)}", "CONG TY A"),
        ("FT002", "03/12/2026", "5000000", f"{paid.code} nop phi", "CONG TY A"),  # a second time
        ("FT003", "03/12/2026", "7.000.000", f"phi {ref(short).lower()}", "CONG TY B"),
        ("FT004", "03/12/2026", "8000000", "chuyen tien hang", "AI DO"),
        ("FT005", "04/12/2026", "8000000", ref(twice), "CONG TY C"),
        ("FT006", "04/12/2026", "-8000000", ref(twice), "HOAN TIEN"),  # a debit: not ours
    )
    tally = statements.reconcile(statements.read(data), "sao-ke.csv", accountant)
    db.session.commit()
    assert tally == {"matched": 2, "duplicate": 1, "wrong_amount": 1, "unknown_reference": 1}
    assert {t.bank_reference for t in statements.to_settle()} == {"FT002", "FT003", "FT004"}
    assert amounts.payment(paid).transfer.bank_reference == "FT001"
    assert amounts.payment(short) is None
    again = statements.reconcile(statements.read(data), "sao-ke.csv", accountant)
    assert again == {"already_read": 5}


CAMT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt>
<Id>STMT-1</Id>
<Ntry><Amt Ccy="VND">8000000</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-12-03</Dt></BookgDt>
<AcctSvcrRef>VCB-778</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Pty><Nm>CONG TY A</Nm></Pty></Dbtr></RltdPties>
<RmtInf><Ustrd>{reference} phi tham dinh</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="VND">120000</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><Dt>2026-12-03</Dt></BookgDt>
<AcctSvcrRef>VCB-779</AcctSvcrRef></Ntry>
</Stmt></BkToCstmrStmt></Document>"""


def test_a_camt053_statement_matches_its_credits(actors):
    dossier = submitted(actors)
    lines = statements.read(CAMT.format(reference=amounts.reference(dossier)).encode())
    assert [(line.bank_reference, line.amount, line.payer) for line in lines] == [
        ("VCB-778", 8_000_000, "CONG TY A")]
    assert statements.reconcile(lines, "camt.xml", make_user(ACCOUNTANT)) == {"matched": 1}


def test_an_entity_laden_statement_is_refused():
    with pytest.raises(statements.UnreadableStatement):
        statements.read(b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><Document>&a;</Document>')


def test_the_database_refuses_to_match_one_transfer_twice(actors):
    accountant = make_user(ACCOUNTANT)
    first, second = submitted(actors), submitted(actors)
    statements.reconcile(statements.read(csv_statement(
        ("FT9", "03/12/2026", "8000000", amounts.reference(first), "A"))), "s.csv", accountant)
    transfer = db.session.execute(db.select(BankTransfer)).scalar_one()
    db.session.add(Payment(dossier=second, amount=8_000_000, method="transfer", transfer=transfer,
                           receipt_number="BLDT-TEST-1"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.reads_pdfs
def test_the_payer_downloads_a_numbered_signed_receipt(actors, client, auth, tmp_path):
    dossier = submitted(actors)
    paid = payments.record(dossier, 8_000_000, "gateway", gateway_transaction="GW-7")
    db.session.commit()
    auth.login(actors[APPLICANT].email)
    response = client.get(f"/applicant/dossiers/{dossier.id}/fee/receipt.pdf")
    assert response.status_code == 200 and paid.receipt_number.startswith("BLDT-")
    path = tmp_path / "receipt.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert paid.receipt_number in text and "8.000.000" in text and dossier.code in text
    assert "ChuKySo" in subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout \
        or b"/ByteRange" in response.data
    assert client.get(f"/applicant/dossiers/{dossier.id}/fee/receipt.pdf").data == response.data


def test_a_stranger_gets_no_receipt_nor_code(actors, client, auth):
    dossier = submitted(actors)
    stranger = make_user(APPLICANT)
    db.session.commit()
    auth.login(stranger.email)
    assert client.get(f"/applicant/dossiers/{dossier.id}/fee/vietqr.png").status_code == 404
    assert client.get(f"/applicant/dossiers/{dossier.id}/fee/receipt.pdf").status_code == 404


def test_only_the_accountant_reconciles(actors, client, auth):
    accountant = make_user(ACCOUNTANT)
    db.session.commit()
    auth.login(actors[SPECIALIST].email)
    assert client.get("/accountant/").status_code == 403
    auth.logout()
    auth.login(accountant.email)
    dossier = submitted(actors)
    data = csv_statement(("FT1", "03/12/2026", "8000000", amounts.reference(dossier), "A"),
                         ("FT2", "03/12/2026", "9000000", "khong ro", "B"))
    page = client.post("/accountant/statements", data={"statement": (io.BytesIO(data), "sao-ke.csv")},
                       follow_redirects=True).get_data(as_text=True)
    assert "1 khớp" in page and "FT2" in page
    transfer = db.session.execute(db.select(BankTransfer).filter_by(bank_reference="FT2")).scalar_one()
    client.post(f"/accountant/transfers/{transfer.id}/settle", data={"note": "Đã hoàn trả người chuyển."})
    db.session.expire_all()
    assert transfer.outcome == "settled" and statements.to_settle() == []
    paid = amounts.payment(dossier)  # the dossier withdrawn before appraisal: paid back
    client.post(f"/accountant/payments/{paid.id}/refund", data={"note": "Rút hồ sơ trước thẩm định."})
    db.session.expire_all()
    assert paid.refunded_at is not None and paid.refund_note == "Rút hồ sơ trước thẩm định."
