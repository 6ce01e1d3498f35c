"""The write path under load, and through a database outage: nothing lost, nothing doubled.

Run with `make bench` (after the pages). It starts a PostgreSQL server of its own (`pg_ctl`,
on a free loopback port, data under instance/bench/), migrates it, and serves the portal with
gunicorn (4 sync workers). Then, for a bounded time, APPLICANTS client threads each register
an enterprise through the real form, start a business-licence application, fill the form,
upload every checklist item and submit; OFFICERS threads (a specialist and a leader each)
accept, propose and approve what was submitted. Every request is one HTTP request on
loopback, CSRF on. Each client writes down what the portal acknowledged.

Two runs: steady load; then the same load while the database server is stopped for
OUTAGE_S seconds and started again. Each prints throughput and p50/p99 per step, then checks
the database against the acknowledgements: every acknowledged registration, upload,
submission and officer action stored exactly once, nothing stored twice, one signed document
per approved dossier with its file, and `flask audit verify` clean. During the outage every
answer must be a 503 (with Retry-After), or a refused connection while the server restarts,
never a 500; `/healthz` stays up while `/readyz` says 503. PASS and FAIL lines say which.
"""
import argparse
import collections
import hashlib
import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyotp  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from portal import create_app  # noqa: E402
from portal.demo import SAMPLE_PDF, sample_form  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.fees import gateway  # noqa: E402
from portal.infra import totp  # noqa: E402
from portal.models import IssuedDocument, Upload, User, WorkflowEvent  # noqa: E402
from procedures import LEADER, PROCEDURES, SPECIALIST  # noqa: E402
from procedures.applicants import ENTERPRISE  # noqa: E402

PROCEDURE = "bl_grant"
# The route a granted business licence takes, by whom: the declarations' own action names.
APPLICANT_SUBMITS = "submit"
OFFICER_STEPS = (("accept", SPECIALIST), ("propose_grant", SPECIALIST), ("approve", LEADER))
APPLICANTS = 16
OFFICERS = 4
OFFICER_TOTP = pyotp.random_base32()  # the officers' second factor, shared by the bench's officers
WORKERS = 4
LOAD_S = 40.0
OUTAGE_AFTER_S = 10.0
OUTAGE_S = 5.0
AFTER_OUTAGE_S = 15.0
# The payment gateway the bench plays: it posts each appraisal fee's signed callback.
GATEWAY_SECRET = "bench-gateway-secret"
MAX_CYCLES = 400  # per applicant thread: every loop bounded in count as well as time
RETRY_PAUSE_S = 0.25
PASSWORD = "bench-2026-Ab"
PG_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))


