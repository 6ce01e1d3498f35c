"""Who handles a dossier: a specialist claims it, or a leader assigns it.

The assignee is not part of the workflow state, but changing it bumps the dossier's
version, so two officers claiming at once cannot both win."""
from flask_babel import gettext as _

from procedures import LEADER, PROCEDURES, SPECIALIST

from portal.infra import audit
from portal.models import Dossier, User
from portal.engine import Refused


def _open(dossier: Dossier) -> list[str]:
    if PROCEDURES[dossier.procedure].flow.state(dossier.state).final:
        return [_("Hồ sơ đã kết thúc, không phân công được nữa.")]
    return []


def write_refusals(dossier: Dossier, user: User) -> list[str]:
    """Why `user` may not change the dossier (checklist, notes, messages, a new date): only
    its assignee or a leader writes to it, and only while it is open."""
    if PROCEDURES[dossier.procedure].flow.state(dossier.state).final:
        return [_("Hồ sơ đã kết thúc; chỉ xem được, không thay đổi được nữa.")]
    if user.role == LEADER or (user.role == SPECIALIST and dossier.assignee_id == user.id):
        return []
    if user.role == SPECIALIST and dossier.assignee_id is None:
        return [_("Hãy nhận xử lý hồ sơ trước khi ghi vào hồ sơ.")]
    return [_("Chỉ chuyên viên được giao hồ sơ hoặc lãnh đạo mới thay đổi được hồ sơ này.")]


def check_writer(dossier: Dossier, user: User) -> None:
    """Raise Refused unless `user` may change the dossier."""
    if reasons := write_refusals(dossier, user):
        raise Refused(reasons)


def claim(dossier: Dossier, specialist: User) -> None:
    """Take an unassigned dossier for oneself."""
    reasons = _open(dossier)
    if specialist.role != SPECIALIST:
        reasons.append(_("Chỉ chuyên viên mới nhận xử lý hồ sơ."))
    if dossier.assignee_id not in (None, specialist.id):
        reasons.append(_("Hồ sơ đã được giao cho %(name)s.", name=dossier.assignee.full_name))
    if reasons:
        raise Refused(reasons)
    _give(dossier, specialist, specialist)


def assign(dossier: Dossier, specialist: User, leader: User) -> None:
    """A leader gives the dossier to an active specialist."""
    reasons = _open(dossier)
    if leader.role != LEADER:
        reasons.append(_("Chỉ lãnh đạo mới phân công hồ sơ."))
    if specialist.role != SPECIALIST or not specialist.active:
        reasons.append(_("Chỉ giao được cho chuyên viên đang hoạt động."))
    if reasons:
        raise Refused(reasons)
    _give(dossier, specialist, leader)


def _give(dossier: Dossier, specialist: User, actor: User) -> None:
    audit.record("dossier_assigned", f"dossier:{dossier.id}", actor,
                 previous=dossier.assignee_id, assignee=specialist.id)
    dossier.assignee = specialist
