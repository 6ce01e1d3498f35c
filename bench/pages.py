"""Requests per second and latency of the pages people wait on, beside a bare endpoint.

Run with `make bench` (100,000 dossiers) or `make bench ARGS=--million`. It creates two fresh
PostgreSQL databases (`portal_bench` and `portal_bench_small`, or with `--sqlite` files in a
temporary instance), migrates and seeds them (100,000 and 1,000 dossiers), starts gunicorn on
each on a free loopback port, and measures, side by side: the bare /healthz, the officers'
queue (first and 1,000th page, and the first page at 1,000 dossiers), a dossier page, the
public verification page, an applicant's dossier list and the leaders' dashboard (its
summary rows seeded in bulk, as the engine would have kept them), and the floor, the least a
signed-in page of 50 dossiers costs on this stack (bench/floor_app.py), with the CPU time each request
cost gunicorn's workers, PostgreSQL's backends and the client. It prints a table and writes JSON to
instance/bench/. Figures only, no assertions; gunicorn is stopped and the database dropped
at the end, even on error.
"""
import argparse
import datetime as dt
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
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
from portal.extensions import db  # noqa: E402
from portal.infra import totp  # noqa: E402
from portal.models import (Dossier, DueCount, Enterprise, IssuedDocument, ServiceCount, User,  # noqa: E402
                           WorkflowEvent)
from portal.reports.summary import MEASURES, officers_turn  # noqa: E402
from portal.dossiers.queues import PAGE_SIZE, QUEUES  # noqa: E402
from procedures import LEADER, PROCEDURES, SPECIALIST  # noqa: E402

PASSWORD = "bench-2026"
OFFICER_TOTP = pyotp.random_base32()  # the officers' second factor
CODES_USED: dict[str, int] = {}  # the last time step whose code each officer used
BATCH = 10_000
SMALL = 1_000
QUEUE = "appraisal"
DEEP_PAGE = 1_000
THREADS = 4
WARMUP_S = 3.0
ROUNDS = 5
DURATION_S = 5.0
OFFICER_PAGE_TARGET = 0.2  # the queue, dossier and applicant-list pages beside the bare endpoint
DASHBOARD_TARGET = 2.0  # the leaders' dashboard at most this many times slower than the queue
MAX_REQUESTS = 50_000  # per page: every loop is bounded in count as well as time
ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BENCH_DB = os.environ.get("BENCH_DATABASE", "portal_bench")  # and <name>_small

# Where the seeded dossiers stand: most wait on appraisal, so the appraisal queue holds
# well over 1,000 pages (50,000 dossiers) at 100,000.
STATE_WEIGHTS = [("in_appraisal", 55), ("consultation", 5), ("submitted", 10),
                 ("pending_approval", 5), ("supplement_requested", 3), ("returned", 2),
                 ("issued", 12), ("refused", 3), ("draft", 5)]
OPEN = {"submitted", "in_appraisal", "consultation", "pending_approval",
        "supplement_requested", "returned", "awaiting_payment"}
ENDED = {"issued": "granted", "refused": "refused"}  # how the seeded closed dossiers ended


# The database

def create_database(sqlite: bool, folder: str, name: str) -> str:
    """A fresh, migrated database; its URL."""
    if sqlite:
        url = f"sqlite:///{folder}/portal.sqlite3"
    else:
        admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            conn.execute(sa.text(f"CREATE DATABASE {name}"))
        admin.dispose()
        url = ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    app = make_app(url, folder)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


def drop_database(sqlite: bool, name: str) -> None:
    if sqlite:
        return  # the temporary instance folder goes with it
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def make_app(url: str, folder: str):
    return create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                       "WTF_CSRF_ENABLED": False, "UPLOAD_FOLDER": f"{folder}/uploads",
                       "ISSUED_FOLDER": f"{folder}/issued"})


# Seeding. Bulk INSERTs, not the workflow engine: firing each transition (numbering, audit
# chain, e-mails) would take hours for 100,000 dossiers, and this benchmark measures reads.

