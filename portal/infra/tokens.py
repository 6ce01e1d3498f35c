"""Links that set a password: a reset someone asked for, or an invitation (a colleague added
by the enterprise, an officer created by an administrator).

The token is 256 random bits that only the e-mail carries; the database keeps its SHA-256,
so neither a copy of the database nor an administrator can use a link. A link works once,
and setting a password through any of them ends every other link the user still holds."""
import hashlib
import secrets
from datetime import timedelta, timezone

from flask import current_app, url_for

from portal.extensions import db
from portal.models import AccountToken, User, now

LIFETIMES = {"password_reset": timedelta(hours=1), "invitation": timedelta(days=3)}


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link(user: User, purpose: str) -> str:
    """A new single-use link for `user`, to be e-mailed and never shown anywhere else."""
    token = secrets.token_urlsafe(32)
    db.session.add(AccountToken(user=user, purpose=purpose, token_hash=_digest(token),
                                expires_at=now() + LIFETIMES[purpose]))
    return current_app.config["PORTAL_BASE_URL"].rstrip("/") + url_for("auth.reset_password", token=token)


def holder(token: str) -> User | None:
    """The active user a live, unused link belongs to, or None."""
    row = _row(token)
    return row.user if row is not None and row.user.active else None


def redeem(token: str, user: User) -> bool:
    """Use the link once: True for the one request that does, False for every other, even
    at the same moment; the user's other links end with it."""
    row = _row(token)
    if row is None or row.user_id != user.id:
        return False
    claimed = db.session.execute(db.update(AccountToken).where(
        AccountToken.id == row.id, AccountToken.used_at.is_(None)).values(used_at=now()))
    if claimed.rowcount != 1:
        return False
    db.session.execute(db.update(AccountToken).where(
        AccountToken.user_id == user.id, AccountToken.used_at.is_(None)).values(used_at=now()))
    return True


def _row(token: str) -> AccountToken | None:
    if not token or len(token) > 100:
        return None
    row = db.session.execute(db.select(AccountToken).where(
        AccountToken.token_hash == _digest(token))).scalar_one_or_none()
    if row is None or row.used_at is not None or aware(row.expires_at) <= now():
        return None
    return row


def aware(moment):
    """SQLite hands back naive datetimes; every moment stored is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
