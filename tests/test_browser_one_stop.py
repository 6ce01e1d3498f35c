"""Real-browser journeys for the one-stop shop's other paths: a result posted to the applicant,
public tracking by code, a periodic report filed and one late, a correction, a rating. The same
chromium, server and axe-core check as tests/test_browser_journeys.py."""
from datetime import date

from portal.extensions import db
from portal.infra import workdays
from portal.models import Delivery, Dossier, IssuedDocument, PeriodicReport, Rating
from procedures import APPLICANT, LEADER, PROCEDURES, SPECIALIST
from tests.builders import drive, make_dossier, make_issued, make_user, path_to_issued
from tests.test_browser_journeys import Journey, aside, browser, pytestmark, server, sign_in  # noqa: F401

ADDRESS = "Số 12 Lê Thánh Tông, Hoàn Kiếm, Hà Nội"


def people():
    actors = {APPLICANT: make_user(APPLICANT), SPECIALIST: make_user(SPECIALIST), LEADER: make_user(LEADER)}
    db.session.commit()
    return actors


def submitted(actors, procedure="id_grant") -> Dossier:
    dossier = make_dossier(procedure, actors[APPLICANT])
    aside(lambda: drive(dossier, actors, *path_to_issued(procedure)[:1]))
    db.session.commit()
    return dossier


def test_a_result_posted_to_the_applicant_and_tracked_by_code(app, server, browser):
    actors = people()
    dossier = submitted(actors)
    journey = Journey(browser, server, "one-stop-post")

    stranger = journey.person()  # anyone with the receipt: the code and the applicant's number
    stranger.goto("/")
    stranger.get_by_role("link", name="Tra cứu tình trạng hồ sơ").click()
    stranger.fill("#code", dossier.code)
    stranger.fill("#identifier", dossier.enterprise.code)
    stranger.locator("form.track button").click()
    stranger.wait_for_load_state()
    answer = stranger.locator("main dl.facts").inner_text()
    assert PROCEDURES[dossier.procedure].flow.state(dossier.state).label.vi in answer
    assert dossier.result_due.strftime("%d/%m/%Y") in answer
    assert actors[SPECIALIST].full_name not in stranger.content()
    journey.shot(stranger, "tracked")
    journey.audit(stranger, "tracking")

    me = journey.person()
    sign_in(me, actors[APPLICANT].email)
    me.goto(f"/applicant/dossiers/{dossier.id}")
    me.check('input[name="method"][value="post"]')
    me.fill("#address", ADDRESS)
    me.locator('#delivery button[type=submit]').click()
    me.wait_for_load_state()
    assert db.session.execute(db.select(Delivery.address)).scalar() == ADDRESS
    journey.shot(me, "posted result chosen")

    aside(lambda: drive(dossier, actors, *path_to_issued("id_grant")[1:]))
    db.session.commit()
    officer = journey.person()
    sign_in(officer, actors[SPECIALIST].email)
    officer.goto(f"/officer/dossiers/{dossier.id}")
    officer.fill("#hand-over-proof", "EE123456789VN")
    officer.locator("#delivery button[type=submit]").click()
    officer.wait_for_load_state()
    journey.shot(officer, "posting recorded")

    me.goto(f"/applicant/dossiers/{dossier.id}")
    assert "EE123456789VN" in me.content() and "đã trao lúc" in me.content()
    me.check('input[name="level"][value="satisfied"]')
    me.fill("#comment", "Nhận kết quả qua bưu điện đúng hẹn.")
    me.locator("#rating button[type=submit]").click()
    me.wait_for_load_state()
    assert "Bạn đã đánh giá: Hài lòng." in me.content()
    journey.shot(me, "rated")
    journey.audit(me, "dossier with result")

    leader = journey.person()
    sign_in(leader, actors[LEADER].email)
    leader.goto("/officer/ratings")
    assert "Nhận kết quả qua bưu điện đúng hẹn." in leader.content()
    assert db.session.query(Rating).count() == 1
    journey.shot(leader, "ratings")
    journey.audit(leader, "ratings")
    assert not journey.violations, journey.violations
    assert not journey.errors, journey.errors


