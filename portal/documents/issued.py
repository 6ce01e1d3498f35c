"""Issued documents: the one definition of a document in force, the one issuance of a
dossier's result (numbered, rendered, signed and stored inside the approving transaction),
and finding a document by its bytes."""
import hashlib
from datetime import date
from types import SimpleNamespace

import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import gettext as _

from procedures import EXPIRE, PROCEDURES, RESULT_KINDS, SUPERSEDE, Label, ResultKind

from portal import engine
from portal.documents import pdf, signing
from portal.extensions import db
from portal.infra import files, numbering, workdays
from portal.models import Dossier, IssuedDocument

# Where a draft prints the number the register will give it.
DRAFT_NUMBER = "…/DỰ THẢO"


def kind_of(document: IssuedDocument) -> ResultKind:
    return RESULT_KINDS[document.kind]


def in_force_clause():
    """SQL: in its kind's initial state (neither suspended nor ended) and not past its expiry,
    as of today in Vietnam."""
    return sa.and_(sa.or_(*(sa.and_(IssuedDocument.kind == k.kind,
                                    IssuedDocument.status == k.lifecycle.initial)
                            for k in RESULT_KINDS.values())),
                   sa.or_(IssuedDocument.valid_until.is_(None),
                          IssuedDocument.valid_until >= workdays.today()))


def is_in_force(document: IssuedDocument) -> bool:
    return (document.status == kind_of(document).lifecycle.initial
            and not lapsed(document.valid_until))


def lapsed(valid_until: date | None) -> bool:
    """Past its end date (a document without one never lapses)."""
    return valid_until is not None and valid_until < workdays.today()


def in_force(enterprise_id: int, kind: str) -> list[IssuedDocument]:
    """The holder's documents of `kind` in force, the latest expiry first (none: latest)."""
    return db.session.execute(
        db.select(IssuedDocument).where(IssuedDocument.enterprise_id == enterprise_id,
                                        IssuedDocument.kind == kind, in_force_clause())
        .order_by(IssuedDocument.valid_until.desc().nulls_first(), IssuedDocument.id.desc())).scalars().all()


def expiry(kind: str):
    """The lifecycle's transition for a validity that has run out, if the kind declares one."""
    return next((t for t in RESULT_KINDS[kind].lifecycle.transitions if t.action == EXPIRE), None)


def standing(kind: str, status: str, valid_until: date | None) -> str:
    """The state a reader should see: a document past its expiry shows as expired even before
    the portal's daily `register record-expiries` has recorded it."""
    lapse = expiry(kind)
    if lapse is not None and status in lapse.sources and lapsed(valid_until):
        return lapse.target
    return status


def status_label(document: IssuedDocument):
    """The declared label of what the document's `standing` is."""
    lifecycle = kind_of(document).lifecycle
    return lifecycle.state(standing(document.kind, document.status, document.valid_until)).label


# -- issuance ------------------------------------------------------------------------------

def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def foundation(dossier: Dossier) -> IssuedDocument | None:
    """The document in force that the dossier's result rests on (an import permit on the
    business licence), if its kind rests on one."""
    rests_on = RESULT_KINDS[PROCEDURES[dossier.procedure].result.kind].rests_on
    found = in_force(dossier.enterprise_id, rests_on) if rests_on else []
    return found[0] if found else None


def validity(dossier: Dossier, issued_on: date) -> tuple[date, date | None]:
    """From and until when the result would be valid if issued on `issued_on` (until None:
    no end date), never beyond what it rests on."""
    rule = PROCEDURES[dossier.procedure].result.validity
    base = dossier.subject.valid_until if rule.base == "subject_expiry" else issued_on
    until = None if rule.years is None or base is None else _add_years(base, rule.years)
    ground = foundation(dossier)
    ends = [d for d in (until, ground.valid_until if ground else None) if d is not None]
    return issued_on, min(ends, default=None)


def refusals(dossier: Dossier) -> list[str]:
    """Why the dossier's result cannot be issued today (empty if it can)."""
    kind = RESULT_KINDS[PROCEDURES[dossier.procedure].result.kind]
    if kind.rests_on and foundation(dossier) is None:
        needed = RESULT_KINDS[kind.rests_on].label.get(_locale())
        return [_("Doanh nghiệp không còn %(document)s còn hiệu lực (đã hết hạn, bị tạm đình chỉ hoặc "
                  "thu hồi), nên không thể cấp văn bản này. Doanh nghiệp cần gia hạn hoặc được cấp "
                  "lại trước; hãy trả lại chuyên viên hoặc từ chối.", document=needed)]
    if dossier.subject is not None and not is_in_force(dossier.subject):
        return [_("Văn bản số %(number)s mà hồ sơ đề nghị thay thế không còn hiệu lực (hết hạn, bị "
                  "tạm đình chỉ hoặc thu hồi) nên không thể cấp văn bản thay thế.",
                  number=dossier.subject.number)]
    start, end = validity(dossier, workdays.today())
    if end is not None and end < start:
        return [_("Văn bản sẽ hết hiệu lực ngày %(date)s, trước ngày cấp; không thể cấp.",
                  date=end.strftime("%d/%m/%Y"))]
    return []


def _locale() -> str:
    return str(get_locale() or "vi")