# The database server of our own

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(*command: str, **kw) -> subprocess.CompletedProcess:
    """PostgreSQL refuses to run as root: its tools run as the postgres user when we are root."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], check=True, capture_output=True, text=True, **kw)


class Server:
    """A throwaway PostgreSQL cluster on its own port and data folder."""

    def __init__(self, folder: Path):
        if not PG_BIN:
            raise SystemExit("PostgreSQL's server binaries are not installed (/usr/lib/postgresql/*/bin)")
        self.bin, self.data, self.port = PG_BIN[-1], folder / "pgdata", free_port()
        folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        as_postgres(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        self.log = folder / "postgresql.log"

    def start(self) -> None:
        as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w",
                    "-o", f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 "
                          "-c max_connections=100 -c fsync=on", "start")

    def stop(self, mode: str = "fast") -> None:
        as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"


def make_app(url: str, folder: Path):
    return create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                       "UPLOAD_FOLDER": str(folder / "uploads"), "ISSUED_FOLDER": str(folder / "issued")})


def prepare(server: Server, folder: Path) -> tuple[str, list[tuple[str, str]]]:
    """A fresh migrated database with OFFICERS specialists and leaders; its URL and their e-mails."""
    admin = sa.create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text("CREATE DATABASE portal_writepath"))
    admin.dispose()
    url = server.url("portal_writepath")
    app = make_app(url, folder)
    with app.app_context():
        upgrade()
        password = generate_password_hash(PASSWORD, method="scrypt")
        pairs = []
        for i in range(OFFICERS):
            pair = (f"cv{i}@bench.vn", f"ld{i}@bench.vn")
            for email, role in zip(pair, (SPECIALIST, LEADER)):
                db.session.add(User(email=email, full_name=f"Cán bộ {email}", role=role,
                                    password_hash=password, locale="vi", totp_secret=OFFICER_TOTP))
            pairs.append(pair)
        db.session.commit()
        db.engine.dispose()
    return url, pairs


def start_gunicorn(url: str, folder: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "PORTAL_DATABASE_URL": url, "PORTAL_INSTANCE_PATH": str(folder),
           "PORTAL_SECRET_KEY": uuid.uuid4().hex, "PORTAL_UPLOAD_FOLDER": str(folder / "uploads"),
           "PORTAL_PAYMENT_GATEWAY_URL": "http://127.0.0.1:9",
           "PORTAL_PAYMENT_GATEWAY_SECRET": GATEWAY_SECRET,
           "PORTAL_RATELIMIT_ENABLED": "0"}  # 16 people on one address: the write path, not limits
    env.pop("PORTAL_REDIS_URL", None)
    log = open(folder / "gunicorn.log", "w")
    proc = subprocess.Popen([Path(sys.executable).parent / "gunicorn", "--workers", str(WORKERS),
                             "--worker-class", "sync", "--bind", f"127.0.0.1:{port}",
                             "--timeout", "60", "portal:create_app()"],
                            env=env, cwd=ROOT, stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if Browser(port).get("/healthz")[0] == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start; see {folder}/gunicorn.log")


# The clients

class Failed(Exception):
    """A step the portal did not acknowledge: its status, or the connection error."""

    def __init__(self, status):
        super().__init__(status)
        self.status = status


class Browser:
    """One person's cookies and CSRF token, over a new loopback connection per request."""

    def __init__(self, port: int):
        self.port, self.cookies, self.token = port, {}, ""

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str = "",
                extra: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(extra or {})}
            if content_type:
                headers["Content-Type"] = content_type
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for key, value in response.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        found = re.search(rb'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', data)
        if found:
            self.token = found.group(1).decode()
        return response.status, response.getheader("Location") or "", data

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, fields: dict | list) -> tuple:
        items = list(fields.items()) if isinstance(fields, dict) else list(fields)
        body = urllib.parse.urlencode([("csrf_token", self.token), *items], doseq=True)
        return self.request("POST", path, body.encode(), "application/x-www-form-urlencoded")

    def upload(self, path: str, fields: dict, name: str, data: bytes):
        boundary = uuid.uuid4().hex
        out = io.BytesIO()
        for key, value in {"csrf_token": self.token, **fields}.items():
            out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                  f"Content-Type: application/pdf\r\n\r\n".encode() + data + b"\r\n")
        out.write(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, out.getvalue(), f"multipart/form-data; boundary={boundary}")


class Ledger:
    """What the portal acknowledged, what each step took, and every answer during the outage."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acknowledged = collections.defaultdict(set)
        self.latencies = collections.defaultdict(list)
        self.statuses = collections.Counter()
        self.errors = collections.Counter()

    def step(self, name: str, call, *, accepted=lambda status, location, body: status in (200, 302),
             retries: int = 60, seen=None):
        """Run one step as a person would: on a 503 or a refused connection, wait and press again.
        `seen` reads every page shown, the 503 page too (it shows the messages waiting)."""
        for _ in range(retries):
            start = time.perf_counter()
            try:
                status, location, body = call()
            except OSError:
                status, location, body = "connection", "", b""
            with self.lock:
                self.statuses[status] += 1
            if seen:
                seen(body)
            if status in (503, "connection"):
                time.sleep(RETRY_PAUSE_S)
                continue
            if not accepted(status, location, body):
                with self.lock:
                    self.errors[f"{name}: {status}"] += 1
                raise Failed(status)
            with self.lock:
                self.latencies[name].append(time.perf_counter() - start)
            return status, location, body
        raise Failed("gave up")

    def ack(self, kind: str, key) -> None:
        with self.lock:
            self.acknowledged[kind].add(key)


def form_fields(procedure) -> list[tuple[str, str]]:
    """The application form as the browser posts it, from the procedure's sample answers."""
    fields, answers = [], sample_form(procedure)
    for decl in procedure.fields:
        value = answers.get(decl.name)
        if value is None:
            continue
        if decl.kind == "identifier_names":
            fields.append((decl.name, "\n".join(value)))
        elif decl.kind == "product_lines":
            fields += [(f"{decl.name}-{i}-{k}", str(v)) for i, line in enumerate(value) for k, v in line.items()]
        elif isinstance(value, list):
            fields += [(decl.name, str(v)) for v in value]
        else:
            fields.append((decl.name, str(value)))
    return fields


