"""A dossier's statutory clock, as each transition declares it (procedures/_base.py
CLOCK_CHANGES): when the officers' current step is due (`due_on`), when the result is due
(`result_due`, the one date both receipts give), how the clock stops while the applicant
supplements and resumes or restarts afterwards, and the one late-processing apology with a
new date that the one-stop-shop rules allow."""
from datetime import date

from flask_babel import gettext as _

from procedures import APOLOGY, PROCEDURES

from portal import notify
from portal.documents import letters
from portal.dossiers.assignment import write_refusals
from portal.dossiers.notes import add_note
from portal.infra import audit, workdays
from portal.infra.workdays import add_working_days, is_working_day, working_days_between
from portal.models import Dossier, User

# The apology must go out at least one day before the due date (domain reference §3.1, from
# Decree 61/2018 Art. 19; its successor, Decree 118/2025, is unread): counted in working days,
# the last day it may is the day a dossier becomes due soon.
APOLOGY_NOTICE_DAYS = DUE_SOON_DAYS = 1


def change(dossier: Dossier, verb: str, on: date | None = None) -> None:
    """Apply one declared clock change, counting from `on` (a paper dossier's day of receipt)
    or from today."""
    CHANGES[verb](dossier, dossier.rules.time_limits, on or workdays.today())


def _start_intake(dossier: Dossier, limits, on: date) -> None:
    dossier.due_on = add_working_days(on, limits.intake)
    dossier.result_due = add_working_days(dossier.due_on, limits.handling)


def _start_handling(dossier: Dossier, limits, on: date, days: int | None = None) -> None:
    days = limits.handling if days is None else days
    dossier.due_on = dossier.result_due = add_working_days(on, days)
    dossier.clock_remaining = None


def _pause(dossier: Dossier, limits, on: date) -> None:
    """Stop the officers' clock, keeping what was left; the applicant's own deadline runs."""
    dossier.clock_remaining = (working_days_between(on, dossier.due_on)
                               if dossier.due_on else limits.handling)
    # With no answer deadline (import permits) the queue orders by the request's date.
    dossier.due_on = add_working_days(on, limits.supplement_answer or 0)


def _resume(dossier: Dossier, limits, on: date) -> None:
    """Continue from where the clock stopped (Decree 108/2016 Art. 10: "được tính tiếp")."""
    _start_handling(dossier, limits, on, dossier.clock_remaining)


def _extend(dossier: Dossier, limits, on: date) -> None:
    """The applicant's deadline moves to the day the extension gives; the officers' clock
    stays paused with what was left."""
    dossier.due_on = supplement_deadline(dossier)


def supplement_deadline(dossier: Dossier) -> date | None:
    """The applicant's last day to supplement: the one the latest request or extension gives."""
    flow = PROCEDURES[dossier.procedure].flow
    moves = [e for e in dossier.events if flow.transition(e.action).clock in ("pause", "extend")]
    return letters.answer_by(dossier, moves[-1]) if moves else None


def _stop(dossier: Dossier, limits, on: date) -> None:
    """The authority's step is over: nothing is due from the officers any more."""
    dossier.due_on = dossier.clock_remaining = None


CHANGES = {"start_intake": _start_intake, "start_handling": _start_handling, "pause": _pause,
           "resume": _resume, "restart": _start_handling, "stop": _stop,
           "extend": _extend}


# The days each clock change starts counting, of a procedure's time limits.
_STARTS = {"start_intake": lambda limits: limits.intake, "start_handling": lambda limits: limits.handling,
           "restart": lambda limits: limits.handling}


def full_time_due(procedure, submitted: date) -> date:
    """When the result of a dossier submitted on `submitted` is due if every step takes its
    full time and nothing pauses the clock: each clock start on the declared way to the
    issued document counts from the day the step before it ran out."""
    route = procedure.flow.to_result()
    limits = procedure.in_force(submitted).time_limits
    day = submitted
    for action in route:
        start = _STARTS.get(procedure.flow.transition(action).clock)
        if start is not None:
            day = add_working_days(day, start(limits))
    return day


def _officers_turn(dossier: Dossier) -> bool:
    return PROCEDURES[dossier.procedure].flow.state(dossier.state).waiting_on in ("specialist", "leader")


def overdue(dossier: Dossier) -> bool:
    return _officers_turn(dossier) and dossier.due_on is not None and dossier.due_on < workdays.today()


def due_soon(dossier: Dossier) -> bool:
    return (_officers_turn(dossier) and dossier.due_on is not None and not overdue(dossier)
            and working_days_between(workdays.today(), dossier.due_on) <= DUE_SOON_DAYS)


def apology_open(dossier: Dossier) -> bool:
    """Whether the one apology with a new date may still be sent."""
    return not _apology_closed(dossier)


def _apology_closed(dossier: Dossier) -> list[str]:
    if not _officers_turn(dossier) or dossier.due_on is None or dossier.clock_remaining is not None:
        return [_("Chỉ hẹn lại ngày trả kết quả khi hồ sơ đang do cơ quan giải quyết.")]
    if dossier.rescheduled_from is not None:
        return [_("Hồ sơ đã được hẹn lại một lần; pháp luật chỉ cho phép hẹn lại một lần.")]
    if working_days_between(workdays.today(), dossier.due_on) < APOLOGY_NOTICE_DAYS:
        return [_("Phiếu xin lỗi và hẹn lại phải gửi chậm nhất 1 ngày làm việc trước ngày hẹn "
                  "trả kết quả (%(date)s); nay đã quá thời điểm đó.",
                  date=dossier.due_on.strftime("%d/%m/%Y"))]
    return []


def reschedule_refusals(dossier: Dossier, actor: User, new_date: date | None, reason: str) -> list[str]:
    """Why `actor`'s apology with this new date cannot be sent now (empty if it can)."""
    reasons = write_refusals(dossier, actor) or _apology_closed(dossier)
    if new_date is None or (dossier.due_on and new_date <= dossier.due_on) or not is_working_day(new_date):
        reasons.append(_("Ngày hẹn mới phải là ngày làm việc sau ngày hẹn hiện tại."))
    if not reason.strip():
        reasons.append(_("Vui lòng nêu lý do chậm trả kết quả."))
    return reasons


def reschedule(dossier: Dossier, actor: User, new_date: date, reason: str) -> None:
    """Set the new date once, tell the enterprise with a written apology, record it.
    The caller has checked `reschedule_refusals` and commits."""
    dossier.rescheduled_from, dossier.due_on = dossier.due_on, new_date
    dossier.result_due = new_date
    letters.write(APOLOGY, dossier, reason=reason.strip(), rescheduled_from=dossier.rescheduled_from)
    add_note(dossier, actor, _("Xin lỗi doanh nghiệp vì chậm trả kết quả. Ngày hẹn mới: %(date)s. "
                               "Lý do: %(reason)s", date=new_date.strftime("%d/%m/%Y"),
                               reason=reason.strip()), internal=False)
    notify.rescheduled(dossier, reason.strip())
    audit.record("dossier_rescheduled", f"dossier:{dossier.id}", actor,
                 old=dossier.rescheduled_from.isoformat(), new=new_date.isoformat())
