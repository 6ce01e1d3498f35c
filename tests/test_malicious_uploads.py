"""Hostile files get a clear refusal, never a 500, and leave the draft as it was."""
import gzip
import io
import time
import zipfile
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.documents import issued
from portal.infra import files
from portal.infra import uploads
from portal.demo import SAMPLE_PDF
from portal.extensions import db
from portal.models import Dossier, Upload
from procedures import APPLICANT
from tests import pdfs
from tests.builders import make_dossier, make_issued, make_user
from tests.summary import count


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.txt", b"\0" * 10_000_000)
    return out.getvalue()


HOSTILE = {
    "pdf-with-javascript": (pdfs.classic({1: pdfs.CATALOG, 2: pdfs.PAGES, 3: pdfs.PAGE, 5: pdfs.JAVASCRIPT}),
                            "thu.pdf", "mã thực thi"),
    "pdf-launching-a-program": (pdfs.plain(b"/AA<</O<</S/Launch/F(cmd.exe)>>>>"), "a.pdf", "mã thực thi"),
    "pdf-opening-a-link": (pdfs.plain(b"/Annots[<</Subtype/Link/Rect[0 0 9 9]/A<</S/URI/URI(http://x.example)>>>>]"),
                           "lienket.pdf", "mã thực thi"),
    "pdf-submitting-a-form": (pdfs.plain(b"/Annots[<</Subtype/Widget/A<</S/SubmitForm/F(http://x.example)>>>>]"),
                              "bieumau.pdf", "mã thực thi"),
    "pdf-with-an-embedded-file": (pdfs.classic({
        1: b"<</Type/Catalog/Pages 2 0 R/Names<</EmbeddedFiles<</Names[(a.exe) 6 0 R]>>>>>>", 2: pdfs.PAGES,
        3: pdfs.PAGE, 6: b"<</Type/Filespec/F(a.exe)/EF<</F 7 0 R>>>>",
        7: b"<</Type/EmbeddedFile/Length 2>>stream\nMZ\nendstream"}), "nhung.pdf", "mã thực thi"),
    "pdf-with-an-xfa-form": (pdfs.classic({1: b"<</Type/Catalog/Pages 2 0 R/AcroForm<</Fields[]/XFA 6 0 R>>>>",
                                           2: pdfs.PAGES, 3: pdfs.PAGE, 6: b"<</Length 1>>stream\nx\nendstream"}),
                             "xfa.pdf", "mã thực thi"),
    "pdf-javascript-in-an-incremental-update": (
        pdfs.classic({1: pdfs.CATALOG, 5: pdfs.JAVASCRIPT}, previous=pdfs.plain()), "sua.pdf", "mã thực thi"),
    "pdf-javascript-with-an-escaped-name": (
        pdfs.in_object_stream(b"<</S/J#61vaScript/J#53(app.alert(1))>>"), "ten.pdf", "mã thực thi"),
    "pdf-without-a-trailer": (b"%PDF-1.4\n1 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF",
                              "hong.pdf", "không đọc được"),
    "zip-bomb-named-pdf": (zip_bomb(), "bao-cao.pdf", "không phải là PDF"),
    "gzip-named-pdf": (gzip.compress(b"\0" * 1_000_000), "bao-cao.pdf", "không phải là PDF"),
    "html-named-pdf": (b"<html><script>alert(1)</script>", "x.pdf", "không phải là PDF"),
    "exe-named-pdf": (b"MZ\x90\x00" + b"\0" * 100, "setup.pdf", "không phải là PDF"),
    "svg-named-png": (b"<svg onload=alert(1)>", "logo.png", "không phải là PDF"),
    "empty": (b"", "rong.pdf", "rỗng"),
    "traversal": (SAMPLE_PDF, "../../../../app.pdf", "không hợp lệ"),
    "null-byte": (SAMPLE_PDF, "a\x00.pdf", "không hợp lệ"),
}


@pytest.fixture
def draft(app, client, auth):
    applicant = make_user(APPLICANT)
    dossier = make_dossier("bl_grant", applicant, complete=False)
    db.session.commit()
    auth.login(applicant.email)
    return dossier.id


def send(client, dossier_id, data, name, requirement="business_plan"):
    return client.post(f"/applicant/dossiers/{dossier_id}/uploads", follow_redirects=True,
                       content_type="multipart/form-data",
                       data={"requirement": requirement, "file": (io.BytesIO(data), name)})


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_file_is_refused_with_a_reason(draft, client, case):
    data, name, reason = HOSTILE[case]
    response = send(client, draft, data, name)
    assert response.status_code == 200 and reason in response.get_data(as_text=True)
    assert db.session.query(Upload).count() == 0
    count("hostile uploads refused")


@pytest.mark.parametrize("filter_name", list(pdfs.FILTERS))
def test_javascript_behind_any_stream_filter_is_found(app, filter_name):
    """The old byte scan inflated Flate only; qpdf decodes every filter of an object stream."""
    assert uploads.pdf_verdict(pdfs.in_object_stream(pdfs.JAVASCRIPT, filter_name)) == uploads.ACTIVE
    # The same file with a harmless action passes: the filter was read, not merely feared.
    harmless = pdfs.in_object_stream(b"<</S/GoTo/D[3 0 R/Fit]>>", filter_name)
    assert uploads.pdf_verdict(harmless) == uploads.CLEAN
    count("hostile uploads refused")


