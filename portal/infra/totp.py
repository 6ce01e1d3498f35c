"""The second factor: time-based one-time codes (RFC 6238, pyotp) and one-time recovery codes.

A code is accepted once: the step it belongs to is kept, and codes of that step or earlier
are refused afterwards. Recovery codes are random and stored as SHA-256 hashes only."""
import hashlib
import hmac
import secrets
import time

import pyotp
from sqlalchemy import update

from portal.extensions import db
from portal.models import RecoveryCode, User, now

ISSUER = "Cong DVC ANM"
# A code of the previous or the next 30 s step also passes: phones' clocks drift.
DRIFT_STEPS = 1
RECOVERY_CODES = 10


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    """What the QR code carries for an authenticator app."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def current_step(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // 30)


def matching_step(secret: str, code: str, after: int | None = None) -> int | None:
    """The time step near now whose code `code` is, if later than `after`; None otherwise."""
    code, totp = code.strip().replace(" ", ""), pyotp.TOTP(secret)
    if not (code.isdigit() and len(code) == totp.digits):
        return None
    step = current_step()
    return next((s for s in range(step - DRIFT_STEPS, step + DRIFT_STEPS + 1)
                 if (after is None or s > after) and hmac.compare_digest(totp.generate_otp(s), code)),
                None)


def accept_code(user: User, code: str) -> bool:
    """Whether `code` is the user's current code, never used before; it is spent if so.
    The update is conditional, so two requests racing with one code cannot both pass."""
    step = matching_step(user.totp_secret, code, after=user.totp_last_step)
    if step is None:
        return False
    spent = db.session.execute(
        update(User).where(User.id == user.id, (User.totp_last_step.is_(None)) |
                           (User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False))
    user.totp_last_step = step
    return spent.rowcount == 1


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().lower().replace("-", "").encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes; the plain codes are shown once and never kept."""
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(c)) for c in codes)
    return codes


def spend_recovery_code(user: User, code: str) -> bool:
    """Whether `code` is one of the user's unused recovery codes; it is used up if so."""
    spent = db.session.execute(
        update(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                   RecoveryCode.code_hash == _hash(code),
                                   RecoveryCode.used_at.is_(None))
        .values(used_at=now()).execution_options(synchronize_session=False))
    return spent.rowcount == 1


def enrol(user: User, secret: str, code: str) -> list[str] | None:
    """Turn the second factor on with `secret` once the user proves their app shows `code`;
    the new recovery codes, or None if the code is wrong."""
    step = matching_step(secret, code)
    if step is None:
        return None
    user.totp_secret, user.totp_last_step = secret, step
    return new_recovery_codes(user)
