"""What a new user sees, and what an operator runs."""
import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from babel.messages.pofile import read_po
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.extensions import db
from portal.models import Dossier, Enterprise, IssuedDocument, User
from procedures import PROCEDURES


def test_home_lists_the_ten_procedures_with_time_limits_and_fees_in_vietnamese(client):
    page = client.get("/").get_data(as_text=True)
    assert 'lang="vi"' in page
    for procedure in PROCEDURES.values():
        assert procedure.name.vi in page
    assert "8.000.000" in page and "15 ngày làm việc" in page
    assert "Giấy chứng nhận tên định danh" in page


def test_healthz_answers_ok_without_touching_the_database(app, client):
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get("/healthz")
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok"
    assert statements == []


def test_visitor_switches_to_english_and_back(client):
    assert "Thủ tục hành chính" in client.get("/").get_data(as_text=True)  # the shared page, in Vietnamese
    response = client.post("/language", data={"lang": "en", "next": "/"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert 'lang="en"' in page
    assert PROCEDURES["bl_grant"].name.en in page and "working days" in page
    assert "Thủ tục hành chính" not in page
    page = client.post("/language", data={"lang": "vi"}, follow_redirects=True).get_data(as_text=True)
    assert "Thủ tục hành chính" in page


def test_language_switch_never_redirects_off_site(client):
    response = client.post("/language", data={"lang": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_demo_loads_once_and_its_accounts_sign_in(app, runner, client, auth):
    first = runner.invoke(args=["demo"])
    assert "Demo data loaded" in first.output and "lanhdao@demo.vn" in first.output
    counts = [db.session.query(m).count() for m in (Enterprise, User, Dossier, IssuedDocument)]
    second = runner.invoke(args=["demo"])
    assert "already present" in second.output
    assert [db.session.query(m).count() for m in (Enterprise, User, Dossier, IssuedDocument)] == counts
    assert counts[3] == 1
    response = auth.login("doanhnghiep@demo.vn", "demo-portal-2026")
    assert response.status_code == 302
    assert "Trần Minh Quân" in client.get("/").get_data(as_text=True)
    auth.logout()
    assert "Đăng nhập" in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused_in_the_users_language(app, runner, auth):
    runner.invoke(args=["demo"])
    page = auth.login("doanhnghiep@demo.vn", "wrong").get_data(as_text=True)
    assert "không đúng" in page


def test_secret_key_is_generated_into_the_instance_folder_once(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("PORTAL_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    first = create_app().config["SECRET_KEY"]
    assert len(first) >= 64 and (tmp_path / "secret_key").read_text().strip() == first
    assert create_app().config["SECRET_KEY"] == first
    assert create_app().config["SQLALCHEMY_DATABASE_URI"].endswith("x.sqlite3")


def test_the_migrations_build_exactly_the_models(app):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []


def test_every_text_in_the_code_has_an_english_translation(tmp_path):
    """Vietnamese is the source language; the English catalogue must cover all of it."""
    root = Path(__file__).parents[1]
    pot = tmp_path / "messages.pot"
    subprocess.run([Path(sys.executable).parent / "pybabel", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-o", pot, "."], cwd=root, check=True, capture_output=True)
    wanted = {m.id for m in read_po(pot.open("rb")) if m.id}
    english = read_po((root / "portal/translations/en/LC_MESSAGES/messages.po").open("rb"))
    translated = {m.id for m in english if m.id and all(
        [m.string] if isinstance(m.string, str) else m.string)}
    assert sorted(map(str, wanted - translated)) == []


def test_the_migrations_go_down_and_up_again(app):
    downgrade(revision="base")
    assert "dossiers" not in sa.inspect(db.engine).get_table_names()
    upgrade()
    assert "dossiers" in sa.inspect(db.engine).get_table_names()


def test_a_missing_page_answers_in_the_users_language(client):
    response = client.get("/khong-co")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.get_data(as_text=True)


def test_pages_carry_a_content_security_policy_without_inline_script(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.get_data(as_text=True)
    assert "style=" not in response.get_data(as_text=True)


def test_session_cookie_is_httponly_samesite_and_secure_behind_https(tmp_path):
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "PORTAL_BASE_URL": "https://dichvucong.example.vn"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_csrf_protects_every_form_when_enabled(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/language", data={"lang": "en"})
    assert response.status_code == 400 and "Biểu mẫu đã hết hạn" in response.get_data(as_text=True)


def test_signing_in_starts_a_fresh_session(app, client):
    from tests.builders import make_user
    user = make_user("applicant")
    db.session.commit()
    with client.session_transaction() as planted:
        planted["planted"] = "by an attacker"
    client.post("/auth/login", data={"email": user.email, "password": "secret-pass-1"})
    with client.session_transaction() as session:
        assert "planted" not in session and session.get("_user_id")


def test_signing_out_ends_the_session_even_for_a_copied_cookie(app, client, auth):
    from tests.builders import make_user
    user = make_user("applicant")
    db.session.commit()
    auth.login(user.email)
    stolen = client.get_cookie("session").value
    assert client.get("/applicant/").status_code == 200
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/applicant/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_the_migration_commands_make_run_uses_are_there(runner):
    """`make run` and `make db` call `flask db upgrade`: Flask-Migrate is bound lazily, its
    commands must still be found and reach the database."""
    assert "upgrade" in runner.invoke(args=["db", "--help"]).output
    result = runner.invoke(args=["db", "current"])
    assert result.exit_code == 0, result.output


# What start-up leaves for first use (README, "Benchmark"): every worker and every `flask`
# command would pay for it otherwise.
FIRST_USE = ("alembic", "stix2", "openpyxl", "pikepdf", "pypdfium2", "zxcvbn", "requests",
             "authlib", "holidays", "weasyprint")


def test_start_up_leaves_the_mappers_and_the_heavy_libraries_for_first_use(tmp_path):
    """In a fresh interpreter, as a worker starts: an option on a relationship at import
    (joinedload, selectinload...) would configure all the mappers, a tenth of start-up."""
    probe = ("import sys\nfrom portal import create_app\nfrom portal.extensions import db\n"
             "create_app()\n"
             "print(sum(m.configured for m in db.Model.registry.mappers))\n"
             f"print(*sorted(m for m in {FIRST_USE!r} if m in sys.modules))")
    env = {**os.environ, "PORTAL_INSTANCE_PATH": str(tmp_path),
           "PORTAL_DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    out = subprocess.run([sys.executable, "-c", probe], env=env, cwd=Path(__file__).parents[1],
                         check=True, capture_output=True, text=True).stdout.splitlines()
    assert out == ["0", ""]


def test_create_app_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    """It pauses the collector while it builds the app: on again after, even when it fails,
    and still off if the caller had turned it off."""
    config = {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    with pytest.raises(sa.exc.NoSuchModuleError):
        create_app({**config, "SQLALCHEMY_DATABASE_URI": "nosuchdialect://"})
    assert gc.isenabled()
    gc.disable()
    try:
        create_app(config)
        assert not gc.isenabled()
    finally:
        gc.enable()
