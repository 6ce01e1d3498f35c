"""The enterprise's side: applying, drafts, uploads, submission and tracking.

Every dossier and document is looked up within the signed-in user's enterprise, so a
guessed URL for another enterprise's dossier is simply not found.
"""
import csv
import io
import re
from datetime import date
from functools import cache

from flask import (Blueprint, Response, abort, flash, jsonify, redirect,
                   render_template, request, send_file, url_for)
from flask_babel import get_locale, gettext as _
from flask_login import current_user
import sqlalchemy as sa

from procedures import APPLICANT, LETTERS, OFFICERS, PROCEDURES, RESULT_KINDS
from procedures.delivery import DELIVERY_METHODS
from procedures.satisfaction import RATING_LEVELS

from portal.documents import duties, issued, letters, reminders
from portal.dossiers import clock, conditions, delivery, progress, ratings
from portal.dossiers.guards import unmet_about_subject
from portal.dossiers.notes import notes_for_applicant
from portal.engine import Conflict, InvalidAction, Refused, available_actions, fire
from portal.extensions import db, plain_rows
from portal.infra import cells, files, workdays
from portal.infra.workdays import local_time
from portal.models import Delivery, Dossier, Enterprise, IssuedDocument
from portal.fees import amounts
from portal.web.sent_files import attach_sent
from portal.web.access import restrict
from portal.web.forms import DeliveryForm, RatingForm, options
from portal.web.ids import row_id
from portal.web.labels import in_language
from portal.web.procedure_forms import answer_lines, application_form, form_to_data

bp = Blueprint("applicant", __name__, url_prefix="/applicant")
restrict(bp, APPLICANT)
PAGE_SIZE = 50


def own_dossier(dossier_id: int) -> Dossier:
    """A dossier of the user's enterprise, or one it files for a client."""
    dossier = db.session.get(Dossier, dossier_id)
    if dossier is None or not dossier.filed_by(current_user.enterprise_id):
        abort(404)
    return dossier


def _document_of(holder_id: int, document_id: int) -> IssuedDocument:
    document = db.session.get(IssuedDocument, document_id)
    if document is None or document.enterprise_id != holder_id:
        abort(404)
    return document


def _edits(dossier: Dossier) -> tuple[str, ...]:
    return PROCEDURES[dossier.procedure].flow.state(dossier.state).applicant_edits


@bp.get("/")
def dossiers():
    """The enterprise's dossiers and those it files for clients, newest first, 50 a page
    (keyset: `before` is the last id seen)."""
    rows = _listed(current_user.enterprise_id, request.args.get("before", type=row_id))
    year = workdays.today().year
    held = duties.holders(current_user.enterprise_id, year)  # with this year's reports, one query
    documents = [document for document, _ in held]
    return render_template("applicant/dossiers.html", dossiers=rows[:PAGE_SIZE], documents=documents,
                           expiring=reminders.expiring(documents), reports=duties.owed_among(year, held),
                           next_before=rows[PAGE_SIZE - 1][0] if len(rows) > PAGE_SIZE else None)


def _listed(enterprise_id: int, before: int | None) -> list[tuple]:
    """Up to PAGE_SIZE + 1 rows (id, code, procedure's name, client's name or None, state's
    label, updated_at), newest first: plain tuples, not dossiers, with their labels escaped,
    which the rows draw as they are (rows were most of the page's cost)."""
    labels = in_language(str(get_locale() or "vi")).escaped
    rows = plain_rows(_listing(bool(before)), {
        "enterprise_id": enterprise_id, "before": before}).all()  # fetched at once, not a row a call
    return [(dossier_id, code, labels[procedure, None], client, labels[procedure, state], updated_at)
            for dossier_id, code, procedure, state, updated_at, client in rows]