def applicant(port: int, ledger: Ledger, until: float, number: int) -> None:
    """Register, then apply again and again until time is up."""
    procedure = PROCEDURES[PROCEDURE]
    me, email = Browser(port), f"dn{number}-{uuid.uuid4().hex[:8]}@bench.vn"
    code = f"{9_000_000_000 + number * 1_000 + int(uuid.uuid4().int % 1000):010d}"
    try:
        ledger.step("open the registration form", lambda: me.get("/auth/register"))
        ledger.step("register", lambda: me.post("/auth/register", {
            "applicant_type": ENTERPRISE, "code": code, "name": f"Công ty Cổ phần Bảo mật số {number}", "address": "Số 1 Phố Huế, Hà Nội",
            "legal_representative": "Nguyễn Văn An", "full_name": f"Người nộp {number}", "email": email,
            "password": PASSWORD, "confirm": PASSWORD}),
            accepted=lambda s, loc, b: s == 302 and "/applicant/" in loc)
        ledger.ack("registrations", email)
        fields = form_fields(procedure)
        for _ in range(MAX_CYCLES):
            if time.perf_counter() >= until:
                return
            apply_once(me, ledger, procedure, fields)
    except Failed:
        return


def apply_once(me: Browser, ledger: Ledger, procedure, fields) -> None:
    ledger.step("open the application", lambda: me.get(f"/applicant/apply/{procedure.code}"))
    _, location, _ = ledger.step("start a draft", lambda: me.post(f"/applicant/apply/{procedure.code}", {}),
                                 accepted=lambda s, loc, b: s == 302 and "/edit" in loc)
    dossier_id = int(re.search(r"/dossiers/(\d+)/", location).group(1))
    edit = f"/applicant/dossiers/{dossier_id}/edit"
    ledger.step("fill the form", lambda: me.post(edit, fields),
                accepted=lambda s, loc, b: s == 302 and loc.endswith("/edit"))
    for requirement in procedure.checklist:
        content = SAMPLE_PDF.replace(b"\n", f"\n%{uuid.uuid4().hex}\n".encode(), 1)
        ledger.step("upload a file", lambda: me.upload(f"/applicant/dossiers/{dossier_id}/uploads",
                                                       {"requirement": requirement.key}, "giay-to.pdf", content))
        ledger.step("see the upload", lambda: me.get(edit), seen=acknowledges(
            "Đã tải lên", ledger, "uploads", (dossier_id, requirement.key, content)))
    version = re.search(rb'name="version" value="(\d+)"', me.get(edit)[2])
    _, location, _ = ledger.step(
        "submit", lambda: me.post(f"/applicant/dossiers/{dossier_id}/actions/{APPLICANT_SUBMITS}",
                                  {"version": version.group(1).decode() if version else ""}),
        accepted=lambda s, loc, b: s == 302)
    if not location.endswith("/receipt"):  # refused, back to the dossier: an enterprise not yet
        return  # verified has one dossier at a time before the officers (nothing acknowledged)
    ledger.ack("events", (dossier_id, APPLICANT_SUBMITS))
    pay_online(me, ledger, dossier_id)


