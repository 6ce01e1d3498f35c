"""The vocabulary procedures are declared in: plain data, no Flask.

A procedure is a table of states and transitions (action, sources, target, roles,
guards, effects, the letter it produces, what it does to the statutory clock) plus what a
business must know before applying. What a procedure issues is a result kind, with a
lifecycle of its own in the same vocabulary. The engine (`portal.engine`), the forms, the
checklists, the letters and the diagrams are all derived from these declarations.
"""
from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # duties.py declares its fields in this vocabulary
    from .duties import RecurringCharge, ReportingDuty

APPLICANT, SPECIALIST, LEADER, ADMIN = "applicant", "specialist", "leader", "admin"
# Reconciles the bank's statements with the fees owed (kế toán): no say over any dossier.
ACCOUNTANT = "accountant"
# The incident-response unit (procedures/incidents.py): sees incident cases, no dossier.
RESPONDER = "responder"
ROLES = (APPLICANT, SPECIALIST, LEADER, ADMIN, ACCOUNTANT, RESPONDER)
# Not a person's role: the portal itself, for what follows from another act or from time
# passing (a document superseded by its replacement, or expired).
SYSTEM = "system"
OFFICERS = frozenset({SPECIALIST, LEADER})

# What a transition does to the statutory clock (domain reference §3.2): start counting the
# intake check or the handling, pause it while the applicant supplements, then resume where
# it stopped or restart from the full limit, or stop it for good; "extend" moves the
# applicant's supplementation deadline to the date the act states.
# The effect that issues a procedure's result: the end of the way the step indicator shows.
ISSUES = "issue_document"

CLOCK_CHANGES = ("start_intake", "start_handling", "pause", "resume", "restart", "stop", "extend")


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
    # A note the actor may add (a decision's number and date); without either flag the act
    # takes none, and a note sent with it is dropped.
    optional_note: bool = False
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
    # The act issues a corrected copy of the document, the same validity, free (Decree 61/2018
    # Art. 21(1)): the officer states the corrected entries.
    corrects: bool = False
    # Grounds that are facts the portal knows: (ground, a check in portal/documents/lifecycle.py
    # GROUND_FACTS); such a ground is offered and accepted only while the check holds.
    ground_facts: tuple[tuple[str, str], ...] = ()
    # An act that lasts a period (a suspension) states its end, at most this many months on.
    max_months: int | None = None
    # The act states a date: the deadline asked for or given.
    dated: bool = False

    @property
    def takes_note(self) -> bool:
        return self.needs_note or self.optional_note
    # The one-stop desk may record this act for the applicant of a paper dossier: what the
    # applicant hands in at the counter or posts (a dossier, a resubmission, a supplement).
    at_desk: bool = False
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

    def to_result(self) -> tuple[str, ...]:
        """The actions on the way from the initial state to the issued document, never
        through a refusal: the step indicator's path and the full-time due date's."""
        return self.route(lambda t: ISSUES in t.effects, avoid=lambda t: t.outcome == "refusal")

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
class ApplicantType:
    """A kind of applicant the portal registers, and the identifier each has."""

    key: str
    label: Label
    identifier: Label  # what the identifier is called
    pattern: str  # a regular expression the whole identifier matches, as typed
    hint: Label
    person: bool = False  # an individual: no legal representative besides the person


@dataclass(frozen=True)
class Requirement:
    """One item of the dossier checklist. `when` names a condition (portal/dossiers/conditions.py)
    under which the item belongs to the dossier at all."""

    key: str
    label: Label
    required: bool = True
    types: tuple[str, ...] = ("pdf",)
    when: str | None = None
    # A statutory form the portal fills in from the application's answers (a template under
    # templates/pdf/forms/): the applicant reviews it and uploads nothing for this item.
    form: str | None = None


@dataclass(frozen=True)
class Precondition:
    """A condition checked when the dossier is submitted; `check` names a function in
    portal/guards.py PRECONDITIONS, `arg` is its parameter (e.g. a number of days)."""

    check: str
    label: Label
    arg: int | str | None = None
    when: str | None = None


