"""The statutory application forms (Mẫu 02 of Decree 108/2016, Mẫu 01 and 02 of Circular
13/2018, Mẫu 01 of Decree 91/2020) the portal fills in from a dossier's answers, so the applicant
reviews one instead of uploading a separately typed copy; blank for the catalogue. Rendered on
request and never stored: the answers they print are what the portal keeps."""
from datetime import date
from functools import lru_cache

from flask import abort
from flask_babel import force_locale

from procedures import PROCEDURES

from portal.documents import pdf
from portal.dossiers import conditions
from portal.infra import workdays
from portal.infra.workdays import local_time
from portal.models import Dossier
from portal.web.procedure_forms import answer_lines


def filled(dossier: Dossier, key: str) -> bytes:
    """The form as the dossier's answers fill it, dated the day it was submitted (or today)."""
    with force_locale("vi"):
        answers = [(f.label.vi, answer_lines(f, (dossier.form_data or {}).get(f.name)))
                   for f in conditions.fields(dossier)]
    dated = local_time(dossier.submitted_at).date() if dossier.submitted_at else workdays.today()
    return _render(PROCEDURES[dossier.procedure], conditions.requirements(dossier), key, answers,
                   holder=dossier.enterprise, code=dossier.code, submitted_at=dossier.submitted_at,
                   dated=dated)


@lru_cache(maxsize=64)
def blank(code: str, key: str, day: date) -> bytes:
    """The form with dotted lines, to fill in by hand (the catalogue offers it), as the terms
    in force on `day` list its attachments; the same for everyone, so rendered once a day."""
    procedure = PROCEDURES[code]
    return _render(procedure, procedure.in_force(day).checklist, key,
                   [(f.label.vi, []) for f in procedure.fields], holder=None, code=None,
                   submitted_at=None, dated=None)


def _render(procedure, requirements, key: str, answers, **context) -> bytes:
    """Item `key` of the checklist, if the portal fills it in (404 otherwise), with the others
    listed as its attachments."""
    requirement = next((r for r in requirements if r.key == key and r.form), None) or abort(404)
    holder = context["holder"]
    return pdf.render_pdf(f"forms/{requirement.form}", procedure=procedure, requirement=requirement,
                          kind=holder.kind if holder else None, answers=answers,
                          attachments=[r for r in requirements if r is not requirement], **context)
