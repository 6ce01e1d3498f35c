"""The register of issued documents: the only code that suspends, lifts or revokes one.

Each change writes a DocumentEvent row in the caller's transaction (domain reference
§3.3: suspension up to 6 months, on a ground the Law lists; revocation on a ground the
Law lists)."""
import calendar
from datetime import date

from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from procedures import LEADER, Label

from portal.infra import audit
from portal.documents import identifier_names as names
from portal import notify
from portal.infra import workdays
from portal.infra.workdays import add_working_days
from portal.extensions import db
from portal.models import DocumentEvent, Enterprise, IssuedDocument, User
from portal.dossiers.engine import Refused

MAX_SUSPENSION_MONTHS = 6

# The grounds the law gives, per kind of document; a kind with none cannot be suspended
# (or revoked) here. Business licences: Law 86/2015 Art. 45(4) and (5). Identifier names:
# Decree 91/2020 Art. 29. Import permits: no source names a revocation procedure.
SUSPENSION_GROUNDS = {"business_licence": {
    "different_service": Label("Cung cấp sản phẩm, dịch vụ không đúng nội dung ghi trong giấy phép",
                               "Providing products or services other than those the licence states"),
    "condition_lost": Label("Không còn đáp ứng một trong các điều kiện quy định tại Điều 42",
                            "No longer meeting one of the conditions of Article 42"),
    "other_law": Label("Trường hợp khác theo quy định của pháp luật", "Other cases provided by law"),
}}
REVOCATION_GROUNDS = {
    "business_licence": {
        "not_started": Label("Không triển khai cung cấp sản phẩm, dịch vụ trong thời hạn 01 năm kể "
                             "từ ngày được cấp giấy phép mà không có lý do chính đáng",
                             "Not starting to provide the service within 1 year of the licence "
                             "without good reason"),
        "expired": Label("Giấy phép hết hạn", "The licence has expired"),
        "suspension_unfixed": Label("Hết thời hạn đình chỉ mà không khắc phục được nguyên nhân",
                                    "The suspension ended and its cause was not remedied"),
    },
    "identifier_certificate": {
        "spam_or_unlawful": Label("Tên định danh bị sử dụng để phát tán tin nhắn rác, cuộc gọi rác "
                                  "hoặc cung cấp dịch vụ trái pháp luật theo kết luận của cơ quan "
                                  "có thẩm quyền",
                                  "The name was used for spam messages or calls, or for unlawful "
                                  "services, as a competent authority concluded"),
        "charge_overdue": Label("Chậm nộp chi phí duy trì quá 30 ngày",
                                "The maintenance charge is more than 30 days late"),
        "expired": Label("Tên định danh hết hạn mà không được gia hạn",
                         "The name expired without renewal"),
        "holder_request": Label("Theo đề nghị của chủ thể", "At the holder's request"),
        "authority_request": Label("Theo yêu cầu của cơ quan nhà nước có thẩm quyền",
                                   "At the request of a competent state authority"),
    },
}


def suspension_grounds(document: IssuedDocument) -> dict[str, Label]:
    return SUSPENSION_GROUNDS.get(document.kind, {})


def revocation_grounds(document: IssuedDocument) -> dict[str, Label]:
    return REVOCATION_GROUNDS.get(document.kind, {})


def latest_suspension_end(start: date) -> date:
    """Six months after `start` (the last day of the month when it is shorter)."""
    month = start.month - 1 + MAX_SUSPENSION_MONTHS
    year, month = start.year + month // 12, month % 12 + 1
    return start.replace(year=year, month=month,
                         day=min(start.day, calendar.monthrange(year, month)[1]))


def _leader(actor: User) -> list[str]:
    return [] if actor.role == LEADER else [_("Chỉ lãnh đạo mới đình chỉ, thu hồi giấy phép.")]