@dataclass(frozen=True)
class Field:
    """One field of the application form. `kind` names a widget the forms know."""

    name: str
    kind: str
    label: Label
    required: bool = True
    choices: tuple[tuple[str, Label], ...] = ()
    max_length: int | None = None
    # A condition of the law the answer must meet (the one choice that satisfies it).
    must_be: str | None = None
    # The holder's detail a granted amendment replaces with this answer, when given.
    amends: str | None = None
    when: str | None = None


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
    """Fee in VND; `amount` None where the amount is not published (owed: to be announced)."""

    amount: int | None
    per_extra_item: int | None = None
    # The multiple-choice field whose answers are the items: each one beyond the first adds
    # `per_extra_item` (a business licence's additional products and services).
    items_field: str | None = None
    # The action that waits until the fee is paid: "accept" where the fee comes with the
    # application, "confirm_payment" where it is paid after the names are allocated. None: the
    # portal takes no payment for it.
    due_before: str | None = None
    note: Label | None = None

    def owed(self, form: dict) -> int | None:
        """What a dossier with this form owes, or None while the amount is not published."""
        if self.amount is None:
            return None
        items = len(form.get(self.items_field) or ()) if self.items_field else 1
        return self.amount + (self.per_extra_item or 0) * max(items - 1, 0)


@dataclass(frozen=True)
class Validity:
    """How long the result is valid: `years` counted from `base`.

    base "issue": from the issue date; "subject_expiry": from the expiry of the
    document the dossier starts from (years=0 keeps that expiry). years None: no end date,
    the result stands until it is replaced or revoked (an approval decision).
    """

    years: int | None
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
class Reminder:
    """A notice the holder's staff get once, `days` before a document of the kind expires;
    one that offers a renewal names the procedure and how many days before expiry it must be
    filed (its `filed_before_expiry` precondition)."""

    name: str
    days: int
    label: Label
    renew_with: str | None = None
    file_by_days: int | None = None

    def file_by(self, expiry: date) -> date | None:
        """The last day to file the renewal it offers, for a document expiring on `expiry`."""
        return expiry - timedelta(days=self.file_by_days) if self.file_by_days else None


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
    # The answers the public verification page shows as what the document covers.
    scope: tuple[str, ...] = ()
    reminders: tuple[Reminder, ...] = ()
    report: ReportingDuty | None = None  # procedures/duties.py
    charge: RecurringCharge | None = None  # procedures/duties.py


@dataclass(frozen=True)
class LegalText:
    """One text a procedure rests on; `confirmed` is False where the portal could not confirm
    that it applies to the version that cites it (domain reference §0, §6)."""

    label: Label
    confirmed: bool = True


@dataclass(frozen=True)
class Version:
    """The terms a dossier is handled under, from the day they take effect: a dossier keeps
    the version it was submitted under; a new version applies to new dossiers only."""

    effective_from: date
    checklist: tuple[Requirement, ...]
    time_limits: TimeLimits
    fee: Fee
    legal_basis: tuple[LegalText, ...]
    note: Label | None = None  # what changed, and what is not confirmed about it

    @property
    def key(self) -> str:
        """How a dossier names its version (stored with it)."""
        return self.effective_from.isoformat()


@dataclass(frozen=True)
class Revision:
    """A later version of a procedure: what changes from `effective_from` (None keeps what
    the version before it had)."""

    effective_from: date
    checklist: tuple[Requirement, ...] | None = None
    time_limits: TimeLimits | None = None
    fee: Fee | None = None
    legal_basis: tuple[LegalText, ...] | None = None
    note: Label | None = None


# The Ministry of Public Security took these procedures over on 1 March 2025 (domain
# reference §0): the declarations' first version takes effect on that day.
MPS_TAKEOVER = date(2025, 3, 1)


@dataclass(frozen=True)
class NationalCode:
    """The procedure's code in the national database of administrative procedures (mã thủ tục
    hành chính, csdl.dichvucong.gov.vn), which the national portal's status sync keys on.
    `confirmed` is False until someone has checked it against the published decision; `value`
    is None while it is not known at all."""

    value: str | None = None
    confirmed: bool = False


