"""The VietQR code a banking app scans to pay a fee by transfer: an EMVCo merchant-presented
payload (NAPAS's VietQR specification) naming the beneficiary bank and account, the amount
and the note the transfer carries (the dossier's payment reference)."""
import io

NAPAS_GUID = "A000000727"
TO_ACCOUNT = "QRIBFTTA"  # NAPAS 247 fast transfer to an account (QRIBFTTC: to a card)
VND, VIETNAM = "704", "VN"


def _field(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"EMVCo field {tag} longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def crc16(data: str) -> str:
    """CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF), as four upper-case hex digits."""
    crc = 0xFFFF
    for byte in data.encode():
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def payload(bank_bin: str, account: str, amount: int, note: str) -> str:
    """A dynamic code (point of initiation 12: it carries the amount)."""
    beneficiary = _field("00", bank_bin) + _field("01", account)
    merchant = _field("00", NAPAS_GUID) + _field("01", beneficiary) + _field("02", TO_ACCOUNT)
    body = (_field("00", "01") + _field("01", "12") + _field("38", merchant)
            + _field("53", VND) + _field("54", str(amount)) + _field("58", VIETNAM)
            + _field("62", _field("08", note)) + "6304")
    return body + crc16(body)


def png(data: str) -> bytes:
    """The code as a PNG, large enough for a phone's camera across a desk."""
    import qrcode
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(data)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out, format="PNG")
    return out.getvalue()
