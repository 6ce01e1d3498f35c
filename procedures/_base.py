"""The vocabulary procedures are declared in: plain data, no Flask.

A procedure is a table of states and transitions (action, sources, target, roles,
guards, effects, the letter it produces, what it does to the statutory clock) plus what a
business must know before applying. What a procedure issues is a result kind, with a
lifecycle of its own in the same vocabulary. The engine (`portal.engine`), the forms, the
checklists, the letters and the diagrams are all derived from these declarations.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

APPLICANT, SPECIALIST, LEADER, ADMIN = "applicant", "specialist", "leader", "admin"
ROLES = (APPLICANT, SPECIALIST, LEADER, ADMIN)
# Not a person's role: the portal itself, for what follows from another act or from time
# passing (a document superseded by its replacement, or expired).
SYSTEM = "system"
OFFICERS = frozenset({SPECIALIST, LEADER})

# What a transition does to the statutory clock (domain reference §3.2): start counting the
# intake check or the handling, pause it while the applicant supplements, then resume where
# it stopped or restart from the full limit, or stop it for good.
CLOCK_CHANGES = ("start_intake", "start_handling", "pause", "resume", "restart", "stop")


@dataclass(frozen=True)
class Label:
    """A text in Vietnamese (the default) and English."""

    vi: str
    en: str

    def get(self, locale: str | None) -> str:
        return self.en if (locale or "vi").startswith("en") else self.vi


@dataclass(frozen=True)
class State:
    name: str
    label: Label
    final: bool = False
    # Who is expected to act next: drives queues and "waiting for you" lists.
    waiting_on: str | None = None
    # What the applicant may change here: "form" (the application) and/or "documents".
    applicant_edits: tuple[str, ...] = ()
    # The officers' queue that lists dossiers in this state, if any.
    queue: str | None = None


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    label: Label
    guards: tuple[str, ...] = ()
    effects: tuple[str, ...] = ()
    # A written note is part of the act (reasons for a refusal, the list of defects).
    needs_note: bool = False
    # Internal steps show on the applicant's timeline without their notes.
    internal: bool = False
    # The letter or decision this act produces (a key of procedures.results.LETTERS).
    letter: str | None = None
    # What it does to the statutory clock: one of CLOCK_CHANGES.
    clock: str | None = None
    # Which way it points: "grant" or "refusal"; an approval must follow a proposal to grant.
    outcome: str | None = None
    # The grounds the law gives for this act; one must be cited (key, wording).
    grounds: tuple[tuple[str, Label], ...] = ()
    # An act that lasts a period (a suspension) states its end, at most this many months on.
    max_months: int | None = None
    # Separation of duties, over the subject's history rather than anyone's current role:
    # whoever took one of these actions on the subject may not take this one.
    separate_from: tuple[str, ...] = ()

    def __post_init__(self):
        if self.clock is not None and self.clock not in CLOCK_CHANGES:
            raise ValueError(f"{self.action}: unknown clock change {self.clock!r}")


class InvalidAction(Exception):
    """The action does not exist from this state in this procedure."""


@dataclass(frozen=True)
class Flow:
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    initial: str = "draft"

    def state(self, name: str) -> State:
        for s in self.states:
            if s.name == name:
                return s
        raise KeyError(name)

    @property
    def state_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states)

    @property
    def final_states(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states if s.final)

    def find(self, source: str, action: str) -> Transition:
        for t in self.transitions:
            if t.action == action and source in t.sources:
                return t
        raise InvalidAction(f"{action!r} is not possible from {source!r}")

    def transition(self, action: str) -> Transition:
        """The declaration of `action` (its label and roles are the same from every source)."""
        return next(t for t in self.transitions if t.action == action)

    def from_state(self, source: str) -> tuple[Transition, ...]:
        return tuple(t for t in self.transitions if source in t.sources)

    def route(self, arrives: Callable[[Transition], bool],
              avoid: Callable[[Transition], bool] = lambda t: False) -> tuple[str, ...]:
        """The shortest run of actions from the initial state that ends with a transition
        `arrives` accepts, never taking one `avoid` rejects (for demos and tests)."""
        paths, frontier = {self.initial: ()}, [self.initial]
        while frontier:
            state = frontier.pop(0)
            for t in self.from_state(state):
                if avoid(t):
                    continue
                if arrives(t):
                    return paths[state] + (t.action,)
                if t.target not in paths:
                    paths[t.target] = paths[state] + (t.action,)
                    frontier.append(t.target)
        raise InvalidAction("no route to such a transition")

    def without(self, *actions: str) -> Flow:
        """This flow minus some actions, and minus the states nothing leads to any more."""
        unknown = set(actions) - {t.action for t in self.transitions}
        if unknown:
            raise KeyError(sorted(unknown))
        kept = tuple(t for t in self.transitions if t.action not in actions)
        reachable = {self.initial} | {t.target for t in kept}
        pruned = (replace(t, sources=tuple(s for s in t.sources if s in reachable)) for t in kept)
        return Flow(tuple(s for s in self.states if s.name in reachable),
                    tuple(t for t in pruned if t.sources), self.initial)

    def adding(self, states: tuple[State, ...] = (), transitions: tuple[Transition, ...] = ()) -> Flow:
        return Flow(self.states + states, self.transitions + transitions, self.initial)

    def changing(self, action: str, **changes) -> Flow:
        """This flow with one action's declaration altered (e.g. another target or guard)."""
        if action not in {t.action for t in self.transitions}:
            raise KeyError(action)
        return Flow(self.states, tuple(replace(t, **changes) if t.action == action else t
                                       for t in self.transitions), self.initial)