@dataclass(frozen=True)
class Procedure:
    """A procedure's checklist, time limits, fee and legal basis are those of its first
    version, effective from `effective_from`; later versions are `revisions`. For a dossier,
    read them from the version it is handled under (`version`), for the catalogue from the
    version in force (`in_force`)."""

    code: str
    name: Label
    short_name: Label
    service: str
    legal_basis: tuple[LegalText, ...]
    applicants: Label
    applicant_types: tuple[str, ...]  # keys of procedures.applicants.APPLICANT_TYPES
    preconditions: tuple[Precondition, ...]
    checklist: tuple[Requirement, ...]
    fields: tuple[Field, ...]
    time_limits: TimeLimits
    fee: Fee
    result: Result
    flow: Flow
    starts_from: str | None = None  # the kind of issued document a follow-on procedure amends
    # What an authorised representative files with the dossier when it acts for the applicant.
    by_agent: Requirement | None = None
    notes: tuple[Label, ...] = field(default_factory=tuple)
    effective_from: date = MPS_TAKEOVER
    revisions: tuple[Revision, ...] = ()
    national_code: NationalCode = NationalCode()
    # How a paper dossier may reach the desk: keys of procedures.intake.PAPER_CHANNELS (in
    # person or by post, Decree 108/2016 Art. 8; Decree 61/2018 Art. 20).
    paper_channels: tuple[str, ...] = ("counter", "post")

    @property
    def versions(self) -> tuple[Version, ...]:
        """Every version, oldest first, each a revision applied to the one before it."""
        versions = [Version(self.effective_from, self.checklist, self.time_limits, self.fee,
                            self.legal_basis)]
        for r in sorted(self.revisions, key=lambda r: r.effective_from):
            changed = {k: v for k in ("checklist", "time_limits", "fee", "legal_basis")
                       if (v := getattr(r, k)) is not None}
            versions.append(replace(versions[-1], effective_from=r.effective_from, note=r.note,
                                    **changed))
        return tuple(versions)

    def version(self, key: str) -> Version:
        return next(v for v in self.versions if v.key == key)

    def in_force(self, day: date) -> Version:
        """The version new dossiers take on `day` (the first one before it took effect)."""
        versions = self.versions
        return next((v for v in reversed(versions) if v.effective_from <= day), versions[0])


SERVICES = {
    "business_licence": Label("Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng",
                              "Business licence for network information security products and services"),
    "import_permit": Label("Giấy phép nhập khẩu sản phẩm an toàn thông tin mạng",
                           "Import permit for network information security products"),
    "identifier_name": Label("Giấy chứng nhận tên định danh",
                             "Identifier-name (sender brandname) certificate"),
    "security_level": Label("Cấp độ an toàn hệ thống thông tin", "Information system security levels"),
}


def to_mermaid(flow: Flow) -> str:
    """The flow as a Mermaid stateDiagram-v2, generated, never drawn by hand."""
    lines = ["stateDiagram-v2", f"    [*] --> {flow.initial}"]
    for t in flow.transitions:
        for source in t.sources:
            lines.append(f"    {source} --> {t.target}: {t.action}")
    lines += [f"    {name} --> [*]" for name in flow.final_states]
    return "\n".join(lines) + "\n"


def to_dot(flow: Flow, locale: str = "vi") -> str:
    """The flow as a Graphviz digraph with the states' and actions' labels in `locale`, for
    the catalogue's picture; final states are drawn with a double border."""
    lines = ["digraph workflow {",
             '  graph [rankdir=TB, bgcolor="transparent", fontname="DejaVu Sans"];',
             '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#5c5c5c", '
             'fontname="DejaVu Sans", fontsize=10];',
             '  edge [fontname="DejaVu Sans", fontsize=9, color="#5c5c5c"];']
    lines += [f"  {s.name} [label={_dot_text(s.label.get(locale))}"
              f"{', peripheries=2' if s.final else ''}];" for s in flow.states]
    lines += [f"  {source} -> {t.target} [label={_dot_text(t.label.get(locale))}];"
              for t in flow.transitions for source in t.sources]
    return "\n".join(lines + ["}"]) + "\n"


def _dot_text(text: str) -> str:
    """A DOT quoted string, wrapped at 24 characters so the boxes stay narrow."""
    rows = (row.replace("\\", "\\\\").replace('"', '\\"') for row in textwrap.wrap(text, 24))
    return '"' + "\\n".join(rows) + '"'


def _state(name, vi, en, waiting_on=None, final=False, edits=(), queue=None):
    return State(name, Label(vi, en), final=final, waiting_on=waiting_on, applicant_edits=edits,
                 queue=queue)


def _t(action, sources, target, roles, vi, en, **kw):
    roles = frozenset({roles} if isinstance(roles, str) else roles)
    return Transition(action, tuple(sources), target, roles, Label(vi, en), **kw)


