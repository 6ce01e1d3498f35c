"""Fixtures after Flask's tutorial: `app`, `client`, `runner`, and `auth`.

The schema comes from the migrations, applied once per run; each test then gets an
empty database: a copy of the migrated SQLite file, or a truncated PostgreSQL one
when PORTAL_TEST_DATABASE_URL points at PostgreSQL.
"""
import contextvars
import os
import shutil

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_migrate import upgrade

from portal import create_app
from portal.extensions import db

DATABASE_URL = os.environ.get("PORTAL_TEST_DATABASE_URL")


def _config(tmp_path, uri):
    return {"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": uri, "UPLOAD_FOLDER": str(tmp_path / "uploads")}


@pytest.fixture(scope="session")
def migrated(tmp_path_factory):
    """Apply the migrations once: to a template SQLite file, or to the PostgreSQL database."""
    if DATABASE_URL:
        engine = sa.create_engine(DATABASE_URL)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
        uri = DATABASE_URL
    else:
        uri = f"sqlite:///{tmp_path_factory.mktemp('template') / 'portal.sqlite3'}"
    app = create_app(_config(tmp_path_factory.mktemp("instance"), uri))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return uri


@pytest.fixture
def app(migrated, tmp_path):
    if DATABASE_URL:
        uri = migrated
    else:
        shutil.copy(migrated.removeprefix("sqlite:///"), tmp_path / "portal.sqlite3")
        uri = f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    app = create_app({**_config(tmp_path, uri)})
    app.instance_path = str(tmp_path)
    with app.app_context():
        if DATABASE_URL:
            tables = ", ".join(t.name for t in db.metadata.sorted_tables)
            db.session.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


class IsolatedClient(FlaskClient):
    """Each request in an application context of its own, as in production.

    The test holds an app context for its builders; without this, requests would share
    its `g` (the signed-in user, the locale) and its database session.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def actors(app):
    """One person of each role; the applicant's enterprise is enterprise A of most stories."""
    from procedures import ADMIN, APPLICANT, LEADER, SPECIALIST
    from tests.builders import make_user
    people = {role: make_user(role) for role in (APPLICANT, SPECIALIST, LEADER, ADMIN)}
    db.session.commit()
    return people


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email, password="secret-pass-1"):
        return self._client.post("/auth/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


def pytest_terminal_summary(terminalreporter):
    """One line of what the security-minded tests proved (tests/summary.py)."""
    from tests.summary import line
    if text := line():
        terminalreporter.write_line(text)
