"""Reconciling a bank statement of 10,000 lines (BENCH_LINES) with the fees owed: how long
reading and matching take, and the mismatches it lists for the accountant.

Run with `make bench`: a temporary instance folder and SQLite database, nothing else touched.
The dossiers are written straight into the table (submitted business-licence grants owing
their appraisal fee), so the figure is the reconciliation's alone.
"""
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade  # noqa: E402

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.fees import amounts, statements  # noqa: E402
from portal.infra import workdays  # noqa: E402
from portal.models import Dossier  # noqa: E402
from procedures import APPLICANT, PROCEDURES  # noqa: E402
from tests.builders import make_user  # noqa: E402

LINES = int(os.environ.get("BENCH_LINES", "10000"))
TARGET_S = 60.0  # a day's statement reconciled within a minute
ROOT = Path(__file__).resolve().parents[1]
# What a statement holds besides clean payments: (share of lines, what is wrong).
FAULTS = ((0.04, "wrong_amount"), (0.03, "unknown_reference"), (0.03, "duplicate"))


def owing(applicant, count: int) -> list[Dossier]:
    version = PROCEDURES["bl_grant"].in_force(workdays.today()).key
    dossiers = [Dossier(procedure="bl_grant", state="submitted", procedure_version=version,
                        code=f"ATTT-2026-{i + 1:06d}", enterprise=applicant.enterprise,
                        created_by=applicant, form_data={"categories": ["P-MON"]})
                for i in range(count)]
    db.session.add_all(dossiers)
    db.session.commit()
    return dossiers


def statement(dossiers: list[Dossier]) -> bytes:
    """A CSV as a bank exports it: mostly right, some short, some unknown, some paid twice."""
    rng = random.Random(17)
    rows = ["Số tham chiếu,Ngày giao dịch,Số tiền ghi có,Nội dung,Người chuyển"]
    paid = []
    for n in range(LINES):
        draw, fault = rng.random(), None
        for share, kind in FAULTS:
            if draw < share:
                fault = kind
                break
            draw -= share
        if fault == "duplicate" and paid:
            dossier, amount = rng.choice(paid), 8_000_000
        else:
            dossier = dossiers[len(paid)] if len(paid) < len(dossiers) else dossiers[-1]
            amount = 7_000_000 if fault == "wrong_amount" else 8_000_000
        note = f"CK phi tham dinh {amounts.reference(dossier)}" if fault != "unknown_reference" else "chuyen tien"
        if fault is None:
            paid.append(dossier)
        rows.append(f'FT{n:08d},03/12/2026,"{amount:,}",{note},CONG TY {n}'.replace(",000", ".000"))
    return "\n".join(rows).encode()


def main() -> None:
    folder = tempfile.mkdtemp(prefix="portal-bench-")
    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI":
                      f"sqlite:///{folder}/portal.sqlite3"})
    app.instance_path = folder
    with app.app_context(), app.test_request_context():
        upgrade()
        applicant, accountant = make_user(APPLICANT), make_user("accountant")
        data = statement(owing(applicant, LINES))
        start = time.perf_counter()
        lines = statements.read(data)
        read_s = time.perf_counter() - start
        tally = statements.reconcile(lines, "bench.csv", accountant)
        db.session.commit()
        total_s = time.perf_counter() - start
        listed = statements.to_settle()
        print(f"instance folder      {folder}")
        print(f"statement            {len(lines)} lines, {len(data) / 1024:.0f} KiB")
        print(f"read                 {read_s * 1000:8.1f} ms")
        print(f"read + reconcile     {total_s * 1000:8.1f} ms  ({total_s / len(lines) * 1e6:.0f} µs a line)")
        print("outcomes             " + ", ".join(f"{k} {v}" for k, v in sorted(tally.items())))
        print(f"listed to settle     {len(listed)}, e.g. "
              + "; ".join(f"{t.bank_reference} {t.outcome}" for t in listed[:3]))
    report = {"lines": len(lines), "read_ms": read_s * 1000, "total_ms": total_s * 1000,
              "outcomes": dict(tally), "to_settle": len(listed), "target_s": TARGET_S}
    out = ROOT / "instance" / "bench" / f"reconcile-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    verdict = "PASS" if total_s <= TARGET_S and len(listed) == len(lines) - tally["matched"] else "FAIL"
    print(f"{verdict} reconcile: {total_s:.1f} s for {len(lines)} lines (target <= {TARGET_S:.0f} s); {out}")


if __name__ == "__main__":
    main()