class Seeder:
    def __init__(self, enterprises: int):
        self.rng = random.Random(7)
        self.today = dt.date.today()
        self.moment = dt.datetime.now(dt.timezone.utc)
        self.enterprises = enterprises
        self.dossiers = 0
        self.applicants: list[int] = []
        self.states, self.weights = zip(*STATE_WEIGHTS)
        # The reports' summary of what is seeded, written in bulk at the end, as the engine
        # would have kept it: (month, procedure, specialist) -> counts; (due date, procedure).
        self.counts: dict[tuple, dict] = {}
        self.due: dict[tuple, int] = {}

    def people(self) -> dict:
        """Enterprises with one applicant each, and the benchmark's officers."""
        password = generate_password_hash(PASSWORD, method="scrypt")  # once, shared by all
        for start in range(0, self.enterprises, BATCH):
            ids = range(start + 1, min(start + BATCH, self.enterprises) + 1)
            db.session.execute(sa.insert(Enterprise), [
                {"id": i, "code": f"{1_000_000_000 + i}", "name": f"Công ty Cổ phần An ninh mạng số {i}",
                 "foreign_name": None, "address": f"{i} Phố Huế, Hà Nội",
                 "legal_representative": "Nguyễn Văn An", "foreign_invested": False,
                 "created_at": self.moment} for i in ids])
            db.session.execute(sa.insert(User), [
                {"id": i, "email": f"dn{i}@bench.vn", "full_name": f"Người nộp {i}",
                 "password_hash": password, "role": "applicant", "enterprise_id": i, "locale": "vi",
                 "active": True, "created_at": self.moment} for i in ids])
        officers = {SPECIALIST: self.enterprises + 1, LEADER: self.enterprises + 2}
        db.session.execute(sa.insert(User), [
            {"id": uid, "email": f"{role}@bench.vn", "full_name": f"Cán bộ {role}",
             "password_hash": password, "role": role, "enterprise_id": None, "locale": "vi",
             "active": True, "created_at": self.moment, "totp_secret": OFFICER_TOTP}
            for role, uid in officers.items()])
        db.session.commit()
        self._fix_sequences()
        return {"applicant": "dn1@bench.vn", "officer": f"{SPECIALIST}@bench.vn",
                "leader": f"{LEADER}@bench.vn", "specialist_id": officers[SPECIALIST]}

    def grow(self, total: int, specialist_id: int) -> None:
        """More dossiers up to `total`, spread over the procedures and their states,
        with at most two history rows each, and an issued document for each issued one."""
        codes = list(PROCEDURES)
        while self.dossiers < total:
            first = self.dossiers + 1
            last = min(self.dossiers + BATCH, total)
            dossiers, events, documents = [], [], []
            for i in range(first, last + 1):
                procedure = PROCEDURES[codes[i % len(codes)]]
                names = {s.name for s in procedure.flow.states}
                state = self.rng.choices(self.states, self.weights)[0]
                if state not in names:
                    state = "in_appraisal"
                enterprise = self.rng.randint(1, self.enterprises)
                submitted = None if state == "draft" else self.moment - dt.timedelta(days=self.rng.randint(1, 90))
                dossiers.append({
                    "id": i, "code": None if state == "draft" else f"ATTT-B-{i:08d}",
                    "procedure": procedure.code, "state": state,
                    "procedure_version": None if state == "draft" else procedure.in_force(submitted.date()).key, "enterprise_id": enterprise,
                    "created_by_id": enterprise, "subject_id": None, "form_data": {},
                    "assignee_id": specialist_id if state != "submitted" and state in OPEN and i % 3 == 0 else None,
                    "version": 1, "created_at": submitted or self.moment,
                    "updated_at": submitted or self.moment, "submitted_at": submitted,
                    "due_on": self.today + dt.timedelta(days=self.rng.randint(-30, 90)) if state in OPEN else None})
                if submitted:
                    events.append({"dossier_id": i, "actor_id": enterprise, "action": "submit",
                                   "from_state": "draft", "to_state": "submitted", "note": "",
                                   "created_at": submitted})
                if submitted and state != "submitted":
                    events.append({"dossier_id": i, "actor_id": specialist_id, "action": "accept",
                                   "from_state": "submitted", "to_state": "in_appraisal", "note": "",
                                   "created_at": submitted + dt.timedelta(days=1)})
                if state in ENDED:
                    ended = min(submitted + dt.timedelta(days=self.rng.randint(2, 40)), self.moment)
                    events.append({"dossier_id": i, "actor_id": specialist_id + 1, "action": "approve"
                                   if state == "issued" else "refuse", "from_state": "pending_approval",
                                   "to_state": state, "note": "", "created_at": ended})
                    self._count(ended, procedure.code, specialist_id, {
                        ENDED[state]: 1, "on_time" if i % 10 else "late": 1,
                        "handling_days": (ended - submitted).days * 5 // 7, "rescheduled": i % 50 == 0,
                        "supplemented": i % 7 == 0, "digital_results": state == "issued"})
                if submitted:
                    self._count(submitted, procedure.code, None, {"received": 1})
                if dossiers[-1]["due_on"] and officers_turn(procedure.code, state):
                    key = dossiers[-1]["due_on"], procedure.code
                    self.due[key] = self.due.get(key, 0) + 1
                if state == "issued":
                    documents.append({
                        "kind": procedure.result.kind, "number": f"BENCH-{i:08d}", "dossier_id": i,
                        "enterprise_id": enterprise, "supersedes_id": None, "status": "active",
                        "suspended_until": None, "valid_from": self.today - dt.timedelta(days=30),
                        "valid_until": self.today + dt.timedelta(days=365 * 3), "sha256": None,
                        "data": {"holder": {"name": f"Công ty Cổ phần An ninh mạng số {enterprise}",
                                            "code": f"{1_000_000_000 + enterprise}"}},
                        "issued_at": self.moment})
            db.session.execute(sa.insert(Dossier), dossiers)
            db.session.execute(sa.insert(WorkflowEvent), events)
            if documents:
                db.session.execute(sa.insert(IssuedDocument), documents)
            db.session.commit()
            self.dossiers = last
        self._summary()
        self._fix_sequences()
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()

    def _count(self, moment: dt.datetime, procedure: str, specialist_id: int | None, deltas: dict) -> None:
        month = moment.date().replace(day=1)
        row = self.counts.setdefault((month, procedure, specialist_id), {
            "month": month, "procedure": procedure, "specialist_id": specialist_id,
            **dict.fromkeys(MEASURES, 0)})
        for name, value in deltas.items():
            row[name] += int(value)

    def _summary(self) -> None:
        """The summary rows in two bulk INSERTs (a few thousand rows at any size)."""
        db.session.execute(sa.delete(ServiceCount))
        db.session.execute(sa.delete(DueCount))
        db.session.execute(sa.insert(ServiceCount), list(self.counts.values()))
        db.session.execute(sa.insert(DueCount), [{"due_on": d, "procedure": p, "dossiers": n}
                                                 for (d, p), n in self.due.items()])
        db.session.commit()

    def _fix_sequences(self) -> None:
        """Explicit ids leave PostgreSQL's sequences behind; move them past the rows."""
        if db.engine.dialect.name != "postgresql":
            return
        for table in ("enterprises", "users", "dossiers"):
            db.session.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"))
        db.session.commit()


