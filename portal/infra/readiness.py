"""What a load balancer asks before sending traffic: can this process reach what it needs?

`/healthz` says the process answers; `/readyz` says it can serve: the database answers, the
storage folders are writable, and Redis (when configured) answers. A failed check names itself.
"""
import os

import sqlalchemy as sa
from flask import current_app

from portal.extensions import db, limiter
from portal.infra import files


def database() -> str | None:
    """None when a trivial statement round-trips; otherwise why not, in one line."""
    try:
        with db.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        return first_line(error)
    return None


def storage() -> str | None:
    """None when the uploads and issued-documents folders exist (or can be made) and are writable."""
    for name in (files.UPLOADS, files.ISSUED):
        folder = files.folders()[name]
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return f"{name}: {error.strerror}"
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"{name}: not writable"
    return None


def redis() -> str | None:
    """None when no Redis is configured, or when it answers."""
    if not current_app.config["RATELIMIT_STORAGE_URI"].startswith(("redis", "rediss")):
        return None
    try:
        return None if limiter.storage.check() else "no answer"
    except Exception as error:  # noqa: BLE001 (the client's errors vary with the transport)
        return first_line(error)


CHECKS = {"database": database, "storage": storage, "redis": redis}


def report() -> dict[str, str]:
    """Each check's outcome: "ok" or the reason it failed."""
    return {name: check() or "ok" for name, check in CHECKS.items()}


def first_line(error: Exception) -> str:
    """An error's message without the SQL and the traceback a log needs only once."""
    orig = getattr(error, "orig", None) or error
    lines = str(orig).strip().splitlines()
    return f"{type(orig).__name__}: {lines[0] if lines else ''}"
