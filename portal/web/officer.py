"""The officers' side: queues, the dossier review page and its actions."""
from datetime import date
from functools import lru_cache

from flask import (Blueprint, Response, abort, flash, redirect, render_template, request, send_file,
                   url_for)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from procedures import LEADER, LETTERS, PROCEDURES, SPECIALIST
from procedures.satisfaction import RATING_LEVELS

from portal.documents import issued
from portal.dossiers import assignment, clock, delivery, notes, progress, ratings
from portal.dossiers import conditions, review
from portal.dossiers.checklist import set_ticks
from portal.engine import Act, Conflict, InvalidAction, Refused, available_actions, fire, guard_reasons
from portal.extensions import db, plain_rows
from portal.fees import amounts
from portal.infra import audit, files, previews, workdays
from portal.infra.workdays import add_working_days
from portal.web.access import restrict
from portal.web.ids import row_id
from portal.web.labels import in_language
from portal.web.forms import (ActionForm, AssignForm, ChecklistForm, HandOverForm, NoteForm,
                              QueueFilterForm, RescheduleForm, options)
from portal.models import Dossier, Upload, User, display_code
from portal.web.procedure_forms import answer_lines
from portal.dossiers.queues import QUEUES, Filters, Queue, page

bp = Blueprint("officer", __name__, url_prefix="/officer")
restrict(bp, SPECIALIST, LEADER)

# Uploads a browser may show inline: images only. A PDF opens in the officer's own viewer,
# as a download, never in the portal's origin (its viewer runs what the check might miss).
INLINE_TYPES = ("image/jpeg", "image/png")
PDF = "application/pdf"
REGISTER_PAGE = 50
PLACEHOLDER_ID = 987654321  # stands for a dossier's id in a path built once for every row


def _locale() -> str:
    return str(get_locale() or "vi")


def _flash_reasons(error: Exception) -> None:
    if isinstance(error, InvalidAction):
        flash(_("Thao tác này không còn thực hiện được ở bước hiện tại của hồ sơ."), "error")
        return
    for reason in getattr(error, "reasons", [str(error)]):
        flash(reason, "error")


# Queues

@bp.get("/")
def index():
    return redirect(url_for(".queue", name="intake"))


@bp.get("/queues/<name>")
def queue(name: str):
    """A queue's dossiers, filtered, soonest due first, 50 a page."""
    if name not in QUEUES:
        abort(404)
    args = tuple((k, v) for k, v in request.args.items(multi=True) if k != "after")
    specialists = _specialists()
    filters_html, data = _filter_form(name, _locale(), args, specialists)
    filters = _filters(data) if data is not None else Filters()
    rows, following = page(QUEUES[name], filters, _keyset(request.args.get("after")))
    next_args = {**request.args.to_dict(), "after": f"{following[0]}_{following[1]}"} if following else None
    today, labels = workdays.today(), in_language(_locale())
    return render_template("officer/queue.html", name=name, queues=QUEUES, filters_html=filters_html,
                           rows=rows, next_args=next_args, today=today, states=labels.states,
                           due_soon=add_working_days(today, clock.DUE_SOON_DAYS),
                           procedure_labels=labels.procedures,
                           dossier_path=_path_of("officer.dossier"), display_code=display_code,
                           claim_path=_path_of("officer.claim"))


_SPECIALISTS = (db.select(User.id, User.full_name).where(User.role == SPECIALIST, User.active)
                .order_by(User.full_name))


def _specialists() -> tuple[tuple[int, str], ...]:
    """The active specialists' ids and names, by name."""
    return tuple(tuple(row) for row in plain_rows(_SPECIALISTS))


@lru_cache(maxsize=256)
def _filter_form(name: str, locale: str, args: tuple, specialists: tuple) -> tuple[Markup, dict | None]:
    """The filter form drawn for these inputs, and its data when valid. Drawing it (selects
    of procedures, states and specialists) took a quarter of a queue page; it depends only on
    the arguments, the language and the specialists, which are all in the key."""
    form = QueueFilterForm(MultiDict(args))
    _filter_choices(form, QUEUES[name], specialists)
    data = dict(form.data) if form.validate() else None
    return Markup(render_template("officer/_filters.html", form=form)), data


def _filter_choices(form: QueueFilterForm, queue: Queue, specialists: tuple) -> None:
    everything = [("", _("Tất cả"))]
    labels = in_language(_locale())
    form.procedure.choices = options(everything + list(labels.procedures.items()))
    form.state.choices = options(everything + [(s, labels.states[s]) for s in queue.states])
    form.assignee.choices = options(everything + [("me", _("Của tôi")), ("none", _("Chưa giao"))]
                                    + [(str(uid), full_name) for uid, full_name in specialists])


