"""Pages anyone may see: the home page with the ten procedures, the language switch."""
from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import format_currency, get_locale

from procedures import PROCEDURES, SERVICES

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    """The ten procedures grouped by service, with time limits and fees."""
    services = {key: [p for p in PROCEDURES.values() if p.service == key] for key in SERVICES}
    return render_template("public/home.html", services=services, service_labels=SERVICES)


@bp.post("/language")
def language():
    """Switch between Vietnamese and English for this browser session."""
    lang = request.form.get("lang")
    if lang in ("vi", "en"):
        session["lang"] = lang
    return redirect(_same_site(request.form.get("next")) or url_for("public.home"))


def _same_site(target: str | None) -> str | None:
    """Only a path on this site, never an absolute URL (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


@bp.app_context_processor
def inject_locale():
    locale = str(get_locale() or "vi")
    return {"locale": locale, "label": lambda item: item.get(locale)}


@bp.app_template_filter("vnd")
def vnd(amount: int) -> str:
    """An amount in Vietnamese đồng, written the way the user's language writes it."""
    return format_currency(amount, "VND")
