"""Pages anyone may see: the home page with the procedures, the language switch."""
import re
from urllib.parse import unquote, urlsplit

from flask import (Blueprint, Response, abort, current_app, jsonify, redirect, render_template,
                   request, session, url_for)
from flask_babel import format_currency, get_locale
from flask_login import current_user
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from procedures import PROCEDURES, RESULT_KINDS, SERVICES
from procedures._common import WHEN
from procedures.applicants import APPLICANT_TYPES
from procedures import incidents

from portal.documents import issued
from portal.dossiers import clock, progress, tracking
from portal.infra import diagrams, readiness, workdays
from portal.reports import figures
from portal.web import application_forms, pagecache
from portal.infra.workdays import local_time
from portal.extensions import db, limiter
from portal.web.security import rate

bp = Blueprint("public", __name__)
# How long a client should wait before trying again while the database is unreachable.
RETRY_AFTER_S = "5"

BROWSER_STRIPS = "".join(map(chr, range(0x21)))  # C0 controls and space
BROWSER_REMOVES = dict.fromkeys(map(ord, "\t\n\r"))
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@bp.get("/")
def home():
    """The procedures grouped by service, with time limits and fees."""
    services = {key: [p for p in PROCEDURES.values() if p.service == key] for key in SERVICES}
    today = workdays.today()  # the terms in force change on the day a new version takes effect
    return pagecache.page((today,), lambda: render_template("public/home.html", services=services,
                                                            service_labels=SERVICES, today=today))


@bp.get("/statistics")
def statistics():
    """The on-time rate of each procedure over the last twelve months, for anyone (the
    transparency group of Decision 766/QĐ-TTg asks for it)."""
    period = figures.Period.parse(None, None, None)
    return render_template("public/statistics.html", period=period, rows=figures.by_procedure(period))


@bp.get("/healthz")
def healthz():
    """For load balancers and the benchmark's baseline: the app answers, no database touched."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.get("/readyz")
def readyz():
    """For load balancers: whether this process can serve (database, storage, Redis when
    configured), each check by name; 503 with Retry-After when one fails."""
    checks = readiness.report()
    ready = all(outcome == "ok" for outcome in checks.values())
    headers = {"Cache-Control": "no-store"} | ({} if ready else {"Retry-After": RETRY_AFTER_S})
    return jsonify(ready=ready, checks=checks), 200 if ready else 503, headers


@bp.get("/procedures/<code>")
def procedure(code: str):
    """What a procedure is for, who may apply, the checklist, time limit, fee and legal basis."""
    found = PROCEDURES.get(code) or abort(404)
    today = workdays.today()
    return pagecache.page((today,), lambda: render_template(
        "public/procedure.html", procedure=found, service_label=SERVICES[found.service],
        applicant_types=[APPLICANT_TYPES[key] for key in found.applicant_types], when=WHEN,
        today=today, due_if_submitted_today=clock.full_time_due(found, today),
        state_labels={s.name: s.label.get(str(get_locale() or "vi")) for s in found.flow.states}))


@bp.get("/incidents")
def incident_notification():
    """Incident notification in the catalogue: the reporting regimes, their staged reports and
    deadlines, the severities and the TLP labels, from procedures/incidents.py."""
    return render_template("public/incidents.html", regimes=incidents.REGIMES,
                           severities=incidents.SEVERITIES, tlp=incidents.TLP_LABELS,
                           types=incidents.INCIDENT_TYPES, detection=incidents.DETECTION)


@bp.get("/procedures/<code>/workflow.svg")
def workflow(code: str):
    """The procedure's workflow as a picture, drawn from its declaration."""
    PROCEDURES.get(code) or abort(404)
    return Response(diagrams.workflow_svg(code, str(get_locale() or "vi")), mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=3600"})


@bp.get("/procedures/<code>/forms/<key>.pdf")
def blank_form(code: str, key: str):
    """A statutory form of the procedure, blank, to fill in by hand."""
    if code not in PROCEDURES:
        abort(404)
    return Response(application_forms.blank(code, key, workdays.today()), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{code}-{key}.pdf"'})


@bp.get("/track")
@limiter.limit(rate("tracking"))
def track():
    """Public tracking: a dossier's code and its applicant's identifier give its state, the
    date its result is due and its steps, without officers' names or notes."""
    code, identifier = (request.args.get(name, "")[:40] for name in ("code", "identifier"))
    dossier = tracking.find(code, identifier) if code or identifier else None
    return render_template("public/track.html", code=code, identifier=identifier, dossier=dossier,
                           procedure=dossier and PROCEDURES[dossier.procedure])


@bp.post("/language")
def language():
    """Switch between Vietnamese and English for this browser session."""
    lang = request.form.get("lang")
    if lang in ("vi", "en"):
        session["lang"] = lang
        if current_user.is_authenticated:  # e-mails follow the user's choice too
            current_user.locale = lang
            db.session.commit()
    return redirect(same_site(request.form.get("next")) or url_for("public.home"))


def same_site(target: str | None) -> str | None:
    """A path of this portal to go back to, or None (no open redirect).

    The value is first read the way a browser reads it (WHATWG URL): leading and trailing
    control characters and spaces dropped, tabs and newlines removed anywhere, a backslash
    taken for a slash. Only then is it checked, so neither "/\\evil.example" nor
    "//evil.example" behind a tab passes as a path and leaves for another host."""
    if not target:
        return None
    path = target.strip(BROWSER_STRIPS).translate(BROWSER_REMOVES).replace("\\", "/")
    parts = urlsplit(path)
    if (parts.scheme or parts.netloc or not path.startswith("/") or path.startswith("//")
            or CONTROL.search(path)):
        return None
    try:
        current_app.create_url_adapter(request).match(unquote(parts.path), method="GET")
    except RequestRedirect:
        pass  # a route of ours, written without its trailing slash
    except HTTPException:
        return None
    return path


@bp.app_context_processor
def inject_locale():
    locale = str(get_locale() or "vi")
    return {"locale": locale, "label": lambda item: item.get(locale), "procedures": PROCEDURES,
            "result_kinds": RESULT_KINDS, "status_label": issued.status_label,
            "waits_on": progress.WAITS_ON}


@bp.app_template_filter("date_vn")
def date_vn(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


@bp.app_template_filter("datetime_local")
def datetime_local(moment) -> str:
    """A stored moment as Vietnamese wall-clock time."""
    return local_time(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


@bp.app_template_filter("vnd")
def vnd(amount: int) -> str:
    """An amount in Vietnamese đồng, written the way the user's language writes it."""
    return format_currency(amount, "VND")