def _path_of(endpoint: str) -> str:
    """The endpoint's path for any dossier, as a format string: built once a page rather than
    once a row (URL building was a tenth of a queue page)."""
    return url_for(endpoint, dossier_id=PLACEHOLDER_ID).replace(str(PLACEHOLDER_ID), "{}")


def _filters(data: dict) -> Filters:
    assignee = data["assignee"] or ""
    return Filters(procedure=data["procedure"] or None, state=data["state"] or None,
                   assignee_id=current_user.id if assignee == "me" else
                   int(assignee) if assignee.isdigit() else None,
                   unassigned=assignee == "none",
                   enterprise=data["enterprise"] or None, code=data["code"] or None,
                   unpaid=bool(data["unpaid"]))


def _keyset(value: str | None) -> tuple[date, int] | None:
    """`2026-12-01_42` into (date, id); anything malformed starts from the first page."""
    try:
        day, dossier_id = (value or "").split("_")
        return date.fromisoformat(day), row_id(dossier_id)
    except ValueError:
        return None


# One dossier

def _dossier(dossier_id: int) -> Dossier:
    """A dossier officers may see: any but an applicant's unsubmitted draft (a paper one the
    desk is recording is theirs)."""
    dossier = db.session.get(Dossier, dossier_id)
    if dossier is None or _unsubmitted(dossier):
        abort(404)
    return dossier


def _unsubmitted(dossier: Dossier) -> bool:
    return dossier.state == PROCEDURES[dossier.procedure].flow.initial and dossier.paper is None


def _back(dossier_id: int):
    return redirect(url_for(".dossier", dossier_id=dossier_id))


@bp.get("/dossiers/<int:dossier_id>")
def dossier(dossier_id: int):
    """Everything an officer needs to decide: form, documents, checklist, notes, history."""
    found = review.read(dossier_id)
    if found is None or _unsubmitted(found[0]):
        abort(404)
    dossier, lists = found
    procedure = PROCEDURES[dossier.procedure]
    chosen = delivery.of(dossier)
    state = procedure.flow.state(dossier.state)
    write_refusals = assignment.write_refusals(dossier, current_user)
    apology_open = clock.apology_open(dossier)
    assign_form = None
    if not state.final and current_user.role == LEADER:  # only a leader assigns: only then the list
        assign_form = AssignForm(assignee=dossier.assignee_id or 0)
        assign_form.assignee.choices = _specialist_choices()
    actions = available_actions(dossier, current_user)
    requirements = conditions.requirements(dossier)
    awaiting_hand_over = delivery.awaiting_hand_over(dossier, chosen)
    # A dated act (an extension) is offered with the date the applicant last asked for.
    asked = next((e.until for e in reversed(dossier.events) if e.until), None)
    preview = _review(requirements, lists.files)
    page = render_template(
        "officer/dossier.html", dossier=dossier, procedure=procedure,
        requirements=requirements, state=state,
        actions=actions, steps=progress.steps(dossier), draft_preview=_previews_result(actions),
        **preview,
        blocked={t.action: guard_reasons(dossier, Act(t, current_user, until=asked if t.dated else None))
                 for t in actions}, asked=asked,
        action_labels=in_language(_locale()).actions[procedure.code],
        # The forms are made only where the page shows them (a form is about 0.3 ms).
        note_form=None if write_refusals else NoteForm(), assign_form=assign_form,
        reschedule_form=RescheduleForm() if apology_open and not write_refusals else None,
        written=lists.letters, letters=LETTERS, owed=amounts.owed(dossier), vnd=amounts.vnd,
        receipt=lists.receipt, notes=lists.notes, actors=lists.actors, ticks=lists.ticks,
        overdue=clock.overdue(dossier), due_soon=clock.due_soon(dossier),
        apology_open=apology_open, write_refusals=write_refusals,
        show=answer_lines, delivery=chosen, awaiting_hand_over=awaiting_hand_over,
        review_path=url_for(".dossier", dossier_id=dossier.id) + "?upload=",
        hand_over_form=HandOverForm() if awaiting_hand_over else None)
    if preview["shown"]:  # audited once drawn: a commit before would expire what the page reads
        audit.record("document_viewed", f"upload:{preview['shown'].id}", dossier=dossier.id,
                     file=preview["shown"].filename)
        db.session.commit()
    return page


