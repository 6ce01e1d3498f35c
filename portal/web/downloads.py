"""PDFs for the holder enterprise's applicants and for officers; 404 for anyone else."""
from flask import Blueprint, Response, abort, send_file
from flask_login import current_user

from procedures import ADMIN, APPLICANT, LEADER, SPECIALIST

from portal.documents import letters
from portal.infra import files
from portal.extensions import db, login_manager
from portal.models import Dossier, IssuedDocument
from portal.web import application_forms

bp = Blueprint("downloads", __name__)
OFFICER_ROLES = (SPECIALIST, LEADER, ADMIN)


@bp.before_request
def _signed_in():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()


def _may_see(dossier: Dossier) -> bool:
    """Officers, and the staff of the applicant or of the representative filing for it."""
    if current_user.role in OFFICER_ROLES:
        return True
    return current_user.role == APPLICANT and dossier.filed_by(current_user.enterprise_id)


@bp.get("/documents/<number>.pdf")
def issued(number: str):
    """The signed PDF exactly as issued, from storage."""
    document = db.session.execute(
        db.select(IssuedDocument).where(IssuedDocument.number == number)).scalar_one_or_none()
    # Someone else's document and a missing one look the same: existence is not revealed.
    if document is None or document.sha256 is None or not _may_see(document.dossier):
        abort(404)
    return send_file(files.issued_path(document.sha256), mimetype="application/pdf",
                     download_name=f"{document.number}.pdf")


@bp.get("/dossiers/<int:dossier_id>/letters/<kind>.pdf")
def letter(dossier_id: int, kind: str):
    """The latest letter of that kind about the dossier, exactly as it was written."""
    dossier = db.session.get(Dossier, dossier_id)
    if dossier is None or not _may_see(dossier):
        abort(404)
    try:
        record = letters.latest(kind, dossier)
    except letters.LetterUnavailable:
        abort(404)
    return send_file(files.issued_path(record.sha256), mimetype="application/pdf",
                     download_name=f"{record.code}.pdf")


@bp.get("/letters/<letter_code>.pdf")
def written_letter(letter_code: str):
    """One letter or decision by its code, exactly as it was written."""
    record = letters.by_code(letter_code)
    if record is None or not _may_see(record.dossier):
        abort(404)
    return send_file(files.issued_path(record.sha256), mimetype="application/pdf",
                     download_name=f"{record.code}.pdf")


@bp.get("/dossiers/<int:dossier_id>/forms/<key>.pdf")
def application_form(dossier_id: int, key: str):
    """The statutory form filled in from the dossier's answers, for the applicant to review."""
    dossier = db.session.get(Dossier, dossier_id)
    if dossier is None or not _may_see(dossier):
        abort(404)
    return Response(application_forms.filled(dossier, key), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{key}-{dossier.code or dossier.id}.pdf"',
                             "Cache-Control": "no-store"})
