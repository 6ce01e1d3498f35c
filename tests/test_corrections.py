"""When the authority made an error in an issued document, a leader issues a corrected copy, free
and with the same validity, that supersedes the wrong one with a note; the holder is told
(Decree 61/2018 Art. 21(1))."""
import subprocess

import pytest
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import IssuedDocument, Notification, OutboxMessage
from procedures import APPLICANT, LEADER, SPECIALIST
from tests.builders import make_issued, make_user

NOTE = "Sai chính tả tên doanh nghiệp do cán bộ nhập liệu."
RIGHT_NAME = "Công ty TNHH An toàn Thông tin Sao Mai"


@pytest.fixture
def office(app):
    actors = {APPLICANT: make_user(APPLICANT), SPECIALIST: make_user(SPECIALIST), LEADER: make_user(LEADER)}
    db.session.commit()
    return actors


def correct(client, document, **fixes):
    data = {"note": NOTE, **{f"fix-{k.replace('__', ':')}": v for k, v in fixes.items()}}
    return client.post(f"/officer/documents/{document.id}/actions/correct", data=data,
                       follow_redirects=True).get_data(as_text=True)


def editions(document) -> list[IssuedDocument]:
    db.session.expire_all()
    return db.session.execute(db.select(IssuedDocument).where(IssuedDocument.dossier_id == document.dossier_id)
                              .order_by(IssuedDocument.edition)).scalars().all()


@pytest.mark.reads_pdfs
def test_a_leader_corrects_the_holders_name_and_the_copy_supersedes_the_wrong_one(office, client, auth, tmp_path):
    licence = make_issued("business_licence", office)
    db.session.commit()
    auth.login(office[LEADER].email)
    page = client.get(f"/officer/documents/{licence.id}").get_data(as_text=True)
    assert "Đính chính (cấp bản đã sửa lỗi)" in page and f'value="{licence.data["holder"]["name"]}"' in page

    correct(client, licence, holder__name=RIGHT_NAME, holder__code="0000000000", answer__trading_name="SAO MAI SEC")
    wrong, right = editions(licence)
    assert (wrong.status, right.status, right.edition, right.supersedes_id) == ("superseded", "active", 2, wrong.id)
    assert (right.valid_from, right.valid_until) == (wrong.valid_from, wrong.valid_until)
    assert right.data["holder"]["name"] == RIGHT_NAME and right.data["trading_name"] == "SAO MAI SEC"
    assert right.data["holder"]["code"] == wrong.data["holder"]["code"]  # not an entry a correction states
    assert right.data["correction"] == {"of": wrong.number, "on": right.data["correction"]["on"], "note": NOTE}

    path = tmp_path / "right.pdf"
    path.write_bytes(client.get(f"/documents/{right.number}.pdf").data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert RIGHT_NAME in " ".join(text.split()) and f"đính chính" in text and wrong.number in text
    verify = client.get(f"/verify/{wrong.number}").get_data(as_text=True)
    assert right.number in verify


def test_the_holder_is_told_and_sees_the_corrected_copy(office, client, auth):
    certificate = make_issued("identifier_certificate", office)
    db.session.commit()
    auth.login(office[LEADER].email)
    correct(client, certificate, holder__address="Số 5 Nguyễn Du, Hà Nội")
    right = editions(certificate)[-1]
    assert db.session.query(OutboxMessage).filter(OutboxMessage.recipient == office[APPLICANT].email,
                                                  OutboxMessage.body.contains(certificate.number)).count() >= 1
    assert db.session.query(Notification).filter(Notification.user_id == office[APPLICANT].id,
                                                 Notification.message.contains("Đã được thay thế")).count() == 1
    auth.login(office[APPLICANT].email)
    page = client.get(f"/applicant/dossiers/{certificate.dossier_id}").get_data(as_text=True)
    assert right.number in page


def test_a_correction_needs_its_note_and_a_specialist_cannot_make_one(office, client, auth):
    licence = make_issued("business_licence", office)
    db.session.commit()
    auth.login(office[LEADER].email)
    page = client.post(f"/officer/documents/{licence.id}/actions/correct", data={"fix-holder:name": RIGHT_NAME},
                       follow_redirects=True).get_data(as_text=True)
    assert "Vui lòng ghi rõ nội dung hoặc lý do." in page and len(editions(licence)) == 1
    auth.login(office[SPECIALIST].email)
    correct(client, licence, holder__name=RIGHT_NAME)
    assert len(editions(licence)) == 1


def test_the_database_keeps_one_document_of_each_edition(office):
    licence = make_issued("business_licence", office)
    db.session.commit()
    db.session.add(IssuedDocument(kind=licence.kind, number="GPKD-TRUNG", dossier_id=licence.dossier_id, edition=1,
                                  enterprise_id=licence.enterprise_id, valid_from=licence.valid_from,
                                  valid_until=licence.valid_until, data=licence.data))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