def deep_keyset(page_number: int) -> str | None:
    """The `after` parameter that opens page `page_number` of the queue, if it has one."""
    queue = QUEUES[QUEUE]
    row = db.session.execute(
        sa.select(Dossier.due_on, Dossier.id)
        .where(Dossier.state.in_(queue.states), Dossier.due_on.is_not(None))
        .order_by(Dossier.due_on, Dossier.id)
        .offset((page_number - 1) * PAGE_SIZE - 1).limit(1)).first()
    return f"{row.due_on.isoformat()}_{row.id}" if row else None


# Statements per request, in-process

ROW_PATTERNS = {
    "queue": r'<th scope="row"><a href="/officer/dossiers/\d+"',
    "applicant": r'<a href="/applicant/dossiers/\d+">',
    "dossier": r"<li|<tr",
    "verify": r"<tr",
}


def statements_per_page(app, users: dict, urls: dict) -> dict:
    """Run each page once with the test client and count the SQL statements it issues."""
    counts = {}
    with app.app_context():
        engine = db.engine
    clients = {}  # requests outside any app context of ours: each gets its own `g`, as in production
    for who in ("officer", "applicant", "leader"):
        clients[who] = app.test_client()
        clients[who].post("/auth/login", data={"email": users[who], "password": PASSWORD})
        if who != "applicant":
            clients[who].post("/auth/2fa/", data={"code": next_code(users[who])})
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        for name, (who, url) in urls.items():
            client = clients.get(who) or app.test_client()
            statements.clear()
            response = client.get(url)
            html = response.get_data(as_text=True)
            kind = next((k for k in ROW_PATTERNS if name.startswith(k)), None)
            counts[name] = {"status": response.status_code, "statements": len(statements),
                            "rows": len(re.findall(ROW_PATTERNS[kind], html)) if kind else 0}
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
        engine.dispose()
    return counts


