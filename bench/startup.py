"""How long `create_app()` takes beside importing Flask and Flask-SQLAlchemy alone.

Every `flask --app portal ...` command and every gunicorn worker pays it. Each figure is the
median of fresh interpreters, run alternately, in a temporary instance folder on SQLite.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 7
TARGET = 1.5
BASE = "import flask, flask_sqlalchemy"
APP = "import flask, flask_sqlalchemy\nfrom portal import create_app\ncreate_app()"
# CPU time of the process: on a machine shared with other work, wall time mostly measures the queue.
CLOCKED = "import time\nstart = time.process_time()\n{code}\nprint(time.process_time() - start)"


def seconds(code: str, env: dict) -> float:
    """The time `code` takes in a fresh interpreter, imports included, interpreter start not."""
    out = subprocess.run([sys.executable, "-c", CLOCKED.format(code=code)], cwd=ROOT, env=env,
                         check=True, capture_output=True, text=True, timeout=60).stdout
    return float(out.split()[-1])


def main() -> int:
    folder = tempfile.mkdtemp(prefix="portal-bench-startup-")
    env = {**os.environ, "PORTAL_INSTANCE_PATH": folder, "PYTHONPATH": str(ROOT)}
    env.pop("PORTAL_DATABASE_URL", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as deployed: our modules load from bytecode
    seconds(APP, env)  # the first run writes the secret key and bytecode caches
    base, app = [], []
    for _ in range(RUNS):
        base.append(seconds(BASE, env))
        app.append(seconds(APP, env))
    ratio = statistics.median(app) / statistics.median(base)
    report = {"import_flask_s": statistics.median(base), "create_app_s": statistics.median(app),
              "ratio": ratio, "runs": RUNS, "target": TARGET}
    out = ROOT / "instance" / "bench" / f"startup-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"import flask, flask_sqlalchemy  median {report['import_flask_s'] * 1000:6.0f} ms (n={RUNS})")
    print(f"create_app()                    median {report['create_app_s'] * 1000:6.0f} ms (n={RUNS})")
    verdict = "PASS" if ratio <= TARGET else "FAIL"
    print(f"{verdict} start-up: create_app {ratio:.2f}x the imports alone (target <= {TARGET}x); {out}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
