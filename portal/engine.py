"""The one place that changes the state of a dossier or of an issued document.

`fire` looks the transition up in the subject's declaration (a procedure's flow, or a result
kind's lifecycle), checks who may act, runs the guards (each returns reasons, never a bare
False), writes the history row and the audit record, moves the state, changes the clock, runs
the effects and writes the letter the transition names, counts the row into the reports'
summary, queues the status sync, all in the caller's transaction. A concurrent or stale transition is
refused with `Conflict`. Which declaration, history table, clock and announcement belong to
a kind of subject is registered as a `Machine` by the package that owns it.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from procedures import APPLICANT, SPECIALIST, SYSTEM, Flow, InvalidAction, Transition

from portal.extensions import db
from portal.infra import audit, workdays
from portal.models import User

__all__ = ["fire", "available_actions", "guard_reasons", "Act", "Machine", "register", "guard",
           "effect", "Refused", "Conflict", "InvalidAction"]


class Refused(Exception):
    """The action exists but may not be taken now; `reasons` says why, for the user."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class Conflict(Exception):
    """Someone else changed the subject first; nothing was done."""

    def __init__(self):
        super().__init__(_("Hồ sơ vừa được người khác xử lý. Vui lòng tải lại trang và kiểm tra."))


@dataclass(frozen=True)
class Act:
    """One use of a transition: who, and what they state beyond the action itself."""

    transition: Transition
    actor: User | None  # None: the portal itself
    note: str = ""
    ground: str = ""  # the key of one of the transition's grounds
    until: date | None = None  # the end of a period the act opens (a suspension)
    corrections: tuple[tuple[str, str], ...] = ()  # the entries a correction states anew
    # When the act happened, if before it is recorded: the day the desk received a paper
    # dossier, which its clock counts from.
    at: datetime | None = None


@dataclass(frozen=True)
class Machine:
    """What the engine needs to know of one kind of subject."""

    flow: Callable[[object], Flow]
    record: Callable[[object, Act], object]  # adds and returns the history row
    target: Callable[[object], str]  # how the audit trail names the subject
    announce: Callable[[object, Act, object], None]  # tells the people concerned
    write_letter: Callable[[object, Act, object], object]  # the letter a transition names
    clock: Callable[[object, str, date | None], None] = lambda subject, change, on: None
    # tells the national systems (a webhook), for every transition, internal ones too
    publish: Callable[[object, Act, object], None] = lambda subject, act, event: None
    # counts the history row into the reports' summary, once the effects have run
    tally: Callable[[object, Act, object], None] = lambda subject, act, event: None


_MACHINES: dict[type, Machine] = {}
GUARDS: dict[str, Callable[[object, Act], list[str]]] = {}
EFFECTS: dict[str, Callable[[object, Act], None]] = {}


def register(model: type, machine: Machine) -> None:
    _MACHINES[model] = machine


def guard(function):
    """Make `function(subject, act) -> reasons` available to declarations by its name."""
    GUARDS[function.__name__] = function
    return function


def effect(function):
    """Make `function(subject, act)` available to declarations by its name."""
    EFFECTS[function.__name__] = function
    return function


def machine(subject) -> Machine:
    return next(_MACHINES[cls] for cls in type(subject).__mro__ if cls in _MACHINES)


def flow_of(subject) -> Flow:
    return machine(subject).flow(subject)


def may_act(transition: Transition, subject, user: User | None) -> bool:
    """Role allowed; an applicant acts only for their own enterprise, and a specialist only on
    a dossier no other specialist handles (acting on an unassigned one takes it: `fire`)."""
    if user is None:
        return SYSTEM in transition.roles
    if user.role not in transition.roles:
        # The desk records what the applicant of a paper dossier hands in or posts.
        return (transition.at_desk and user.role == SPECIALIST
                and getattr(subject, "paper", None) is not None)
    if user.role == APPLICANT:  # the holder, or the representative filing its dossier
        return user.enterprise_id in (subject.enterprise_id, getattr(subject, "agent_id", None))
    return user.role != SPECIALIST or getattr(subject, "assignee_id", None) in (None, user.id)


def _not_allowed(subject, actor: User | None) -> list[str]:
    if actor is not None and actor.role == SPECIALIST and getattr(subject, "assignee_id", None) not in (None, actor.id):
        return [_("Hồ sơ đang do chuyên viên %(name)s xử lý; lãnh đạo có thể giao lại.",
                  name=subject.assignee.full_name)]
    return [_("Bạn không có quyền thực hiện thao tác này.")]


def available_actions(subject, user: User) -> list[Transition]:
    return [t for t in flow_of(subject).from_state(subject.state) if may_act(t, subject, user)]


def guard_reasons(subject, act: Act) -> list[str]:
    """Why the transition's guards, or its separation of duties, would refuse the act now
    (empty if they would not)."""
    return _duties_not_separated(subject, act) + [
        reason for name in act.transition.guards for reason in GUARDS[name](subject, act)]


def _duties_not_separated(subject, act: Act) -> list[str]:
    """The actions of the subject's history, among those the transition must be separate from,
    that the actor took themselves: whoever proposed a decision does not take it."""
    if act.actor is None or not act.transition.separate_from:
        return []
    flow, own = flow_of(subject), act.actor.id
    done = {e.action for e in getattr(subject, "events", ()) if e.actor_id == own}
    return [_("Bạn đã thực hiện bước \"%(earlier)s\" của hồ sơ này nên người khác phải thực hiện "
              "bước \"%(later)s\" (phân tách nhiệm vụ).",
              earlier=flow.transition(action).label.get(_locale()),
              later=act.transition.label.get(_locale()))
            for action in act.transition.separate_from if action in done]


def _locale() -> str:
    return str(get_locale() or "vi")


def fire(subject, action: str, actor: User | None, note: str = "",
         expected_version: int | None = None, **stated):
    """Apply `action` or raise InvalidAction, Refused or Conflict; returns the history row.
    `stated` holds what the act states beyond its note (ground, until). The caller commits."""
    if expected_version is not None and expected_version != subject.version:
        raise Conflict()
    m = machine(subject)
    transition = m.flow(subject).find(subject.state, action)
    if not may_act(transition, subject, actor):
        raise Refused(_not_allowed(subject, actor))
    # A note only where the declaration asks for one: elsewhere no form offers it, and a
    # forged one would reach the enterprise's history file and the officers' pages.
    act = Act(transition, actor, note.strip() if transition.takes_note else "", **stated)
    reasons = [_("Vui lòng ghi rõ nội dung hoặc lý do.")] if transition.needs_note and not act.note else []
    reasons += guard_reasons(subject, act)
    if reasons:
        raise Refused(reasons)
    try:
        event = m.record(subject, act)
        if subject.id is None:
            db.session.flush()
        audit.record("transition", m.target(subject), actor, action=action,
                     from_state=subject.state, to_state=transition.target)
        subject.state = transition.target
        if actor is not None and actor.role == SPECIALIST and getattr(subject, "assignee_id", 0) is None:
            subject.assignee = actor  # whoever starts on a dossier answers for it
        if transition.clock:
            m.clock(subject, transition.clock, act.at and workdays.local_date(act.at))
        for name in transition.effects:
            EFFECTS[name](subject, act)
        if transition.letter:
            m.write_letter(subject, act, event)
        m.tally(subject, act, event)
        if not transition.internal:
            m.announce(subject, act, event)
        m.publish(subject, act, event)
        db.session.flush()
    except (StaleDataError, IntegrityError):
        # Another transaction moved this subject (or issued its document) first.
        db.session.rollback()
        raise Conflict() from None
    return event
