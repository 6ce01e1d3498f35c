"""A dossier's statutory clock: when the officers' current step is due, how it stops while
the applicant supplements and resumes or restarts afterwards (per procedure), and the one
late-processing apology with a new date that the one-stop-shop rules allow."""
from datetime import date

from flask_babel import gettext as _

from procedures import PROCEDURES

from portal.infra import audit
from portal import notify
from portal.infra import workdays
from portal.infra.workdays import add_working_days, is_working_day, working_days_between
from portal.models import Dossier, User
from portal.dossiers.review import add_note

# The apology must go out at least one day before the due date (domain reference §3.1, from
# Decree 61/2018 Art. 19; its successor, Decree 118/2025, is unread): counted in working days,
# the last day it may is the day a dossier becomes due soon.
APOLOGY_NOTICE_DAYS = DUE_SOON_DAYS = 1


def start(dossier: Dossier, days: int) -> None:
    dossier.due_on = add_working_days(workdays.today(), days)


def pause(dossier: Dossier) -> None:
    """Stop the officers' clock, keeping what was left; the applicant's own deadline runs."""
    limits = PROCEDURES[dossier.procedure].time_limits
    dossier.clock_remaining = (working_days_between(workdays.today(), dossier.due_on) if dossier.due_on
                               else limits.handling)
    # With no answer deadline (import permits) the queue orders by the request's date.
    dossier.due_on = add_working_days(workdays.today(), limits.supplement_answer or 0)


def resume(dossier: Dossier) -> None:
    """Business licences continue from where the clock stopped; others start over."""
    limits = PROCEDURES[dossier.procedure].time_limits
    keeps = limits.clock_after_supplement == "resume" and dossier.clock_remaining is not None
    start(dossier, dossier.clock_remaining if keeps else limits.handling)
    dossier.clock_remaining = None


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
    if not _officers_turn(dossier) or dossier.due_on is None:
        return [_("Chỉ hẹn lại ngày trả kết quả khi hồ sơ đang do cơ quan giải quyết.")]
    if dossier.rescheduled_from is not None:
        return [_("Hồ sơ đã được hẹn lại một lần; pháp luật chỉ cho phép hẹn lại một lần.")]
    if working_days_between(workdays.today(), dossier.due_on) < APOLOGY_NOTICE_DAYS:
        return [_("Phiếu xin lỗi và hẹn lại phải gửi chậm nhất 1 ngày làm việc trước ngày hẹn "
                  "trả kết quả (%(date)s); nay đã quá thời điểm đó.",
                  date=dossier.due_on.strftime("%d/%m/%Y"))]
    return []


def reschedule_refusals(dossier: Dossier, new_date: date | None, reason: str) -> list[str]:
    """Why the apology with this new date cannot be sent now (empty if it can)."""
    reasons = _apology_closed(dossier)
    if new_date is None or (dossier.due_on and new_date <= dossier.due_on) or not is_working_day(new_date):
        reasons.append(_("Ngày hẹn mới phải là ngày làm việc sau ngày hẹn hiện tại."))
    if not reason.strip():
        reasons.append(_("Vui lòng nêu lý do chậm trả kết quả."))
    return reasons


def reschedule(dossier: Dossier, actor: User, new_date: date, reason: str) -> None:
    """Set the new date once, tell the enterprise with a written apology, record it.
    The caller has checked `reschedule_refusals` and commits."""
    dossier.rescheduled_from, dossier.due_on = dossier.due_on, new_date
    add_note(dossier, actor, _("Xin lỗi doanh nghiệp vì chậm trả kết quả. Ngày hẹn mới: %(date)s. "
                               "Lý do: %(reason)s", date=new_date.strftime("%d/%m/%Y"),
                               reason=reason.strip()), internal=False)
    notify.rescheduled(dossier, reason.strip())
    audit.record("dossier_rescheduled", f"dossier:{dossier.id}", actor,
                 old=dossier.rescheduled_from.isoformat(), new=new_date.isoformat())