def pay_online(me: Browser, ledger: Ledger, dossier_id: int) -> None:
    """The appraisal fee the dossier page asks for, paid: the gateway's signed callback, as it
    posts it (a 409 after a retry: the first one was counted)."""
    page = ledger.step("see the fee", lambda: me.get(f"/applicant/dossiers/{dossier_id}"))[2]
    reference = re.search(rb'class="reference">(\w+)<', page).group(1).decode()
    owed = int(re.search(rb"<strong>([\d.]+) ", page).group(1).replace(b".", b""))
    body = json.dumps({"transaction": uuid.uuid4().hex, "reference": reference, "amount": owed,
                       "status": "paid", "timestamp": int(time.time())}).encode()
    ledger.step("pay the fee", lambda: me.request(
        "POST", "/payments/callback", body, "application/json",
        {gateway.SIGNATURE_HEADER: gateway.sign(GATEWAY_SECRET, body)}),
        accepted=lambda s, loc, b: s in (200, 409))


def officer(port: int, ledger: Ledger, until: float, emails: tuple[str, str], share: tuple[int, int]) -> None:
    """A specialist and a leader working through their share of the dossiers (id mod n), each
    step from the page the officer has open (its version), as the review page posts it."""
    people = {}
    for email, role in zip(emails, (SPECIALIST, LEADER)):
        people[role] = Browser(port)
        ledger.step("officer signs in", lambda b=people[role]: b.get("/auth/login"))
        ledger.step("officer signs in", lambda b=people[role], e=email: b.post(
            "/auth/login", {"email": e, "password": PASSWORD}), accepted=lambda s, loc, b: s == 302)
        ledger.step("officer signs in", lambda b=people[role]: b.get("/auth/2fa/"))
        ledger.step("officer signs in", lambda b=people[role]: b.post(
            "/auth/2fa/", {"code": second_factor_code()}), accepted=lambda s, loc, b: s == 302)
    queues = {"accept": "intake", "propose_grant": "appraisal", "approve": "approval"}
    while time.perf_counter() < until:
        busy = False
        for action, role in OFFICER_STEPS:
            me = people[role]
            try:
                _, _, page = ledger.step("officer opens a queue", lambda: me.get(f"/officer/queues/{queues[action]}"))
            except Failed:
                continue
            mine = [int(i) for i in re.findall(rb'href="/officer/dossiers/(\d+)"', page)
                    if int(i) % share[1] == share[0]]
            for dossier_id in mine[:5]:
                busy |= act(me, ledger, dossier_id, action)
        if not busy:
            time.sleep(0.2)


def second_factor_code() -> str:
    """The code an officer's authenticator shows now: each officer signs in once a run, and
    the runs are more than a 30 s step apart, so no code is offered twice."""
    return pyotp.TOTP(OFFICER_TOTP).at(totp.current_step() * 30)


def act(me: Browser, ledger: Ledger, dossier_id: int, action: str) -> bool:
    page_url = f"/officer/dossiers/{dossier_id}"
    try:
        _, _, page = ledger.step("officer opens a dossier", lambda: me.get(page_url))
        form = re.search(rf'/actions/{action}".*?name="version" value="(\d+)"'.encode(), page, re.S)
        if not form:
            return False
        ledger.step(action, lambda: me.post(f"{page_url}/actions/{action}",
                                            {"version": form.group(1).decode(), "note": "Đạt yêu cầu."}),
                    accepted=lambda s, loc, b: s == 302)
        ledger.step("officer sees the result", lambda: me.get(page_url),
                    seen=acknowledges("Đã thực hiện", ledger, "events", (dossier_id, action)))
    except Failed:
        return False
    return True


def acknowledges(message: str, ledger: Ledger, kind: str, key):
    """A reader of pages that records `key` as acknowledged once one shows `message`."""
    def seen(body: bytes) -> None:
        if message.encode() in body:
            ledger.ack(kind, key)
    return seen


# The run and its checks

def run(port: int, ledger: Ledger, seconds: float, officers: list, during=None) -> float:
    """Load for `seconds`; `during` (if any) runs alongside, e.g. the outage. Wall seconds."""
    start = time.perf_counter()
    until = start + seconds
    threads = [threading.Thread(target=applicant, args=(port, ledger, until, i)) for i in range(APPLICANTS)]
    threads += [threading.Thread(target=officer, args=(port, ledger, until + 5, pair, (i, len(officers))))
                for i, pair in enumerate(officers)]
    for t in threads:
        t.start()
    if during:
        during()
    for t in threads:
        t.join()
    return time.perf_counter() - start


