"""The one place that changes a dossier's state.

`fire` checks who may act, runs the guards (each returns reasons, never a bare
False), writes the history row and runs the effects, all in the caller's
transaction. A concurrent or stale transition is refused with `Conflict`.
"""
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from procedures import APPLICANT, PROCEDURES, SPECIALIST, InvalidAction, Transition

from portal.infra import audit
from portal import notify
from portal.dossiers.effects import EFFECTS
from portal.extensions import db
from portal.dossiers.guards import GUARDS
from portal.models import Dossier, User, WorkflowEvent

__all__ = ["fire", "available_actions", "guard_reasons", "Refused", "Conflict", "InvalidAction"]


class Refused(Exception):
    """The action exists but may not be taken now; `reasons` says why, for the user."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class Conflict(Exception):
    """Someone else changed the dossier first; nothing was done."""

    def __init__(self):
        super().__init__(_("Hồ sơ vừa được người khác xử lý. Vui lòng tải lại trang và kiểm tra."))


def may_act(transition: Transition, dossier: Dossier, user: User) -> bool:
    """Role allowed; an applicant acts only for their own enterprise, and a specialist only on
    a dossier no other specialist handles (acting on an unassigned one takes it: `fire`)."""
    if user.role not in transition.roles:
        return False
    if user.role == APPLICANT:
        return user.enterprise_id == dossier.enterprise_id
    return user.role != SPECIALIST or dossier.assignee_id in (None, user.id)


def _not_allowed(dossier: Dossier, actor: User) -> list[str]:
    if actor.role == SPECIALIST and dossier.assignee_id not in (None, actor.id):
        return [_("Hồ sơ đang do chuyên viên %(name)s xử lý; lãnh đạo có thể giao lại.",
                  name=dossier.assignee.full_name)]
    return [_("Bạn không có quyền thực hiện thao tác này.")]


def available_actions(dossier: Dossier, user: User) -> list[Transition]:
    flow = PROCEDURES[dossier.procedure].flow
    return [t for t in flow.from_state(dossier.state) if may_act(t, dossier, user)]


def guard_reasons(transition: Transition, dossier: Dossier, actor: User) -> list[str]:
    """Why the transition's guards would refuse it now (empty if they would not)."""
    return [reason for name in transition.guards for reason in GUARDS[name](dossier, actor)]


def fire(dossier: Dossier, action: str, actor: User, note: str = "",
         expected_version: int | None = None) -> WorkflowEvent:
    """Apply `action` or raise InvalidAction, Refused or Conflict. The caller commits."""
    if expected_version is not None and expected_version != dossier.version:
        raise Conflict()
    transition = PROCEDURES[dossier.procedure].flow.find(dossier.state, action)
    if not may_act(transition, dossier, actor):
        raise Refused(_not_allowed(dossier, actor))
    note = note.strip()
    reasons = [_("Vui lòng ghi rõ nội dung hoặc lý do.")] if transition.needs_note and not note else []
    reasons += guard_reasons(transition, dossier, actor)
    if reasons:
        raise Refused(reasons)
    event = WorkflowEvent(dossier=dossier, actor=actor, action=action,
                          from_state=dossier.state, to_state=transition.target, note=note)
    try:
        db.session.add(event)
        if dossier.id is None:
            db.session.flush()
        audit.record("transition", f"dossier:{dossier.id}", actor, procedure=dossier.procedure,
                     action=action, from_state=event.from_state, to_state=transition.target)
        dossier.state = transition.target
        if actor.role == SPECIALIST and dossier.assignee_id is None:
            dossier.assignee = actor  # whoever starts on a dossier answers for it
        for name in transition.effects:
            EFFECTS[name](dossier, actor)
        if not transition.internal:
            notify.dossier_changed(dossier, transition, note)
        db.session.flush()
    except (StaleDataError, IntegrityError):
        # Another transaction moved this dossier (or issued its document) first.
        db.session.rollback()
        raise Conflict() from None
    return event