def _previews_result(actions) -> bool:
    """Whether the officer may take the decision that grants (and so may read its draft)."""
    return any(t.outcome == "grant" and not t.internal for t in actions)


def _review(requirements, uploads: list[review.File]) -> dict:
    """The uploaded files in checklist order (and by requirement), the one chosen for the
    preview pane (opening it is audited, like a download), and the ones before and after it."""
    order = {r.key: i for i, r in enumerate(requirements)}
    documents = sorted((u for u in uploads if u.requirement in order),
                       key=lambda u: (order[u.requirement], u.id))
    by_requirement = {}
    for u in uploads:
        by_requirement.setdefault(u.requirement, []).append(u)
    chosen = request.args.get("upload", type=row_id)
    here = next((i for i, u in enumerate(documents) if u.id == chosen), None)
    if here is None:
        return {"documents": documents, "files": by_requirement, "shown": None}
    shown = documents[here]
    path = files.upload_path(shown.sha256)
    return {"documents": documents, "files": by_requirement, "shown": shown,
            "previous": documents[here - 1] if here else None,
            "following": documents[here + 1] if here + 1 < len(documents) else None,
            "pages": previews.page_count(path) if shown.content_type == PDF else 0,
            "max_pages": previews.MAX_PAGES}


@bp.get("/dossiers/<int:dossier_id>/uploads/<int:upload_id>")
def upload(dossier_id: int, upload_id: int):
    """The stored bytes of one uploaded document, shown in the browser where that is safe."""
    item = db.session.get(Upload, upload_id)
    if item is None or item.dossier_id != _dossier(dossier_id).id:
        abort(404)
    path = files.upload_path(item.sha256)
    if not path.is_file():
        abort(404)
    audit.record("document_viewed", f"upload:{item.id}", dossier=dossier_id, file=item.filename)
    db.session.commit()
    inline = item.content_type in INLINE_TYPES
    response = send_file(path, mimetype=item.content_type, as_attachment=not inline,
                         download_name=item.filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/dossiers/<int:dossier_id>/uploads/<int:upload_id>/pages/<int:page>.png")
def upload_page(dossier_id: int, upload_id: int, page: int):
    """One page of an uploaded PDF as an image, for the review pane."""
    item = db.session.get(Upload, upload_id)
    if item is None or item.dossier_id != _dossier(dossier_id).id or item.content_type != PDF:
        abort(404)
    image = previews.page_png(files.upload_path(item.sha256), page - 1)
    if image is None:
        abort(404)
    return Response(image, mimetype="image/png", headers={"Cache-Control": "private, max-age=600"})


@bp.get("/dossiers/<int:dossier_id>/draft.pdf")
def draft(dossier_id: int):
    """The document the approval would issue, as the dossier stands: for whoever may take
    that decision now, watermarked, never stored nor signed."""
    dossier = _dossier(dossier_id)
    if not _previews_result(available_actions(dossier, current_user)):
        abort(404)
    return Response(issued.draft(dossier), mimetype="application/pdf",
                    headers={"Cache-Control": "private, no-store",
                             "Content-Disposition": f"inline; filename={dossier.code}-draft.pdf"})


@bp.post("/dossiers/<int:dossier_id>/actions/<action>")
def act(dossier_id: int, action: str):
    """Fire one workflow action; the engine decides whether it may happen."""
    dossier = _dossier(dossier_id)
    form = ActionForm()
    if not form.validate():
        flash(_("Biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại."), "error")
        return _back(dossier_id)
    try:
        event = fire(dossier, action, current_user, note=form.note.data or "",
                     expected_version=form.version.data, until=form.until.data)
        label = PROCEDURES[dossier.procedure].flow.find(event.from_state, action).label
        db.session.commit()
    except (Refused, Conflict, InvalidAction) as error:
        db.session.rollback()
        _flash_reasons(error)
    else:
        flash(_("Đã thực hiện: %(action)s.", action=label.get(_locale())), "success")
    return _back(dossier_id)


@bp.post("/dossiers/<int:dossier_id>/delivery")
def hand_over(dossier_id: int):
    """Record that the paper result was handed over at the counter or posted, once."""
    dossier = _dossier(dossier_id)
    form = HandOverForm()
    try:
        if not form.validate():
            raise Refused([str(errors[0]) for errors in form.errors.values()])
        delivery.hand_over(dossier, current_user, form.proof.data)
        db.session.commit()
        flash(_("Đã ghi nhận việc trao kết quả."), "info")
    except Refused as refused:
        db.session.rollback()
        _flash_reasons(refused)
    return redirect(url_for(".dossier", dossier_id=dossier_id, _anchor="delivery"))


@bp.post("/dossiers/<int:dossier_id>/reschedule")
def reschedule(dossier_id: int):
    """The late-processing apology: a new date, once, with the reason, sent to the enterprise."""
    dossier = _dossier(dossier_id)
    form = RescheduleForm()
    form.validate()
    refusals = clock.reschedule_refusals(dossier, current_user, form.new_date.data, form.reason.data or "")
    if form.version.data != dossier.version:
        refusals = [_("Hồ sơ vừa được người khác xử lý. Vui lòng tải lại trang và kiểm tra.")]
    if refusals:
        for reason in refusals:
            flash(reason, "error")
        return _back(dossier_id)
    clock.reschedule(dossier, current_user, form.new_date.data, form.reason.data)
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        flash(_("Hồ sơ vừa được người khác xử lý. Vui lòng tải lại trang và kiểm tra."), "error")
    else:
        flash(_("Đã hẹn lại ngày trả kết quả và gửi phiếu xin lỗi cho doanh nghiệp."), "success")
    return _back(dossier_id)


@bp.post("/dossiers/<int:dossier_id>/claim")
def claim(dossier_id: int):
    """A specialist takes the dossier."""
    _assignment(dossier_id, lambda dossier: assignment.claim(dossier, current_user))
    return redirect(request.referrer if _same_site(request.referrer) else
                    url_for(".dossier", dossier_id=dossier_id))


@bp.post("/dossiers/<int:dossier_id>/assign")
def assign(dossier_id: int):
    """A leader gives the dossier to a specialist."""
    form = AssignForm()
    form.assignee.choices = _specialist_choices()
    if not form.validate():
        flash(_("Vui lòng chọn một chuyên viên."), "error")
        return _back(dossier_id)
    specialist = db.session.get(User, form.assignee.data)
    _assignment(dossier_id, lambda dossier: assignment.assign(dossier, specialist, current_user))
    return _back(dossier_id)


def _specialist_choices():
    return options(_specialists())


def _assignment(dossier_id: int, change) -> None:
    try:
        change(_dossier(dossier_id))
        db.session.commit()
    except Refused as error:
        db.session.rollback()
        _flash_reasons(error)
    except StaleDataError:
        db.session.rollback()
        _flash_reasons(Conflict())
    else:
        flash(_("Đã phân công hồ sơ."), "success")


def _same_site(target: str | None) -> bool:
    return bool(target) and target.startswith(request.host_url)


@bp.post("/dossiers/<int:dossier_id>/checklist")
def checklist(dossier_id: int):
    """Save which checklist items the officer found in order."""
    dossier = _dossier(dossier_id)
    form = ChecklistForm()
    form.ticked.choices = options((r.key, r.key) for r in conditions.requirements(dossier))
    if not form.validate():
        flash(_("Biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại."), "error")
    elif _written(lambda: set_ticks(dossier, current_user, set(form.ticked.data or ()))):
        flash(_("Đã lưu kết quả kiểm tra tài liệu."), "success")
    return _back(dossier_id)


def _written(write) -> bool:
    """Run one write to a dossier and commit it; False, with the reasons flashed, if refused."""
    try:
        write()
        db.session.commit()
    except Refused as error:
        db.session.rollback()
        _flash_reasons(error)
    except IntegrityError:  # a colleague saved the same tick at the same moment
        db.session.rollback()
        _flash_reasons(Conflict())
    else:
        return True
    return False


@bp.post("/dossiers/<int:dossier_id>/notes")
def note(dossier_id: int):
    """An internal note, or a message to the applicant."""
    dossier = _dossier(dossier_id)
    form = NoteForm()
    if not form.validate():
        for error in form.body.errors:
            flash(error, "error")
    elif _written(lambda: notes.add_note(dossier, current_user, form.body.data,
                                         form.audience.data == "internal")):
        flash(_("Đã lưu ghi chú."), "success")
    return _back(dossier_id)


# What applicants said of the service

@bp.get("/ratings")
def ratings_page():
    """Leaders read the applicants' ratings, newest first, 50 a page, with each level's count."""
    if current_user.role != LEADER:
        abort(403)
    rows = ratings.newest(REGISTER_PAGE + 1, request.args.get("before", type=row_id))
    return render_template("officer/ratings.html", name="ratings", queues=QUEUES,
                           rows=rows[:REGISTER_PAGE], counts=ratings.counts(), levels=RATING_LEVELS,
                           next_before=rows[REGISTER_PAGE - 1].id if len(rows) > REGISTER_PAGE else None)