@cache
def _listing(paged: bool) -> sa.Select:
    """The list's one statement, built once (building it took longer than running it): each
    side walks its own index, and the clients' names come with the dossiers filed for them."""
    dossiers, enterprises = Dossier.__table__, Enterprise.__table__

    def newest(column, client):
        query = sa.select(dossiers.c.id, dossiers.c.code, dossiers.c.procedure, dossiers.c.state,
                          dossiers.c.updated_at, client).where(column == sa.bindparam("enterprise_id"))
        if paged:
            query = query.where(dossiers.c.id < sa.bindparam("before"))
        return query.order_by(dossiers.c.id.desc()).limit(PAGE_SIZE + 1).subquery()
    own = newest(dossiers.c.enterprise_id, sa.null().label("client"))
    filed = newest(dossiers.c.agent_id, sa.select(enterprises.c.name).where(
        enterprises.c.id == dossiers.c.enterprise_id).scalar_subquery().label("client"))
    both = sa.union_all(sa.select(own), sa.select(filed)).subquery()
    return sa.select(both).order_by(both.c.id.desc()).limit(PAGE_SIZE + 1)


@bp.get("/apply/<code>")
def start(code: str):
    """Start an application, for the user's own enterprise or, as its authorised representative,
    for a client; a follow-on procedure first picks the document it changes."""
    procedure = PROCEDURES.get(code) or abort(404)
    client = _client(procedure, request.args.get("client"))
    holder = client or current_user.enterprise
    candidates = (issued.in_force(holder.id, procedure.starts_from)
                  if procedure.starts_from else [])
    chosen = request.args.get("document", type=row_id)  # a reminder's link names its document
    candidates = [d for d in candidates if d.id == chosen] or candidates
    return render_template("applicant/start.html", procedure=procedure, candidates=candidates,
                           client=client, holder=holder, unmet=_type_reasons(procedure, holder))


def _client(procedure, identifier: str | None) -> Enterprise | None:
    """The registered applicant a representative files for, found by its identifier."""
    value = re.sub(r"[\s-]", "", identifier or "")
    if not value or procedure.by_agent is None:
        return None
    client = db.session.execute(db.select(Enterprise).where(
        Enterprise.code == value, Enterprise.id != current_user.enterprise_id)).scalars().first()
    if client is None:
        flash(_("Không tìm thấy tổ chức, cá nhân đã đăng ký với số %(code)s. Khách hàng cần đăng "
                "ký tài khoản trước khi ủy quyền nộp hồ sơ.", code=identifier), "error")
        abort(redirect(url_for("applicant.start", code=procedure.code)))
    return client


def _type_reasons(procedure, holder: Enterprise) -> list[str]:
    if holder.applicant_type in procedure.applicant_types:
        return []
    return [_("%(kind)s không thuộc đối tượng được thực hiện thủ tục này.",
              kind=holder.kind.label.get(current_user.locale))]


@bp.post("/apply/<code>")
def create(code: str):
    procedure = PROCEDURES.get(code) or abort(404)
    client = _client(procedure, request.form.get("client"))
    holder = client or current_user.enterprise
    subject = None
    if procedure.starts_from:
        subject = _document_of(holder.id, request.form.get("document", type=row_id) or 0)
    dossier = Dossier(procedure=code, state=procedure.flow.initial, enterprise_id=holder.id,
                      agent_id=client and current_user.enterprise_id,
                      created_by_id=current_user.id, subject=subject, form_data=_prefill(procedure, subject))
    unmet = _type_reasons(procedure, holder) + (_subject_reasons(procedure, dossier) if subject else [])
    if unmet:
        for reason in unmet:
            flash(reason, "error")
        return redirect(url_for("applicant.start", code=code, client=client and client.code))
    db.session.add(dossier)
    db.session.commit()
    flash(_("Đã tạo bản nháp. Bạn có thể lưu và quay lại bất cứ lúc nào."), "info")
    return redirect(url_for("applicant.edit", dossier_id=dossier.id))