# Gunicorn and the load

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(url: str, folder: str, port: int, workers: int,
                   app: str = "portal:create_app()") -> subprocess.Popen:
    env = {**os.environ, "PORTAL_DATABASE_URL": url, "PORTAL_INSTANCE_PATH": folder,
           "PORTAL_SECRET_KEY": uuid.uuid4().hex, "PORTAL_UPLOAD_FOLDER": f"{folder}/uploads",
           "PORTAL_RATELIMIT_ENABLED": "0",  # four client threads on one address measure pages, not limits
           "BENCH_QUEUE": QUEUE, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}"}
    env.pop("PORTAL_REDIS_URL", None)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    log = open(Path(folder) / f"gunicorn-{port}.log", "w")
    proc = subprocess.Popen([gunicorn, "--workers", str(workers), "--worker-class", "sync",
                             "--bind", f"127.0.0.1:{port}", app],
                            env=env, cwd=ROOT, stdout=log, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _, _ = request(port, "/healthz")
            if status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
        if proc.poll() is not None:
            break
    raise RuntimeError(f"gunicorn did not start; see {folder}/gunicorn-{port}.log")


def request(port: int, path: str, cookie: str = "", method: str = "GET", body: str | None = None):
    """One request on a new loopback connection (sync workers close it after each response)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def login(port: int, email: str) -> str:
    """Sign in through the real login form (CSRF on); the session cookie."""
    status, headers, body = request(port, "/auth/login")
    cookie = _cookie(headers)
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', body) or \
        re.search(rb'name="csrf_token" value="([^"]+)"', body)
    form = urllib.parse.urlencode({"csrf_token": token.group(1).decode(), "email": email,
                                   "password": PASSWORD})
    status, headers, _ = request(port, "/auth/login", cookie, "POST", form)
    if status != 302:
        raise RuntimeError(f"login as {email} failed: {status}")
    cookie = _cookie(headers) or cookie
    if dict(headers).get("Location", "").endswith("/auth/2fa/"):
        cookie = second_factor(port, cookie, email)
    return settled(port, cookie)


def settled(port: int, cookie: str) -> str:
    """The session as a browser holds it after its first page: with the CSRF token that page's
    forms put in it. Without it, every request would make a token and send the session anew."""
    _, headers, _ = request(port, "/", cookie)
    return _cookie(headers) or cookie


def next_code(email: str) -> str:
    """A code of the officers' shared secret for a step not yet used by `email` (each step's
    code is accepted once); waits for the next step when both near now are spent."""
    step = max(totp.current_step(), CODES_USED.get(email, 0) + 1)
    if step > totp.current_step() + totp.DRIFT_STEPS:
        time.sleep(30 - time.time() % 30)
        step = totp.current_step()
    CODES_USED[email] = step
    return pyotp.TOTP(OFFICER_TOTP).at(step * 30)


def second_factor(port: int, cookie: str, email: str) -> str:
    """An officer's second step: the code the authenticator app shows, once per 30 s step."""
    status, headers, body = request(port, "/auth/2fa/", cookie)
    cookie = _cookie(headers) or cookie  # its form's CSRF token lives in the session it sets
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', body)
    form = urllib.parse.urlencode({"csrf_token": token.group(1).decode(),
                                   "code": next_code(email)})
    status, headers, _ = request(port, "/auth/2fa/", cookie, "POST", form)
    if status != 302:
        raise RuntimeError(f"second factor for {email} failed: {status}")
    return _cookie(headers) or cookie


