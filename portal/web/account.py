"""The enterprise's account: who it is registered as and its history, its staff (any of them
adds a colleague) and each person's notifications."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procedures import APPLICANT

from portal.extensions import db, limiter
from portal.infra import api_tokens, outbox, tokens
from portal.models import ApiToken, IssuedDocument, Notification, User, now
from portal.web.access import restrict
from portal.web.security import rate
from portal.web.forms import ApiTokenForm, ColleagueForm

bp = Blueprint("account", __name__, url_prefix="/applicant")
restrict(bp, APPLICANT)
PAGE_SIZE = 50


@bp.route("/colleagues", methods=["GET", "POST"])
@limiter.limit(rate("invitation"), methods=["POST"])
@limiter.limit(rate("invitation"), methods=["POST"], key_func=lambda: f"inviter|{current_user.id}",
               scope="invitation-inviter")
def colleagues():
    """Staff of the enterprise share its dossiers; any of them may add a colleague."""
    form = ColleagueForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if db.session.execute(db.select(User.id).where(User.email == email)).first():
            form.email.errors.append(_("Thư điện tử này đã được dùng cho một tài khoản khác."))
        else:
            colleague = User(email=email, full_name=form.full_name.data.strip(), role=APPLICANT,
                             enterprise_id=current_user.enterprise_id, locale=current_user.locale)
            colleague.set_unusable_password()
            db.session.add(colleague)
            db.session.flush()
            outbox.queue(email, "colleague_added", colleague.locale, user=colleague,
                         inviter=current_user, link=tokens.link(colleague, "invitation"))
            db.session.commit()
            flash(_("Đã thêm %(name)s; thư hướng dẫn đặt mật khẩu đã được gửi.", name=colleague.full_name),
                  "info")
            return redirect(url_for("account.colleagues"))
    staff = db.session.execute(db.select(User).where(User.enterprise_id == current_user.enterprise_id)
                               .order_by(User.full_name)).scalars().all()
    return render_template("applicant/colleagues.html", form=form, staff=staff)


@bp.route("/api-tokens", methods=["GET", "POST"])
def api_tokens_page():
    """The user's personal access tokens for the API; a new one is shown on this page once."""
    form = ApiTokenForm()
    secret = None
    if form.validate_on_submit():
        _, secret = api_tokens.create(current_user, form.name.data.strip(), form.scopes.data,
                                      int(form.days.data))
        db.session.commit()
        form = ApiTokenForm(formdata=None)
    return render_template("applicant/api_tokens.html", form=form, secret=secret,
                           tokens=api_tokens.of_user(current_user), now=now())


@bp.post("/api-tokens/<int:token_id>/revoke")
def revoke_api_token(token_id: int):
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != current_user.id:
        abort(404)
    api_tokens.revoke(row, current_user)
    db.session.commit()
    flash(_("Đã thu hồi mã truy cập “%(name)s”.", name=row.name), "info")
    return redirect(url_for("account.api_tokens_page"))


@bp.get("/profile")
def profile():
    """Who the account is registered as, its details over time (registration, then each
    granted amendment), and what each document it holds printed about it."""
    enterprise = current_user.enterprise
    documents = db.session.execute(
        db.select(IssuedDocument).where(IssuedDocument.enterprise_id == enterprise.id)
        .order_by(IssuedDocument.id.desc())).scalars().all()
    return render_template("applicant/profile.html", enterprise=enterprise,
                           revisions=list(reversed(enterprise.revisions)), documents=documents)


@bp.get("/notifications")
def notifications():
    """The latest messages about the enterprise's dossiers; seeing them marks them read."""
    rows = db.session.execute(db.select(Notification).where(Notification.user_id == current_user.id)
                              .order_by(Notification.id.desc()).limit(PAGE_SIZE)).scalars().all()
    page = render_template("applicant/notifications.html", notifications=rows)
    db.session.execute(db.update(Notification).where(Notification.user_id == current_user.id,
                                                     Notification.read_at.is_(None)).values(read_at=now()))
    db.session.commit()
    return page


@bp.app_context_processor
def unread_notifications():
    def unread() -> int:
        counted = getattr(current_user, "unread_notifications", None)  # by the user loader
        if counted is not None:
            return counted
        return db.session.execute(db.select(db.func.count()).select_from(Notification).where(
            Notification.user_id == current_user.id, Notification.read_at.is_(None))).scalar_one()
    return {"unread_notifications": unread}