@dataclass(frozen=True)
class Requirement:
    """One item of the dossier checklist."""

    key: str
    label: Label
    required: bool = True
    types: tuple[str, ...] = ("pdf",)


@dataclass(frozen=True)
class Precondition:
    """A condition checked when the dossier is submitted; `check` names a function in
    portal/guards.py PRECONDITIONS, `arg` is its parameter (e.g. a number of days)."""

    check: str
    label: Label
    arg: int | str | None = None


@dataclass(frozen=True)
class Field:
    """One field of the application form. `kind` names a widget the forms know."""

    name: str
    kind: str
    label: Label
    required: bool = True
    choices: tuple[tuple[str, Label], ...] = ()
    max_length: int | None = None


@dataclass(frozen=True)
class TimeLimits:
    """Statutory limits in working days; None where the law sets none."""

    intake: int | None
    handling: int
    supplement_answer: int | None = None
    supplement_limit: int | None = None  # None: as many requests as needed
    note: Label | None = None


@dataclass(frozen=True)
class Fee:
    """Fee in VND; `amount` None where the amount is not published."""

    amount: int | None
    per_extra_item: int | None = None
    note: Label | None = None


@dataclass(frozen=True)
class Validity:
    """How long the result is valid: `years` counted from `base`.

    base "issue": from the issue date; "subject_expiry": from the expiry of the
    document the dossier starts from (years=0 keeps that expiry).
    """

    years: int
    base: str = "issue"


@dataclass(frozen=True)
class Result:
    kind: str  # a key of procedures.results.RESULT_KINDS
    label: Label
    validity: Validity


@dataclass(frozen=True)
class Letter:
    """A letter or decision the authority writes when a transition happens: numbered in the
    series of its `symbol` (Decree 30/2020: "Số: 15/QĐ-ANM"), rendered, signed and stored once."""

    name: str
    title: Label
    template: str  # under templates/pdf/
    symbol: str  # the abbreviation of its type of document
    about: Label | None = None  # a decision's subject: "Về việc <about> <the document>"


@dataclass(frozen=True)
class ResultKind:
    """What a procedure issues: how it is numbered, printed and labelled, how long it may
    last, and what can happen to it afterwards (its lifecycle, run by the same engine)."""

    kind: str
    label: Label
    series: str  # the number's prefix, printed and used in /verify/<number>
    template: str  # under templates/pdf/
    lifecycle: Flow
    # Another kind the holder must have in force, whose expiry this one may not outlast.
    rests_on: str | None = None


