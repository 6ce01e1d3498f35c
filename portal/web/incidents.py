"""Incident notification, for its two audiences: the reporting organisation (`reporting`,
under /applicant/incidents) and the incident-response unit (`response`, under /response).
A case is looked up within what the user may see (portal/incidents/cases.visible), so anyone
else, whatever the case's TLP label, finds nothing."""
from datetime import timezone

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procedures import APPLICANT, RESPONDER
from procedures.incidents import CASE_FLOW, INCIDENT_TYPES, INDICATOR_KINDS, REGIMES, SEVERITIES, TLP_LABELS

from portal import notify
from portal.engine import Conflict, InvalidAction, Refused, available_actions, fire
from portal.extensions import db
from portal.incidents import cases, stix
from portal.infra import audit, files
from portal.infra.uploads import CONTENT_TYPES, UploadRefused, check
from portal.infra.workdays import TIMEZONE
from portal.models import Incident, IncidentAttachment, now
from portal.web.access import restrict
from portal.web.forms import CoordinationForm, IncidentAttachmentForm, IncidentForm, IncidentReportForm

reporting = Blueprint("reporting", __name__, url_prefix="/applicant/incidents")
restrict(reporting, APPLICANT)
response = Blueprint("response", __name__, url_prefix="/response")
restrict(response, RESPONDER)
ATTACHMENT_TYPES = ("text", "pdf", "png", "jpeg")
DECLARED = {"regimes": REGIMES, "severities": SEVERITIES, "types": INCIDENT_TYPES, "tlp": TLP_LABELS,
            "indicator_kinds": INDICATOR_KINDS, "case_state": lambda i: CASE_FLOW.state(i.state).label,
            "stage_labels": {s.code: s.label for r in REGIMES.values() for s in r.stages}}


def _case(incident_id: int):
    return cases.get_visible(current_user, incident_id) or abort(404)


def _page(incident):
    """The case as either audience sees it; the unit also sees linked cases and coordination."""
    unit = current_user.role == RESPONDER
    return render_template(
        "incidents/case.html", incident=incident, schedule=cases.schedule(incident), now=now(),
        actions=available_actions(incident, current_user), unit=unit,
        linked=cases.linked(incident) if unit else {}, triage_due=cases.triage_due(incident),
        report_form=IncidentReportForm(tlp=incident.tlp), stages=cases.fileable(incident),
        attachment_form=IncidentAttachmentForm(tlp=incident.tlp), coordination_form=CoordinationForm(),
        exportable=stix.exportable(incident), flow=CASE_FLOW, **DECLARED)


@reporting.get("/")
def incidents():
    own = db.session.execute(db.select(Incident).where(cases.visible(current_user))
                             .options(*cases.listed()).order_by(Incident.id.desc())).scalars().all()
    return render_template("incidents/list.html", incidents=own, late=cases.is_late,
                           next_due=cases.next_due, **DECLARED)


@reporting.route("/new", methods=["GET", "POST"])
def new():
    """Report an incident; the acknowledgement code comes at once."""
    form = IncidentForm()
    indicators, bad = _indicators(form.indicators.data or "")
    if form.validate_on_submit() and not bad:
        detected = form.detected_at.data.replace(tzinfo=TIMEZONE).astimezone(timezone.utc)
        if detected > now():
            form.detected_at.errors.append(_("Thời điểm phát hiện không thể ở tương lai."))
        else:
            incident = cases.report(current_user, regime=form.regime.data, system=form.system.data,
                                    detected_at=detected, incident_type=form.incident_type.data,
                                    severity=form.severity.data, impact=form.impact.data,
                                    actions_taken=form.actions_taken.data, tlp=form.tlp.data,
                                    summary=form.summary.data, indicators=indicators)
            notify.incident_reported(incident)
            db.session.commit()
            flash(_("Đã tiếp nhận báo cáo sự cố. Mã tiếp nhận: %(code)s", code=incident.ack_code), "success")
            return redirect(url_for(".incident", incident_id=incident.id))
    for value in bad:
        form.indicators.errors = [*form.indicators.errors,
                                  _("“%(value)s” không phải địa chỉ IP, tên miền, URL hay mã băm.", value=value)]
    return render_template("incidents/new.html", form=form), 200 if request.method == "GET" else 422


