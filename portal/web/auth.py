"""Accounts: registration of an enterprise, signing in and out, password reset by e-mail."""
from flask import (Blueprint, current_app, flash, redirect, render_template, request,
                   session, url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal.infra import audit
from portal.infra import outbox
from portal.extensions import db, limiter
from portal.web.forms import LoginForm, NewPasswordForm, RegistrationForm, ResetRequestForm
from portal.models import Enterprise, User
from portal.web import two_factor
from portal.web.public import same_site

bp = Blueprint("auth", __name__, url_prefix="/auth")
RESET_MAX_AGE = 3600


def _login_key() -> str:
    """Count attempts per address and account, so one attacker cannot lock everyone out."""
    return f"{request.remote_addr}|{(request.form.get('email') or '').strip().lower()}"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"], key_func=_login_key)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = _user_by_email(form.email.data)
        if user is None or not user.active or not user.check_password(form.password.data):
            audit.record("login_failed", f"email:{form.email.data.strip().lower()}"[:100])
            db.session.commit()
            flash(_("Thư điện tử hoặc mật khẩu không đúng."), "error")
        elif two_factor.applies(user):
            return two_factor.begin(user, same_site(request.args.get("next")))
        else:
            _sign_in(user)
            audit.record("login", f"user:{user.id}", user)
            db.session.commit()
            return redirect(same_site(request.args.get("next")) or url_for("public.home"))
    return render_template("auth/login.html", form=form)


def _user_by_email(email: str) -> User | None:
    return db.session.execute(db.select(User).where(User.email == email.strip().lower())).scalar()


def _sign_in(user: User) -> None:
    """A fresh session at sign-in: nothing an attacker planted before survives it."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    if user.session_token is None:
        user.end_sessions()
    login_user(user)


@bp.post("/logout")
@login_required
def logout():
    current_user.end_sessions()  # a copy of the cookie is worthless from now on
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("public.home"))


@bp.route("/register", methods=["GET", "POST"])
def register():
    """An enterprise opens its account; its first staff member is the applicant signing up."""
    form = RegistrationForm()
    if form.validate_on_submit():
        if db.session.execute(db.select(Enterprise.id).where(Enterprise.code == form.code.data)).first():
            form.code.errors.append(_("Doanh nghiệp này đã có tài khoản. Hãy đề nghị người đã đăng ký "
                                      "thêm bạn vào tài khoản của doanh nghiệp."))
        elif _user_by_email(form.email.data):
            form.email.errors.append(_("Thư điện tử này đã được dùng cho một tài khoản khác."))
        else:
            enterprise = Enterprise(code=form.code.data, name=form.name.data.strip(),
                                    foreign_name=(form.foreign_name.data or "").strip() or None,
                                    address=form.address.data.strip(),
                                    legal_representative=form.legal_representative.data.strip(),
                                    foreign_invested=form.foreign_invested.data)
            user = User(email=form.email.data.strip().lower(), full_name=form.full_name.data.strip(),
                        role="applicant", enterprise=enterprise, locale=session.get("lang", "vi"))
            user.set_password(form.password.data)
            db.session.add_all([enterprise, user])
            db.session.commit()
            _sign_in(user)
            flash(_("Đã tạo tài khoản doanh nghiệp. Bạn có thể nộp hồ sơ ngay."), "info")
            return redirect(url_for("applicant.dossiers"))
    return render_template("auth/register.html", form=form)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def reset_link(user: User) -> str:
    """A link valid for an hour and only until the password changes (it signs the old hash)."""
    token = _serializer().dumps({"id": user.id, "h": user.password_hash[-12:]})
    return current_app.config["PORTAL_BASE_URL"].rstrip("/") + url_for("auth.reset_password", token=token)


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = _user_by_email(form.email.data)
        if user is not None and user.active:
            outbox.queue(user.email, "password_reset", user.locale, user=user, link=reset_link(user))
            db.session.commit()
        # The same answer either way: the form does not tell who has an account.
        flash(_("Nếu thư điện tử này có tài khoản, chúng tôi đã gửi hướng dẫn đặt lại mật khẩu."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = _user_from_token(token)
    if user is None:
        flash(_("Đường dẫn đặt lại mật khẩu không hợp lệ hoặc đã hết hạn. Vui lòng yêu cầu lại."), "error")
        return redirect(url_for("auth.reset_request"))
    form = NewPasswordForm()
    if form.validate_on_submit():
        user.set_password(form.password.data)
        db.session.commit()
        flash(_("Đã đặt mật khẩu mới. Vui lòng đăng nhập."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


def _user_from_token(token: str) -> User | None:
    try:
        claim = _serializer().loads(token, max_age=RESET_MAX_AGE)
    except BadSignature:
        return None
    user = db.session.get(User, claim.get("id")) if isinstance(claim, dict) else None
    if user is None or not user.active or user.password_hash[-12:] != claim.get("h"):
        return None
    return user

