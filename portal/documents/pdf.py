"""PDFs: issued documents (rendered, signed and stored once) and letters (rendered on demand).

WeasyPrint is imported on first render, not at start (the import alone takes 0.6 s).
"""
import base64
import hashlib
import mimetypes
import os
import threading
from datetime import date, datetime
from pathlib import Path

from flask import current_app, render_template

from procedures import PROCEDURES
from procedures.categories import (ACTIVITY_TYPES, BL_CATEGORIES, HOLDER_TYPES, IDENTIFIER_USES,
                                   REISSUE_REASONS)

from portal.documents import signing
from portal.infra import workdays
from portal.infra.workdays import add_working_days, local_date
from portal.extensions import db
from portal.models import Dossier, IssuedDocument, WorkflowEvent

# One label per stored pick-list code, for printing what a form recorded.
CHOICE_LABELS = {code: label.vi for choices in (BL_CATEGORIES, ACTIVITY_TYPES, HOLDER_TYPES,
                                                 IDENTIFIER_USES, REISSUE_REASONS)
                 for code, label in choices}

_render_lock = threading.Lock()  # WeasyPrint and pango are not thread-safe
_fonts = None  # one FontConfiguration per process: without it memory grows with every render


class LetterUnavailable(LookupError):
    """The database does not (yet) hold what this letter states."""


# -- rendering ---------------------------------------------------------------------------------

def _font_config():
    global _fonts
    if _fonts is None:
        from weasyprint.text.fonts import FontConfiguration
        _fonts = FontConfiguration()
    return _fonts


def static_root() -> Path:
    return Path(current_app.static_folder).resolve()


def url_fetcher():
    """A fetcher that serves data: URIs and files under static/, and refuses anything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = static_root()

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                path = Path(url.removeprefix("file://").split("?")[0]).resolve()
                if path.is_relative_to(root) and path.is_file():
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
            raise ValueError(f"refused to fetch {url!r}: only static files and data: URIs")

    return StaticOnly()


def render_html(template: str, **context) -> str:
    return render_template(f"pdf/{template}", date_vi=date_vi, day=day, labels=CHOICE_LABELS,
                           **context)


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint alone: fonts embedded, resources only from static/."""
    import weasyprint
    with _render_lock:
        return weasyprint.HTML(string=html, base_url=str(static_root()) + "/",
                               url_fetcher=url_fetcher()).write_pdf(font_config=_font_config())


def render_pdf(template: str, **context) -> bytes:
    """`templates/pdf/<template>` as PDF bytes."""
    return html_to_pdf(render_html(template, **context))


