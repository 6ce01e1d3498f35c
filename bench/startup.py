"""How long `create_app()` takes beside importing Flask and Flask-SQLAlchemy alone.

Every `flask --app portal ...` command and every gunicorn worker pays it. Each figure is the
median of fresh interpreters, run alternately, in a temporary instance folder on SQLite.
Two floors are measured with it: the libraries `create_app()` loads, imported alone, and
those with the procedures' declarations and the data model (`import portal.models`), so every
run shows what the portal's views, forms and API add to what no request can do without.
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
# The modules outside the portal that `create_app()` loads beyond BASE (found once a run).
LOADED = ("import sys\nbefore = set(sys.modules)\n" + APP +
          "\nprint(' '.join(sorted(m for m in set(sys.modules) - before"
          " if not m.startswith(('portal', 'procedures')))))")
IMPORT_ALL = ("import importlib\nfor name in {names!r}.split():\n    try:\n"
              "        importlib.import_module(name)\n    except ImportError:\n        pass")
# CPU time of the process: on a machine shared with other work, wall time mostly measures the queue.
CLOCKED = "import time\nstart = time.process_time()\n{code}\nprint(time.process_time() - start)"


def seconds(code: str, env: dict) -> float:
    """The time `code` takes in a fresh interpreter, imports included, interpreter start not."""
    return float(run(CLOCKED.format(code=code), env).split()[-1])


def run(code: str, env: dict) -> str:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True, timeout=60).stdout


def main() -> int:
    folder = tempfile.mkdtemp(prefix="portal-bench-startup-")
    env = {**os.environ, "PORTAL_INSTANCE_PATH": folder, "PYTHONPATH": str(ROOT)}
    env.pop("PORTAL_DATABASE_URL", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as deployed: our modules load from bytecode
    libraries = IMPORT_ALL.format(names=run(LOADED, env).split("\n")[-2])  # also writes
    # the secret key and the bytecode caches
    codes = {"base": BASE, "libraries": f"{BASE}\n{libraries}",
             "libraries_and_models": f"{BASE}\n{libraries}\nimport portal.models", "app": APP}
    times = {name: [] for name in codes}
    for _ in range(RUNS):
        for name, code in codes.items():
            times[name].append(seconds(code, env))
    medians = {name: statistics.median(runs) for name, runs in times.items()}
    ratio = medians["app"] / medians["base"]
    report = {"import_flask_s": medians["base"], "create_app_s": medians["app"],
              "ratio": ratio, "runs": RUNS, "target": TARGET,
              "floors": {name: {"s": medians[name], "ratio": medians[name] / medians["base"]}
                         for name in ("libraries", "libraries_and_models")}}
    out = ROOT / "instance" / "bench" / f"startup-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"import flask, flask_sqlalchemy  median {report['import_flask_s'] * 1000:6.0f} ms (n={RUNS})")
    print(f"create_app()                    median {report['create_app_s'] * 1000:6.0f} ms (n={RUNS})")
    floors = report["floors"]
    print(f"floors: the libraries create_app loads, alone {floors['libraries']['ratio']:.2f}x; "
          f"with the declarations and the data model {floors['libraries_and_models']['ratio']:.2f}x")
    verdict = "PASS" if ratio <= TARGET else "FAIL"
    print(f"{verdict} start-up: create_app {ratio:.2f}x the imports alone (target <= {TARGET}x); {out}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