def _cookie(headers) -> str:
    return "; ".join(v.split(";", 1)[0] for k, v in headers if k.lower() == "set-cookie")


def measure(pages: dict, cookies: dict, duration: float, processes) -> dict:
    """Every page side by side: after a warm-up, rounds of short slices page after page, so a
    change in the machine's load (it is shared) falls on every page alike. Per page:
    THREADS clients, `duration` seconds in all; requests/s, p50 and p99, and the CPU each
    request cost the portal's workers, the database's server and this client
    (`processes()`: their pids)."""
    totals = {name: {"latencies": [], "errors": 0, "elapsed": 0.0, "cpu": dict.fromkeys(CPU_OF, 0.0)}
              for name in pages}

    def client(port, path, cookie, until, budget, out, lock):
        mine, bad = [], 0
        for _ in range(budget):
            if time.perf_counter() >= until:
                break
            start = time.perf_counter()
            try:
                status, _, _ = request(port, path, cookie)
                bad += status != 200
            except OSError:
                bad += 1
            mine.append(time.perf_counter() - start)
        with lock:
            out["latencies"].extend(mine)
            out["errors"] += bad

    def run(name, seconds, out):
        port, who, path = pages[name]
        lock = threading.Lock()
        start = time.perf_counter()
        threads = [threading.Thread(target=client, args=(port, path, cookies[port, who], start + seconds,
                                                         MAX_REQUESTS // THREADS // ROUNDS, out, lock))
                   for _ in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        out["elapsed"] += time.perf_counter() - start

    for name in pages:  # every worker compiles its templates and fills its pool first (1 s was
        # too short: the first size's queue page came out 2.5x slower than the second's)
        run(name, WARMUP_S, {"latencies": [], "errors": 0, "elapsed": 0.0})
    pids = processes()  # after the warm-up: every worker holds its database connection
    for _ in range(ROUNDS):
        for name in pages:
            before = cpu_seconds(pids)
            run(name, duration / ROUNDS, totals[name])
            for part, seconds in cpu_seconds(pids).items():
                totals[name]["cpu"][part] += seconds - before[part]
    results = {}
    for name, t in totals.items():
        lat = sorted(t["latencies"])
        results[name] = {"requests": len(lat), "errors": t["errors"], "rps": len(lat) / t["elapsed"],
                         "p50_ms": 1000 * statistics.median(lat),
                         "p99_ms": 1000 * lat[min(len(lat) - 1, int(0.99 * len(lat)))],
                         "cpu_ms": {part: 1000 * seconds / len(lat) for part, seconds in t["cpu"].items()}}
    return results


CPU_OF = ("portal", "database", "client")
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: dict) -> dict:
    """CPU time (user and system) so far of the portal's workers, the database server's
    backends and this process; a process that has ended counts no more."""
    totals = {}
    for part, group in pids.items():
        ticks = 0
        for pid in group:
            try:  # fields after the command's name: state is the first, utime the 12th
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])
        totals[part] = ticks / TICK
    return totals


def bench_processes(procs: list, databases: list[str], sqlite: bool):
    """The pids to account, found after the warm-up: gunicorn's (each started in a session
    of its own), the PostgreSQL backends serving the bench's databases, and this one."""
    def find() -> dict:
        groups = {proc.pid for proc in procs}
        portal = [int(p) for p in os.listdir("/proc") if p.isdigit() and _group(int(p)) in groups]
        database = []
        if not sqlite:
            engine = sa.create_engine(ADMIN_URL)
            with engine.connect() as conn:
                database = list(conn.execute(sa.text(
                    "SELECT pid FROM pg_stat_activity WHERE datname = ANY(:names)"), {"names": databases}).scalars())
            engine.dispose()
        return {"portal": portal, "database": database, "client": [os.getpid()]}
    return find


