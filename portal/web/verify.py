"""Public pages, no sign-in: verify an issued document, and the register the law requires."""
import hashlib

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager
from flask import Blueprint, abort, current_app, has_app_context, render_template, request


from procedures import CHOICES, LETTERS, RESULT_KINDS

from portal.documents import identifier_names, issued, letters, lifecycle
from portal.extensions import db, limiter
from portal.models import DocumentEvent, Enterprise, IssuedDocument
from portal.web import pagecache
from portal.web.forms import VerifyUploadForm
from portal.web.ids import row_id
from portal.web.security import rate
from portal.web.pagecache import Recent

bp = Blueprint("verify", __name__)
# Anyone may look a document up; nobody may walk the numbers at machine speed.
limiter.limit(rate("verification"))(bp)

PAGE_SIZE = 25


# What the verification page reads, built once: Core, not the ORM, because building and
# loading an ORM query cost more than the cached page it decides on.
_documents = IssuedDocument.__table__
_replacements = _documents.alias("replacement")
FACTS = (sa.select(_documents.c.id, _documents.c.issued_at, _documents.c.kind, _documents.c.status,
                   _documents.c.valid_until, _replacements.c.number)
         .outerjoin_from(_documents, _replacements, _replacements.c.supersedes_id == _documents.c.id)
         .where(_documents.c.number == sa.bindparam("number")))


@bp.record_once
def _keep_facts(state) -> None:
    state.app.extensions["verify.facts"] = Recent(
        size=100_000, seconds=state.app.config["VERIFY_FRESH_SECONDS"])


@bp.route("/verify/<number>", methods=["GET", "POST"])
def document(number: str):
    """A document's standing, holder and scope; an uploaded PDF is compared byte for byte."""
    facts = _facts(number)
    if facts is None:
        return _letter_page(letters.by_code(number) or abort(404))
    # Only the status and the replacement change after issuance; the rest of the page is fixed.
    document_id, issued_at, kind, status, valid_until, replaced_by = facts
    seen = issued.standing(kind, status, valid_until)
    return pagecache.page((document_id, issued_at, seen, replaced_by),
                          lambda: _document_page(document_id, seen, replaced_by))


def _facts(number: str):
    """What may change of a document, read at most every VERIFY_FRESH_SECONDS in a process:
    a QR code is scanned far more often than the register changes, and this read was most
    of the page's cost. A change committed by this process shows at once (`_forget_changed`)."""
    recent = current_app.extensions["verify.facts"]
    facts = recent.get(number)
    if facts is None:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            facts = connection.execute(FACTS, {"number": number}).first()
        if facts is not None:  # a number not found yet may be issued the next second
            recent.put(number, tuple(facts))
    return facts


@sa.event.listens_for(IssuedDocument, "after_update", propagate=True)
def _note_change(mapper, connection, document) -> None:
    sa.orm.object_session(document).info.setdefault("changed_documents", set()).add(document.number)


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _forget_changed(session) -> None:
    numbers = session.info.pop("changed_documents", ())
    if numbers and has_app_context():
        for number in numbers:
            current_app.extensions["verify.facts"].forget(number)


@sa.event.listens_for(sa.orm.Session, "after_rollback")
def _drop_changes(session) -> None:
    session.info.pop("changed_documents", None)


def _document_page(document_id: int, seen: str, replaced_by: str | None) -> str:
    found = db.session.get(IssuedDocument, document_id)
    form = VerifyUploadForm()
    matches = None
    if form.validate_on_submit():
        digest = hashlib.sha256(form.pdf.data.read()).hexdigest()
        matches = found.sha256 is not None and digest == found.sha256
    kind = RESULT_KINDS[found.kind]
    return render_template("verify/document.html", document=found, kind=kind,
                           standing=kind.lifecycle.state(seen).label,
                           in_force=seen == kind.lifecycle.initial, replaced_by=replaced_by,
                           form=form, matches=matches, choices=CHOICES)


def _letter_page(record) -> str:
    """A letter or decision: who wrote it to whom, when, about what; an upload is compared."""
    form = VerifyUploadForm()
    matches = None
    if form.validate_on_submit():
        matches = hashlib.sha256(form.pdf.data.read()).hexdigest() == record.sha256
    return render_template("verify/letter.html", paper=record, letter=LETTERS[record.name],
                           form=form, matches=matches)


def _search(query: str):
    """Number, enterprise name or code, or identifier name, containing `query`."""
    like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    digits = query.replace("-", "").replace(" ", "")
    names = sa.cast(IssuedDocument.data["identifier_names"], sa.Text)
    return sa.or_(IssuedDocument.number.ilike(like, escape="\\"),
                  Enterprise.name.ilike(like, escape="\\"),
                  Enterprise.code.startswith(digits) if digits.isdigit() else sa.false(),
                  names.ilike(like, escape="\\"))


@bp.get("/register")
def register():
    """Valid documents, newest first, a page at a time by keyset (never a COUNT)."""
    query = request.args.get("q", "").strip()[:100]
    after = request.args.get("after", type=row_id)
    stmt = (db.select(IssuedDocument).join(Enterprise).where(issued.in_force_clause())
            .order_by(IssuedDocument.id.desc()).limit(PAGE_SIZE + 1))
    if query:
        stmt = stmt.where(_search(query))
    if after:
        stmt = stmt.where(IssuedDocument.id < after)
    rows = db.session.execute(stmt).scalars().all()
    page, more = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
    return render_template("verify/register.html", documents=page, query=query,
                           next_after=page[-1].id if more else None, kinds=RESULT_KINDS)


@bp.get("/register/revoked-names")
def revoked_names():
    """Revoked identifier names, newest first: Decree 91/2020 Art. 29 has them published."""
    after = request.args.get("after", type=row_id)
    stmt = (db.select(DocumentEvent).join(DocumentEvent.document)
            .where(identifier_names.released_clause())
            .options(contains_eager(DocumentEvent.document).joinedload(IssuedDocument.enterprise))
            .order_by(DocumentEvent.id.desc()).limit(PAGE_SIZE + 1))
    if after:
        stmt = stmt.where(DocumentEvent.id < after)
    rows = db.session.execute(stmt).scalars().all()
    page, more = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
    return render_template("verify/revoked_names.html", events=page, ground=lifecycle.ground_label,
                           next_after=page[-1].id if more else None)