def _prefill(procedure, subject: IssuedDocument | None) -> dict:
    """A follow-on application starts with what the document states, where the fields match."""
    if subject is None:
        return {}
    names = {f.name for f in procedure.fields}
    return {k: v for k, v in (subject.data or {}).items() if k in names}


def _subject_reasons(procedure, dossier: Dossier) -> list[str]:
    """The preconditions about the document being changed, checked before any work is done."""
    return [p.label.get(current_user.locale) for p in unmet_about_subject(procedure, dossier.subject)]


@bp.route("/dossiers/<int:dossier_id>/edit", methods=["GET", "POST"])
def edit(dossier_id: int):
    """The application form; saving keeps a draft, whatever is still missing."""
    dossier = own_dossier(dossier_id)
    if "form" not in _edits(dossier):
        return redirect(url_for("applicant.dossier", dossier_id=dossier.id))
    procedure = PROCEDURES[dossier.procedure]
    form = application_form(procedure, dossier.form_data,
                            request.form if request.method == "POST" else None)
    if request.method == "POST":
        if "add_line" in request.form:
            for decl in procedure.fields:
                if decl.kind == "product_lines":
                    form[decl.name].append_entry()
        elif form.validate():
            dossier.form_data = form_to_data(procedure, form)
            db.session.commit()
            flash(_("Đã lưu bản nháp."), "info")
            return redirect(url_for("applicant.edit", dossier_id=dossier.id))
        else:
            flash(_("Một số mục chưa hợp lệ; bản nháp đã lưu trước đó vẫn được giữ nguyên."), "error")
    context = _dossier_context(dossier)
    # The form's own page offers only what sends the dossier to the officers (not withdrawal).
    to_authority = [t for t in context["actions"]
                    if procedure.flow.state(t.target).waiting_on in OFFICERS]
    return render_template("applicant/edit.html", dossier=dossier, form=form,
                           to_authority=to_authority, **context)


def _dossier_context(dossier: Dossier) -> dict:
    procedure = PROCEDURES[dossier.procedure]
    uploads = {}
    for upload in dossier.uploads:
        uploads.setdefault(upload.requirement, []).append(upload)
    return {"procedure": procedure, "requirements": conditions.requirements(dossier),
            "uploads": uploads, "edits": _edits(dossier),
            "actions": available_actions(dossier, current_user)}


@bp.post("/dossiers/<int:dossier_id>/uploads")
def upload(dossier_id: int):
    """Attach one or more files to a checklist item; a refused file changes nothing and says
    why, the others are kept. The page's script asks for JSON: where to go next."""
    dossier = own_dossier(dossier_id)
    back = _back_to(request.referrer if _same_dossier(dossier) else
                    url_for("applicant.dossier", dossier_id=dossier.id))
    attach_sent(dossier)
    return back


def _back_to(target: str):
    """A redirect for a form post; JSON naming the page for the upload script."""
    if request.accept_mimetypes.best == "application/json":
        return jsonify(location=target)
    return redirect(target)


def _same_dossier(dossier: Dossier) -> bool:
    """Go back to the page the upload came from, if it is this dossier's."""
    referrer = request.referrer or ""
    return f"/applicant/dossiers/{dossier.id}" in referrer and referrer.startswith(request.host_url)


@bp.post("/dossiers/<int:dossier_id>/uploads/<int:upload_id>/delete")
def delete_upload(dossier_id: int, upload_id: int):
    dossier = own_dossier(dossier_id)
    upload = next((u for u in dossier.uploads if u.id == upload_id), None) or abort(404)
    if "form" not in _edits(dossier):
        flash(_("Không thể xoá tài liệu của hồ sơ đã nộp."), "error")
    else:
        db.session.delete(upload)
        db.session.commit()
        files.forget_uploads([upload.sha256])
        flash(_("Đã xoá “%(name)s”.", name=upload.filename), "info")
    return redirect(url_for("applicant.edit", dossier_id=dossier.id))


