"""The one-stop desk (Bộ phận Một cửa): a specialist records a dossier handed in at the counter
or posted, enters its answers, scans its papers and records its submission for the applicant;
from then on it is handled like any other."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from procedures import PROCEDURES, SPECIALIST
from procedures.intake import PAPER_CHANNELS, RECEIPT_RULE

from portal.dossiers import conditions, delivery, filing, paper
from portal.dossiers.queues import QUEUES
from portal.engine import Conflict, InvalidAction, Refused, available_actions, fire
from portal.extensions import db
from portal.models import Dossier, PaperIntake
from portal.web.access import restrict
from portal.web.forms import ActionForm, PaperDossierForm
from portal.web.procedure_forms import application_form, form_to_data
from portal.web.sent_files import attach_sent

bp = Blueprint("desk", __name__, url_prefix="/officer/desk")
restrict(bp, SPECIALIST)


def _locale() -> str:
    return str(get_locale() or "vi")


@bp.route("/", methods=["GET", "POST"])
def receive():
    """Record a paper dossier received today or within the time to record it."""
    form = PaperDossierForm(locale=_locale())
    if form.validate_on_submit():
        if (done := paper.recorded_with(form.key.data)) is not None:
            return _already(done)
        try:
            dossier = _record(form)
            invited = paper.invite(dossier.enterprise, form.contact_name.data or "",
                                   form.contact_email.data or "", current_user)
            db.session.commit()
        except Refused as refused:
            db.session.rollback()
            for reason in refused.reasons:
                flash(reason, "error")
        except IntegrityError:  # the same form, sent twice at once: the other one recorded it
            db.session.rollback()
            return _already(paper.recorded_with(form.key.data))
        else:
            flash(_("Đã ghi nhận hồ sơ giấy. Hãy nhập nội dung đơn, quét các tài liệu và ghi nhận nộp hồ sơ."),
                  "info")
            if invited:
                flash(_("Đã gửi thư mời %(email)s vào tài khoản của người nộp.", email=invited.email), "info")
            return redirect(url_for(".dossier", dossier_id=dossier.id))
    pending = db.session.execute(
        db.select(Dossier).join(PaperIntake, PaperIntake.dossier_id == Dossier.id)
        .where(Dossier.code.is_(None)).order_by(Dossier.id)
        .options(joinedload(Dossier.enterprise), joinedload(Dossier.paper))).scalars().all()
    return render_template("desk/receive.html", form=form, pending=pending, rule=RECEIPT_RULE,
                           channels=PAPER_CHANNELS, procedures=PROCEDURES, name="desk", queues=QUEUES,
                           locale=_locale())


def _already(dossier: Dossier):
    flash(_("Hồ sơ giấy này đã được ghi nhận; không ghi nhận lần nữa."), "info")
    return redirect(url_for(".dossier", dossier_id=dossier.id))


def _record(form: PaperDossierForm) -> Dossier:
    """The paper dossier the form describes, with how its result goes back; Refused with
    every reason it may not be recorded."""
    received = paper.received_at(form.received_on.data, form.received_time.data)
    reasons = paper.receipt_refusals(form.procedure.data, form.channel.data, received)
    holder = None if reasons else paper.holder(form.data)
    reasons = reasons or _type_reasons(form.procedure.data, holder)
    if reasons:
        raise Refused(reasons)
    dossier = paper.receive(form.procedure.data, holder, form.channel.data, received,
                            form.reference.data or "", current_user, form.key.data)
    delivery.choose(dossier, form.result_method.data, form.result_address.data or "")
    return dossier


def _type_reasons(procedure_code: str, holder) -> list[str]:
    if holder.applicant_type in PROCEDURES[procedure_code].applicant_types:
        return []
    return [_("%(kind)s không thuộc đối tượng được thực hiện thủ tục này.",
              kind=holder.kind.label.get(_locale()))]


def _paper_dossier(dossier_id: int) -> Dossier:
    dossier = db.session.get(Dossier, dossier_id)
    if dossier is None or dossier.paper is None:
        abort(404)
    return dossier


@bp.route("/dossiers/<int:dossier_id>", methods=["GET", "POST"])
def dossier(dossier_id: int):
    """The paper dossier's answers, scans and the acts the desk records for its applicant."""
    dossier = _paper_dossier(dossier_id)
    procedure, edits = PROCEDURES[dossier.procedure], filing.edits(dossier)
    form = application_form(procedure, dossier.form_data,
                            request.form if request.method == "POST" else None)
    if request.method == "POST" and "form" in edits:
        if form.validate():
            dossier.form_data = form_to_data(procedure, form)
            db.session.commit()
            flash(_("Đã lưu nội dung đơn."), "info")
            return redirect(url_for(".dossier", dossier_id=dossier.id))
        flash(_("Một số mục chưa hợp lệ; nội dung đã lưu trước đó vẫn được giữ nguyên."), "error")
    uploads = {}
    for upload in dossier.uploads:
        uploads.setdefault(upload.requirement, []).append(upload)
    actions = [t for t in available_actions(dossier, current_user) if t.at_desk]
    return render_template("desk/dossier.html", dossier=dossier, procedure=procedure, form=form,
                           edits=edits, requirements=conditions.requirements(dossier),
                           uploads=uploads, actions=actions, locale=_locale(), name="desk",
                           queues=QUEUES)


@bp.post("/dossiers/<int:dossier_id>/uploads")
def upload(dossier_id: int):
    """The scan of one checklist item; a refused file changes nothing and says why."""
    dossier = _paper_dossier(dossier_id)
    attach_sent(dossier)
    return redirect(url_for(".dossier", dossier_id=dossier.id) + "#documents")


@bp.post("/dossiers/<int:dossier_id>/actions/<action>")
def act(dossier_id: int, action: str):
    """Record an act of the applicant's that reached the desk on paper; the first submission
    counts from the day the desk received the dossier."""
    dossier = _paper_dossier(dossier_id)
    form = ActionForm()
    if not form.validate():
        flash(_("Biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại."), "error")
        return redirect(url_for(".dossier", dossier_id=dossier.id))
    first = dossier.code is None
    try:
        fire(dossier, action, current_user, note=form.note.data or "",
             expected_version=form.version.data, at=dossier.paper.received_at if first else None)
        db.session.commit()
    except (Refused, Conflict, InvalidAction) as error:
        db.session.rollback()
        for reason in getattr(error, "reasons", [str(error)]):
            flash(reason, "error")
        return redirect(url_for(".dossier", dossier_id=dossier_id))
    flash(_("Đã ghi nhận cho người nộp; hồ sơ %(code)s được xử lý như hồ sơ trực tuyến.", code=dossier.code),
          "success")
    return redirect(url_for("officer.dossier", dossier_id=dossier.id))
