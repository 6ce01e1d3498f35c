"""A dossier handed in at the counter or posted: the desk records it for the applicant (one
with an account or not yet), enters its answers, scans its papers and records its submission;
it then runs the same workflow, its clock counting from the day the desk received it."""
import io
import uuid
from datetime import time

import pytest
from sqlalchemy.exc import IntegrityError

from portal.demo import SAMPLE_PDF, sample_form
from portal.dossiers import conditions
from portal.dossiers.paper import earliest_receipt, received_at
from portal.extensions import db
from portal.infra import workdays
from portal.infra.workdays import add_working_days
from portal.models import Dossier, Enterprise, OutboxMessage, PaperIntake, User
from procedures import APPLICANT, PROCEDURES, SPECIALIST
from tests.builders import PASSWORD, make_user, payload

NEW_CODE, CONTACT = "0312345678", "ke.toan@thep-nam-bo.vn"
ADDRESS = "Số 5 Nguyễn Huệ, phường Bến Nghé, TP. Hồ Chí Minh"


def record(client, procedure="id_grant", channel="post", day=None, at="16:00", code=NEW_CODE, **more):
    data = {"key": uuid.uuid4().hex, "procedure": procedure, "channel": channel, "received_on": (day or earliest_receipt()).isoformat(),
            "received_time": at, "reference": "EE123456789VN", "applicant_type": "enterprise",
            "code": code, "name": "Công ty TNHH Thép Nam Bộ", "address": "Số 5 Nguyễn Huệ, TP. Hồ Chí Minh",
            "legal_representative": "Trần Văn Bình", "contact_name": "Lê Thị Hoa", "contact_email": CONTACT,
            "result_method": "post", "result_address": ADDRESS, **more}
    return client.post("/officer/desk/", data=data, follow_redirects=True).get_data(as_text=True)


def scan_everything(client, dossier):
    for r in conditions.requirements(dossier):
        if conditions.takes_files(dossier, r):
            client.post(f"/officer/desk/dossiers/{dossier.id}/uploads", content_type="multipart/form-data",
                        data={"requirement": r.key, "file": (io.BytesIO(SAMPLE_PDF), f"scan-{r.key}.pdf")})


def submit(client, dossier):
    db.session.refresh(dossier)  # the version the desk's page shows
    return client.post(f"/officer/desk/dossiers/{dossier.id}/actions/submit",
                       data={"version": dossier.version}, follow_redirects=True).get_data(as_text=True)


@pytest.fixture
def desk(app, client, auth):
    specialist = make_user(SPECIALIST)
    db.session.commit()
    auth.login(specialist.email)
    return specialist


