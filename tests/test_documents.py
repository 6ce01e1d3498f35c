"""Issued documents and letters as PDFs: what they say, that they are signed, and that a
failed issuance leaves nothing behind."""
import hashlib
from datetime import date, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from portal.documents import issued, letters, pdf
from portal.dossiers import clock
from portal.infra import files, workdays
from portal.infra.workdays import add_working_days
from portal.documents import signing
from portal.extensions import db
from portal.models import Counter, Dossier, IssuedDocument
from portal.engine import fire
from procedures import APPLICANT, LEADER, SPECIALIST
from tests.builders import drive, make_dossier, make_issued, path_to_issued, pay

pytestmark = pytest.mark.reads_pdfs  # they read what the PDFs say

HEADING = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BỘ CÔNG AN",
           "CỤC AN NINH MẠNG VÀ PHÒNG, CHỐNG TỘI PHẠM SỬ DỤNG CÔNG NGHỆ CAO")
TITLES = {"business_licence": "Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng",
          "import_permit": "Giấy phép nhập khẩu sản phẩm an toàn thông tin mạng",
          "identifier_certificate": "Giấy chứng nhận tên định danh"}


def text_of(pdf: bytes) -> str:
    """The PDF's text as a reader would copy it, lines joined (wrapping is layout, not content)."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages)


def assert_says(text: str, *phrases: str) -> None:
    flat = " ".join(text.split()).casefold()
    missing = [p for p in phrases if " ".join(p.split()).casefold() not in flat]
    assert not missing, (missing, text)


@pytest.mark.parametrize("kind", list(TITLES))
def test_issued_document_states_holder_number_dates_in_vietnamese(kind, actors):
    document = make_issued(kind, actors)
    db.session.commit()
    text = text_of(issued.stored_pdf(document))
    holder = document.data["holder"]
    assert_says(text, *HEADING, TITLES[kind], holder["name"], holder["code"], holder["address"],
                document.number, document.valid_from.strftime("%d/%m/%Y"),
                document.valid_until.strftime("%d/%m/%Y"), f"/verify/{document.number}")


def test_licence_lists_products_and_services_and_legal_representative(actors):
    text = text_of(issued.stored_pdf(make_issued("business_licence", actors)))
    assert_says(text, "Người đại diện theo pháp luật", "Nguyễn Văn Ánh",
                "Sản phẩm kiểm tra, đánh giá an toàn thông tin mạng")


def test_import_permit_lists_product_lines_and_the_licence_it_rests_on(actors):
    permit = make_issued("import_permit", actors)
    text = text_of(issued.stored_pdf(permit))
    assert_says(text, "NGFW-3200", "Fortinet", "84718090", "10 bộ", "Mục đích nhập khẩu",
                f"Số {permit.data['licence']['number']}")


def test_identifier_certificate_names_the_identifier(actors):
    text = text_of(issued.stored_pdf(make_issued("identifier_certificate", actors)))
    assert_says(text, "Tên định danh", "SAOVIET", "Quảng cáo bằng tin nhắn (SMS)")


def font_descriptors(reader: PdfReader):
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            yield font["/FontDescriptor"].get_object()


def test_fonts_are_embedded(actors):
    reader = PdfReader(BytesIO(issued.stored_pdf(make_issued("business_licence", actors))))
    fonts = list(font_descriptors(reader))
    assert fonts and all({"/FontFile", "/FontFile2", "/FontFile3"} & set(fd) for fd in fonts)
    assert any("Liberation-Serif" in str(fd["/FontName"]) for fd in fonts)


def test_the_stored_pdf_is_the_one_recorded_and_its_signature_holds(actors):
    document = make_issued("business_licence", actors)
    pdf = issued.stored_pdf(document)
    assert hashlib.sha256(pdf).hexdigest() == document.sha256
    assert files.issued_path(document.sha256).parent.name == "issued"
    assert signing.signature_problems(pdf) == []


def test_one_changed_byte_breaks_the_signature_and_the_register_match(actors):
    document = make_issued("business_licence", actors)
    pdf = bytearray(issued.stored_pdf(document))
    pdf[len(pdf) // 3] ^= 0x01
    assert signing.signature_problems(bytes(pdf))
    assert issued.find_by_hash(bytes(pdf)) is None
    assert issued.find_by_hash(issued.stored_pdf(document)) == document


def test_cli_verifies_a_genuine_pdf_and_rejects_a_changed_one(actors, runner, tmp_path):
    document = make_issued("identifier_certificate", actors)
    db.session.commit()
    genuine = tmp_path / "genuine.pdf"
    genuine.write_bytes(issued.stored_pdf(document))
    result = runner.invoke(args=["documents", "verify", str(genuine)])
    assert result.exit_code == 0, result.output
    assert document.number in result.output
    changed = tmp_path / "changed.pdf"
    data = bytearray(genuine.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed.write_bytes(bytes(data))
    result = runner.invoke(args=["documents", "verify", str(changed)])
    assert result.exit_code != 0
    assert "signature" in result.output and "register" in result.output


def test_renewal_pdf_says_which_licence_it_replaces(actors):
    licence = make_issued("business_licence", actors)
    renewal = make_dossier("bl_renew", actors[APPLICANT], subject=licence)
    drive(renewal, actors, *path_to_issued("bl_renew"))
    db.session.commit()
    new = db.session.execute(db.select(IssuedDocument).where(
        IssuedDocument.dossier_id == renewal.id)).scalar_one()
    assert_says(text_of(issued.stored_pdf(new)), f"thay thế Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng số {licence.number}",
                licence.valid_from.strftime("%d/%m/%Y"))


def test_a_failed_render_leaves_the_dossier_waiting_for_approval(actors, monkeypatch):
    dossier = make_dossier("bl_grant", actors[APPLICANT])
    drive(dossier, actors, "submit", "accept", "propose_grant")
    db.session.commit()
    counters = {(c.name, c.year): c.value for c in db.session.query(Counter)}

    def broken(document):
        raise RuntimeError("renderer down")

    monkeypatch.setattr(issued, "render", broken)
    with pytest.raises(RuntimeError, match="renderer down"):
        fire(dossier, "approve", actors[LEADER])
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).state == "pending_approval"
    assert db.session.query(IssuedDocument).filter_by(dossier_id=dossier.id).count() == 0
    assert {(c.name, c.year): c.value for c in db.session.query(Counter)} == counters
    assert [e.action for e in db.session.get(Dossier, dossier.id).events][-1] == "propose_grant"


def test_a_failed_signature_leaves_nothing_issued(actors, monkeypatch):
    dossier = make_dossier("id_grant", actors[APPLICANT])
    drive(dossier, actors, *path_to_issued("id_grant")[:-1])
    db.session.commit()

    def broken(pdf):
        raise OSError("signing key unreadable")

    monkeypatch.setattr(signing, "sign", broken)
    with pytest.raises(OSError):
        pay(dossier)  # the portal issues the certificate once its fee is paid
    db.session.rollback()
    assert db.session.get(Dossier, dossier.id).state == "awaiting_payment"
    assert db.session.query(IssuedDocument).count() == 0


def decided(actors, *actions, procedure="bl_grant", note="Thiếu phương án kỹ thuật chi tiết."):
    dossier = make_dossier(procedure, actors[APPLICANT])
    drive(dossier, actors, *actions, note=note)
    db.session.commit()
    return dossier


def test_receipt_gives_the_appointment_date(actors):
    dossier = decided(actors, "submit", "accept")
    text = text_of(letters.stored(letters.latest("receipt", dossier)))
    assert_says(text, *HEADING, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", dossier.code,
                dossier.enterprise.name, "Ngày hẹn trả kết quả", "15 ngày làm việc")


def test_supplementation_request_lists_what_is_missing_and_the_deadline(actors):
    dossier = decided(actors, "submit", "accept", "request_supplement")
    text = text_of(letters.stored(letters.latest("supplementation", dossier)))
    assert_says(text, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "Thiếu phương án kỹ thuật chi tiết",
                "Thời hạn bổ sung", dossier.code)


def test_refusal_letter_gives_the_reasons(actors):
    dossier = decided(actors, "submit", "accept", "propose_refusal", "refuse",
                      note="Nhân sự kỹ thuật không đáp ứng điều kiện.")
    text = text_of(letters.stored(letters.latest("refusal", dossier)))
    assert_says(text, "Phiếu từ chối giải quyết hồ sơ", "Nhân sự kỹ thuật không đáp ứng điều kiện",
                dossier.enterprise.name)


def test_apology_proposes_a_new_date(actors):
    dossier = decided(actors, "submit", "accept")
    first_date, new_date = dossier.due_on, add_working_days(dossier.due_on, 5)
    clock.reschedule(dossier, actors[SPECIALIST], new_date, "cần lấy ý kiến bộ, ngành")
    text = text_of(letters.stored(letters.latest("apology", dossier)))
    assert_says(text, "Phiếu xin lỗi và hẹn lại ngày trả kết quả", new_date.strftime("%d/%m/%Y"),
                first_date.strftime("%d/%m/%Y"), "cần lấy ý kiến bộ, ngành")


def test_suspension_and_revocation_decisions_name_the_document(actors):
    licence = make_issued("business_licence", actors)
    until = workdays.today() + timedelta(days=60)
    fire(licence, "suspend", actors[LEADER], note="cung cấp dịch vụ không đúng giấy phép",
         ground="different_service", until=until)
    text = text_of(letters.stored(letters.latest("suspension", licence.dossier)))
    assert_says(text, "Quyết định", f"Về việc tạm đình chỉ Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng số {licence.number}",
                "Căn cứ Luật An ninh mạng số 116/2025/QH15", "Căn cứ Nghị định số 02/2025/NĐ-CP", until.strftime("%d/%m/%Y"),
                "cung cấp dịch vụ không đúng giấy phép", "Cung cấp sản phẩm, dịch vụ không đúng nội dung",
                "Điều 1")
    fire(licence, "revoke", actors[LEADER], ground="suspension_unfixed")
    text = text_of(letters.stored(letters.latest("revocation", licence.dossier)))
    assert_says(text, "Về việc thu hồi", licence.number, licence.enterprise.name)


@pytest.mark.parametrize("kind, actions", [("refusal", ("submit",)), ("supplementation", ()),
                                           ("receipt", ("submit",)), ("apology", ("submit", "accept")),
                                           ("suspension", ("submit",)), ("nonsense", ())])
def test_a_letter_the_history_does_not_support_is_unavailable(kind, actions, actors):
    dossier = decided(actors, *actions)
    with pytest.raises(letters.LetterUnavailable):
        letters.latest(kind, dossier)


def test_the_pdf_fetcher_serves_static_files_and_data_uris_only(app):
    fetcher = pdf.url_fetcher()
    css = (pdf.static_root() / "css" / "pdf.css").as_uri()
    assert b"@page" in fetcher.fetch(css).read()
    assert fetcher.fetch("data:text/plain;base64,b2s=").read() == b"ok"
    for url in ("file:///etc/passwd", (pdf.static_root() / ".." / "pyproject.toml").as_uri(),
                "http://127.0.0.1:5000/", "https://example.com/x.png"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_a_development_signing_key_is_made_once_under_the_instance_folder(app, actors):
    make_issued("business_licence", actors)
    folder = signing._development_files()[0].parent
    assert folder.name == "signing" and folder.parent == files.folders()[files.ISSUED].parent
    key = (folder / "key.pem").read_bytes()
    assert (folder / "key.pem").stat().st_mode & 0o077 == 0
    make_issued("identifier_certificate", actors)
    assert (folder / "key.pem").read_bytes() == key