def _change(document: IssuedDocument, actor: User, action: str, to_status: str, ground: str = "",
            note: str = "", until: date | None = None) -> DocumentEvent:
    event = DocumentEvent(document=document, actor=actor, action=action, from_status=document.status,
                          to_status=to_status, ground=ground, note=note.strip(), until=until)
    db.session.add(event)
    audit.record("document_status_changed", f"document:{document.number}", actor, action=action,
                 from_status=document.status, to_status=to_status, ground=ground,
                 until=until.isoformat() if until else None)
    document.status = to_status
    document.suspended_until = until
    notify.document_changed(event, ground_label(event))
    return event


def suspend(document: IssuedDocument, actor: User, ground: str, until: date,
            note: str = "") -> DocumentEvent:
    """Suspend an active document until the end of `until`, at most six months away."""
    reasons = _leader(actor)
    if document.status != "active":
        reasons.append(_("Chỉ đình chỉ được văn bản đang có hiệu lực."))
    if ground not in suspension_grounds(document):
        reasons.append(_("Vui lòng chọn căn cứ đình chỉ."))
    if not workdays.today() < until <= latest_suspension_end(workdays.today()):
        reasons.append(_("Thời hạn đình chỉ phải sau hôm nay và không quá 6 tháng (đến %(date)s).",
                         date=latest_suspension_end(workdays.today()).strftime("%d/%m/%Y")))
    if reasons:
        raise Refused(reasons)
    return _change(document, actor, "suspend", "suspended", ground, note, until)


def lift(document: IssuedDocument, actor: User, note: str = "") -> DocumentEvent:
    """End a suspension: the document is in force again."""
    reasons = _leader(actor)
    if document.status != "suspended":
        reasons.append(_("Văn bản không ở trạng thái bị đình chỉ."))
    if reasons:
        raise Refused(reasons)
    return _change(document, actor, "lift", "active", note=note)


def revoke(document: IssuedDocument, actor: User, ground: str, note: str = "") -> DocumentEvent:
    """Revoke an active or suspended document, for good."""
    reasons = _leader(actor)
    if document.status not in ("active", "suspended"):
        reasons.append(_("Chỉ thu hồi được văn bản đang có hiệu lực hoặc đang bị đình chỉ."))
    if ground not in revocation_grounds(document):
        reasons.append(_("Vui lòng chọn căn cứ thu hồi."))
    if reasons:
        raise Refused(reasons)
    names.release_named_on(document)
    return _change(document, actor, "revoke", "revoked", ground, note)


def suspensions_ending(within_days: int) -> list[IssuedDocument]:
    """Suspended documents whose suspension ends within `within_days` working days or has
    already ended: each needs a leader's decision, lift or revoke (Law 86/2015 Art. 45(5))."""
    return db.session.execute(
        db.select(IssuedDocument).where(IssuedDocument.status == "suspended",
                                        IssuedDocument.suspended_until <= add_working_days(workdays.today(), within_days))
        .options(joinedload(IssuedDocument.enterprise))
        .order_by(IssuedDocument.suspended_until, IssuedDocument.id)).scalars().all()


def remind_leaders(within_days: int) -> int:
    """Queue one e-mail per active leader listing `suspensions_ending`; how many documents."""
    documents = suspensions_ending(within_days)
    if documents:
        notify.suspensions_ending(documents)
    return len(documents)


def events_for_holder(enterprise: Enterprise) -> list[DocumentEvent]:
    """What happened to the enterprise's documents, newest first, for the applicant's pages."""
    return db.session.execute(
        db.select(DocumentEvent).join(DocumentEvent.document)
        .where(IssuedDocument.enterprise_id == enterprise.id)
        .order_by(DocumentEvent.id.desc())).scalars().all()


def ground_label(event: DocumentEvent) -> Label | None:
    """The law's wording of the event's ground."""
    grounds = suspension_grounds(event.document) if event.action == "suspend" else \
        revocation_grounds(event.document)
    return grounds.get(event.ground)
