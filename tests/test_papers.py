"""The papers as a reader gets them, checked with poppler's tools (independent of the code
that made them): one page for a licence, every font embedded, the motto on one line, and a
signature pdfsig accepts, for every kind of document and letter."""
import re
import subprocess
from datetime import date, timedelta

import pytest

from portal.documents import issued, letters, pdf
from portal.engine import fire
from portal.extensions import db
from portal.infra import files, workdays
from portal.models import IssuedDocument, IssuedLetter
from procedures import LEADER, LETTERS, PROCEDURES, RESULT_KINDS
from tests.builders import drive, make_issued, make_ready

pytestmark = pytest.mark.reads_pdfs  # they read what the PDFs say


def poppler(*command) -> str:
    return subprocess.run([str(part) for part in command], capture_output=True, text=True,
                          timeout=60).stdout


def first_page_qr(path) -> str:
    """What the QR code on page 1 says, read from the rendered page as a phone would."""
    import pypdfium2
    import zxingcpp
    document = pypdfium2.PdfDocument(str(path))
    image = document[0].render(scale=3).to_pil().convert("L")
    codes = [c.text for c in zxingcpp.read_barcodes(image) if c.format == zxingcpp.BarcodeFormat.QRCode]
    document.close()
    return codes[0] if codes else ""


def check_archivable(path) -> None:
    """PDF/A-3b as the metadata declares it, with an output intent and a structure tree."""
    from pypdf import PdfReader
    root = PdfReader(str(path)).trailer["/Root"]
    assert {"/OutputIntents", "/StructTreeRoot", "/MarkInfo"} <= set(root.keys())
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp


def check_paper(path) -> None:
    fonts = poppler("pdffonts", path).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # "emb" column
    text = poppler("pdftotext", "-layout", path, "-")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text  # the motto never wraps
    assert re.search(r"Số: \S+", text)
    assert re.search(r"Hà Nội, ngày \d\d tháng (0[12]|[3-9]|1[0-2]) năm \d{4}", text), text[:400]
    check_archivable(path)
    signature = poppler("pdfsig", path)
    assert "Signature Validation: Signature is Valid." in signature, signature


@pytest.mark.parametrize("kind", list(RESULT_KINDS))
def test_each_kind_of_document_fits_one_page_with_fonts_embedded_and_a_valid_signature(kind, actors):
    document = make_issued(kind, actors)
    path = files.issued_path(document.sha256)
    check_paper(path)
    assert "Pages:           1\n" in poppler("pdfinfo", path)
    assert first_page_qr(path).endswith(f"/verify/{document.number}")
    assert issued.stored_pdf(document) == path.read_bytes()


def test_every_letter_and_decision_is_signed_with_fonts_embedded(actors):
    dossier = make_ready("bl_grant", actors)
    drive(dossier, actors, "submit", "return_for_correction", "resubmit", "accept",
          "propose_refusal", "refuse")
    licence = make_issued("business_licence", actors)
    fire(licence, "suspend", actors[LEADER], ground="condition_lost",
         until=workdays.today() + timedelta(days=30))
    fire(licence, "revoke", actors[LEADER], ground="suspension_unfixed")
    papers = letters.written(dossier) + letters.written(licence.dossier)
    assert {p.name for p in papers} >= {"supplementation", "receipt", "refusal", "suspension",
                                        "revocation"}
    for paper in papers:
        check_paper(files.issued_path(paper.sha256))
        assert first_page_qr(files.issued_path(paper.sha256)).endswith(f"/verify/{paper.code}")


def test_samples_of_every_kind_are_written_with_the_longest_content_and_nothing_kept(app, runner,
                                                                                    tmp_path):
    result = runner.invoke(args=["documents", "samples", str(tmp_path / "samples")])
    assert result.exit_code == 0, result.output
    written = {path.stem for path in (tmp_path / "samples").glob("*.pdf")}
    assert written == set(RESULT_KINDS) | set(LETTERS)
    for name in written:
        check_paper(tmp_path / "samples" / f"{name}.pdf")
        assert "/verify/" in first_page_qr(tmp_path / "samples" / f"{name}.pdf"), name
    for kind in ("business_licence", "identifier_certificate"):  # every service type; 20 names
        assert "Pages:           1\n" in poppler("pdfinfo", tmp_path / "samples" / f"{kind}.pdf")
    permit = tmp_path / "samples" / "import_permit.pdf"  # twelve product lines: a second page
    assert "Trang 2/2" in poppler("pdftotext", "-layout", permit, "-")
    assert db.session.query(IssuedDocument).count() == 0 and db.session.query(IssuedLetter).count() == 0


def test_a_paper_prints_the_label_of_every_choice_a_procedure_declares():
    declared = {code: label.vi for p in PROCEDURES.values() for f in p.fields for code, label in f.choices}
    assert declared and all(pdf.CHOICE_LABELS[code] == label for code, label in declared.items())


def test_the_dateline_writes_days_and_the_first_two_months_with_a_leading_zero():
    from portal.documents.pdf import date_vi
    assert date_vi(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert date_vi(date(2026, 3, 15)) == "ngày 15 tháng 3 năm 2026"
    assert date_vi(date(2026, 12, 2)) == "ngày 02 tháng 12 năm 2026"
