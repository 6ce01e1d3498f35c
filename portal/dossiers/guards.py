"""Guards named in the procedures' transitions, and the preconditions checked at submission.

A guard returns the reasons an act may not be taken now (an empty list lets it through), in
the user's language."""
from types import SimpleNamespace

from flask_babel import get_locale
from flask_babel import gettext as _

from procedures import PROCEDURES, RESULT_KINDS
from procedures.categories import SEC_CATEGORIES

from portal import engine
from portal.documents import identifier_names, issued
from portal.dossiers import clock, conditions
from portal.extensions import db
from portal.infra import workdays
from portal.models import Dossier


def _procedure(dossier: Dossier):
    return PROCEDURES[dossier.procedure]


def _label(item) -> str:
    return item.label.get(str(get_locale() or "vi"))


@engine.guard
def applicant_accepted(dossier: Dossier, act: engine.Act) -> list[str]:
    """The law names who may apply (procedures/applicants.py)."""
    if dossier.enterprise.applicant_type in _procedure(dossier).applicant_types:
        return []
    return [_("%(kind)s không thuộc đối tượng được thực hiện thủ tục này.",
              kind=_label(dossier.enterprise.kind))]


@engine.guard
def fields_complete(dossier: Dossier, act: engine.Act) -> list[str]:
    """Every required answer given, and each condition of the law an answer states met."""
    data = dossier.form_data or {}
    missing = [_("Chưa điền: %(field)s", field=_label(f))
               for f in conditions.fields(dossier) if f.required and data.get(f.name) in (None, "", [])]
    unmet = [_("Không đáp ứng điều kiện: %(field)s", field=_label(f))
             for f in conditions.fields(dossier)
             if f.must_be and data.get(f.name) not in (None, "", f.must_be)]
    return missing + unmet


@engine.guard
def documents_complete(dossier: Dossier, act: engine.Act) -> list[str]:
    present = {u.requirement for u in dossier.uploads}
    return [_("Thiếu tài liệu: %(document)s", document=_label(r))
            for r in conditions.requirements(dossier)
            if r.required and conditions.takes_files(dossier, r) and r.key not in present]


@engine.guard
def preconditions_met(dossier: Dossier, act: engine.Act) -> list[str]:
    return [_label(p) for p in conditions.preconditions(dossier)
            if not PRECONDITIONS[p.check](dossier, p.arg)]


@engine.guard
def supplement_allowed(dossier: Dossier, act: engine.Act) -> list[str]:
    """The law allows this act at most `supplement_limit` times in one dossier."""
    limit = dossier.rules.time_limits.supplement_limit
    done = sum(e.action == act.transition.action for e in dossier.events)
    if limit is not None and done >= limit:
        return [_("Đã yêu cầu bổ sung %(count)d lần, là số lần tối đa pháp luật cho phép.",
                  count=limit)]
    return []


def _no_deadline() -> list[str]:
    return [_("Thủ tục này không quy định thời hạn bổ sung.")]


@engine.guard
def answer_time_expired(dossier: Dossier, act: engine.Act) -> list[str]:
    """Only once the applicant's last day to supplement (as requested or extended) has passed."""
    due = clock.supplement_deadline(dossier)
    if due is None:
        return _no_deadline()
    if workdays.today() <= due:
        return [_("Doanh nghiệp còn thời hạn bổ sung đến hết ngày %(date)s.",
                  date=due.strftime("%d/%m/%Y"))]
    return []


@engine.guard
def answer_time_running(dossier: Dossier, act: engine.Act) -> list[str]:
    """More time is asked for before the deadline has passed (Decree 108/2016 Art. 10)."""
    due = clock.supplement_deadline(dossier)
    if due is None:
        return _no_deadline()
    if workdays.today() > due:
        return [_("Thời hạn bổ sung đã hết ngày %(date)s.", date=due.strftime("%d/%m/%Y"))]
    return []


@engine.guard
def extension_not_granted(dossier: Dossier, act: engine.Act) -> list[str]:
    """The supplementation deadline is pushed back once at most."""
    flow = _procedure(dossier).flow
    if any(flow.transition(e.action).clock == "extend" for e in dossier.events):
        return [_("Thời hạn bổ sung đã được gia hạn một lần; không gia hạn thêm.")]
    return []


@engine.guard
def deadline_later(dossier: Dossier, act: engine.Act) -> list[str]:
    """The day stated is a working day after the current supplementation deadline."""
    due = clock.supplement_deadline(dossier)
    if due is None:
        return _no_deadline()
    if act.until is None or act.until <= due or not workdays.is_working_day(act.until):
        return [_("Vui lòng chọn một ngày làm việc sau thời hạn bổ sung hiện tại (%(date)s).",
                  date=due.strftime("%d/%m/%Y"))]
    return []