def check(url: str, folder: Path, *ledgers: Ledger) -> dict[str, tuple[bool, str]]:
    """The database against what was acknowledged in every run so far."""
    ledger = Ledger()
    for earlier in ledgers:
        for kind, keys in earlier.acknowledged.items():
            ledger.acknowledged[kind] |= keys
    app = make_app(url, folder)
    checks = {}
    with app.app_context():
        users = set(db.session.execute(sa.select(User.email)).scalars())
        missing = ledger.acknowledged["registrations"] - users
        checks["every acknowledged registration stored"] = (not missing, f"{len(missing)} missing of "
                                                           f"{len(ledger.acknowledged['registrations'])}")
        events = collections.Counter(db.session.execute(sa.select(WorkflowEvent.dossier_id, WorkflowEvent.action)))
        acked = ledger.acknowledged["events"]
        lost = [e for e in acked if events[e] == 0]
        doubled = [e for e, n in events.items() if n > 1]
        unacknowledged = [e for e in events if e not in acked]
        checks["every acknowledged submission and officer action stored"] = (
            not lost, f"{len(lost)} lost of {len(acked)}")
        checks["no action stored twice"] = (not doubled, f"{len(doubled)} doubled")
        checks["nothing stored without acknowledgement"] = (
            not unacknowledged, f"{len(unacknowledged)} history rows nobody was told of")
        uploads = {(u.dossier_id, u.requirement, u.sha256) for u in db.session.execute(sa.select(Upload)).scalars()}
        missing = [u for u in ledger.acknowledged["uploads"]
                   if (u[0], u[1], hashlib.sha256(u[2]).hexdigest()) not in uploads]
        files = [u for u in uploads if not (folder / "uploads" / u[2][:2] / u[2]).is_file()]
        checks["every acknowledged upload stored, with its file"] = (
            not missing and not files, f"{len(missing)} rows and {len(files)} files missing of "
                                       f"{len(ledger.acknowledged['uploads'])}")
        approved = {d for d, a in events if a == "approve"}
        documents = collections.Counter(db.session.execute(sa.select(IssuedDocument.dossier_id)).scalars())
        wrong = [d for d in approved if documents[d] != 1] + [d for d in documents if d not in approved]
        unstored = [n for n, h in db.session.execute(sa.select(IssuedDocument.number, IssuedDocument.sha256))
                    if not (folder / "issued" / f"{h}.pdf").is_file()]
        checks["one signed document per approved dossier, with its file"] = (
            not wrong and not unstored, f"{len(approved)} approved, {sum(documents.values())} documents, "
                                        f"{len(wrong)} wrong, {len(unstored)} files missing")
        db.engine.dispose()
    env = {**os.environ, "PORTAL_DATABASE_URL": url, "PORTAL_INSTANCE_PATH": str(folder)}
    verify = subprocess.run([Path(sys.executable).parent / "flask", "--app", "portal", "audit", "verify"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    checks["audit verify clean"] = (verify.returncode == 0, (verify.stdout or verify.stderr).strip().splitlines()[-1:])
    return checks


def summary(ledger: Ledger, seconds: float) -> dict:
    steps = {}
    for name, lat in sorted(ledger.latencies.items()):
        lat = sorted(lat)
        steps[name] = {"count": len(lat), "per_s": len(lat) / seconds, "p50_ms": 1000 * statistics.median(lat),
                       "p99_ms": 1000 * lat[min(len(lat) - 1, int(0.99 * len(lat)))]}
    return {"seconds": seconds, "steps": steps, "statuses": {str(k): v for k, v in ledger.statuses.items()},
            "errors": dict(ledger.errors),
            "acknowledged": {k: len(v) for k, v in ledger.acknowledged.items()}}


def outage(server: Server, port: int, log: dict) -> None:
    """Stop the database OUTAGE_AFTER_S into the load, for OUTAGE_S; probe the health endpoints."""
    time.sleep(OUTAGE_AFTER_S)
    server.stop("fast")
    stopped = time.perf_counter()
    time.sleep(1.0)
    probe = Browser(port)
    log["healthz_during"] = probe.get("/healthz")[0]
    status, _, body = probe.get("/readyz")
    log["readyz_during"] = status
    log["readyz_body"] = json.loads(body or b"{}")
    time.sleep(max(0.0, OUTAGE_S - (time.perf_counter() - stopped)))
    server.start()
    restarted = time.perf_counter()
    log["down_s"] = restarted - stopped
    while time.perf_counter() - restarted < 30:
        if probe.get("/readyz")[0] == 200:
            break
        time.sleep(0.05)
    log["ready_again_after_s"] = time.perf_counter() - restarted


def print_report(title: str, report: dict, checks: dict) -> None:
    print(f"\n{title}: {APPLICANTS} applicants, {OFFICERS} officer pairs, gunicorn {WORKERS} sync workers, "
          f"{report['seconds']:.0f} s; load average {os.getloadavg()[0]:.1f}")
    print(f"{'step':<28}{'count':>7}{'per s':>8}{'p50 ms':>9}{'p99 ms':>9}")
    for name, s in report["steps"].items():
        print(f"{name:<28}{s['count']:>7}{s['per_s']:>8.1f}{s['p50_ms']:>9.1f}{s['p99_ms']:>9.1f}")
    print(f"answers: {report['statuses']}; acknowledged: {report['acknowledged']}")
    for name, (ok, text) in checks.items():
        print(f"{'PASS' if ok else 'FAIL'} {title}: {name}: {text}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=LOAD_S, help="steady load, seconds")
    args = parser.parse_args()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    folder = ROOT / "instance" / "bench" / f"writepath-{stamp}"
    server = Server(folder / "postgres")
    server.start()
    proc = None
    try:
        url, officers = prepare(server, folder)
        port = free_port()
        proc = start_gunicorn(url, folder, port)
        results = {}
        steady = Ledger()
        seconds = run(port, steady, args.seconds, officers)
        checks = check(url, folder, steady)
        errors = sum(steady.errors.values()) + sum(n for s, n in steady.statuses.items() if s not in (200, 302))
        checks["no errors under load"] = (errors == 0, f"{errors} errors {dict(steady.errors)}")
        results["steady"] = {**summary(steady, seconds), "checks": {k: v[0] for k, v in checks.items()}}
        print_report("write path", results["steady"], checks)

        down, log = Ledger(), {}
        seconds = run(port, down, OUTAGE_AFTER_S + OUTAGE_S + AFTER_OUTAGE_S, officers,
                      during=lambda: outage(server, port, log))
        checks = check(url, folder, steady, down)
        fives = down.statuses.get(500, 0)
        checks["no 500 during the outage, 503 or a refused connection only"] = (
            fives == 0 and not down.errors, f"{down.statuses.get(503, 0)} answered 503, "
                                            f"{down.statuses.get('connection', 0)} connections refused, "
                                            f"{fives} answered 500, errors {dict(down.errors)}")
        checks["/healthz up and /readyz 503 while the database is down"] = (
            log.get("healthz_during") == 200 and log.get("readyz_during") == 503,
            f"healthz {log.get('healthz_during')}, readyz {log.get('readyz_during')} {log.get('readyz_body')}")
        checks["ready again within 2 s of the restart"] = (
            log.get("ready_again_after_s", 99) <= 2, f"{log.get('ready_again_after_s', 0):.2f} s")
        traces = (folder / "gunicorn.log").read_text().count("Traceback")
        checks["no traceback in the log"] = (traces == 0, f"{traces} tracebacks")
        results["outage"] = {**summary(down, seconds), **log, "checks": {k: v[0] for k, v in checks.items()}}
        print_report("outage", results["outage"], checks)
        out = ROOT / "instance" / "bench" / f"writepath-{stamp}.json"
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
        print(f"JSON: {out.relative_to(ROOT)}")
        return 0 if all(all(r["checks"].values()) for r in results.values()) else 1
    finally:
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        try:
            server.stop("fast")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(folder / "postgres", ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