@bp.get("/dossiers/<int:dossier_id>/uploads/<int:upload_id>")
def download_upload(dossier_id: int, upload_id: int):
    dossier = own_dossier(dossier_id)
    upload = next((u for u in dossier.uploads if u.id == upload_id), None) or abort(404)
    return send_file(files.upload_path(upload.sha256), mimetype=upload.content_type,
                     download_name=upload.filename, as_attachment=True)


@bp.route("/reports/<int:document_id>", methods=["GET", "POST"])
def report(document_id: int):
    """This year's periodic report on one of the enterprise's documents: filed once, then read."""
    document = _document_of(current_user.enterprise_id, document_id)
    duty = RESULT_KINDS[document.kind].report or abort(404)
    owed = duties.one(document, workdays.today().year)
    form = application_form(duty, formdata=request.form if request.method == "POST" else None)
    if request.method == "POST" and owed.report is None:
        try:
            if not form.validate():
                raise Refused([_("Một số mục chưa hợp lệ; báo cáo chưa được nộp.")])
            duties.file(document, owed.year, current_user, form_to_data(duty, form))
            db.session.commit()
        except Refused as refused:
            db.session.rollback()
            for reason in refused.reasons:
                flash(reason, "error")
        else:
            flash(_("Đã nộp báo cáo."), "info")
            return redirect(url_for("applicant.report", document_id=document.id))
    return render_template("applicant/report.html", owed=owed, duty=duty, form=form, show=answer_lines)


@bp.get("/dossiers/<int:dossier_id>")
def dossier(dossier_id: int):
    """The dossier page: status, timeline, the officers' requests and what can be done now."""
    dossier = own_dossier(dossier_id)
    result = issued.of_dossier(dossier)
    chosen = delivery.of(dossier)
    return render_template("applicant/dossier.html", dossier=dossier, result=result,
                           written=letters.written(dossier), letters=LETTERS,
                           messages=notes_for_applicant(dossier), answer_by=_answer_by(dossier),
                           steps=progress.steps(dossier),
                           rating=ratings.of(dossier), rating_levels=dict(RATING_LEVELS),
                           delivery=chosen, delivery_form=_delivery_form(chosen),
                           rating_form=_rating_form() if ratings.may_rate(dossier) else None,
                           fee=amounts.summary(dossier), **_dossier_context(dossier))


def _delivery_form(chosen: Delivery | None = None) -> DeliveryForm:
    form = DeliveryForm(obj=chosen)
    form.method.choices = options((key, method.label.get(current_user.locale))
                                  for key, method in DELIVERY_METHODS.items())
    return form


@bp.post("/dossiers/<int:dossier_id>/delivery")
def choose_delivery(dossier_id: int):
    """The applicant chooses how to receive the result, until a paper copy has left the office."""
    dossier = own_dossier(dossier_id)
    form = _delivery_form()
    return _settle(dossier, form, lambda: delivery.choose(dossier, form.method.data, form.address.data or ""),
                   _("Đã lưu cách nhận kết quả."), "delivery")


def _settle(dossier: Dossier, form, act, done: str, anchor: str):
    """Validate `form`, `act()` and commit; each refusal is shown and nothing is kept."""
    try:
        if not form.validate():
            raise Refused([str(errors[0]) for errors in form.errors.values()])
        act()
        db.session.commit()
    except Refused as refused:
        db.session.rollback()
        for reason in refused.reasons:
            flash(reason, "error")
    else:
        flash(done, "info")
    return redirect(url_for("applicant.dossier", dossier_id=dossier.id, _anchor=anchor))


def _rating_form() -> RatingForm:
    form = RatingForm()
    form.level.choices = options((key, label.get(current_user.locale)) for key, label in RATING_LEVELS)
    return form