def _indicators(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    found, bad = [], []
    for line in filter(None, (line.strip() for line in text.splitlines())):
        try:
            found.append(cases.classify(line))
        except ValueError:
            bad.append(line)
    return found, bad


@reporting.get("/<int:incident_id>")
def incident(incident_id: int):
    return _page(_case(incident_id))


@reporting.post("/<int:incident_id>/reports")
def file_report(incident_id: int):
    incident = _case(incident_id)
    form = IncidentReportForm()
    if form.validate_on_submit():
        try:
            cases.file_report(incident, current_user, form.stage.data, form.body.data, form.tlp.data)
            db.session.commit()
            flash(_("Đã nộp báo cáo."), "success")
        except Refused:
            db.session.rollback()
            flash(_("Loại báo cáo này không còn nộp được cho sự cố."), "error")
    else:
        _flash_errors(form)
    return redirect(url_for(".incident", incident_id=incident.id))


@reporting.post("/<int:incident_id>/attachments")
def attach(incident_id: int):
    incident = _case(incident_id)
    form = IncidentAttachmentForm()
    if cases.is_closed(incident) or not form.validate_on_submit():
        _flash_errors(form)
        return redirect(url_for(".incident", incident_id=incident.id))
    data = form.file.data.read()
    try:
        kind = check(form.file.data.filename or "", data, ATTACHMENT_TYPES)
    except UploadRefused as refused:
        flash(str(refused), "error")
        return redirect(url_for(".incident", incident_id=incident.id))
    incident.attachments.append(IncidentAttachment(
        filename=form.file.data.filename, content_type=CONTENT_TYPES[kind], size=len(data),
        sha256=files.store_upload(data), tlp=form.tlp.data, uploaded_by_id=current_user.id))
    audit.record("incident_attachment", incident.ack_code, filename=form.file.data.filename)
    db.session.commit()
    flash(_("Đã tải lên tệp “%(name)s”.", name=form.file.data.filename), "success")
    return redirect(url_for(".incident", incident_id=incident.id))


def _flash_errors(form) -> None:
    for errors in form.errors.values():
        for error in errors:
            flash(error, "error")


def _attachment(incident_id: int, attachment_id: int):
    incident = _case(incident_id)
    attachment = next((a for a in incident.attachments if a.id == attachment_id), None) or abort(404)
    return send_file(files.upload_path(attachment.sha256), mimetype=attachment.content_type,
                     as_attachment=True, download_name=attachment.filename)


def _act(incident_id: int, action: str, endpoint: str):
    incident = _case(incident_id)
    try:
        fire(incident, action, current_user, note=request.form.get("note", ""),
             expected_version=request.form.get("version", type=int))
        db.session.commit()
    except Refused as refused:
        db.session.rollback()
        for reason in refused.reasons:
            flash(reason, "error")
    except (Conflict, InvalidAction):
        db.session.rollback()
        flash(_("Sự cố đã thay đổi tình trạng; thao tác không được thực hiện."), "error")
    return redirect(url_for(endpoint, incident_id=incident_id))


@reporting.get("/<int:incident_id>/attachments/<int:attachment_id>", endpoint="attachment")
def own_attachment(incident_id: int, attachment_id: int):
    return _attachment(incident_id, attachment_id)


@reporting.post("/<int:incident_id>/actions/<action>", endpoint="act")
def answer(incident_id: int, action: str):
    """The organisation's steps: answering the unit's question."""
    return _act(incident_id, action, "reporting.incident")


@response.get("/")
def queue():
    """The open cases, most severe first, with the unit's triage deadline and what is late."""
    return render_template("incidents/queue.html", incidents=cases.queue(), triage_due=cases.triage_due,
                           late=cases.is_late, next_due=cases.next_due, now=now(),
                           initial=CASE_FLOW.initial, **DECLARED)


@response.get("/incidents/<int:incident_id>")
def case(incident_id: int):
    return _page(_case(incident_id))


@response.post("/incidents/<int:incident_id>/coordination")
def coordinate(incident_id: int):
    incident = _case(incident_id)
    form = CoordinationForm()
    if form.validate_on_submit():
        cases.coordinate(incident, current_user, form.team.data, form.note.data)
        db.session.commit()
        flash(_("Đã ghi nhận nội dung phối hợp."), "success")
    else:
        _flash_errors(form)
    return redirect(url_for(".case", incident_id=incident.id))


@response.get("/incidents/<int:incident_id>/stix.json")
def export(incident_id: int):
    """The case as a STIX 2.1 bundle for the response alliance, as far as its TLP labels allow."""
    incident = _case(incident_id)
    if not stix.exportable(incident):
        abort(403)
    audit.record("incident_exported", incident.ack_code)
    db.session.commit()
    return Response(stix.bundle(incident).serialize(pretty=True), mimetype="application/stix+json;version=2.1",
                    headers={"Content-Disposition": f"attachment; filename={incident.ack_code}.stix.json"})


@response.get("/incidents/<int:incident_id>/attachments/<int:attachment_id>", endpoint="attachment")
def case_attachment(incident_id: int, attachment_id: int):
    return _attachment(incident_id, attachment_id)


@response.post("/incidents/<int:incident_id>/actions/<action>", endpoint="act")
def step(incident_id: int, action: str):
    """The unit's steps: triage, a question, the closing."""
    return _act(incident_id, action, "response.case")
