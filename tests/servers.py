"""The portal served over real HTTP in a thread, for what talks to it from outside the test
client: a browser, a payment gateway's callbacks."""
import threading
import uuid

from werkzeug.serving import make_server

from portal import create_app
from portal.extensions import db


def serve(app, tmp_path, monkeypatch):
    """The production configuration (CSRF on) over the test's database, on a free port."""
    monkeypatch.setenv("PORTAL_DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "server"))
    monkeypatch.setenv("PORTAL_SECRET_KEY", uuid.uuid4().hex)
    monkeypatch.delenv("PORTAL_UPLOAD_FOLDER", raising=False)
    monkeypatch.delenv("PORTAL_REDIS_URL", raising=False)
    served = create_app()
    assert served.config.get("WTF_CSRF_ENABLED", True) and not served.testing
    httpd = make_server("127.0.0.1", 0, served, threaded=True)
    served.config["PORTAL_BASE_URL"] = f"http://127.0.0.1:{httpd.server_port}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield served.config["PORTAL_BASE_URL"]
    httpd.shutdown()
    thread.join(timeout=10)
    with served.app_context():
        db.engine.dispose()