def _group(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except OSError:
        return None


# The run

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--million", action="store_true", help="seed 1,000,000 dossiers")
    parser.add_argument("--dossiers", type=int,
                        default=int(os.environ.get("BENCH_DOSSIERS", "100000")))
    parser.add_argument("--sqlite", action="store_true", help="SQLite in a temporary instance")
    parser.add_argument("--duration", type=float, default=DURATION_S, help="seconds per page")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    total = 1_000_000 if args.million else args.dossiers
    folder = tempfile.mkdtemp(prefix="portal-bench-pages-")
    # Two portals side by side: SMALL dossiers and `total` dossiers (the same people, and the
    # same first SMALL dossiers), measured in the same interleaved rounds, so the comparison
    # of sizes does not depend on what else the machine did in between.
    sizes = {"small": (SMALL, f"{BENCH_DB}_small"), "big": (total, BENCH_DB)}
    procs, created = [], []
    try:
        ports, urls, seed_seconds = {}, {}, {}
        for size, (dossiers, name) in sizes.items():
            where = Path(folder) / size
            where.mkdir()
            created.append(name)
            urls[size] = url = create_database(args.sqlite, str(where), name)
            app = make_app(url, str(where))
            seeder = Seeder(enterprises=max(10, total // 50))
            with app.app_context():
                started = time.perf_counter()
                users = seeder.people()
                seeder.grow(dossiers, users["specialist_id"])
                seed_seconds[size] = time.perf_counter() - started
                if size == "big":
                    deep = deep_keyset(DEEP_PAGE)
                    dossier_id = db.session.execute(
                        sa.select(Dossier.id).where(Dossier.state == "in_appraisal")
                        .order_by(Dossier.id).limit(1)).scalar_one()
                    number = db.session.execute(
                        sa.select(IssuedDocument.number).order_by(IssuedDocument.id).limit(1)).scalar_one()
                db.session.remove()
                db.engine.dispose()
            print(f"{dossiers:,} dossiers seeded in {seed_seconds[size]:.1f} s", flush=True)
            ports[size] = free_port()
            procs.append(start_gunicorn(url, str(where), ports[size], args.workers))
        ports["floor"] = free_port()  # the stack's own least, on the big database
        procs.append(start_gunicorn(urls["big"], str(Path(folder) / "big"), ports["floor"], args.workers,
                                    "floor_app:create_app()"))
        cookies = {(port, who): login(port, users[who]) if who else ""
                   for port in (ports["big"], ports["small"])
                   for who in ("officer", "applicant", "leader", None)}
        _, headers, _ = request(ports["floor"], f"/sign-in/{users['specialist_id']}")
        cookies[ports["floor"], "floor"] = _cookie(headers)
        big, small = ports["big"], ports["small"]
        queue_url = f"/officer/queues/{QUEUE}"
        pages = {"bare": (big, None, "/healthz"),
                 "home": (big, None, "/"),  # no database; rendered once a process for anonymous visitors
                 f"queue_first@{SMALL}": (small, "officer", queue_url),
                 "queue_first": (big, "officer", queue_url),
                 "queue_page_1000": (big, "officer", f"{queue_url}?after={deep}" if deep else None),
                 "dossier": (big, "officer", f"/officer/dossiers/{dossier_id}"),
                 "verify": (big, None, f"/verify/{number}"),
                 "applicant_list": (big, "applicant", "/applicant/"),
                 "dashboard": (big, "leader", "/reports/"),
                 "floor": (ports["floor"], "floor", "/queue")}
        pages = {name: value for name, value in pages.items() if value[2]}
        print(f"measuring {len(pages)} pages, {args.duration:g} s each", flush=True)
        figures = measure(pages, cookies, args.duration, bench_processes(procs, created, args.sqlite))
        counts = statements_per_page(make_app(urls["big"], str(Path(folder) / "big")), users,
                                     {n: (who, path) for n, (port, who, path) in pages.items()
                                      if port == big})
        report = summarise(args, total, figures, counts)
        report["seed_seconds"] = round(seed_seconds["big"], 1)
        print_table(report)
        out = ROOT / "instance" / "bench"
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"pages-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        print(f"JSON: {path.relative_to(ROOT)}")
        return 0
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
        for name in created:
            drop_database(args.sqlite, name)
        shutil.rmtree(folder, ignore_errors=True)


def summarise(args, total: int, big: dict, counts: dict) -> dict:
    bare = big["bare"]["rps"]
    rows = {name: {**figures, "ratio_to_bare": figures["rps"] / bare, **counts.get(name, {})}
            for name, figures in big.items()}
    checks = {}
    if "queue_page_1000" in big:
        ratio = big["queue_page_1000"]["rps"] / big["queue_first"]["rps"]
        checks["queue page 1,000 within 10% of page 1"] = (ratio >= 0.9, f"{ratio:.2f}x")
    slower = big[f"queue_first@{SMALL}"]["rps"] / big["queue_first"]["rps"]
    checks[f"queue page at {total:,} within 1.2x of {SMALL:,}"] = (slower <= 1.2, f"{slower:.2f}x slower")
    verify = big["verify"]["rps"] / bare
    checks["verification >= 0.4x bare"] = (verify >= 0.4, f"{verify:.2f}x")
    for page in ("queue_first", "queue_page_1000", "dossier", "applicant_list"):
        if page in big:
            ratio = big[page]["rps"] / bare
            checks[f"{page} >= {OFFICER_PAGE_TARGET}x bare"] = (ratio >= OFFICER_PAGE_TARGET, f"{ratio:.2f}x")
    dashboard = big["queue_first"]["rps"] / big["dashboard"]["rps"]
    checks[f"dashboard within {DASHBOARD_TARGET:g}x of the queue page at {total:,}"] = (
        dashboard <= DASHBOARD_TARGET, f"{dashboard:.2f}x slower")
    most = max(c["statements"] for c in counts.values())
    checks["no query per row (<= 10 statements a page)"] = (most <= 10, f"at most {most}")
    floor = big["floor"]["rps"]
    below_floor = {page: floor / big[page]["rps"] for page in ("queue_first", "dossier", "applicant_list")}
    return {"database": "sqlite" if args.sqlite else "postgresql", "dossiers": total,
            "floor": {"ratio_to_bare": floor / bare, "pages_x_slower": below_floor},
            "workers": args.workers, "client_threads": THREADS, "seconds_per_page": args.duration,
            "cpus": os.cpu_count(), "load_average": os.getloadavg(), "pages": rows,
            "targets": {name: {"pass": ok, "measured": text} for name, (ok, text) in checks.items()}}


def print_table(report: dict) -> None:
    print(f"\n{report['database']}, {report['dossiers']:,} dossiers, gunicorn {report['workers']} sync "
          f"workers, {report['client_threads']} client threads, {report['seconds_per_page']:g} s a page; "
          f"{report['cpus']} CPUs, load average {report['load_average'][0]:.1f}")
    print(f"{'page':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'x bare':>8}{'SQL':>6}{'rows':>6}{'err':>5}"
          f"   CPU ms a request: {'portal':>7}{'db':>6}{'client':>7}")
    for name, f in report["pages"].items():
        cpu = f["cpu_ms"]
        print(f"{name:<22}{f['rps']:>9.0f}{f['p50_ms']:>9.1f}{f['p99_ms']:>9.1f}{f['ratio_to_bare']:>8.2f}"
              f"{f.get('statements', ''):>6}{f.get('rows', ''):>6}{f['errors']:>5}"
              f"{'':21}{cpu['portal']:>7.2f}{cpu['database']:>6.2f}{cpu['client']:>7.2f}")
    floor = report["floor"]
    slower = ", ".join(f"{page} {x:.1f}x" for page, x in floor["pages_x_slower"].items())
    print(f"\nfloor (bench/floor_app.py, the least a signed-in 50-row page costs on this stack): "
          f"{floor['ratio_to_bare']:.2f}x bare; slower than it: {slower}")
    print()
    for name, check in report["targets"].items():
        print(f"{'PASS' if check['pass'] else 'FAIL'} pages: {name}: {check['measured']}")


if __name__ == "__main__":
    sys.exit(main())
