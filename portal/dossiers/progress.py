"""Where a dossier is on its way to a result, read from its procedure's declaration: the
states from submission to the issued document (`Flow.to_result`), which of them it has
passed, the step it is in now (a side step such as a supplementation request shows where it
branched off), who that step waits on and when it is due."""
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from procedures import APPLICANT, LEADER, PROCEDURES, SPECIALIST, Label

from portal.models import Dossier

DONE, CURRENT, AHEAD = "done", "current", "ahead"
WAITS_ON = {APPLICANT: _l("Doanh nghiệp"), SPECIALIST: _l("Chuyên viên"), LEADER: _l("Lãnh đạo")}


@dataclass(frozen=True)
class Step:
    label: Label
    status: str  # DONE, CURRENT or AHEAD
    waiting_on: str | None = None  # a role, for the step the dossier is in
    due: date | None = None


def steps(dossier: Dossier) -> list[Step]:
    """The dossier's way to its result, each step done, current or ahead."""
    flow = PROCEDURES[dossier.procedure].flow
    way = [flow.initial, *(flow.transition(action).target for action in flow.to_result())]
    state = flow.state(dossier.state)
    now = Step(state.label, CURRENT, None if state.final else state.waiting_on, _due(dossier, state))
    if dossier.state in way:
        here = way.index(dossier.state)
        before, after = way[:here], way[here + 1:]
    else:  # a side step, or an end off the way: after the last step of the way it reached
        here = way.index(_last_on(way, dossier, flow.initial)) + 1
        before, after = way[:here], [] if state.final else way[here:]
    last = after[-1:] if not state.final else []
    return ([Step(flow.state(name).label, DONE) for name in before] + [now]
            + [Step(flow.state(name).label, AHEAD, due=dossier.result_due if name in last else None)
               for name in after])


def _last_on(way: list[str], dossier: Dossier, initial: str) -> str:
    """The last state of the way the dossier's history passed through."""
    for event in reversed(dossier.events):
        for name in (event.to_state, event.from_state):
            if name in way:
                return name
    return initial


def _due(dossier: Dossier, state) -> date | None:
    """The current step's due date: the officers' step, or the applicant's supplementation
    deadline while the clock is paused; none for a draft or an ended dossier."""
    return None if state.final else dossier.due_on
