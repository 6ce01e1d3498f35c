"""How long issuing a licence takes end to end, beside a bare WeasyPrint render; and memory.

Run with `make bench`: a temporary instance folder and SQLite database, nothing else touched.
"""
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade  # noqa: E402

from portal import create_app  # noqa: E402
from portal.documents import issued, pdf  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import IssuedDocument  # noqa: E402
from portal.engine import fire  # noqa: E402
from procedures import APPLICANT, LEADER, SPECIALIST  # noqa: E402
from tests.builders import drive, make_dossier, make_user  # noqa: E402

SAMPLES = 30
RUNS = 300
TARGET = 1.25  # issuing at most this many times a bare render of the same template
ROOT = Path(__file__).resolve().parents[1]


def rss_mib() -> float:
    """The process's resident memory now (not the peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pending(actors):
    dossier = make_dossier("bl_grant", actors[APPLICANT])
    drive(dossier, actors, "submit", "accept", "propose_grant")
    db.session.commit()
    return dossier


# CPU time of the process (no other thread runs here): on a machine shared with other work,
# wall time mostly measures the queue for a core.
clock = time.process_time


def issue(actors) -> float:
    """Seconds to fire approve and commit: number, render, sign, store, commit."""
    dossier = pending(actors)
    start = clock()
    fire(dossier, "approve", actors[LEADER])
    db.session.commit()
    return clock() - start


def bare_render(html: str) -> float:
    """Seconds for WeasyPrint alone on the licence template, fonts shared, HTML ready."""
    start = clock()
    pdf.html_to_pdf(html)
    return clock() - start


def main() -> None:
    folder = tempfile.mkdtemp(prefix="portal-bench-")
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI":
                      f"sqlite:///{folder}/portal.sqlite3"})
    app.instance_path = folder
    with app.app_context(), app.test_request_context():
        upgrade()
        actors = {APPLICANT: make_user(APPLICANT), SPECIALIST: make_user(SPECIALIST),
                  LEADER: make_user(LEADER)}
        issue(actors)  # warm up: imports, fonts, signing key
        document = db.session.execute(db.select(IssuedDocument)).scalars().first()
        html = pdf.render_html(issued.kind_of(document).template, **issued.context(document))
        bare_render(html)
        # Alternately, so that a change in the machine's load falls on both alike.
        pairs = [(issue(actors), bare_render(html)) for _ in range(SAMPLES)]
        issuing = statistics.median(issued for issued, _ in pairs)
        rendering = statistics.median(rendered for _, rendered in pairs)
        print(f"instance folder      {folder}")
        print(f"issue a licence      median {issuing * 1000:7.1f} ms  "
              f"(fire approve + commit, CPU, n={SAMPLES})")
        print(f"bare WeasyPrint      median {rendering * 1000:7.1f} ms  "
              f"(same template, CPU, n={SAMPLES}, alternately)")
        before = rss_mib()
        for _ in range(RUNS):
            issue(actors)
        after = rss_mib()
        print(f"RSS before {RUNS} issuances {before:7.1f} MiB, after {after:7.1f} MiB "
              f"({(after - before) / RUNS * 1024:.0f} KiB per issuance)")
    report = {"issue_ms": issuing * 1000, "bare_render_ms": rendering * 1000, "samples": SAMPLES,
              "ratio": issuing / rendering, "target": TARGET, "rss_before_mib": before,
              "rss_after_mib": after, "runs": RUNS}
    out = ROOT / "instance" / "bench" / f"issuance-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    verdict = "PASS" if report["ratio"] <= TARGET else "FAIL"
    print(f"{verdict} issuance: {report['ratio']:.2f}x a bare render (target <= {TARGET}x); {out}")


if __name__ == "__main__":
    main()
