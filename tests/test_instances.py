"""Two gunicorn instances over one database behave as one portal: a session started on
one is valid on the other, a file uploaded through one is served by the other, and the
login rate limit counts attempts on both (in Redis); a revocation made through one shows on
the other's verification page within seconds."""
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from portal.demo import SAMPLE_PDF
from portal.extensions import db
from procedures import APPLICANT, LEADER
from tests.builders import PASSWORD, current_code, make_issued, make_user

# Redis database 15, one lower for each further xdist worker: the login counters, which the
# first test empties, are this process's own while the other worker runs the other test.
REDIS = f"redis://127.0.0.1:6379/{15 - int(os.environ.get('PYTEST_XDIST_WORKER', 'gw0')[2:])}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture
def instances(app, tmp_path):
    """Two portals on two ports, sharing the database, the storage folder and the secret."""
    env = {**os.environ, "PORTAL_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "PORTAL_INSTANCE_PATH": str(tmp_path / "shared"), "PORTAL_SECRET_KEY": uuid.uuid4().hex,
           "PORTAL_UPLOAD_FOLDER": str(tmp_path / "shared" / "uploads"),
           "PORTAL_REDIS_URL": f"{REDIS}"}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    ports = [free_port(), free_port()]
    procs = [subprocess.Popen([gunicorn, "--workers", "2", "--worker-class", "sync", "--bind",
                               f"127.0.0.1:{port}", "portal:create_app()"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for port in ports]
    try:
        for port in ports:
            wait_for(port)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=20)


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"no portal on port {port}")


class Browser:
    """One person's browser: cookies kept, forms posted with their CSRF token."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, url: str) -> tuple[int, str]:
        try:
            with self.opener.open(url, timeout=20) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, url: str, form_page: str, fields: dict, files: dict | None = None):
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', self.get(form_page)[1])
        data = {**fields, "csrf_token": token.group(1)}
        if files:
            body, ctype = multipart(data, files)
        else:
            body, ctype = urllib.parse.urlencode(data).encode(), "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=body, headers={"Content-Type": ctype})
        try:
            with self.opener.open(request, timeout=20) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    for name, (filename, data) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
                     + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.skipif(not redis_up(), reason="needs Redis on 127.0.0.1:6379 for shared rate limits")
def test_two_instances_over_one_database_behave_as_one_portal(app, instances):
    import redis
    redis.Redis.from_url(REDIS).flushdb()
    user = make_user(APPLICANT)
    db.session.commit()
    a, b = instances
    browser = Browser()

    status, _ = browser.post(f"{a}/auth/login", f"{a}/auth/login",
                             {"email": user.email, "password": PASSWORD})
    status, page = browser.get(f"{b}/applicant/")
    assert status == 200 and user.full_name in page  # signed in on A, known on B

    status, page = browser.post(f"{b}/applicant/apply/bl_grant", f"{b}/applicant/apply/bl_grant", {})
    dossier_id = re.search(r"Bản nháp #(\d+)", page).group(1)
    edit = f"/applicant/dossiers/{dossier_id}/edit"
    browser.post(f"{a}/applicant/dossiers/{dossier_id}/uploads", f"{a}{edit}",
                 {"requirement": "enterprise_registration"}, {"file": ("dang-ky-doanh-nghiep.pdf", SAMPLE_PDF)})
    status, page = browser.get(f"{b}{edit}")
    assert "dang-ky-doanh-nghiep.pdf" in page  # uploaded through A, listed by B
    upload_link = re.search(r'href="(/applicant/dossiers/\d+/uploads/\d+)"', page).group(1)
    with browser.opener.open(f"{b}{upload_link}") as r:
        assert r.read() == SAMPLE_PDF  # and served from the shared storage

    stranger = Browser()
    for i in range(10):
        host = (a, b)[i % 2]
        stranger.post(f"{host}/auth/login", f"{host}/auth/login",
                      {"email": user.email, "password": "sai-mat-khau"})
    status, page = stranger.post(f"{a}/auth/login", f"{a}/auth/login",
                                 {"email": user.email, "password": "sai-mat-khau"})
    assert status == 429  # ten failures counted across both instances


@pytest.mark.skipif(not redis_up(), reason="needs Redis on 127.0.0.1:6379 for shared rate limits")
def test_a_revocation_on_one_instance_shows_on_the_others_verification_page_within_seconds(
        app, actors, instances):
    licence = make_issued("business_licence", actors)
    db.session.commit()
    a, b = instances
    customs = Browser()
    for _ in range(4):  # both of B's workers have read and rendered the page
        status, page = customs.get(f"{b}/verify/{licence.number}")
        assert status == 200 and "Còn hiệu lực" in page

    leader = Browser()
    leader.post(f"{a}/auth/login", f"{a}/auth/login", {"email": actors[LEADER].email, "password": PASSWORD})
    leader.post(f"{a}/auth/2fa/", f"{a}/auth/2fa/", {"code": current_code(actors[LEADER].email)})
    status, _ = leader.post(f"{a}/officer/documents/{licence.id}/actions/revoke",
                            f"{a}/officer/documents/{licence.id}", {"ground": "not_started"})
    assert status == 200
    revoked_at = time.monotonic()
    while "Đã bị thu hồi" not in customs.get(f"{b}/verify/{licence.number}")[1]:
        assert time.monotonic() - revoked_at < app.config["VERIFY_FRESH_SECONDS"] + 2
        time.sleep(0.1)