@dataclass(frozen=True)
class Procedure:
    code: str
    name: Label
    short_name: Label
    service: str
    legal_basis: Label
    applicants: Label
    preconditions: tuple[Precondition, ...]
    checklist: tuple[Requirement, ...]
    fields: tuple[Field, ...]
    time_limits: TimeLimits
    fee: Fee
    result: Result
    flow: Flow
    starts_from: str | None = None  # the kind of issued document a follow-on procedure amends
    notes: tuple[Label, ...] = field(default_factory=tuple)


SERVICES = {
    "business_licence": Label("Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng",
                              "Business licence for network information security products and services"),
    "import_permit": Label("Giấy phép nhập khẩu sản phẩm an toàn thông tin mạng",
                           "Import permit for network information security products"),
    "identifier_name": Label("Giấy chứng nhận tên định danh",
                             "Identifier-name (sender brandname) certificate"),
}


def to_mermaid(flow: Flow) -> str:
    """The flow as a Mermaid stateDiagram-v2, generated, never drawn by hand."""
    lines = ["stateDiagram-v2", f"    [*] --> {flow.initial}"]
    for t in flow.transitions:
        for source in t.sources:
            lines.append(f"    {source} --> {t.target}: {t.action}")
    lines += [f"    {name} --> [*]" for name in flow.final_states]
    return "\n".join(lines) + "\n"


def _state(name, vi, en, waiting_on=None, final=False, edits=(), queue=None):
    return State(name, Label(vi, en), final=final, waiting_on=waiting_on, applicant_edits=edits,
                 queue=queue)


def _t(action, sources, target, roles, vi, en, **kw):
    roles = frozenset({roles} if isinstance(roles, str) else roles)
    return Transition(action, tuple(sources), target, roles, Label(vi, en), **kw)


# Who decides did not propose the decision, nor accept the dossier at intake.
DECIDERS_DID_NOT = ("propose_grant", "propose_refusal", "accept")

_OPEN = ("submitted", "returned", "in_appraisal", "supplement_requested", "consultation",
         "pending_approval")