ADVERSARIAL = {
    # The old scan inflated the rest of the file at every "stream": quadratic.
    "a stream keyword every 18 bytes": b"3 0 obj<<>>stream\n",
    # Millions of tiny objects for the parser, with no cross-reference table to trust.
    "a million objects": b"4 0 obj<</A[1 2 3]>>endobj\n",
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_a_20_mib_adversarial_pdf_is_answered_within_two_seconds(app, name):
    unit = ADVERSARIAL[name]
    data = (b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            + unit * (20 * 2**20 // len(unit) - 8) + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    started = time.monotonic()
    with pytest.raises(uploads.UploadRefused, match="quá phức tạp|không đọc được"):
        uploads.check("lon.pdf", data, ("pdf",))
    elapsed = time.monotonic() - started
    assert elapsed < 2.0, elapsed
    count("adversarial PDFs answered in time")


def test_a_full_disk_during_upload_loses_nothing_and_says_so(draft, client, monkeypatch):
    send(client, draft, SAMPLE_PDF, "don.pdf")

    def disk_full(data):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(files, "store_upload", disk_full)
    response = send(client, draft, SAMPLE_PDF + b"%new", "don-moi.pdf")
    assert "chưa lưu được tệp" in response.get_data(as_text=True)
    db.session.expire_all()
    assert [u.filename for u in db.session.get(Dossier, draft).uploads] == ["don.pdf"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.binary(max_size=2048), name=st.text(max_size=80))
def test_any_bytes_under_any_name_get_an_answer_not_a_crash(draft, client, data, name):
    response = send(client, draft, data, name or "x")
    assert response.status_code in (200, 400), response.status_code
    count("fuzz cases run")


def test_the_stored_name_is_the_content_hash_never_the_users(draft, client, app):
    send(client, draft, SAMPLE_PDF, "Đơn đề nghị (bản ký).pdf")
    upload = db.session.execute(db.select(Upload)).scalar_one()
    assert files.upload_path(upload.sha256).read_bytes() == SAMPLE_PDF
    assert upload.sha256 in str(files.upload_path(upload.sha256))


def test_a_real_pdf_with_compressed_streams_is_accepted(actors):
    pdf = issued.stored_pdf(make_issued("business_licence", actors))  # fonts, QR code, signature
    assert b"/FlateDecode" in pdf
    assert uploads.check("giay-phep.pdf", pdf, ("pdf",)) == "pdf"


def test_a_scan_with_a_large_compressed_image_is_accepted(app):
    image = zlib.compress(b"\xff" * 40 * 2**20, 9)  # never inflated: an image runs nothing
    pdf = pdfs.classic({1: b"<</Type/Catalog/Pages 2 0 R>>", 2: pdfs.PAGES,
                        3: pdfs.PAGE[:-2] + b"/Resources<</XObject<</Im0 4 0 R>>>>>>",
                        4: b"<</Type/XObject/Subtype/Image/Width 8192/Height 5120/BitsPerComponent 8"
                           b"/ColorSpace/DeviceGray/Filter/FlateDecode/Length %d>>stream\n" % len(image)
                           + image + b"\nendstream"})
    assert uploads.check("ban-chup.pdf", pdf, ("pdf",)) == "pdf"


def test_a_file_replaced_in_a_draft_leaves_the_disk_at_once(draft, client):
    send(client, draft, pdfs.plain(b"/Rotate 0"), "don.pdf")
    first = files.upload_path(db.session.execute(db.select(Upload)).scalar_one().sha256)
    send(client, draft, pdfs.plain(b"/Rotate 90"), "don-sua.pdf")
    assert not first.exists()
    kept = db.session.execute(db.select(Upload)).scalar_one()
    assert kept.filename == "don-sua.pdf" and files.upload_path(kept.sha256).exists()
    count("replaced uploads deleted")


def test_bytes_another_dossier_still_names_stay_when_one_draft_replaces_them(app, draft, client, auth):
    send(client, draft, SAMPLE_PDF, "don.pdf")
    dossier = db.session.get(Dossier, draft)
    other = make_dossier("bl_grant", dossier.created_by)  # the same bytes, in another draft
    db.session.commit()
    send(client, draft, pdfs.plain(), "don-moi.pdf")
    assert files.upload_path(other.uploads[0].sha256).exists()


def test_an_upload_past_the_enterprise_quota_is_refused_and_the_draft_kept(app, draft, client):
    send(client, draft, SAMPLE_PDF, "don.pdf")
    app.config["ENTERPRISE_STORAGE_QUOTA"] = len(SAMPLE_PDF) + 100
    response = send(client, draft, pdfs.plain(b"/Rotate 0" + b" " * 200), "lon-hon.pdf", requirement="staff_qualifications")
    assert "dung lượng lưu trữ" in response.get_data(as_text=True)
    assert [u.filename for u in db.session.get(Dossier, draft).uploads] == ["don.pdf"]
    # Replacing a file with one of the same size stays within the quota.
    send(client, draft, SAMPLE_PDF.replace(b"595", b"596"), "don-2.pdf")
    db.session.expire_all()
    assert [u.filename for u in db.session.get(Dossier, draft).uploads] == ["don-2.pdf"]
    count("storage quotas enforced")
