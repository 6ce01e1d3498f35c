"""A real browser: an organisation reports an incident and gets its code at once, attaches a
log, the incident-response unit triages it from its queue, asks a question, the organisation
answers, the unit records its coordination, exports the case as STIX 2.1 and closes it. The
same chromium, server and axe-core check as tests/test_browser_journeys.py."""
import json
from datetime import datetime, timedelta

from portal.extensions import db
from portal.infra.workdays import TIMEZONE
from portal.models import Incident
from procedures import APPLICANT, RESPONDER
from procedures.incidents import CASE_FLOW
from tests.builders import make_user
from tests.test_browser_journeys import Journey, browser, pytestmark, server, sign_in  # noqa: F401


def case() -> Incident:
    db.session.expire_all()
    return db.session.execute(db.select(Incident)).scalar_one()


def test_an_incident_reported_triaged_answered_and_closed(app, server, browser, tmp_path):
    reporter, unit = make_user(APPLICANT), make_user(RESPONDER)
    db.session.commit()
    journey = Journey(browser, server, "incident")

    me = journey.person()
    sign_in(me, reporter.email)
    me.get_by_role("link", name="Báo cáo sự cố").click()
    me.get_by_role("link", name="Báo cáo sự cố mới").click()
    me.select_option("#regime", "vn_circular_20_2017")
    me.fill("#system", "Hệ thống thư điện tử nội bộ")
    detected = datetime.now(TIMEZONE) - timedelta(hours=2)
    me.fill("#detected_at", detected.strftime("%Y-%m-%dT%H:%M"))
    me.select_option("#incident_type", "phishing")
    me.select_option("#severity", "medium")
    me.fill("#summary", "Nhân viên nhận thư giả mạo và nhập mật khẩu vào trang lừa đảo.")
    me.fill("#impact", "Một hộp thư bị truy cập trái phép.")
    me.fill("#actions_taken", "Đổi mật khẩu, thu hồi phiên đăng nhập.")
    me.fill("#indicators", "login-mail.example.net\n198.51.100.23")
    me.select_option("#tlp", "amber")
    journey.audit(me, "incident form")
    me.get_by_role("button", name="Gửi báo cáo sự cố").click()
    me.wait_for_load_state()
    incident = case()
    assert f"Mã tiếp nhận: {incident.ack_code}" in me.content()
    schedule = me.locator("#schedule").inner_text()
    assert "Báo cáo ban đầu" in schedule and "Báo cáo cập nhật" in schedule
    log = tmp_path / "mail.log"
    log.write_text("2026-12-07 07:58:12 login from 198.51.100.23 user=ketoan\n")
    me.set_input_files("#file", str(log))
    me.select_option("#attachment-tlp", "red")
    me.locator("#attach button[type=submit]").click()
    me.wait_for_load_state()
    assert "mail.log" in me.locator("#attachments").inner_text()
    journey.shot(me, "reported")
    journey.audit(me, "incident as reported")

    officer = journey.person()
    sign_in(officer, unit.email)
    officer.get_by_role("link", name="Sự cố cần xử lý").click()
    assert incident.ack_code in officer.locator("table.queue").inner_text()
    journey.audit(officer, "incident queue")
    officer.get_by_role("link", name=incident.ack_code).click()
    triage, ask, close = (t for t in CASE_FLOW.transitions if t.action != "answer")
    officer.get_by_role("button", name=triage.label.vi).click()
    officer.wait_for_load_state()
    form = officer.locator("form.action", has=officer.get_by_role("button", name=ask.label.vi))
    form.locator("textarea").fill("Thư giả mạo gửi từ địa chỉ nào?")
    form.locator("button").click()
    officer.wait_for_load_state()
    assert case().state == "questioned"

    me.reload()
    answer = me.locator("form.action")
    answer.locator("textarea").fill("Từ security@login-mail.example.net.")
    answer.locator("button").click()
    me.wait_for_load_state()
    assert "Từ security@login-mail.example.net." in me.locator("#history").inner_text()
    journey.shot(me, "answered")

    officer.reload()
    officer.fill("#team", "VNCERT/CC")
    officer.fill("#coordination-note", "Đề nghị chặn tên miền login-mail.example.net.")
    officer.locator("#coordinate button[type=submit]").click()
    officer.wait_for_load_state()
    with officer.expect_download() as download:
        officer.locator("#export").click()
    bundle = json.loads(open(download.value.path()).read())
    assert {"incident", "indicator", "marking-definition"} <= {o["type"] for o in bundle["objects"]}
    journey.audit(officer, "incident for the unit")
    form = officer.locator("form.action", has=officer.get_by_role("button", name=close.label.vi))
    form.locator("textarea").fill("Đã khắc phục, tên miền đã bị chặn.")
    form.locator("button").click()
    officer.wait_for_load_state()
    assert "Đã đóng" in officer.locator("#case-state").inner_text()
    journey.shot(officer, "closed")

    me.reload()
    assert "Đã đóng" in me.locator("#case-state").inner_text()
    assert "VNCERT/CC" not in me.content()
    assert not journey.violations, journey.violations
    assert not journey.errors, journey.errors
