"""Public pages, no sign-in: verify an issued document, and the register the law requires."""
import hashlib

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, request
from flask_babel import lazy_gettext as _l

from procedures.categories import (ACTIVITY_TYPES, BL_CATEGORIES, HOLDER_TYPES,
                                   IDENTIFIER_USES)

from .deadlines import today
from .extensions import db
from .forms import VerifyUploadForm
from .models import Enterprise, IssuedDocument

bp = Blueprint("verify", __name__)

PAGE_SIZE = 25
KIND_LABELS = {
    "business_licence": _l("Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng"),
    "import_permit": _l("Giấy phép nhập khẩu sản phẩm an toàn thông tin mạng"),
    "identifier_certificate": _l("Giấy chứng nhận tên định danh"),
}
STANDING_LABELS = {
    "valid": _l("Còn hiệu lực"), "expired": _l("Hết hiệu lực"), "suspended": _l("Bị đình chỉ"),
    "revoked": _l("Đã bị thu hồi"), "superseded": _l("Đã được thay thế"),
}
CHOICES = {code: label for choices in (BL_CATEGORIES, ACTIVITY_TYPES, HOLDER_TYPES, IDENTIFIER_USES)
           for code, label in choices}


def standing(document: IssuedDocument) -> str:
    """valid, expired, suspended, revoked or superseded, as of today in Vietnam."""
    if document.status in ("active", "expired"):
        return "expired" if document.status == "expired" or document.valid_until < today() else "valid"
    return document.status


def _valid_now():
    return sa.and_(IssuedDocument.status == "active", IssuedDocument.valid_until >= today())


def _replacement(document: IssuedDocument) -> IssuedDocument | None:
    return db.session.execute(db.select(IssuedDocument).where(
        IssuedDocument.supersedes_id == document.id)).scalar_one_or_none()


@bp.route("/verify/<number>", methods=["GET", "POST"])
def document(number: str):
    """A document's standing, holder and scope; an uploaded PDF is compared byte for byte."""
    found = db.session.execute(
        db.select(IssuedDocument).where(IssuedDocument.number == number)).scalar_one_or_none()
    if found is None:
        abort(404)
    form = VerifyUploadForm()
    matches = None
    if form.validate_on_submit():
        digest = hashlib.sha256(form.pdf.data.read()).hexdigest()
        matches = found.sha256 is not None and digest == found.sha256
    return render_template("verify/document.html", document=found, standing=standing(found),
                           replacement=_replacement(found), form=form, matches=matches,
                           kinds=KIND_LABELS, standings=STANDING_LABELS, choices=CHOICES)


def _search(query: str):
    """Number, enterprise name or code, or identifier name, containing `query`."""
    like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    digits = query.replace("-", "").replace(" ", "")
    names = sa.cast(IssuedDocument.data["identifier_names"], sa.Text)
    return sa.or_(IssuedDocument.number.ilike(like, escape="\\"),
                  Enterprise.name.ilike(like, escape="\\"),
                  Enterprise.code.startswith(digits) if digits.isdigit() else sa.false(),
                  sa.and_(IssuedDocument.kind == "identifier_certificate",
                          names.ilike(like, escape="\\")))


@bp.get("/register")
def register():
    """Valid documents, newest first, a page at a time by keyset (never a COUNT)."""
    query = request.args.get("q", "").strip()[:100]
    after = request.args.get("after", type=int)
    stmt = (db.select(IssuedDocument).join(Enterprise).where(_valid_now())
            .order_by(IssuedDocument.id.desc()).limit(PAGE_SIZE + 1))
    if query:
        stmt = stmt.where(_search(query))
    if after:
        stmt = stmt.where(IssuedDocument.id < after)
    rows = db.session.execute(stmt).scalars().all()
    page, more = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
    return render_template("verify/register.html", documents=page, query=query,
                           next_after=page[-1].id if more else None, kinds=KIND_LABELS)