# Who decides did not propose the decision, nor accept the dossier at intake.
DECIDERS_DID_NOT = ("propose_grant", "propose_refusal", "accept")

_OPEN = ("submitted", "returned", "in_appraisal", "supplement_requested", "extension_requested",
         "consultation", "pending_approval")

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
        # The applicant asked in writing for more time to supplement (Decree 108/2016 Art. 10):
        # the specialist decides; the clock stays paused and the applicant may still answer.
        _state("extension_requested", "Xin gia hạn thời hạn bổ sung, chờ xem xét",
               "Extension of the supplementation deadline requested", SPECIALIST,
               edits=("documents",), queue="appraisal"),
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
           guards=("applicant_accepted", "fields_complete", "documents_complete",
                   "preconditions_met", "enterprise_verified"),
           effects=("assign_code", "keep_version"), clock="start_intake", letter="acknowledgement",
           at_desk=True),
        _t("return_for_correction", ["submitted"], "returned", SPECIALIST,
           "Trả lại để hoàn thiện", "Return for correction", needs_note=True,
           letter="supplementation"),
        _t("resubmit", ["returned"], "submitted", APPLICANT, "Nộp lại", "Resubmit",
           guards=("fields_complete", "documents_complete", "preconditions_met",
                   "enterprise_verified"),
           clock="start_intake", letter="acknowledgement", at_desk=True),
        _t("reject_at_intake", ["submitted"], "rejected_at_intake", SPECIALIST,
           "Từ chối tiếp nhận", "Reject at intake", needs_note=True, letter="intake_refusal",
           clock="stop"),
        _t("accept", ["submitted"], "in_appraisal", SPECIALIST, "Tiếp nhận", "Accept",
           guards=("fee_paid",), effects=("verify_enterprise",), letter="receipt", clock="start_handling"),
        _t("request_supplement", ["in_appraisal"], "supplement_requested", SPECIALIST,
           "Yêu cầu bổ sung", "Request supplementation", guards=("supplement_allowed",),
           needs_note=True, letter="supplementation", clock="pause"),
        _t("answer_supplement", ["supplement_requested", "extension_requested"], "in_appraisal",
           APPLICANT, "Gửi bổ sung", "Send supplement", needs_note=True, clock="resume", at_desk=True),
        _t("request_extension", ["supplement_requested"], "extension_requested", APPLICANT,
           "Xin gia hạn thời hạn bổ sung", "Ask for more time to supplement", needs_note=True,
           dated=True, guards=("extension_not_granted", "answer_time_running", "deadline_later")),
        _t("grant_extension", ["extension_requested"], "supplement_requested", SPECIALIST,
           "Gia hạn thời hạn bổ sung", "Extend the supplementation deadline", dated=True,
           guards=("extension_not_granted", "deadline_later"), clock="extend"),
        _t("refuse_extension", ["extension_requested"], "supplement_requested", SPECIALIST,
           "Không gia hạn thời hạn bổ sung", "Refuse the extension", needs_note=True),
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

# A written request to push back the supplementation deadline, granted once at most.
EXTENSION = ("request_extension", "grant_extension", "refuse_extension")
SUPPLEMENTATION = ("request_supplement", "answer_supplement", "abandon", *EXTENSION)
CONSULTATION = ("start_consultation", "end_consultation")


def fee_before_issue(flow: Flow) -> Flow:
    """Approval allocates; the document is issued once the fee is paid (Decree 91 Art. 26)."""
    withdraw = flow.transition("withdraw")
    return (flow.changing("approve", target="awaiting_payment", effects=(), clock=None,
                          label=Label("Phê duyệt, chờ nộp phí", "Approve, awaiting fee"))
            .changing("withdraw", sources=withdraw.sources + ("awaiting_payment",))
            .adding(states=(_state("awaiting_payment", "Chờ nộp phí", "Awaiting fee payment",
                                   APPLICANT, queue="applicant"),),
                    # The portal itself once the payment is matched (a specialist may too).
                    transitions=(_t("confirm_payment", ["awaiting_payment"], "issued",
                                    (SPECIALIST, SYSTEM),
                                    "Xác nhận đã nộp phí và cấp", "Confirm fee paid and issue",
                                    guards=("fee_paid", "result_issuable"), effects=("issue_document",),
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