@engine.guard
def follows_proposal(dossier: Dossier, act: engine.Act) -> list[str]:
    """A leader's decision goes the way the specialist's latest proposal points."""
    flow = _procedure(dossier).flow
    outcomes = [flow.transition(e.action).outcome for e in dossier.events]
    proposed = next((o for o in reversed(outcomes) if o is not None), None)
    if proposed != act.transition.outcome:
        return [_("Chuyên viên chưa đề xuất cấp; hãy trả lại hoặc từ chối.")]
    return []


@engine.guard
def enterprise_verified(dossier: Dossier, act: engine.Act) -> list[str]:
    """Until control of the enterprise is proven, it has one dossier at a time before the
    officers: whoever registered its code first cannot file in its name unchecked."""
    if dossier.enterprise.verified:
        return []
    pending = db.session.execute(db.select(Dossier.code, Dossier.procedure, Dossier.state).where(
        Dossier.enterprise_id == dossier.enterprise_id, Dossier.id != dossier.id,
        Dossier.code.is_not(None))).all()
    return [_("Doanh nghiệp chưa được xác minh và đã có hồ sơ %(code)s đang chờ xử lý. Hãy chờ cán "
              "bộ tiếp nhận hồ sơ đó, hoặc liên kết tài khoản định danh điện tử của doanh nghiệp.",
              code=code)
            for code, procedure, state in pending if not PROCEDURES[procedure].flow.state(state).final]


@engine.guard
def result_issuable(dossier: Dossier, act: engine.Act) -> list[str]:
    return issued.refusals(dossier)


@engine.guard
def names_unallocated(dossier: Dossier, act: engine.Act) -> list[str]:
    taken = identifier_names.taken_by_others(dossier)
    return [_("Tên định danh %(names)s đã được cấp cho chủ thể khác.", names=", ".join(taken))] if taken else []


# Preconditions are declared per procedure and checked at submission:
# each takes the dossier and the declaration's argument and says whether it holds.

def subject_active(dossier: Dossier, arg) -> bool:
    subject = dossier.subject
    return (subject is not None and subject.enterprise_id == dossier.enterprise_id
            and subject.kind == _procedure(dossier).starts_from and issued.is_in_force(subject))


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
    """A business licence in force whose products include the group to be imported."""
    group = (dossier.form_data or {}).get("import_group")
    rests_on = RESULT_KINDS[_procedure(dossier).result.kind].rests_on
    return any(group in (licence.data.get("categories") or ())
               for licence in issued.in_force(dossier.enterprise_id, rests_on))


def not_foreign_invested(dossier: Dossier, arg) -> bool:
    return not dossier.enterprise.foreign_invested


def no_sec_category(dossier: Dossier, arg) -> bool:
    return not conditions.categories(dossier.form_data) & set(SEC_CATEGORIES)


def has_sec_category(dossier: Dossier, arg) -> bool:
    return bool(conditions.categories(dossier.form_data) & set(SEC_CATEGORIES))


def names_not_revoked(dossier: Dossier, arg) -> bool:
    """Decree 91/2020 Art. 23(7): a holder may not ask again for a name revoked from it."""
    wanted = set(identifier_names.requested(dossier))
    return not wanted & identifier_names.revoked_from(dossier.enterprise_id, wanted)


def names_free(dossier: Dossier, arg) -> bool:
    """No other holder has any of the names (they are allocated at approval)."""
    return not identifier_names.taken_by_others(dossier)


# The preconditions about the document a follow-on procedure changes: they hold or not before
# any form is filled, so the applicant hears of them when starting the application.
ABOUT_SUBJECT = {f.__name__ for f in (subject_active, filed_before_expiry, not_renewed_before)}



PRECONDITIONS = {f.__name__: f for f in (subject_active, filed_before_expiry, not_renewed_before,
                                         holds_business_licence, not_foreign_invested,
                                         no_sec_category, has_sec_category, names_not_revoked,
                                         names_free)}


def unmet_about_subject(procedure, subject) -> list:
    """The preconditions about `subject` that an application of `procedure` started on it today
    would fail (asked before any dossier exists: when starting one, or before offering it)."""
    draft = SimpleNamespace(procedure=procedure.code, subject=subject, enterprise_id=subject.enterprise_id)
    return [p for p in procedure.preconditions
            if p.check in ABOUT_SUBJECT and not PRECONDITIONS[p.check](draft, p.arg)]