def test_a_periodic_report_filed_one_late_and_a_correction(app, server, browser, monkeypatch):
    monkeypatch.setattr(workdays, "today", lambda: date(2026, 12, 31))  # the day after they were due
    actors = people()
    other = {**actors, APPLICANT: make_user(APPLICANT)}
    licence, late = [], []
    aside(lambda: licence.append(make_issued("business_licence", actors)))
    aside(lambda: late.append(make_issued("business_licence", other)))
    db.session.commit()
    journey = Journey(browser, server, "one-stop-duties")

    me = journey.person()
    sign_in(me, actors[APPLICANT].email)
    me.goto("/applicant/")
    me.get_by_role("link", name="Lập báo cáo").click()
    me.fill("#activity_summary", "Cung cấp dịch vụ giám sát cho 12 khách hàng.")
    me.fill("#customers", "12")
    me.locator("main form button[type=submit]").click()
    me.wait_for_load_state()
    assert "Đã nộp báo cáo." in me.content()
    journey.shot(me, "report filed")
    journey.audit(me, "report")

    specialist = journey.person()
    sign_in(specialist, actors[SPECIALIST].email)
    specialist.goto("/officer/documents/reports?missing=1")
    content = specialist.content()
    assert late[0].number in content and "Quá hạn, chưa nộp" in content and licence[0].number not in content
    assert db.session.query(PeriodicReport).count() == 1
    journey.shot(specialist, "reports missing")
    journey.audit(specialist, "reports")

    leader = journey.person()
    sign_in(leader, actors[LEADER].email)
    leader.goto(f"/officer/documents/{licence[0].id}")
    form = leader.locator('form[action$="/actions/correct"]')
    form.locator('input[name="fix-holder:name"]').fill("Công ty TNHH An toàn Thông tin Sao Mai")
    form.locator("textarea[name=note]").fill("Sai chính tả tên doanh nghiệp.")
    journey.shot(leader, "correction")
    journey.audit(leader, "document")
    form.locator("button[type=submit]").click()
    leader.wait_for_load_state()
    db.session.expire_all()
    corrected = db.session.execute(db.select(IssuedDocument).where(IssuedDocument.supersedes_id == licence[0].id)).scalar_one()
    assert corrected.data["holder"]["name"] == "Công ty TNHH An toàn Thông tin Sao Mai"

    me.goto(f"/applicant/dossiers/{licence[0].dossier_id}")
    assert corrected.number in me.content()
    journey.shot(me, "corrected copy")
    assert not journey.violations, journey.violations
    assert not journey.errors, journey.errors


def test_a_paper_dossier_to_a_posted_result(app, server, browser):
    from portal.dossiers.paper import earliest_receipt
    from portal.demo import SAMPLE_PDF
    actors = people()
    journey = Journey(browser, server, "one-stop-paper")
    scan = journey.folder / "scan.pdf"
    scan.write_bytes(SAMPLE_PDF)

    desk = journey.person()  # a posted dossier arrived yesterday afternoon
    sign_in(desk, actors[SPECIALIST].email)
    desk.goto("/officer/")
    desk.get_by_role("link", name="Tiếp nhận hồ sơ giấy").click()
    desk.select_option("#procedure", "id_grant")
    desk.check('input[name="channel"][value="post"]')
    desk.fill("#received_on", earliest_receipt().isoformat())
    desk.fill("#received_time", "16:30")
    desk.fill("#reference", "EE123456789VN")
    desk.fill("#code", "0312345678")
    desk.fill("#name", "Công ty TNHH Thép Nam Bộ")
    desk.fill("#address", "Số 5 Nguyễn Huệ, TP. Hồ Chí Minh")
    desk.fill("#legal_representative", "Trần Văn Bình")
    desk.check('input[name="result_method"][value="post"]')
    desk.fill("#result_address", ADDRESS)
    journey.audit(desk, "paper dossier form")
    desk.get_by_role("button", name="Ghi nhận hồ sơ giấy").click()
    desk.wait_for_load_state()
    assert "Đã ghi nhận hồ sơ giấy" in desk.content()

    desk.fill("#identifier_names", "THEPNAMBO")
    desk.locator('input[name="uses"]').first.check()
    desk.fill("#contact_person", "Lê Thị Hoa")
    desk.fill("#contact_phone", "0283 822 1234")
    desk.fill("#contact_email", "lienhe@thep-nam-bo.vn")
    desk.get_by_role("button", name="Lưu nội dung đơn").click()
    desk.wait_for_load_state()
    for key in ("identity_document", "declaration"):  # the signed declaration is scanned too
        desk.locator(f"#item-{key} input[type=file]").set_input_files(str(scan))
        desk.locator(f"#item-{key} button[type=submit]").click()
        desk.wait_for_load_state()
    journey.shot(desk, "paper dossier scanned")
    journey.audit(desk, "paper dossier")
    desk.get_by_role("button", name="Nộp hồ sơ").click()
    desk.wait_for_load_state()
    dossier = db.session.execute(db.select(Dossier)).scalar_one()
    db.session.refresh(dossier)
    assert dossier.code in desk.content() and "Gửi qua dịch vụ bưu chính" in desk.content()
    assert dossier.result_due == workdays.add_working_days(earliest_receipt(), 1)  # from receipt
    journey.shot(desk, "paper dossier submitted")

    aside(lambda: drive(dossier, actors, *path_to_issued("id_grant")[1:]))
    db.session.commit()
    desk.goto(f"/officer/dossiers/{dossier.id}")
    desk.fill("#hand-over-proof", "EE987654321VN")
    desk.locator("#delivery button[type=submit]").click()
    desk.wait_for_load_state()
    assert db.session.execute(db.select(Delivery.proof)).scalar() == "EE987654321VN"
    journey.shot(desk, "result posted")

    stranger = journey.person()  # the enterprise, with no account, tracks it by code
    stranger.goto("/track")
    stranger.fill("#code", dossier.code)
    stranger.fill("#identifier", "0312345678")
    stranger.locator("form.track button").click()
    stranger.wait_for_load_state()
    assert PROCEDURES["id_grant"].flow.state(dossier.state).label.vi in stranger.locator("main dl.facts").inner_text()
    journey.shot(stranger, "paper dossier tracked")
    assert not journey.violations, journey.violations
    assert not journey.errors, journey.errors