# The one-stop-shop flow (domain reference §3.4), with every optional step present;
# each procedure removes what its law does not have.
BASE_FLOW = Flow(
    states=(
        _state("draft", "Bản nháp", "Draft", APPLICANT, edits=("form", "documents")),
        _state("submitted", "Đã nộp, chờ kiểm tra", "Submitted, awaiting intake check", SPECIALIST,
               queue="intake"),
        _state("returned", "Trả lại để hoàn thiện", "Returned for correction", APPLICANT,
               edits=("form", "documents"), queue="applicant"),
        _state("in_appraisal", "Đang thẩm định", "In appraisal", SPECIALIST, queue="appraisal"),
        _state("supplement_requested", "Yêu cầu bổ sung", "Supplementation requested", APPLICANT,
               edits=("documents",), queue="applicant"),
        _state("consultation", "Lấy ý kiến cơ quan liên quan", "Inter-agency consultation", SPECIALIST,
               queue="appraisal"),
        _state("pending_approval", "Chờ lãnh đạo phê duyệt", "Awaiting leader approval", LEADER,
               queue="approval"),
        _state("issued", "Đã cấp", "Issued", final=True),
        _state("refused", "Từ chối", "Refused", final=True),
        _state("rejected_at_intake", "Từ chối tiếp nhận", "Rejected at intake", final=True),
        _state("withdrawn", "Đã rút", "Withdrawn", final=True),
        _state("abandoned", "Coi như bỏ hồ sơ", "Deemed abandoned", final=True),
    ),
    transitions=(
        _t("submit", ["draft"], "submitted", APPLICANT, "Nộp hồ sơ", "Submit",
           guards=("fields_complete", "documents_complete", "preconditions_met",
                   "enterprise_verified"),
           effects=("assign_code",), clock="start_intake", letter="acknowledgement"),
        _t("return_for_correction", ["submitted"], "returned", SPECIALIST,
           "Trả lại để hoàn thiện", "Return for correction", needs_note=True,
           letter="supplementation"),
        _t("resubmit", ["returned"], "submitted", APPLICANT, "Nộp lại", "Resubmit",
           guards=("fields_complete", "documents_complete", "preconditions_met",
                   "enterprise_verified"),
           clock="start_intake", letter="acknowledgement"),
        _t("reject_at_intake", ["submitted"], "rejected_at_intake", SPECIALIST,
           "Từ chối tiếp nhận", "Reject at intake", needs_note=True, letter="intake_refusal",
           clock="stop"),
        _t("accept", ["submitted"], "in_appraisal", SPECIALIST, "Tiếp nhận", "Accept",
           effects=("verify_enterprise",), letter="receipt", clock="start_handling"),
        _t("request_supplement", ["in_appraisal"], "supplement_requested", SPECIALIST,
           "Yêu cầu bổ sung", "Request supplementation", guards=("supplement_allowed",),
           needs_note=True, letter="supplementation", clock="pause"),
        _t("answer_supplement", ["supplement_requested"], "in_appraisal", APPLICANT,
           "Gửi bổ sung", "Send supplement", needs_note=True, clock="resume"),
        _t("abandon", ["supplement_requested"], "abandoned", SPECIALIST,
           "Coi như bỏ hồ sơ", "Mark abandoned", guards=("answer_time_expired",), needs_note=True,
           clock="stop"),
        _t("start_consultation", ["in_appraisal"], "consultation", SPECIALIST,
           "Lấy ý kiến bộ, ngành", "Consult other agencies", needs_note=True, internal=True),
        _t("end_consultation", ["consultation"], "in_appraisal", SPECIALIST,
           "Kết thúc lấy ý kiến", "Close consultation", needs_note=True, internal=True),
        _t("propose_grant", ["in_appraisal"], "pending_approval", SPECIALIST,
           "Đề xuất cấp", "Propose grant", internal=True, outcome="grant"),
        _t("propose_refusal", ["in_appraisal"], "pending_approval", SPECIALIST,
           "Đề xuất từ chối", "Propose refusal", needs_note=True, internal=True, outcome="refusal"),
        _t("send_back", ["pending_approval"], "in_appraisal", LEADER,
           "Trả lại chuyên viên", "Send back to specialist", needs_note=True, internal=True),
        _t("approve", ["pending_approval"], "issued", LEADER, "Phê duyệt và cấp", "Approve and issue",
           guards=("follows_proposal", "result_issuable"), effects=("issue_document",),
           outcome="grant", clock="stop", separate_from=DECIDERS_DID_NOT),
        _t("refuse", ["pending_approval"], "refused", LEADER, "Từ chối", "Refuse", needs_note=True,
           outcome="refusal", letter="refusal", clock="stop", separate_from=DECIDERS_DID_NOT),
        _t("withdraw", _OPEN, "withdrawn", APPLICANT, "Rút hồ sơ", "Withdraw", clock="stop"),
    ),
)

SUPPLEMENTATION = ("request_supplement", "answer_supplement", "abandon")
CONSULTATION = ("start_consultation", "end_consultation")


def fee_before_issue(flow: Flow) -> Flow:
    """Approval allocates; the document is issued once the fee is paid (Decree 91 Art. 26)."""
    withdraw = flow.transition("withdraw")
    return (flow.changing("approve", target="awaiting_payment", effects=(), clock=None,
                          label=Label("Phê duyệt, chờ nộp phí", "Approve, awaiting fee"))
            .changing("withdraw", sources=withdraw.sources + ("awaiting_payment",))
            .adding(states=(_state("awaiting_payment", "Chờ nộp phí", "Awaiting fee payment",
                                   APPLICANT, queue="applicant"),),
                    transitions=(_t("confirm_payment", ["awaiting_payment"], "issued", SPECIALIST,
                                    "Xác nhận đã nộp phí và cấp", "Confirm fee paid and issue",
                                    guards=("result_issuable",), effects=("issue_document",),
                                    clock="stop"),)))


def handling_from_receipt(flow: Flow) -> Flow:
    """Where the law sets no separate intake check, the time limit runs once, from receipt
    (domain reference §6): submission starts the handling clock and acceptance leaves it."""
    return (flow.changing("submit", clock="start_handling")
            .changing("resubmit", clock="start_handling")
            .changing("accept", clock=None))


def restart_after_supplement(flow: Flow) -> Flow:
    """The time limit starts over from the supplemented dossier instead of continuing."""
    return flow.changing("answer_supplement", clock="restart")
