"""Signing in and out."""
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user

from .extensions import db
from .forms import LoginForm
from .models import User
from .public import _same_site

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.execute(
            db.select(User).where(User.email == form.email.data.strip().lower())).scalar_one_or_none()
        if user is None or not user.check_password(form.password.data) or not user.active:
            flash(_("Thư điện tử hoặc mật khẩu không đúng."), "error")
        else:
            lang = session.get("lang")
            session.clear()  # a fresh session at sign-in: nothing carried over from before
            if lang:
                session["lang"] = lang
            login_user(user)
            return redirect(_same_site(request.args.get("next")) or url_for("public.home"))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    session.clear()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("public.home"))
