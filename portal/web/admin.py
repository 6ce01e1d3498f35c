"""The administrators' side: officer accounts and roles, the holiday calendar, the audit
trail and the e-mail outbox."""
import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from procedures import ADMIN, APPLICANT

from portal.infra import audit, tokens
from portal.infra.outbox import queue as queue_mail
from portal.web.access import restrict
from portal.web.ids import row_id
from portal.infra.audit import first_broken
from portal.infra.workdays import forget_calendar
from portal.extensions import db
from portal.web.forms import OFFICER_ROLES, AccountForm, CalendarDayForm, NewOfficerForm
from portal.models import AuditRecord, CalendarDay, OutboxMessage, User

bp = Blueprint("admin", __name__, url_prefix="/admin")
restrict(bp, ADMIN)

USERS_PAGE = 100
# The token of a link that sets a password, as `tokens.link` writes it into an e-mail.
PASSWORD_LINK = re.compile(r"(/auth/reset/)[^\s]+")
PAGE = 100
AUDIT_VERBS = ("transition", "login", "login_failed", "document_viewed", "role_changed",
               "user_created", "config_changed", "dossier_rescheduled", "dossier_assigned",
               "document_status_changed", "checklist_changed", "note_added",
               "second_factor_enrolled", "second_factor_failed", "enterprise_verified",
               "account_closed")


@bp.get("/")
def index():
    return redirect(url_for(".users"))


@bp.get("/users")
def users():
    """Officer accounts with a form each to change the role; or, page by page, applicants."""
    applicants = request.args.get("show") == "applicants"
    query = (db.select(User).options(joinedload(User.enterprise)).order_by(User.id)
             .where((User.role == APPLICANT) if applicants else (User.role != APPLICANT)))
    after = request.args.get("after", type=row_id)
    if after:
        query = query.where(User.id > after)
    accounts = db.session.execute(query.limit(USERS_PAGE + 1)).scalars().all()
    following = accounts[USERS_PAGE - 1].id if len(accounts) > USERS_PAGE else None
    accounts = accounts[:USERS_PAGE]
    forms = {u.id: AccountForm(prefix=f"u{u.id}", role=u.role, active=u.active)
             for u in accounts if u.role != APPLICANT}
    return render_template("admin/users.html", accounts=accounts, forms=forms,
                           new_form=NewOfficerForm(), applicants=applicants, following=following)


@bp.post("/users")
def create_user():
    """A new officer account; the officer sets their own password through the e-mailed
    invitation (an administrator never knows it)."""
    form = NewOfficerForm()
    if form.validate():
        user = User(full_name=form.full_name.data.strip(), email=form.email.data.strip().lower(),
                    role=form.role.data)
        user.set_unusable_password()
        db.session.add(user)
        try:
            db.session.flush()
            audit.record("user_created", f"user:{user.id}", email=user.email, role=user.role)
            queue_mail(user.email, "officer_invited", user.locale, user=user, inviter=current_user,
                       link=tokens.link(user, "invitation"))
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            flash(_("Thư điện tử này đã có tài khoản."), "error")
        else:
            flash(_("Đã tạo tài khoản %(email)s và gửi thư mời đặt mật khẩu.", email=user.email), "success")
            return redirect(url_for(".users"))
    for errors in form.errors.values():
        for error in errors:
            flash(error, "error")
    return redirect(url_for(".users"))


