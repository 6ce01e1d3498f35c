"""An organisation reports a cybersecurity incident and gets its acknowledgement code at once;
the incident-response unit triages it, asks, records its coordination and closes it; the
staged reports' reminders go once; the TLP label decides what may leave, as STIX 2.1."""
import io
import json
import os
from datetime import datetime, timedelta, timezone

import pytest
from stix2validator import ValidationOptions, validate_string

from portal.extensions import db
from portal.incidents import cases, reminders, stix
from portal.infra import api_tokens, files
from portal.infra.workdays import local_time
from portal.models import AuditRecord, Incident, IncidentReminder, OutboxMessage, now
from procedures import APPLICANT, RESPONDER, SPECIALIST
from procedures.incidents import CASE_FLOW, TLP_LABELS
from tests.builders import make_user

SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@pytest.fixture
def people(app):
    reporter = make_user(APPLICANT)
    people = {"reporter": reporter, "colleague": make_user(APPLICANT, reporter.enterprise),
              "stranger": make_user(APPLICANT), "unit": make_user(RESPONDER),
              "specialist": make_user(SPECIALIST)}
    db.session.commit()
    return people


def report_form(**changes) -> dict:
    detected = (datetime.now(timezone(timedelta(hours=7))) - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    return {"regime": "eu_nis2", "system": "Cổng thanh toán trực tuyến", "detected_at": detected,
            "incident_type": "ransomware", "severity": "high",
            "summary": "Máy chủ ứng dụng bị mã hoá dữ liệu.", "impact": "Dịch vụ thanh toán ngừng 2 giờ.",
            "actions_taken": "Cô lập máy chủ, khôi phục từ bản sao lưu.",
            "indicators": f"203.0.113.7\nEvil.Example.com\n{SHA256}", "tlp": "amber", **changes}


def reported(client, auth, person, **changes) -> Incident:
    auth.login(person.email)
    response = client.post("/applicant/incidents/new", data=report_form(**changes))
    assert response.status_code == 302, response.get_data(as_text=True)
    auth.logout()
    return db.session.execute(db.select(Incident).order_by(Incident.id.desc())).scalars().first()


def act(client, auth, person, incident, action, note=""):
    auth.login(person.email)
    prefix = "/response/incidents" if person.role == RESPONDER else "/applicant/incidents"
    client.post(f"{prefix}/{incident.id}/actions/{action}", data={"note": note})
    auth.logout()
    db.session.refresh(incident)


def action_of(target: str) -> str:
    return next(t.action for t in CASE_FLOW.transitions if t.target == target)


def test_a_report_gets_its_code_at_once_and_shows_which_reports_are_due_when(client, auth, people):
    auth.login(people["reporter"].email)
    response = client.post("/applicant/incidents/new", data=report_form(), follow_redirects=True)
    page = response.get_data(as_text=True)
    incident = db.session.execute(db.select(Incident)).scalar_one()
    assert f"Mã tiếp nhận: {incident.ack_code}" in page and incident.ack_code.startswith("SC-")
    assert incident.state == CASE_FLOW.initial
    assert [r.stage for r in incident.reports] == ["early_warning"]
    assert {(i.kind, i.value) for i in incident.indicators} == {
        ("ipv4", "203.0.113.7"), ("domain", "evil.example.com"), ("sha256", SHA256)}
    notification_due = local_time(incident.detected_at + timedelta(hours=72))
    assert "Thông báo sự cố" in page and notification_due.strftime("%H:%M %d/%m/%Y") in page
    assert db.session.execute(db.select(AuditRecord.verb).where(AuditRecord.target == incident.ack_code)
                              ).scalar() == "incident_reported"
    unit_mail = db.session.execute(db.select(OutboxMessage).where(
        OutboxMessage.recipient == people["unit"].email)).scalar_one()
    assert incident.ack_code in unit_mail.subject and "mã hoá" not in unit_mail.body


def test_a_report_with_something_that_is_no_indicator_is_refused_and_nothing_is_filed(client, auth, people):
    auth.login(people["reporter"].email)
    response = client.post("/applicant/incidents/new", data=report_form(indicators="not an indicator!"))
    assert response.status_code == 422 and "không phải địa chỉ IP" in response.get_data(as_text=True)
    assert db.session.query(Incident).count() == 0


def test_the_unit_triages_asks_the_organisation_answers_and_the_unit_closes(client, auth, people):
    incident = reported(client, auth, people["reporter"])
    act(client, auth, people["unit"], incident, action_of("responding"), "Tiếp nhận.")
    act(client, auth, people["unit"], incident, action_of("questioned"), "Máy chủ nào bị mã hoá trước?")
    mail = db.session.execute(db.select(OutboxMessage).where(
        OutboxMessage.recipient == people["colleague"].email).order_by(OutboxMessage.id.desc())).scalars().first()
    assert incident.ack_code in mail.subject and "Máy chủ nào" not in mail.body  # the note stays in the portal
    answer = next(t.action for t in CASE_FLOW.transitions if APPLICANT in t.roles)
    act(client, auth, people["colleague"], incident, answer, "Máy chủ APP-01, lúc 02:10.")
    assert incident.state == "responding"
    auth.login(people["unit"].email)
    client.post(f"/response/incidents/{incident.id}/coordination",
                data={"team": "VNCERT/CC", "note": "Đã chia sẻ mã băm mẫu mã độc."})
    auth.logout()
    close = next(t.action for t in CASE_FLOW.transitions if CASE_FLOW.state(t.target).final)
    act(client, auth, people["reporter"], incident, close, "Tự đóng.")  # not the organisation's step
    assert not cases.is_closed(incident)
    act(client, auth, people["unit"], incident, close, "Đã khắc phục.")
    assert cases.is_closed(incident) and incident.closed_at is not None
    assert [e.note for e in incident.events] == ["Tiếp nhận.", "Máy chủ nào bị mã hoá trước?",
                                                 "Máy chủ APP-01, lúc 02:10.", "Đã khắc phục."]
    assert incident.coordination[0].team == "VNCERT/CC"
    auth.login(people["reporter"].email)
    page = client.get(f"/applicant/incidents/{incident.id}").get_data(as_text=True)
    assert "Máy chủ nào bị mã hoá trước?" in page and "VNCERT/CC" not in page  # coordination is the unit's
    assert "Nộp báo cáo tiếp theo" not in page


def test_the_queue_puts_the_most_severe_first(client, auth, people):
    low = reported(client, auth, people["reporter"], severity="low")
    critical = reported(client, auth, people["stranger"], severity="critical")
    assert cases.queue() == [critical, low]
    assert cases.triage_due(critical) - cases.utc(critical.reported_at) == timedelta(hours=2)
    critical.reported_at = now() - timedelta(hours=3)  # the unit's own deadline to triage it passed
    db.session.commit()
    auth.login(people["unit"].email)
    rows = client.get("/response/").get_data(as_text=True).split("<tr>")[2:]
    assert critical.ack_code in rows[0] and "quá hạn" in rows[0]
    assert low.ack_code in rows[1] and "quá hạn" not in rows[1]


def test_the_same_indicator_in_two_cases_links_them_for_the_unit_only(client, auth, people):
    first = reported(client, auth, people["reporter"])
    second = reported(client, auth, people["stranger"], indicators="203.0.113.7\nother.example.org")
    assert list(cases.linked(first)) == [second]
    auth.login(people["unit"].email)
    assert second.ack_code in client.get(f"/response/incidents/{first.id}").get_data(as_text=True)
    auth.logout()
    auth.login(people["reporter"].email)
    assert second.ack_code not in client.get(f"/applicant/incidents/{first.id}").get_data(as_text=True)


def test_a_staged_report_is_filed_once_and_late_ones_are_flagged(client, auth, people):
    incident = reported(client, auth, people["reporter"])
    incident.detected_at = now() - timedelta(hours=80)  # the notification was due 8 hours ago
    db.session.commit()
    assert cases.is_late(incident)
    auth.login(people["reporter"].email)
    assert "quá hạn" in client.get(f"/applicant/incidents/{incident.id}").get_data(as_text=True)
    client.post(f"/applicant/incidents/{incident.id}/reports",
                data={"stage": "notification", "body": "Đánh giá ban đầu.", "tlp": "amber"})
    client.post(f"/applicant/incidents/{incident.id}/reports",
                data={"stage": "notification", "body": "Lần hai.", "tlp": "amber"})
    db.session.refresh(incident)
    assert [r.stage for r in incident.reports] == ["early_warning", "notification"]
    assert not cases.is_late(incident)  # filed late, but filed: the final report is due next
    assert cases.next_due(incident).stage.code == "final"


def test_a_reminder_goes_before_a_stage_is_due_once_however_often_the_command_runs(app, client, auth, people, runner):
    incident = reported(client, auth, people["reporter"])
    incident.detected_at = now() - timedelta(hours=61)  # the notification is due in 11 hours
    db.session.commit()
    for _ in range(2):
        result = runner.invoke(args=["incidents", "remind"])
        assert result.exit_code == 0, result.output
    mails = db.session.execute(db.select(OutboxMessage).where(
        OutboxMessage.subject.contains("Sắp đến hạn báo cáo sự cố"))).scalars().all()
    assert sorted(m.recipient for m in mails) == sorted([people["reporter"].email, people["colleague"].email])
    assert db.session.query(IncidentReminder).count() == 1
    assert reminders.remind(now() + timedelta(hours=12)) == []  # past due: a flag, not a reminder


def test_attachments_are_checked_like_every_upload(client, auth, people):
    incident = reported(client, auth, people["reporter"])
    auth.login(people["reporter"].email)
    log = b"2026-12-07 02:10:01 203.0.113.7 POST /login 200\n"
    client.post(f"/applicant/incidents/{incident.id}/attachments",
                data={"file": (io.BytesIO(log), "auth.log"), "tlp": "red"})
    client.post(f"/applicant/incidents/{incident.id}/attachments",
                data={"file": (io.BytesIO(b"MZ\x90\x00\x03\x00binary"), "dropper.log"), "tlp": "red"})
    client.post(f"/applicant/incidents/{incident.id}/attachments",
                data={"file": (io.BytesIO(log), "../../etc/passwd"), "tlp": "red"})
    db.session.refresh(incident)
    assert [(a.filename, a.tlp) for a in incident.attachments] == [("auth.log", "red")]
    response = client.get(f"/applicant/incidents/{incident.id}/attachments/{incident.attachments[0].id}")
    assert response.data == log
    auth.logout()
    auth.login(people["stranger"].email)
    assert client.get(f"/applicant/incidents/{incident.id}/attachments/{incident.attachments[0].id}").status_code == 404


def test_the_stix_bundle_validates_and_carries_each_objects_tlp_marking(client, auth, people):
    incident = reported(client, auth, people["reporter"], tlp="green")
    auth.login(people["reporter"].email)
    client.post(f"/applicant/incidents/{incident.id}/reports",
                data={"stage": "notification", "body": "Chi tiết nội bộ.", "tlp": "red"})
    auth.logout()
    auth.login(people["unit"].email)
    response = client.get(f"/response/incidents/{incident.id}/stix.json")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    result = validate_string(text, ValidationOptions(version="2.1", strict=True))
    assert result.is_valid, "\n".join(str(e) for e in result.errors)
    bundle = json.loads(text)
    types = sorted(o["type"] for o in bundle["objects"])
    assert types.count("indicator") == 3 and types.count("incident") == 1 and types.count("note") == 1
    assert "Chi tiết nội bộ." not in text  # the TLP:RED report stays in the portal
    green = TLP_LABELS["green"].stix_id
    assert all(o.get("object_marking_refs") == [green] for o in bundle["objects"]
               if o["type"] != "marking-definition")
    assert [o["id"] for o in bundle["objects"] if o["type"] == "marking-definition"] == [green]
    assert "[ipv4-addr:value = '203.0.113.7']" in text


def test_a_tlp_red_case_is_seen_only_by_the_unit_and_the_reporter_and_never_exported(client, auth, people):
    incident = reported(client, auth, people["reporter"], tlp="red")
    assert not stix.exportable(incident)
    with pytest.raises(PermissionError):
        stix.bundle(incident)
    pages = {f"/applicant/incidents/{incident.id}": {"reporter", "colleague"},
             f"/response/incidents/{incident.id}": {"unit"}}
    for who, person in people.items():
        auth.login(person.email)
        for url, allowed in pages.items():
            status = client.get(url).status_code
            assert (status == 200) == (who in allowed), (who, url, status)
        export = client.get(f"/response/incidents/{incident.id}/stix.json").status_code
        assert export in (403, 404), (who, export)
        auth.logout()
    assert db.session.execute(db.select(AuditRecord).where(AuditRecord.verb == "incident_exported")).first() is None


def test_the_api_lists_the_enterprises_own_cases_with_what_is_due(client, auth, people):
    mine = reported(client, auth, people["reporter"])
    theirs = reported(client, auth, people["stranger"])
    _, token = api_tokens.create(people["colleague"], "siem", ["read"], 30)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    listed = client.get("/api/v1/incidents", headers=headers).get_json()
    assert [i["ack_code"] for i in listed] == [mine.ack_code]
    one = client.get(f"/api/v1/incidents/{mine.id}", headers=headers).get_json()
    assert [s["stage"] for s in one["stages"]] == ["early_warning", "notification", "final"]
    assert one["stages"][0]["filed_at"] is not None and one["stages"][1]["filed_at"] is None
    assert {"kind": "ipv4", "value": "203.0.113.7"} in one["indicators"]
    assert client.get(f"/api/v1/incidents/{theirs.id}", headers=headers).status_code == 404
    assert client.get("/api/v1/incidents").status_code == 401


def test_an_attachment_outlives_the_pruning_of_leftover_files(client, auth, people, app):
    incident = reported(client, auth, people["reporter"])
    auth.login(people["reporter"].email)
    client.post(f"/applicant/incidents/{incident.id}/attachments",
                data={"file": (io.BytesIO(b"203.0.113.7\n"), "iocs.txt"), "tlp": "amber"})
    db.session.refresh(incident)
    path = files.upload_path(incident.attachments[0].sha256)
    os.utime(path, (0, 0))  # as old as can be
    assert path not in files.prune(timedelta(hours=1)) and path.exists()


def test_the_catalogue_lists_incident_notification_with_its_rules(client):
    assert "/incidents" in client.get("/").get_data(as_text=True)
    page = client.get("/incidents").get_data(as_text=True)
    for text in ("Thông tư 20/2017, Điều 9", "Cảnh báo sớm", "trong 24 giờ", "trong 1 tháng",
                 "kể từ báo cáo trước", "ngay khi phát hiện", "TLP:AMBER+STRICT"):
        assert text in page, text


@pytest.mark.parametrize("one, other", [
    ("Evil.Example.COM.", "evil.example.com"), ("2001:DB8:0:0::1", "2001:db8::1"),
    (SHA256.upper(), SHA256), ("HTTP://Evil.Example.com/Path", "http://evil.example.com/Path")])
def test_an_indicator_spelled_two_ways_is_one_indicator(one, other):
    assert cases.classify(one) == cases.classify(other)


def test_a_urls_path_keeps_its_case():
    assert cases.classify("HTTP://Evil.Example.com/Path") == ("url", "http://evil.example.com/Path")


@pytest.mark.parametrize("value", ["x" * 500 + ".com", "1234", "1.2.3", "http://", "a b.example.com"])
def test_what_is_no_indicator_or_too_long_is_refused(value):
    with pytest.raises(ValueError):
        cases.classify(value)
