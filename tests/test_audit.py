"""Every act is accountable: the trail is append-only and a changed row is caught."""
import sqlalchemy as sa
import pytest

from portal.infra import audit
from portal.extensions import db
from portal.models import AuditRecord
from procedures import APPLICANT, LEADER, SPECIALIST
from tests.builders import drive, make_dossier, make_user


@pytest.fixture
def history(app):
    actors = {APPLICANT: make_user(APPLICANT), SPECIALIST: make_user(SPECIALIST),
              LEADER: make_user(LEADER)}
    dossier = make_dossier("bl_grant", actors[APPLICANT])
    drive(dossier, actors, "submit", "accept", "propose_grant", "approve")
    db.session.commit()
    return dossier


def records():
    return db.session.execute(db.select(AuditRecord).order_by(AuditRecord.seq)).scalars().all()


def test_every_state_change_is_recorded_in_its_transaction(history, runner):
    trail = [(r.verb, r.target, r.payload.get("action")) for r in records()]
    target = f"dossier:{history.id}"
    assert trail == [("transition", target, "submit"), ("fee_paid", target, None),
                     *(("transition", target, a) for a in ("accept", "propose_grant", "approve"))]
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "intact: 5 records" in result.output


def test_logins_and_failed_logins_are_recorded(app, client, auth):
    user = make_user(APPLICANT)
    db.session.commit()
    auth.login(user.email, "wrong-password")
    auth.login(user.email)
    assert [(r.verb, r.actor) for r in records()] == [("login_failed", ""), ("login", user.email)]
    assert records()[0].target == f"email:{user.email}"


def test_the_database_refuses_to_change_or_delete_a_record(history):
    for statement in ("UPDATE audit_records SET verb = 'x'", "DELETE FROM audit_records"):
        with pytest.raises(sa.exc.DatabaseError):
            db.session.execute(sa.text(statement))
        db.session.rollback()


def tamper(statement: str):
    """What someone with the database's keys could do, triggers off."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("ALTER TABLE audit_records DISABLE TRIGGER USER"))
        db.session.execute(sa.text(statement))
        db.session.execute(sa.text("ALTER TABLE audit_records ENABLE TRIGGER USER"))
    else:
        db.session.execute(sa.text("DROP TRIGGER audit_records_no_update"))
        db.session.execute(sa.text("DROP TRIGGER audit_records_no_delete"))
        db.session.execute(sa.text(statement))
    db.session.commit()


@pytest.mark.parametrize("statement, broken", [
    ("UPDATE audit_records SET payload = '{\"action\": \"refuse\"}' WHERE seq = 3", "record 3: was changed"),
    ("DELETE FROM audit_records WHERE seq = 2", "record 2: missing"),
    ("DELETE FROM audit_records WHERE seq = 5", "record 5: missing at the end"),
])
def test_a_tampered_trail_is_caught_by_audit_verify(history, runner, statement, broken):
    tamper(statement)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and broken in result.output


def test_records_made_outside_a_request_chain_on(app):
    for i in range(3):
        audit.record("config_changed", "setting:x", value=i)
    db.session.commit()
    assert [r.seq for r in records()] == [1, 2, 3] and audit.first_broken() is None


def test_officer_views_role_changes_and_calendar_edits_are_in_the_admin_trail(app, client, auth):
    from procedures import ADMIN
    admin, specialist, applicant = make_user(ADMIN), make_user(SPECIALIST), make_user(APPLICANT)
    dossier = make_dossier("bl_grant", applicant)
    drive(dossier, {APPLICANT: applicant}, "submit")
    db.session.commit()
    auth.login(specialist.email)
    client.get(f"/officer/dossiers/{dossier.id}/uploads/{dossier.uploads[0].id}")
    auth.logout()
    auth.login(admin.email)
    client.post("/admin/users", data={"full_name": "Ngô Văn Bình", "email": "binh@bca.gov.vn",
                                       "role": "specialist"})
    client.post(f"/admin/users/{specialist.id}", data={f"u{specialist.id}-role": "leader",
                                                       f"u{specialist.id}-active": "y"})
    client.post("/admin/calendar", data={"day": "2026-12-31", "kind": "day_off", "note": "Nghỉ bù"})
    verbs = [r.verb for r in records()]
    for verb in ("document_viewed", "user_created", "role_changed", "config_changed"):
        assert verb in verbs, verbs
    page = client.get("/admin/audit?verb=role_changed").get_data(as_text=True)
    table = page.split("<tbody>")[1]
    assert "role_changed" in table and "document_viewed" not in table
    assert "Nhật ký nguyên vẹn" in client.get("/admin/audit?verify=1").get_data(as_text=True)
    assert "binh@bca.gov.vn" in client.get("/admin/audit").get_data(as_text=True)
