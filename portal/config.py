"""Configuration: defaults, then the instance folder, then the environment."""
import os
import secrets
from pathlib import Path


def secret_key(instance_path: str) -> str:
    """The key in instance/secret_key, generated on first run; never committed."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def defaults(instance_path: str) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("PORTAL_DATABASE_URL")
        or f"sqlite:///{Path(instance_path) / 'portal.sqlite3'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "LANGUAGES": ("vi", "en"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "MAX_CONTENT_LENGTH": 25 * 1024 * 1024,
        # Printed in the QR code of every issued document: the public verification page.
        "PORTAL_BASE_URL": os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:5000"),
        "ISSUED_FOLDER": None,  # default: instance/issued
        # File paths; without them a development key is made under instance/signing/.
        "PORTAL_SIGNING_KEY": os.environ.get("PORTAL_SIGNING_KEY"),
        "PORTAL_SIGNING_CERT": os.environ.get("PORTAL_SIGNING_CERT"),
        "PORTAL_SIGNING_CHAIN": os.environ.get("PORTAL_SIGNING_CHAIN"),
    }