def _statement(dossier: Dossier) -> dict:
    """What the document states, frozen at issuance: what the document it replaces stated,
    what it rests on, the holder as it is now, and the form's answers (an answer left blank
    in a follow-on application keeps what the replaced document stated)."""
    e = dossier.enterprise
    holder = {"name": e.name, "foreign_name": e.foreign_name, "code": e.display_code,
              "type": e.applicant_type, "address": e.address,
              "legal_representative": e.legal_representative}
    inherited = dict(dossier.subject.data) if dossier.subject is not None else {}
    ground = foundation(dossier)
    rests_on = {"licence": {"number": ground.number, "valid_from": ground.valid_from.isoformat()}
                } if ground else {}
    answers = {k: v for k, v in (dossier.form_data or {}).items() if v not in (None, "", [])}
    return {**inherited, **rests_on, "holder": holder, "procedure": dossier.procedure,
            "dossier_code": dossier.code, **answers}


def issue(dossier: Dossier) -> IssuedDocument:
    """Number and record the dossier's result with its signed PDF; a follow-on document
    supersedes the one it replaces. Failures propagate: the caller's transaction rolls back
    and nothing is issued."""
    kind = RESULT_KINDS[PROCEDURES[dossier.procedure].result.kind]
    valid_from, valid_until = validity(dossier, workdays.today())
    document = IssuedDocument(
        kind=kind.kind, number=numbering.document_number(kind.series, valid_from), dossier=dossier,
        enterprise_id=dossier.enterprise_id, supersedes=dossier.subject,
        valid_from=valid_from, valid_until=valid_until, data=_statement(dossier))
    if dossier.subject is not None:
        engine.fire(dossier.subject, SUPERSEDE, None, note=document.number)
    db.session.add(document)
    document.sha256 = files.store_issued(signing.sign(render(document)))
    return document


def draft(dossier: Dossier) -> bytes:
    """The document approval would issue today, from the dossier as it stands, for the
    leader to read before deciding: no number, "DỰ THẢO" across every page, never stored,
    signed nor entered in the register (nothing here touches the session)."""
    kind = RESULT_KINDS[PROCEDURES[dossier.procedure].result.kind]
    valid_from, valid_until = validity(dossier, workdays.today())
    unissued = SimpleNamespace(kind=kind.kind, number=DRAFT_NUMBER, valid_from=valid_from,
                               valid_until=valid_until, data=_statement(dossier),
                               supersedes=dossier.subject)
    return pdf.render_pdf(kind.template, **context(unissued), draft=True)


def of_dossier(dossier: Dossier) -> IssuedDocument | None:
    """The dossier's document: its latest edition, if it was corrected."""
    return db.session.execute(db.select(IssuedDocument).where(IssuedDocument.dossier_id == dossier.id)
                              .order_by(IssuedDocument.edition.desc()).limit(1)).scalar()


# What a correction may state anew: the holder's particulars as printed, and the answers
# written as free text (never a choice, a list or a name allocated).
HOLDER_ENTRIES = {"name": Label("Tên tổ chức, cá nhân", "Holder's name"),
                  "foreign_name": Label("Tên bằng tiếng nước ngoài", "Name in a foreign language"),
                  "address": Label("Địa chỉ trụ sở chính", "Head-office address"),
                  "legal_representative": Label("Người đại diện theo pháp luật", "Legal representative")}
FREE_TEXT = ("text", "textarea")


def correctable(document: IssuedDocument) -> list[tuple[str, Label, str]]:
    """(entry, label, what the document states) for each entry a correction may change; an
    answer is "answer:<field>", a holder's particular "holder:<key>"."""
    fields = [f for f in PROCEDURES[document.data["procedure"]].fields
              if f.kind in FREE_TEXT and isinstance(document.data.get(f.name), str)]
    return ([(f"holder:{key}", label, document.data["holder"].get(key) or "")
             for key, label in HOLDER_ENTRIES.items()]
            + [(f"answer:{f.name}", f.label, document.data[f.name]) for f in fields])


def issue_correction(document: IssuedDocument, corrections: dict[str, str], note: str) -> IssuedDocument:
    """The next edition of `document`: what it stated with `corrections` applied, the same
    validity, a new number, signed and stored; the caller's transition supersedes the old."""
    allowed = {entry for entry, _, _ in correctable(document)}
    data = {**document.data, "holder": dict(document.data["holder"]),
            "correction": {"of": document.number, "on": workdays.today().isoformat(), "note": note}}
    for entry, value in corrections.items():
        if entry in allowed:
            place, key = entry.split(":", 1)
            (data["holder"] if place == "holder" else data)[key] = value.strip()
    kind = kind_of(document)
    corrected = IssuedDocument(
        kind=kind.kind, number=numbering.document_number(kind.series, workdays.today()),
        dossier_id=document.dossier_id, edition=document.edition + 1, enterprise_id=document.enterprise_id,
        supersedes=document, valid_from=document.valid_from, valid_until=document.valid_until, data=data)
    db.session.add(corrected)
    corrected.sha256 = files.store_issued(signing.sign(render(corrected)))
    return corrected


def context(document: IssuedDocument) -> dict:
    """What the kind's template prints: the document, what it states, and its QR code."""
    url = pdf.verify_url(document.number)
    return {"document": document, "data": document.data, "holder": document.data["holder"],
            "replaces": document.supersedes, "procedure": PROCEDURES[document.data["procedure"]],
            "verify_url": url, "qr": pdf.qr_data_uri(url)}


def render(document: IssuedDocument) -> bytes:
    """The document as issued, unsigned, from its kind's template."""
    return pdf.render_pdf(kind_of(document).template, **context(document))


def stored_pdf(document: IssuedDocument) -> bytes:
    return files.issued_path(document.sha256).read_bytes()


def find_by_hash(content: bytes) -> IssuedDocument | None:
    """The register entry whose stored PDF is exactly these bytes."""
    digest = hashlib.sha256(content).hexdigest()
    return db.session.execute(
        db.select(IssuedDocument).where(IssuedDocument.sha256 == digest)).scalar_one_or_none()
