"""The officers' register of issued documents: search it, read one document and its history,
and (leaders) act on it as its kind's lifecycle allows: suspend, lift, revoke."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from procedures import DOCUMENT_STATUSES, LEADER, LETTERS, RESULT_KINDS, SPECIALIST

from portal.documents import charges, duties, issued, letters, lifecycle
from portal.dossiers.queues import QUEUES, enterprises_matching
from portal.engine import Act, InvalidAction, Refused, available_actions, fire, guard_reasons
from portal.extensions import db
from portal.infra import workdays
from portal.models import IssuedDocument
from portal.web.access import restrict
from portal.web.ids import row_id
from portal.web.forms import ChargePaymentForm, DocumentActForm, DocumentSearchForm, options

bp = Blueprint("register", __name__, url_prefix="/officer/documents")
restrict(bp, SPECIALIST, LEADER)
PAGE = 50


def _locale() -> str:
    return str(get_locale() or "vi")


def _status_labels() -> dict[str, str]:
    """Each status by the label its kinds declare (the first that declares it)."""
    labels = {}
    for kind in RESULT_KINDS.values():
        for state in kind.lifecycle.states:
            labels.setdefault(state.name, state.label.get(_locale()))
    return {status: labels[status] for status in DOCUMENT_STATUSES}


@bp.get("")
def documents():
    """Issued documents, newest first, searchable by number, enterprise and status."""
    form = DocumentSearchForm(request.args)
    form.status.choices = options([("", _("Tất cả"))] + list(_status_labels().items()))
    query = (db.select(IssuedDocument).options(joinedload(IssuedDocument.enterprise))
             .order_by(IssuedDocument.id.desc()))
    if form.validate():
        query = _filtered(query, form)
    before = request.args.get("before", type=row_id)
    if before:
        query = query.where(IssuedDocument.id < before)
    rows = db.session.execute(query.limit(PAGE + 1)).scalars().all()
    following = rows[PAGE - 1].id if len(rows) > PAGE else None
    return render_template("officer/documents.html", form=form, rows=rows[:PAGE],
                           status_label=issued.status_label, today=workdays.today(),
                           next_args={**request.args.to_dict(), "before": following}
                           if following else None)


@bp.get("/reports")
def reports():
    """This year's periodic reports: who has filed, who has not, and who is late."""
    year = workdays.today().year
    rows = duties.owed(year)
    if request.args.get("missing"):
        rows = [owed for owed in rows if owed.report is None]
    return render_template("officer/reports.html", rows=rows, year=year, name="reports", queues=QUEUES,
                           missing=bool(request.args.get("missing")))


def _filtered(query, form: DocumentSearchForm):
    if form.number.data:
        query = query.where(IssuedDocument.number == form.number.data.strip().upper())
    if form.status.data:
        query = query.where(IssuedDocument.status == form.status.data)
    if form.enterprise.data:
        query = query.where(IssuedDocument.enterprise_id.in_(enterprises_matching(form.enterprise.data)))
    return query


def _document(document_id: int, lock: bool = False) -> IssuedDocument:
    query = db.select(IssuedDocument).where(IssuedDocument.id == document_id)
    if lock:
        # Two leaders changing one document at once: the second waits, then sees the new status.
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.execute(query).scalar_one_or_none() or abort(404)


def _form(document: IssuedDocument, transition) -> DocumentActForm:
    form = DocumentActForm()
    form.ground.choices = options((key, label.get(_locale()))
                                  for key, label in lifecycle.grounds_open(document, transition))
    return form


@bp.get("/<int:document_id>")
def document(document_id: int):
    """One document: what it states, its history, and the acts its lifecycle allows now."""
    document = _document(document_id)
    acts = [(t, _form(document, t), guard_reasons(document, Act(t, current_user)))
            for t in available_actions(document, current_user)]
    return render_template("officer/document.html", document=document, acts=acts,
                           status_label=issued.status_label, today=workdays.today(),
                           lifecycle=RESULT_KINDS[document.kind].lifecycle,
                           latest_end=workdays.latest_end, ground_label=lifecycle.ground_label,
                           written=[r for r in letters.written(document.dossier)
                                    if r.document_id == document.id], letters=LETTERS,
                           leader=current_user.role == LEADER, periods=charges.schedule(document),
                           correctable=issued.correctable(document),
                           charge=RESULT_KINDS[document.kind].charge, payment_form=ChargePaymentForm())


def _corrections() -> tuple[tuple[str, str], ...]:
    """The entries a correction states anew (fields named "fix-<entry>"), at most 2,000
    characters each; the effect keeps only those the document may have corrected."""
    return tuple((name.removeprefix("fix-"), value[:2000]) for name, value in request.form.items()
                 if name.startswith("fix-"))


@bp.post("/<int:document_id>/charges")
def record_charge(document_id: int):
    """Record that one period's recurring charge was paid."""
    document = _document(document_id)
    form = ChargePaymentForm()
    try:
        if not form.validate():
            raise Refused([str(errors[0]) for errors in form.errors.values()])
        charges.record(document, form.due_on.data, form.paid_on.data, current_user)
        db.session.commit()
        flash(_("Đã ghi nhận khoản nộp."), "success")
    except Refused as refused:
        db.session.rollback()
        for reason in refused.reasons:
            flash(reason, "error")
    return redirect(url_for(".document", document_id=document_id, _anchor="charges"))


@bp.post("/<int:document_id>/actions/<action>")
def act(document_id: int, action: str):
    """Fire one lifecycle act; the engine decides whether it may happen."""
    document = _document(document_id, lock=True)
    back = redirect(url_for(".document", document_id=document_id))
    form = DocumentActForm()
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return back
    try:
        fire(document, action, current_user, note=form.note.data or "",
             ground=form.ground.data or "", until=form.until.data, corrections=_corrections())
        db.session.commit()
    except InvalidAction:
        db.session.rollback()
        flash(_("Thao tác này không còn thực hiện được với văn bản ở tình trạng hiện tại."), "error")
    except Refused as refused:
        db.session.rollback()
        for reason in refused.reasons:
            flash(reason, "error")
    else:
        flash(_("Đã cập nhật tình trạng văn bản."), "success")
    return back
