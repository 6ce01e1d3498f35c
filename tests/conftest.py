"""Fixtures after Flask's tutorial: `app`, `client`, `runner`, and `auth`.

The schema comes from the migrations, applied once per run; each test then gets an
empty database: a copy of the migrated SQLite file, or a truncated PostgreSQL one
when PORTAL_TEST_DATABASE_URL points at PostgreSQL. Under pytest-xdist (`-n 2`) each
worker migrates its own template, or its own PostgreSQL database (`database_url`).
"""
import contextlib
import contextvars
import os
import re
import shutil

import pyotp
import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_migrate import upgrade

from portal import create_app
from portal.extensions import db
from tests.builders import current_code
from tests.summary import COUNTERS, line

# The server and database the PostgreSQL half runs on; unset, the suite runs on SQLite.
POSTGRES_URL = os.environ.get("PORTAL_TEST_DATABASE_URL")


def on_postgres_server(database: str) -> str:
    """The URL of another database on PORTAL_TEST_DATABASE_URL's server."""
    return sa.make_url(POSTGRES_URL).set(database=database).render_as_string(hide_password=False)


@contextlib.contextmanager
def postgres_maintenance():
    """A connection to the server's `postgres` database, where databases are created and dropped."""
    engine = sa.create_engine(on_postgres_server("postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def database_url(worker_id):
    """This process's PostgreSQL database, or None on SQLite. Without xdist, the URL as given;
    each xdist worker gets one of its own, <name>_gw0, ..., made empty and dropped at the end,
    so workers never truncate each other's tables. Subprocesses and servers get this URL too
    (through the app's SQLALCHEMY_DATABASE_URI), never the base one."""
    if not POSTGRES_URL or worker_id == "master":
        yield POSTGRES_URL
        return
    name = f"{sa.make_url(POSTGRES_URL).database}_{worker_id}"
    with postgres_maintenance() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield on_postgres_server(name)
    with postgres_maintenance() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _config(tmp_path, uri):
    return {"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": uri, "UPLOAD_FOLDER": str(tmp_path / "uploads")}


@pytest.fixture(scope="session")
def migrated(tmp_path_factory, database_url):
    """Apply the migrations once per process: to a template SQLite file (under the worker's own
    temporary folder), or to the PostgreSQL database."""
    if database_url:
        engine = sa.create_engine(database_url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
        uri = database_url
    else:
        uri = f"sqlite:///{tmp_path_factory.mktemp('template') / 'portal.sqlite3'}"
    app = create_app(_config(tmp_path_factory.mktemp("instance"), uri))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return uri


@pytest.fixture
def app_config():
    """Configuration a test module adds to the test app's (e.g. an identity provider)."""
    return {}


@pytest.fixture
def app(migrated, database_url, tmp_path, app_config):
    if database_url:
        uri = migrated
    else:
        shutil.copy(migrated.removeprefix("sqlite:///"), tmp_path / "portal.sqlite3")
        uri = f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    app = create_app({**_config(tmp_path, uri), **app_config})
    app.instance_path = str(tmp_path)
    with app.app_context():
        if database_url:
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


@pytest.fixture(autouse=True)
def one_rendering(request, monkeypatch):
    """A test that never reads a PDF's content gets one real rendering for every document and
    letter it makes (WeasyPrint takes ~80 ms each, and every submission and acceptance now
    writes a letter). Signing stays real, so each stored PDF still differs, as the unique
    hashes require. Tests that read what a PDF says are marked `reads_pdfs`."""
    if request.node.get_closest_marker("reads_pdfs"):
        return
    from portal.documents import pdf
    real, rendered = pdf.html_to_pdf, []

    def html_to_pdf(html: str) -> bytes:
        if not rendered:
            rendered.append(real(html))
        return rendered[0]
    monkeypatch.setattr(pdf, "html_to_pdf", html_to_pdf)


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email, password="secret-pass-1"):
        """Sign in through the forms; where the password leads to the second step, type the
        code the user's authenticator app shows (enrolling it first if asked)."""
        response = self._client.post("/auth/login", data={"email": email, "password": password})
        step = response.headers.get("Location", "")
        if step.endswith("/auth/2fa/"):
            with self._client.application.app_context():  # also from a test's own thread
                code = current_code(email)
            return self._client.post("/auth/2fa/", data={"code": code})
        if step.endswith("/auth/2fa/enrol"):  # an officer's first sign-in: scan, type the code
            page = self._client.get(step).get_data(as_text=True)
            secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
            return self._client.post(step, data={"code": pyotp.TOTP(secret).now()})
        return response

    def logout(self):
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


# Each takes half a minute or more: started first, so that under xdist neither worker is
# left running one of them alone at the end.
SLOWEST = {"test_workflow_properties.py": 0, "test_browser_journeys.py": 1}


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: SLOWEST.get(item.path.name, len(SLOWEST)))


def pytest_sessionfinish(session):
    """An xdist worker hands its counters to the controller, which prints the summary."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["summary"] = dict(COUNTERS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    COUNTERS.update(getattr(node, "workeroutput", {}).get("summary", {}))


def pytest_terminal_summary(terminalreporter):
    """One line of what the security-minded tests proved (tests/summary.py)."""
    if text := line():
        terminalreporter.write_line(text)
