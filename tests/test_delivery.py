"""The applicant chooses how the result arrives (online, the counter, or the post to an address);
an officer records the hand-over or the postal item's number once; both see how and when."""
import pytest
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import AuditRecord, Delivery
from procedures import APPLICANT, LEADER, SPECIALIST
from tests.builders import drive, make_dossier, make_user, path_to_issued

ADDRESS = "Số 12 Lê Thánh Tông, Hoàn Kiếm, Hà Nội"


@pytest.fixture
def office(app):
    actors = {APPLICANT: make_user(APPLICANT), SPECIALIST: make_user(SPECIALIST), LEADER: make_user(LEADER)}
    db.session.commit()
    return actors


@pytest.fixture
def dossier(office):
    draft = make_dossier("id_grant", office[APPLICANT])
    drive(draft, office, *path_to_issued("id_grant")[:1])
    db.session.commit()
    return draft


def finish(dossier, office):
    drive(dossier, office, *path_to_issued("id_grant")[1:])
    db.session.commit()


def choose(client, dossier, method, address=""):
    return client.post(f"/applicant/dossiers/{dossier.id}/delivery", data={"method": method, "address": address},
                       follow_redirects=True).get_data(as_text=True)


def hand_over(client, dossier, proof):
    return client.post(f"/officer/dossiers/{dossier.id}/delivery", data={"proof": proof},
                       follow_redirects=True).get_data(as_text=True)


def test_the_post_needs_an_address_and_the_choice_is_kept(office, dossier, client, auth):
    auth.login(office[APPLICANT].email)
    assert "Nhận bản điện tử có chữ ký số trên Cổng" in client.get(f"/applicant/dossiers/{dossier.id}").get_data(as_text=True)
    assert "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính." in choose(client, dossier, "post")
    assert db.session.query(Delivery).count() == 0
    assert "Vui lòng chọn cách nhận kết quả." in choose(client, dossier, "pigeon")

    page = choose(client, dossier, "post", ADDRESS)
    assert "Đã lưu cách nhận kết quả." in page and ADDRESS in page
    assert (db.session.query(Delivery).one().method, db.session.query(Delivery).one().address) == ("post", ADDRESS)


def test_a_posted_result_is_recorded_once_and_then_fixed(office, dossier, client, auth):
    auth.login(office[APPLICANT].email)
    choose(client, dossier, "post", ADDRESS)
    auth.login(office[SPECIALIST].email)
    assert "Không có kết quả bản giấy nào đang chờ trao" in hand_over(client, dossier, "EE123456789VN")

    finish(dossier, office)
    page = client.get(f"/officer/dossiers/{dossier.id}").get_data(as_text=True)
    assert "Ghi nhận đã trao kết quả" in page and ADDRESS in page
    page = hand_over(client, dossier, "EE123456789VN")
    assert "Đã ghi nhận việc trao kết quả." in page and "Số hiệu bưu gửi: EE123456789VN" in page
    assert "Không có kết quả bản giấy nào đang chờ trao" in hand_over(client, dossier, "EE000000000VN")
    assert db.session.query(AuditRecord).filter_by(verb="result_handed_over").count() == 1

    auth.login(office[APPLICANT].email)
    page = client.get(f"/applicant/dossiers/{dossier.id}").get_data(as_text=True)
    assert "đã trao lúc" in page and "EE123456789VN" in page and "Lưu cách nhận kết quả" not in page
    assert "không thay đổi được cách nhận" in choose(client, dossier, "counter")


def test_an_online_result_has_nothing_to_hand_over(office, dossier, client, auth):
    finish(dossier, office)
    auth.login(office[SPECIALIST].email)
    assert "Ghi nhận đã trao kết quả" not in client.get(f"/officer/dossiers/{dossier.id}").get_data(as_text=True)
    assert "Không có kết quả bản giấy nào đang chờ trao" in hand_over(client, dossier, "Nguyễn Văn A")


def test_a_counter_hand_over_needs_who_took_it(office, dossier, client, auth):
    auth.login(office[APPLICANT].email)
    choose(client, dossier, "counter")
    finish(dossier, office)
    auth.login(office[SPECIALIST].email)
    assert "Vui lòng nhập mục này." in hand_over(client, dossier, "  ")
    assert "Họ tên người nhận và giấy tờ tùy thân: Lê Văn Bình, CCCD 001203004567" in hand_over(
        client, dossier, "Lê Văn Bình, CCCD 001203004567")


def test_the_database_refuses_a_post_without_address_or_a_hand_over_without_proof(dossier):
    db.session.add(Delivery(dossier_id=dossier.id, method="post", address="", proof=""))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(Delivery(dossier_id=dossier.id, method="counter", address="", proof="",
                            handed_at=db.func.now()))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