@bp.post("/dossiers/<int:dossier_id>/rating")
def rate(dossier_id: int):
    """The applicant rates the service once the dossier has ended; once."""
    dossier = own_dossier(dossier_id)
    form = _rating_form()
    return _settle(dossier, form, lambda: ratings.record(dossier, current_user, form.level.data,
                                                         form.comment.data or ""),
                   _("Cảm ơn bạn đã đánh giá chất lượng phục vụ."), "rating")


def _answer_by(dossier: Dossier) -> date | None:
    """While the clock waits for a supplement, the applicant's last day to send it."""
    return clock.supplement_deadline(dossier) if dossier.clock_remaining is not None else None


@bp.get("/dossiers/<int:dossier_id>/receipt")
def receipt(dossier_id: int):
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả: the one-stop-shop receipt."""
    dossier = own_dossier(dossier_id)
    if dossier.code is None:
        abort(404)
    return render_template("applicant/receipt.html", dossier=dossier,
                           procedure=PROCEDURES[dossier.procedure])


@bp.post("/dossiers/<int:dossier_id>/actions/<action>")
def act(dossier_id: int, action: str):
    """Take a workflow action (submit, resubmit, answer a request, withdraw)."""
    dossier = own_dossier(dossier_id)
    try:
        event = fire(dossier, action, current_user, note=request.form.get("note", ""),
                     expected_version=request.form.get("version", type=int), until=_stated_date())
        db.session.commit()
    except Refused as refused:
        db.session.rollback()
        for reason in refused.reasons:
            flash(reason, "error")
        return redirect(url_for("applicant.dossier", dossier_id=dossier_id))
    except (Conflict, InvalidAction):
        db.session.rollback()
        flash(_("Hồ sơ đã thay đổi trạng thái; thao tác không được thực hiện lần nữa."), "error")
        return redirect(url_for("applicant.dossier", dossier_id=dossier_id))
    flow = PROCEDURES[dossier.procedure].flow
    flash(_("Đã thực hiện: %(action)s.", action=flow.transition(action).label.get(current_user.locale)), "info")
    if event.from_state == flow.initial:  # a dossier just received: the receipt comes first
        return redirect(url_for("applicant.receipt", dossier_id=dossier.id))
    return redirect(url_for("applicant.dossier", dossier_id=dossier.id))


def _stated_date() -> date | None:
    """The date a dated act states (a deadline asked for); None if absent or malformed."""
    try:
        return date.fromisoformat(request.form.get("until", ""))
    except ValueError:
        return None


@bp.post("/dossiers/<int:dossier_id>/delete")
def delete_draft(dossier_id: int):
    """Discard a draft that was never submitted (it has no code and no history)."""
    dossier = own_dossier(dossier_id)
    if dossier.code is not None or dossier.events:
        flash(_("Hồ sơ đã nộp không thể xoá; bạn có thể rút hồ sơ."), "error")
        return redirect(url_for("applicant.dossier", dossier_id=dossier.id))
    digests = [u.sha256 for u in dossier.uploads]
    db.session.delete(dossier)
    db.session.commit()
    files.forget_uploads(digests)
    flash(_("Đã xoá bản nháp."), "info")
    return redirect(url_for("applicant.dossiers"))


@bp.get("/dossiers/<int:dossier_id>/history.csv")
def history(dossier_id: int):
    """The dossier's history as the enterprise may keep it: every step, with the notes it was sent."""
    dossier = own_dossier(dossier_id)
    flow = PROCEDURES[dossier.procedure].flow
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["time", "action", "from_state", "to_state", "by", "note"])
    for e in dossier.events:
        transition = flow.transition(e.action)
        writer.writerow(cells.row([local_time(e.created_at).isoformat(), e.action, e.from_state,
                                   e.to_state, "enterprise" if e.actor and e.actor.role == APPLICANT else "authority",
                                   "" if transition.internal else e.note]))
    name = f"{dossier.code or dossier.id}-history.csv"
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",  # BOM: Excel reads UTF-8
                    headers={"Content-Disposition": f"attachment; filename={name}"})
