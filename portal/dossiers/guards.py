"""Guards named in the procedures' transitions. Each returns the reasons an action
may not be taken now (an empty list lets it through), in the user's language."""
import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import gettext as _

from procedures import PROCEDURES
from procedures.categories import SEC_CATEGORIES

from portal.documents import identifier_names as names
from portal.infra import workdays
from portal.infra.workdays import add_working_days, local_date
from portal.extensions import db
from portal.models import Dossier, IssuedDocument, User


def _procedure(dossier: Dossier):
    return PROCEDURES[dossier.procedure]


def _label(item) -> str:
    return item.label.get(str(get_locale() or "vi"))


def fields_complete(dossier: Dossier, actor: User) -> list[str]:
    data = dossier.form_data or {}
    return [_("Chưa điền: %(field)s", field=_label(f))
            for f in _procedure(dossier).fields if f.required and data.get(f.name) in (None, "", [])]


def documents_complete(dossier: Dossier, actor: User) -> list[str]:
    present = {u.requirement for u in dossier.uploads}
    return [_("Thiếu tài liệu: %(document)s", document=_label(r))
            for r in _procedure(dossier).checklist if r.required and r.key not in present]


def preconditions_met(dossier: Dossier, actor: User) -> list[str]:
    return [_label(p) for p in _procedure(dossier).preconditions
            if not PRECONDITIONS[p.check](dossier, p.arg)]


def _requests(dossier: Dossier) -> list:
    return [e for e in dossier.events if e.action == "request_supplement"]


def supplement_allowed(dossier: Dossier, actor: User) -> list[str]:
    limit = _procedure(dossier).time_limits.supplement_limit
    if limit is not None and len(_requests(dossier)) >= limit:
        return [_("Đã yêu cầu bổ sung %(count)d lần, là số lần tối đa pháp luật cho phép.",
                  count=limit)]
    return []


def answer_time_expired(dossier: Dossier, actor: User) -> list[str]:
    days = _procedure(dossier).time_limits.supplement_answer
    requests = _requests(dossier)
    if days is None or not requests:
        return [_("Thủ tục này không quy định thời hạn bổ sung.")]
    due = add_working_days(local_date(requests[-1].created_at), days)
    if workdays.today() <= due:
        return [_("Doanh nghiệp còn thời hạn bổ sung đến hết ngày %(date)s.",
                  date=due.strftime("%d/%m/%Y"))]
    return []


def proposal_is_grant(dossier: Dossier, actor: User) -> list[str]:
    proposals = [e.action for e in dossier.events if e.action in ("propose_grant", "propose_refusal")]
    if not proposals or proposals[-1] != "propose_grant":
        return [_("Chuyên viên chưa đề xuất cấp; hãy trả lại hoặc từ chối.")]
    return []


def names_unallocated(dossier: Dossier, actor: User) -> list[str]:
    taken = names.taken_by_others(dossier)
    return [_("Tên định danh %(names)s đã được cấp cho chủ thể khác.", names=", ".join(taken))] if taken else []


GUARDS = {f.__name__: f for f in (fields_complete, documents_complete, preconditions_met,
                                  supplement_allowed, answer_time_expired, proposal_is_grant,
                                  names_unallocated)}


# Preconditions are declared per procedure and checked at submission:
# each takes the dossier and the declaration's argument and says whether it holds.

def subject_active(dossier: Dossier, arg) -> bool:
    subject = dossier.subject
    return (subject is not None and subject.enterprise_id == dossier.enterprise_id
            and subject.kind == _procedure(dossier).starts_from
            and subject.status == "active" and subject.valid_until >= workdays.today())


def filed_before_expiry(dossier: Dossier, days) -> bool:
    subject = dossier.subject
    return subject is not None and (subject.valid_until - workdays.today()).days >= days


def not_renewed_before(dossier: Dossier, arg) -> bool:
    document = dossier.subject
    while document is not None:
        if document.dossier.procedure == dossier.procedure:
            return False
        document = document.supersedes
    return True


def holds_business_licence(dossier: Dossier, arg) -> bool:
    """An active business licence whose products include the group to be imported."""
    group = (dossier.form_data or {}).get("import_group")
    licences = db.session.execute(db.select(IssuedDocument).where(
        IssuedDocument.enterprise_id == dossier.enterprise_id,
        IssuedDocument.kind == "business_licence",
        IssuedDocument.status == "active",
        IssuedDocument.valid_until >= workdays.today())).scalars()
    return any(group in (licence.data.get("categories") or ()) for licence in licences)


def not_foreign_invested(dossier: Dossier, arg) -> bool:
    return not dossier.enterprise.foreign_invested


def _categories(dossier: Dossier) -> set[str]:
    return set((dossier.form_data or {}).get("categories") or ())


def no_sec_category(dossier: Dossier, arg) -> bool:
    return not _categories(dossier) & set(SEC_CATEGORIES)


def has_sec_category(dossier: Dossier, arg) -> bool:
    return bool(_categories(dossier) & set(SEC_CATEGORIES))


def names_not_revoked(dossier: Dossier, arg) -> bool:
    """Decree 91/2020 Art. 23(7): a holder may not ask again for a name revoked from it."""
    wanted = set(names.requested(dossier))
    if not wanted:
        return True
    listed = sa.cast(IssuedDocument.data["identifier_names"], sa.Text)
    revoked = db.session.execute(db.select(IssuedDocument).where(
        IssuedDocument.kind == "identifier_certificate", IssuedDocument.status == "revoked",
        IssuedDocument.enterprise_id == dossier.enterprise_id,
        sa.or_(*(listed.contains(f'"{name}"', autoescape=True) for name in wanted)))).scalars()
    return not any(wanted & set(document.data.get("identifier_names") or ()) for document in revoked)


def names_free(dossier: Dossier, arg) -> bool:
    """No other holder has any of the names (they are allocated at approval)."""
    return not names.taken_by_others(dossier)


# The preconditions about the document a follow-on procedure changes: they hold or not before
# any form is filled, so the applicant hears of them when starting the application.
ABOUT_SUBJECT = {f.__name__ for f in (subject_active, filed_before_expiry, not_renewed_before)}

PRECONDITIONS = {f.__name__: f for f in (subject_active, filed_before_expiry, not_renewed_before,
                                         holds_business_licence, not_foreign_invested,
                                         no_sec_category, has_sec_category, names_not_revoked,
                                         names_free)}
