"""Directive 33 of 2024 in a real browser: a provincial department registers as an agency,
files the dossier proposing its information system's security level, answers the specialist's
request, and gets the signed decision approving the level; a stranger checks it through the
QR code. The same chromium, server and axe-core check as tests/test_browser_journeys.py."""
import re
import subprocess
import uuid

from portal.extensions import db
from portal.models import Dossier
from procedures import LEADER, PROCEDURES, SPECIALIST
from tests.builders import PASSWORD, make_user
from tests.summary import count
from tests.test_browser_journeys import (Journey, act, browser, fill_application, pytestmark,  # noqa: F401
                                         qr_link, server, sign_in, state, upload)

CODE = "sl_approval"


def test_an_agency_gets_its_security_level_approved_and_a_stranger_verifies_the_decision(
        app, server, browser, tmp_path):
    procedure = PROCEDURES[CODE]
    staff = {SPECIALIST: make_user(SPECIALIST), LEADER: make_user(LEADER)}
    db.session.commit()
    journey = Journey(browser, server, CODE)

    # The department finds the procedure and opens its account as an agency.
    me = journey.person()
    me.goto("/")
    me.get_by_role("link", name=procedure.name.vi).click()
    me.wait_for_load_state()
    assert "Tờ trình đề nghị thẩm định, phê duyệt cấp độ" in me.content()
    journey.shot(me, "procedure")
    journey.audit(me, "procedure")
    me.goto("/auth/register")
    me.check('input[name="applicant_type"][value="organisation"]')
    decision_of_founding = f"{uuid.uuid4().int % 10**6}/QĐ-UBND"
    for field, value in {"code": decision_of_founding, "name": "Sở Khoa học và Công nghệ tỉnh Bắc Ninh",
                         "address": "Số 10 Lý Thái Tổ, Bắc Ninh", "legal_representative": "Trần Văn Hùng",
                         "full_name": "Nguyễn Thị Lan",
                         "email": f"so-khcn-{uuid.uuid4().hex[:8]}@bacninh.gov.vn", "password": PASSWORD,
                         "confirm": PASSWORD}.items():
        me.fill(f"#{field}", value)
    me.locator("main form button[type=submit]").click()
    me.wait_for_url("**/applicant/")

    # It applies for level 3 and submits.
    me.goto(f"/applicant/apply/{CODE}")
    me.locator(f'form[method=post][action$="/apply/{CODE}"] button').click()
    me.wait_for_url("**/edit")
    dossier_id = int(re.search(r"/dossiers/(\d+)/edit", me.url).group(1))
    fill_application(me, procedure)
    me.fill("#system_name", "Cổng dịch vụ công tỉnh Bắc Ninh")
    me.select_option("#security_level", "level_3")
    me.locator("button[name=save]").click()
    me.wait_for_load_state()
    for r in procedure.checklist:
        upload(me, r.key, r.types)
    journey.shot(me, "application")
    journey.audit(me, "application form")
    act(me, "submit")
    assert state(dossier_id) == "submitted"
    journey.shot(me, "submitted")

    # The specialist accepts it from the queue and asks for the security plan's detail.
    specialist = journey.person()
    sign_in(specialist, staff[SPECIALIST].email)
    specialist.goto(f"/officer/queues/intake?procedure={CODE}")
    specialist.get_by_role("link", name=db.session.get(Dossier, dossier_id).code).click()
    specialist.wait_for_load_state()
    journey.audit(specialist, "officer dossier")
    claim = specialist.locator('form[action$="/claim"] button')
    if claim.count():
        claim.click()
        specialist.wait_for_load_state()
    act(specialist, "accept")
    act(specialist, "request_supplement", "Đề nghị bổ sung phương án bảo đảm an toàn thông tin chi tiết.")
    assert state(dossier_id) == "supplement_requested"
    journey.shot(specialist, "asked")

    # The department answers; the specialist proposes, the leader approves.
    me.goto(f"/applicant/dossiers/{dossier_id}")
    upload(me, "security_plan", ("pdf",))
    act(me, "answer_supplement", "Đã bổ sung phương án chi tiết.")
    assert state(dossier_id) == "in_appraisal"
    specialist.goto(f"/officer/dossiers/{dossier_id}")
    act(specialist, "propose_grant")
    leader = journey.person()
    sign_in(leader, staff[LEADER].email)
    leader.goto(f"/officer/dossiers/{dossier_id}")
    journey.shot(leader, "to approve")
    act(leader, "approve")
    assert state(dossier_id) == "issued"

    # The department downloads the signed decision: level 3, no end date.
    me.goto(f"/applicant/dossiers/{dossier_id}")
    journey.shot(me, "decision issued")
    journey.audit(me, "dossier")
    assert "không thời hạn" in me.content()
    with me.expect_download() as download:
        me.locator('a[href^="/documents/"][href$=".pdf"]').click()
    pdf = tmp_path / "decision.pdf"
    download.value.save_as(pdf)
    said = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    for words in ("QUYẾT ĐỊNH", "Cổng dịch vụ công tỉnh Bắc Ninh", "Cấp độ 3", decision_of_founding):
        assert words in said, words
    assert "Signature is Valid" in subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True).stdout

    # A stranger scans the QR code: the decision is in force, with no end date.
    link = qr_link(pdf)
    number = link.rsplit("/", 1)[1]
    assert link.startswith(f"{server}/verify/") and number.startswith("QDCD-")
    stranger = journey.person()
    stranger.goto(link)
    journey.shot(stranger, "verified")
    journey.audit(stranger, "verification")
    assert stranger.locator("p.flash.info[role=status]").count() == 1
    verified = stranger.content()
    for words in ("không thời hạn", "Sở Khoa học và Công nghệ tỉnh Bắc Ninh", "Cổng dịch vụ công tỉnh Bắc Ninh", "Cấp độ 3"):
        assert words in verified, words

    assert not journey.violations, journey.violations
    assert not journey.errors, journey.errors
    count("browser journeys passed")