@bp.post("/users/<int:user_id>")
def update_user(user_id: int):
    """Change an officer's role or deactivate them; never one's own admin rights."""
    user = db.session.get(User, user_id)
    if user is None or user.role == APPLICANT:
        abort(404)
    form = AccountForm(prefix=f"u{user.id}")
    if not form.validate():
        flash(_("Vai trò không hợp lệ."), "error")
    elif user.id == current_user.id and (form.role.data != ADMIN or not form.active.data):
        flash(_("Bạn không thể tự bỏ quyền quản trị hoặc tự khóa tài khoản của mình."), "error")
    else:
        audit.record("role_changed", f"user:{user.id}", old={"role": user.role, "active": user.active},
                     new={"role": form.role.data, "active": form.active.data})
        old_role, (user.role, user.active) = user.role, (form.role.data, form.active.data)
        # The person hears of it, so a change they did not expect is reported at once.
        queue_mail(user.email, "role_changed", user.locale, user=user, admin=current_user,
                     old_role=old_role, roles={c.value: c.label for c in OFFICER_ROLES})
        db.session.commit()
        flash(_("Đã cập nhật tài khoản %(email)s.", email=user.email), "success")
    return redirect(url_for(".users"))


@bp.get("/calendar")
def calendar():
    """The exceptions to the weekday rule, by date."""
    days = db.session.execute(db.select(CalendarDay).order_by(CalendarDay.day)).scalars().all()
    return render_template("admin/calendar.html", days=days, form=CalendarDayForm())


@bp.post("/calendar")
def save_day():
    """Add a day off or a make-up working day, or change the one already on that date."""
    form = CalendarDayForm()
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for(".calendar"))
    day = db.session.execute(db.select(CalendarDay).where(CalendarDay.day == form.day.data)
                             ).scalar_one_or_none() or CalendarDay(day=form.day.data)
    day.kind, day.note = form.kind.data, (form.note.data or "").strip()
    db.session.add(day)
    audit.record("config_changed", f"calendar:{day.day.isoformat()}", kind=day.kind, note=day.note)
    db.session.commit()
    forget_calendar()
    flash(_("Đã lưu ngày %(date)s.", date=day.day.strftime("%d/%m/%Y")), "success")
    return redirect(url_for(".calendar"))


@bp.post("/calendar/<int:day_id>/delete")
def delete_day(day_id: int):
    """Back to the weekday rule and the statutory holidays for that date."""
    day = db.session.get(CalendarDay, day_id) or abort(404)
    db.session.delete(day)
    audit.record("config_changed", f"calendar:{day.day.isoformat()}", kind=None)
    db.session.commit()
    forget_calendar()
    flash(_("Đã xóa ngày %(date)s khỏi lịch.", date=day.day.strftime("%d/%m/%Y")), "success")
    return redirect(url_for(".calendar"))


@bp.get("/audit")
def audit_trail():
    """The audit trail, newest first, filtered by kind of act, actor or target; 100 a page."""
    query = db.select(AuditRecord).order_by(AuditRecord.seq.desc()).limit(PAGE + 1)
    verb, who, target = (request.args.get(k, "").strip() for k in ("verb", "actor", "target"))
    if verb:
        query = query.where(AuditRecord.verb == verb)
    if who:
        query = query.where(AuditRecord.actor.contains(who))
    if target:
        query = query.where(AuditRecord.target == target)
    before = request.args.get("before", type=row_id)
    if before:
        query = query.where(AuditRecord.seq < before)
    rows = db.session.execute(query).scalars().all()
    return render_template("admin/audit.html", records=rows[:PAGE], verbs=AUDIT_VERBS,
                           filters={"verb": verb, "actor": who, "target": target},
                           before=rows[PAGE - 1].seq if len(rows) > PAGE else None,
                           broken=first_broken() if request.args.get("verify") else None,
                           verified=bool(request.args.get("verify")))


@bp.get("/outbox")
def outbox():
    """E-mail waiting to be sent (or that could not be), with every password link masked: an
    administrator reading a live reset or invitation could take the account."""
    rows = db.session.execute(db.select(OutboxMessage).order_by(OutboxMessage.sent_at.is_not(None),
                                                                OutboxMessage.id.desc())
                              .limit(PAGE)).scalars().all()
    return render_template("admin/outbox.html", messages=rows, masked=mask_links)


def mask_links(body: str) -> str:
    return PASSWORD_LINK.sub(r"\1…", body)
