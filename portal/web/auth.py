"""Accounts: registration of an enterprise, signing in and out, password reset by e-mail."""
import secrets
from functools import cache

from flask import (Blueprint, flash, redirect, render_template, request,
                   session, url_for)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from procedures.applicants import APPLICANT_TYPES

from portal.extensions import db, limiter
from portal.infra import audit, outbox, tokens
from portal.models import Enterprise, User
from portal.web import two_factor
from portal.web.forms import LoginForm, NewPasswordForm, RegistrationForm, ResetRequestForm
from portal.web.public import same_site
from portal.web.security import rate

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _email_field() -> str:
    return (request.form.get("email") or "").strip().lower()


def _login_key() -> str:
    """Count attempts per address and account, so one attacker cannot lock everyone out."""
    return f"{request.remote_addr}|{_email_field()}"


def _account_key() -> str:
    return f"account|{_email_field()}"


def _refused(response) -> bool:
    """A sign-in that did not get in (the form again): only those count across accounts and
    addresses, so colleagues behind one office address can all sign in."""
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(rate("login"), methods=["POST"], key_func=_login_key)
@limiter.limit(rate("login_address"), methods=["POST"], scope="login-address", deduct_when=_refused)
@limiter.limit(rate("login_account"), methods=["POST"], key_func=_account_key, scope="login-account",
               deduct_when=_refused)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = _user_by_email(form.email.data)
        if user is None:
            check_password_hash(_unknown_account_hash(), form.password.data)  # as long as a real check
        if user is None or not user.check_password(form.password.data) or not user.active:
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


@cache
def _unknown_account_hash() -> str:
    """A hash made like every password's: checking it takes as long, so the time of the
    answer does not tell whether an account exists."""
    return generate_password_hash(secrets.token_hex(16), method="scrypt")


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
@limiter.limit(rate("registration"), methods=["POST"])
def register():
    """An enterprise opens its account; its first staff member is the applicant signing up."""
    form = RegistrationForm(locale=str(get_locale() or "vi"))
    if form.validate_on_submit():
        if db.session.execute(db.select(Enterprise.id).where(
                Enterprise.applicant_type == form.applicant_type.data,
                Enterprise.code == form.code.data)).first():
            form.code.errors.append(_("Tổ chức, cá nhân này đã có tài khoản. Hãy đề nghị người đã "
                                      "đăng ký thêm bạn vào tài khoản."))
        elif _user_by_email(form.email.data):
            form.email.errors.append(_("Thư điện tử này đã được dùng cho một tài khoản khác."))
        else:
            name = form.name.data.strip()
            enterprise = Enterprise(applicant_type=form.applicant_type.data, code=form.code.data,
                                    name=name,
                                    foreign_name=(form.foreign_name.data or "").strip() or None,
                                    address=form.address.data.strip(),
                                    legal_representative=(form.legal_representative.data or "").strip()
                                    or name, foreign_invested=form.foreign_invested.data)
            user = User(email=form.email.data.strip().lower(), full_name=form.full_name.data.strip(),
                        role="applicant", enterprise=enterprise, locale=session.get("lang", "vi"))
            user.set_password(form.password.data)
            db.session.add_all([enterprise, user])
            db.session.commit()
            _sign_in(user)
            flash(_("Đã tạo tài khoản. Bạn có thể nộp hồ sơ ngay."), "info")
            return redirect(url_for("applicant.dossiers"))
    return render_template("auth/register.html", form=form, applicant_types=APPLICANT_TYPES.values())


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(rate("password_reset"), methods=["POST"])
@limiter.limit(rate("password_reset"), methods=["POST"], key_func=_account_key, scope="reset-account")
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = _user_by_email(form.email.data)
        if user is not None and user.active:
            outbox.queue(user.email, "password_reset", user.locale, user=user,
                         link=tokens.link(user, "password_reset"))
            db.session.commit()
        # The same answer either way: the form does not tell who has an account.
        flash(_("Nếu thư điện tử này có tài khoản, chúng tôi đã gửi hướng dẫn đặt lại mật khẩu."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Set a password through an e-mailed link: a reset, or an invitation's first password."""
    user = tokens.holder(token)
    if user is None:
        flash(_("Đường dẫn đặt lại mật khẩu không hợp lệ hoặc đã hết hạn. Vui lòng yêu cầu lại."), "error")
        return redirect(url_for("auth.reset_request"))
    form = NewPasswordForm()
    if form.validate_on_submit() and tokens.redeem(token, user):
        user.set_password(form.password.data)
        db.session.commit()
        flash(_("Đã đặt mật khẩu mới. Vui lòng đăng nhập."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
