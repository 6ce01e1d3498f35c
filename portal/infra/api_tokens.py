"""Personal access tokens for the API: made by an enterprise's staff member in their account,
shown once, kept as SHA-256 only, scoped (read, submit), expiring and revocable; making and
revoking one are audited. A token acts as its user, within its scopes."""
import hashlib
import secrets
from datetime import timedelta

from portal.extensions import db
from portal.infra import audit
from portal.infra.tokens import aware
from portal.models import ApiToken, User, now

PREFIX = "ptl_"  # recognisable in logs and by secret scanners


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(user: User, name: str, scopes: list[str], days: int) -> tuple[ApiToken, str]:
    """A new token for `user`; the secret is returned once and never stored."""
    secret = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user=user, name=name, token_hash=digest(secret), scopes=sorted(scopes),
                   expires_at=now() + timedelta(days=days))
    db.session.add(row)
    db.session.flush()
    audit.record("api_token_created", f"api_token:{row.id}", user, name=name, scopes=row.scopes,
                 days=days)
    return row, secret


def revoke(row: ApiToken, by: User) -> None:
    if row.revoked_at is None:
        row.revoked_at = now()
        audit.record("api_token_revoked", f"api_token:{row.id}", by, name=row.name)


def holder(secret: str) -> ApiToken | None:
    """The live token `secret` is, whose user is still active; None otherwise."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    row = db.session.execute(db.select(ApiToken).where(
        ApiToken.token_hash == digest(secret))).scalar_one_or_none()
    if row is None or row.revoked_at is not None or aware(row.expires_at) <= now() \
            or not row.user.active:
        return None
    return row


def of_user(user: User) -> list[ApiToken]:
    return db.session.execute(db.select(ApiToken).where(ApiToken.user_id == user.id)
                              .order_by(ApiToken.id.desc())).scalars().all()

