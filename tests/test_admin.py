"""Administrators: officer accounts and roles, and the holiday calendar."""
import re
from datetime import date

import pytest

from portal.infra.workdays import add_working_days
from portal.extensions import db
from portal.models import CalendarDay, OutboxMessage, User
from procedures import ADMIN, APPLICANT, LEADER, SPECIALIST
from tests.builders import make_user
from tests.summary import count


@pytest.fixture
def admin(app, client, auth):
    user = make_user(ADMIN)
    db.session.commit()
    auth.login(user.email)
    return user


def user_named(email) -> User:
    db.session.expire_all()
    return db.session.execute(db.select(User).where(User.email == email)).scalar_one()


def test_admin_invites_a_specialist_who_sets_their_own_password(admin, client, auth):
    page = client.post("/admin/users", data={"full_name": "Vũ Thị Lan", "email": "Lan@a05.gov.vn",
                                             "role": SPECIALIST, "password": "mat-khau-cua-admin"},
                       follow_redirects=True).get_data(as_text=True)
    assert "lan@a05.gov.vn" in page and "thư mời" in page
    assert user_named("lan@a05.gov.vn").role == SPECIALIST
    auth.logout()
    assert auth.login("lan@a05.gov.vn", "mat-khau-cua-admin").status_code == 200  # no password set by anyone
    mail = db.session.execute(db.select(OutboxMessage).where(OutboxMessage.recipient == "lan@a05.gov.vn")).scalar_one()
    invitation = re.search(r"http://\S+?(/auth/reset/\S+)", mail.body).group(1)
    client.post(invitation, data={"password": "Lan-tu-dat-2026", "confirm": "Lan-tu-dat-2026"})
    auth.login("lan@a05.gov.vn", "Lan-tu-dat-2026")
    assert client.get("/officer/queues/intake").status_code == 200
    auth.logout()
    again = client.post(invitation, data={"password": "Ke-khac-dat-2026", "confirm": "Ke-khac-dat-2026"})
    assert again.status_code == 302 and auth.login("lan@a05.gov.vn", "Ke-khac-dat-2026").status_code == 200
    count("password links used once")


def test_the_outbox_view_never_shows_a_live_password_link(admin, client):
    """An administrator reading a reset or an invitation in the outbox could take the account."""
    officer = make_user(SPECIALIST)
    db.session.commit()
    client.post("/admin/users", data={"full_name": "Trần Hưng", "email": "hung@a05.gov.vn", "role": LEADER})
    client.post("/auth/reset", data={"email": officer.email})
    page = client.get("/admin/outbox").get_data(as_text=True)
    bodies = [m.body for m in db.session.execute(db.select(OutboxMessage)).scalars()]
    links = [re.search(r"/auth/reset/(\S+)", body).group(1) for body in bodies]
    assert len(links) == 2 and "/auth/reset/…" in page
    for token in links:
        assert token not in page
    count("password links masked for admins")


def test_a_taken_email_creates_nothing(admin, client):
    page = client.post("/admin/users", data={"full_name": "B", "email": admin.email, "role": LEADER},
                       follow_redirects=True).get_data(as_text=True)
    assert "đã có tài khoản" in page
    assert db.session.query(User).count() == 1


def test_admin_changes_a_role_and_deactivates_an_account(admin, client, auth):
    officer = make_user(SPECIALIST)
    db.session.commit()
    prefix = f"u{officer.id}-"
    client.post(f"/admin/users/{officer.id}", data={prefix + "role": LEADER, prefix + "active": "y"})
    assert user_named(officer.email).role == LEADER
    client.post(f"/admin/users/{officer.id}", data={prefix + "role": LEADER})
    assert not user_named(officer.email).active
    auth.logout()
    assert "không đúng" in auth.login(officer.email).get_data(as_text=True)


def test_an_admin_cannot_demote_or_lock_themself(admin, client):
    prefix = f"u{admin.id}-"
    page = client.post(f"/admin/users/{admin.id}", data={prefix + "role": LEADER, prefix + "active": "y"},
                       follow_redirects=True).get_data(as_text=True)
    assert "không thể tự bỏ quyền quản trị" in page
    assert user_named(admin.email).role == ADMIN


@pytest.mark.parametrize("role", [APPLICANT, SPECIALIST, LEADER])
def test_only_admins_reach_the_admin_pages(app, client, auth, role):
    user = make_user(role)
    db.session.commit()
    auth.login(user.email)
    assert client.get("/admin/users").status_code == 403


def test_a_day_off_in_the_calendar_is_skipped_and_a_working_saturday_counts(app, admin, client):
    tuesday, wednesday, thursday = date(2027, 3, 2), date(2027, 3, 3), date(2027, 3, 4)
    saturday = date(2027, 3, 6)
    with app.app_context():
        assert add_working_days(tuesday, 1) == wednesday
    client.post("/admin/calendar", data={"day": wednesday.isoformat(), "kind": "day_off",
                                         "note": "Nghỉ bù"})
    client.post("/admin/calendar", data={"day": saturday.isoformat(), "kind": "working_day"})
    with app.app_context():  # a fresh context, as the next request would have
        assert add_working_days(tuesday, 1) == thursday
        assert add_working_days(thursday, 2) == saturday
    page = client.get("/admin/calendar").get_data(as_text=True)
    assert "03/03/2027" in page and "Nghỉ bù" in page

    client.post("/admin/calendar", data={"day": wednesday.isoformat(), "kind": "working_day"})
    assert db.session.query(CalendarDay).count() == 2
    day = db.session.execute(db.select(CalendarDay).filter_by(day=saturday)).scalar_one()
    client.post(f"/admin/calendar/{day.id}/delete")
    with app.app_context():
        assert add_working_days(tuesday, 1) == wednesday
        assert add_working_days(thursday, 2) == date(2027, 3, 8)


def test_applicants_are_listed_apart_and_page_by_page(admin, client):
    applicants = [make_user(APPLICANT) for _ in range(3)]
    db.session.commit()
    officers = client.get("/admin/users").get_data(as_text=True)
    assert admin.email in officers and applicants[0].email not in officers
    listed = client.get("/admin/users?show=applicants").get_data(as_text=True)
    assert all(a.email in listed for a in applicants) and admin.email not in listed