def day(value: date | datetime | str | None) -> str:
    """dd/mm/yyyy, as Vietnamese documents write dates (ISO strings come from stored JSON)."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = local_date(value)
    return value.strftime("%d/%m/%Y")


def date_vi(value: date | datetime) -> str:
    """The dateline form: "ngày 05 tháng 03 năm 2026"."""
    if isinstance(value, datetime):
        value = local_date(value)
    return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"


def verify_url(number: str) -> str:
    return f"{current_app.config['PORTAL_BASE_URL'].rstrip('/')}/verify/{number}"


def qr_data_uri(text: str) -> str:
    """`text` as a QR code, an SVG inside a data: URI (no file, nothing to fetch)."""
    import qrcode
    import qrcode.image.svg
    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=1).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


# -- issued documents --------------------------------------------------------------------------

def issued_root() -> Path:
    return Path(current_app.config.get("ISSUED_FOLDER")
                or Path(current_app.instance_path) / "issued")


def issued_path(sha256: str) -> Path:
    return issued_root() / f"{sha256}.pdf"


def issued_context(document: IssuedDocument) -> dict:
    url = verify_url(document.number)
    return {"document": document, "data": document.data, "holder": document.data["holder"],
            "replaces": document.supersedes, "procedure": PROCEDURES[document.data["procedure"]],
            "verify_url": url, "qr": qr_data_uri(url)}


def render_issued(document: IssuedDocument) -> bytes:
    """The document as issued, unsigned; the template is chosen by its kind."""
    return render_pdf(f"{document.kind}.html", **issued_context(document))


def store_issued(pdf: bytes) -> str:
    """Write the bytes under their SHA-256 (atomically) and return the hash."""
    digest = hashlib.sha256(pdf).hexdigest()
    path = issued_path(digest)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_bytes(pdf)
    os.replace(partial, path)
    return digest


def issue_pdf(document: IssuedDocument) -> None:
    """Render, sign and store the document's PDF; record its hash. Failures propagate,
    so the issuing transaction rolls back and nothing is issued."""
    document.sha256 = store_issued(signing.sign(render_issued(document)))


def stored_pdf(document: IssuedDocument) -> bytes:
    return issued_path(document.sha256).read_bytes()


def find_by_hash(pdf: bytes) -> IssuedDocument | None:
    """The register entry whose stored PDF is exactly these bytes."""
    digest = hashlib.sha256(pdf).hexdigest()
    return db.session.execute(
        db.select(IssuedDocument).where(IssuedDocument.sha256 == digest)).scalar_one_or_none()


# -- letters -----------------------------------------------------------------------------------

def _last_event(dossier: Dossier, *actions: str) -> WorkflowEvent:
    events = [e for e in dossier.events if e.action in actions]
    if not events:
        raise LetterUnavailable(f"no {'/'.join(actions)} in the dossier's history")
    return events[-1]


def _appointment(dossier: Dossier) -> dict:
    accepted = _last_event(dossier, "accept")
    handling = PROCEDURES[dossier.procedure].time_limits.handling
    return {"event": accepted,
            "due": add_working_days(local_date(accepted.created_at), handling)}


def _receipt(dossier, document, **context) -> dict:
    return _appointment(dossier)


def _supplementation(dossier, document, **context) -> dict:
    event = _last_event(dossier, "request_supplement", "return_for_correction")
    days = PROCEDURES[dossier.procedure].time_limits.supplement_answer
    answer_by = (add_working_days(local_date(event.created_at), days)
                 if days and event.action == "request_supplement" else None)
    return {"event": event, "answer_by": answer_by}


def _refusal(dossier, document, **context) -> dict:
    return {"event": _last_event(dossier, "refuse", "reject_at_intake")}


def _apology(dossier, document, new_date: date | None = None, reason: str = "",
            written_on: date | None = None, **context) -> dict:
    if new_date is None and dossier.rescheduled_from is not None:
        new_date = dossier.due_on
    if new_date is None:
        raise LetterUnavailable("the dossier was never rescheduled")
    return {**_appointment(dossier), "new_date": new_date, "reason": reason,
            "written_on": written_on or workdays.today()}


def _decision(status: str):
    def facts(dossier, document, reasons: str = "", until: date | None = None,
              decided_on: date | None = None, **context) -> dict:
        if document is None or document.status != status:
            raise LetterUnavailable(f"the document is not {status}")
        return {"reasons": reasons, "until": until, "decided_on": decided_on or workdays.today()}
    return facts


LETTERS = {"receipt": _receipt, "supplementation": _supplementation, "refusal": _refusal,
           "apology": _apology, "suspension": _decision("suspended"),
           "revocation": _decision("revoked")}


def _dossier_and_document(subject: Dossier | IssuedDocument):
    if isinstance(subject, IssuedDocument):
        return subject.dossier, subject
    document = db.session.execute(db.select(IssuedDocument).where(
        IssuedDocument.dossier_id == subject.id)).scalar_one_or_none()
    return subject, document


def render_letter(kind: str, subject: Dossier | IssuedDocument, **context) -> bytes:
    """A letter about a dossier (or its document), from what the database records.
    Raises LetterUnavailable when the history does not support it (e.g. no refusal)."""
    if kind not in LETTERS:
        raise LetterUnavailable(f"unknown letter {kind!r}")
    dossier, document = _dossier_and_document(subject)
    facts = LETTERS[kind](dossier, document, **context)
    return render_pdf(f"{kind}.html", dossier=dossier, document=document,
                      procedure=PROCEDURES[dossier.procedure], enterprise=dossier.enterprise,
                      **facts)
