"""The second step of signing in: a code from an authenticator app, or a recovery code.

Officers and administrators must have it (they enrol through a QR code at their first
sign-in); an applicant may turn it on from the account. Between the password and the code
the session holds only who is half signed in, for a few minutes, and nobody is signed in."""
import time

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.documents.pdf import qr_data_uri
from portal.extensions import db, limiter
from portal.infra import audit, totp
from portal.models import User
from portal.web.access import REQUIRED_FOR
from portal.web.forms import SecondFactorForm

bp = Blueprint("two_factor", __name__, url_prefix="/auth/2fa")
PENDING_SECONDS = 300


def applies(user: User) -> bool:
    return user.role in REQUIRED_FOR or user.totp_secret is not None


def begin(user: User, next_url: str | None):
    """After a right password: ask for the code, or for enrolment where the role needs it."""
    lang = session.get("lang")
    session.clear()
    session.update({"2fa": {"id": user.id, "until": time.time() + PENDING_SECONDS, "next": next_url}},
                   **({"lang": lang} if lang else {}))
    return redirect(url_for("two_factor.verify" if user.totp_secret else "two_factor.enrol"))


def _pending() -> User | None:
    pending = session.get("2fa") or {}
    if pending.get("until", 0) < time.time():
        return None
    user = db.session.get(User, pending.get("id"))
    return user if user is not None and user.active else None


def _finish(user: User, how: str):
    """Sign in for real, now that both factors are proven."""
    from portal.web.auth import _sign_in
    target = (session.get("2fa") or {}).get("next")
    _sign_in(user)
    audit.record("login", f"user:{user.id}", user, second_factor=how)
    db.session.commit()
    return redirect(target or url_for("public.home"))


def _pending_key() -> str:
    return f"2fa|{(session.get('2fa') or {}).get('id')}"


@bp.route("/", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"], key_func=_pending_key)
def verify():
    user = _pending()
    if user is None or user.totp_secret is None:
        flash(_("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại."), "error")
        return redirect(url_for("auth.login"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        if totp.accept_code(user, form.code.data):
            return _finish(user, "totp")
        if totp.spend_recovery_code(user, form.code.data):
            return _finish(user, "recovery_code")
        audit.record("second_factor_failed", f"user:{user.id}")
        db.session.commit()
        flash(_("Mã xác thực không đúng, đã hết hạn hoặc đã được dùng."), "error")
    return render_template("auth/second_factor.html", form=form)


@bp.route("/enrol", methods=["GET", "POST"])
def enrol():
    """Show a new secret as a QR code; once the app's first code is right, turn it on."""
    user = current_user if current_user.is_authenticated else _pending()
    if user is None:
        return redirect(url_for("auth.login"))
    if user.totp_secret is not None:
        flash(_("Xác thực hai bước đã được bật cho tài khoản này."), "info")
        return redirect(url_for("public.home" if current_user.is_authenticated else ".verify"))
    secret = session.setdefault("2fa_secret", totp.new_secret())
    form = SecondFactorForm()
    if form.validate_on_submit():
        codes = totp.enrol(user, secret, form.code.data)
        if codes is not None:
            session.pop("2fa_secret")
            audit.record("second_factor_enrolled", f"user:{user.id}", user)
            if not current_user.is_authenticated:
                _finish(user, "enrolment")
            db.session.commit()
            return render_template("auth/recovery_codes.html", codes=codes)
        flash(_("Mã xác thực không đúng. Hãy nhập mã đang hiện trong ứng dụng."), "error")
    return render_template("auth/enrol.html", form=form, secret=secret,
                           qr=qr_data_uri(totp.provisioning_uri(secret, user.email)))
