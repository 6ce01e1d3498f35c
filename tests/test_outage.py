"""When the database is unreachable: people get a page asking them to retry (503 with
Retry-After), the log gets one line per failure, and the readiness check says so while the
liveness check still answers."""
import logging
import socket

import pytest

from portal import create_app
from tests.conftest import IsolatedClient


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def down(app, tmp_path):
    """The same portal (same secret, same storage) whose database server has gone away."""
    config = {**app.config, "SQLALCHEMY_DATABASE_URI":
              f"postgresql+psycopg://portal@127.0.0.1:{closed_port()}/portal"}
    outage = create_app(config)
    outage.instance_path = app.instance_path
    outage.test_client_class = IsolatedClient
    return outage


def test_a_signed_in_officer_is_asked_to_retry_while_the_database_is_down(
        app, client, auth, actors, down, caplog):
    auth.login(actors["specialist"].email)
    during = down.test_client()
    during.set_cookie("session", client.get_cookie("session").value)
    with caplog.at_level(logging.WARNING):
        response = during.get("/officer/queues/intake")
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert "Hệ thống tạm thời gián đoạn" in page and "thử lại sau" in page
    failures = [r for r in caplog.records if "database unavailable" in r.getMessage()]
    assert len(failures) == 1 and failures[0].exc_info is None
    assert "GET /officer/queues/intake" in failures[0].getMessage()
    assert client.get("/officer/queues/intake").status_code == 200  # back once it answers


def test_a_form_sent_during_the_outage_is_refused_with_503_not_500(down):
    response = down.test_client().post("/auth/login", data={"email": "a@example.vn",
                                                            "password": "secret-pass-1"})
    assert response.status_code == 503 and "Retry-After" in response.headers


def test_liveness_answers_while_readiness_names_the_database(down):
    visitor = down.test_client()
    assert visitor.get("/healthz").status_code == 200
    response = visitor.get("/readyz")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    checks = response.get_json()["checks"]
    assert checks["database"].startswith("OperationalError")
    assert checks["storage"] == "ok" and checks["redis"] == "ok"


def test_readiness_is_ok_when_database_and_storage_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200 and "Retry-After" not in response.headers
    assert response.get_json() == {"ready": True, "checks": {"database": "ok", "storage": "ok",
                                                             "redis": "ok"}}


def test_readiness_names_storage_that_cannot_be_written(app, client, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the uploads folder should be")
    app.config["UPLOAD_FOLDER"] = str(blocked)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["storage"].startswith("uploads:")


def test_readiness_names_a_configured_redis_that_does_not_answer(app, tmp_path):
    config = {**app.config, "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{closed_port()}/0"}
    unanswered = create_app(config)
    unanswered.instance_path = app.instance_path
    response = unanswered.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["redis"] != "ok"


def test_a_refused_form_during_the_outage_gets_the_503_not_a_500(app, client, auth, actors, tmp_path):
    """The 400 page for a missing CSRF token names the signed-in user, which needs the database."""
    auth.login(actors["specialist"].email)
    config = {**app.config, "WTF_CSRF_ENABLED": True, "SQLALCHEMY_DATABASE_URI":
              f"postgresql+psycopg://portal@127.0.0.1:{closed_port()}/portal"}
    outage = create_app(config)
    outage.instance_path = app.instance_path
    during = outage.test_client()
    during.set_cookie("session", client.get_cookie("session").value)
    response = during.post("/officer/dossiers/1/notes", data={"body": "Ghi chú"})
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