def test_a_posted_dossier_runs_from_the_day_the_desk_received_it_and_its_contact_is_invited(desk, client, auth):
    assert "Tiếp nhận hồ sơ giấy" in client.get("/officer/", follow_redirects=True).get_data(as_text=True)
    # Decree 91/2020 Art. 25: identifier names come by post, not to the counter.
    assert "không nhận hồ sơ giấy theo cách nộp đã chọn" in record(client, channel="counter")
    assert "chậm nhất trong 01 ngày làm việc" in record(client, day=earliest_receipt().replace(year=2020))
    assert "không thể ở tương lai" in record(client, day=workdays.today().replace(year=workdays.today().year + 1))
    assert "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính." in record(client, result_address="")
    assert db.session.query(Dossier).count() == 0 and db.session.query(Enterprise).count() == 0

    page = record(client)
    dossier = db.session.query(Dossier).one()
    assert "Đã ghi nhận hồ sơ giấy" in page and f"Đã gửi thư mời {CONTACT}" in page
    assert (dossier.paper.channel, dossier.paper.reference, dossier.enterprise.code) == ("post", "EE123456789VN", NEW_CODE)
    assert (dossier.delivery.method, dossier.delivery.address) == ("post", ADDRESS)  # the result goes back by post
    invitation = db.session.query(OutboxMessage).filter_by(recipient=CONTACT).one()
    assert "Bộ phận Một cửa đã nhận hồ sơ giấy của Công ty TNHH Thép Nam Bộ" in invitation.body

    procedure = PROCEDURES["id_grant"]
    client.post(f"/officer/desk/dossiers/{dossier.id}", data=payload(procedure, sample_form(procedure)))
    # On paper the signed declaration is scanned like the rest: nothing is missing unnoticed.
    page = submit(client, dossier)
    assert "Thiếu tài liệu" in page and dossier.code is None, page[page.find('class="flash'):][:800]
    scan_everything(client, dossier)
    page = submit(client, dossier)
    db.session.refresh(dossier)
    assert dossier.code and dossier.code in page and "được xử lý như hồ sơ trực tuyến" in page
    received = received_at(earliest_receipt(), time(16))
    assert workdays.local_time(dossier.submitted_at) == workdays.local_time(received)
    assert dossier.result_due == add_working_days(earliest_receipt(), procedure.time_limits.handling)
    assert dossier.state in {t.target for t in procedure.flow.transitions if t.action == "submit"}
    assert "Gửi qua dịch vụ bưu chính" in client.get(f"/officer/dossiers/{dossier.id}").get_data(as_text=True)

    # The invited contact sets a password and finds the dossier in the enterprise's account.
    link = next(line for line in invitation.body.splitlines() if "/auth/reset/" in line).strip()
    client.get("/auth/logout")
    client.post(link[link.index("/auth/reset/"):], data={"password": PASSWORD, "confirm": PASSWORD})
    auth.login(CONTACT, PASSWORD)
    assert dossier.code in client.get("/applicant/").get_data(as_text=True)


def test_an_applicant_with_an_account_finds_its_paper_dossier_there_uninvited(desk, client, auth, actors):
    holder = actors[APPLICANT].enterprise
    record(client, procedure="bl_grant", channel="counter", code=holder.code, at="08:05")
    dossier = db.session.query(Dossier).one()
    assert dossier.enterprise_id == holder.id
    assert db.session.query(User).filter_by(email=CONTACT).count() == 0
    procedure = PROCEDURES["bl_grant"]
    client.post(f"/officer/desk/dossiers/{dossier.id}", data=payload(procedure, sample_form(procedure)))
    scan_everything(client, dossier)
    page = submit(client, dossier)
    db.session.refresh(dossier)
    assert dossier.code and dossier.paper.channel == "counter", page[page.find('class="flash error'):][:800]
    auth.login(actors[APPLICANT].email)
    assert dossier.code in client.get("/applicant/").get_data(as_text=True)


def test_a_dossier_filed_online_is_not_the_desks_to_record(desk, client, actors):
    from tests.builders import make_dossier
    online = make_dossier("id_grant", actors[APPLICANT])
    db.session.commit()
    assert client.get(f"/officer/desk/dossiers/{online.id}").status_code == 404
    assert client.post(f"/officer/desk/dossiers/{online.id}/actions/submit",
                       data={"version": online.version}).status_code == 404
    assert online.code is None


def test_the_database_keeps_one_receipt_per_dossier_by_a_known_channel(desk, client):
    record(client)
    dossier = db.session.query(Dossier).one()
    db.session.add(PaperIntake(dossier_id=dossier.id, channel="post", received_at=dossier.paper.received_at,
                               recorded_by_id=desk.id, form_key=uuid.uuid4().hex))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(IntegrityError):
        db.session.execute(db.update(PaperIntake).values(channel="fax"))


def test_every_procedure_takes_paper_by_channels_the_desk_knows():
    from procedures.intake import PAPER_CHANNELS
    assert all(p.paper_channels and set(p.paper_channels) <= set(PAPER_CHANNELS) for p in PROCEDURES.values())


def test_a_double_click_records_the_dossier_once(desk, client):
    key = uuid.uuid4().hex
    record(client, key=key)
    assert "đã được ghi nhận; không ghi nhận lần nữa" in record(client, key=key)
    assert db.session.query(Dossier).count() == db.session.query(PaperIntake).count() == 1
