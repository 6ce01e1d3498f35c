"""The data model. The database itself refuses what must never happen:
duplicate dossier codes or document numbers, a second document for one dossier,
a row pointing nowhere."""
from __future__ import annotations

from datetime import date, datetime, timezone

import secrets

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym
from werkzeug.security import check_password_hash, generate_password_hash

from procedures import DOCUMENT_STATUSES, PROCEDURES, RESULT_KINDS, ROLES, Version, incidents
from procedures.applicants import APPLICANT_TYPES, DEPENDENT_UNIT, ENTERPRISE
from procedures.delivery import DELIVERY_METHODS
from procedures.intake import PAPER_CHANNELS
from procedures.satisfaction import RATING_LEVELS

from portal.extensions import db
from portal.infra import workdays

CALENDAR_KINDS = ("day_off", "working_day")


def now() -> datetime:
    return datetime.now(timezone.utc)


RATING_KEYS = tuple(key for key, _ in RATING_LEVELS)
ADDRESSED = tuple(key for key, method in DELIVERY_METHODS.items() if method.needs_address)


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Enterprise(db.Model):
    """An applicant the portal registers: an enterprise, a dependent unit, an organisation, a
    household business or an individual (procedures/applicants.py), with its identifier."""

    __tablename__ = "enterprises"
    __table_args__ = (sa.UniqueConstraint("applicant_type", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_type: Mapped[str] = mapped_column(sa.String(20), default=ENTERPRISE,
                                                server_default=ENTERPRISE)
    # Mã số doanh nghiệp (digits only, 13 for a dependent unit), decision or registration
    # number, or citizen ID, as applicant_type says.
    code: Mapped[str] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(300))
    foreign_name: Mapped[str | None] = mapped_column(sa.String(300))
    address: Mapped[str] = mapped_column(sa.String(500))
    legal_representative: Mapped[str] = mapped_column(sa.String(200))
    foreign_invested: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)
    # Control of the enterprise proven: by the national identity provider, whose claims carry
    # its code, or by an officer accepting its dossier at intake. Until then anyone could have
    # registered the code, so it submits one dossier at a time (guards.enterprise_verified).
    verified: Mapped[bool] = mapped_column(default=False)

    users: Mapped[list[User]] = relationship(back_populates="enterprise")
    revisions: Mapped[list[EnterpriseRevision]] = relationship(
        back_populates="enterprise", order_by="EnterpriseRevision.id")

    PROFILE = ("name", "foreign_name", "address", "legal_representative")

    def __init__(self, **kw):
        """A new applicant's record starts its history with the details it registers."""
        super().__init__(**kw)
        self.revisions.append(EnterpriseRevision(**self._profile()))

    def _profile(self) -> dict:
        return {key: getattr(self, key) for key in self.PROFILE}

    def amend(self, changes: dict, dossier: Dossier) -> None:
        """Take the details a granted amendment changes; the history records them."""
        for key, value in changes.items():
            setattr(self, key, value)
        self.revisions.append(EnterpriseRevision(**self._profile(), dossier=dossier))

    @property
    def display_code(self) -> str:
        return display_code(self.applicant_type, self.code)

    @property
    def kind(self):
        return APPLICANT_TYPES[self.applicant_type]


def display_code(applicant_type: str, code: str) -> str:
    """An applicant's code as printed: 10-3 for a dependent unit (mã đơn vị phụ thuộc), else
    as stored."""
    if applicant_type == DEPENDENT_UNIT:
        return f"{code[:10]}-{code[10:]}"
    return code


class EnterpriseRevision(db.Model):
    """The holder's details from a moment on: at registration, and after each granted
    amendment. What a document printed stays in its own data; this is the holder's history."""

    __tablename__ = "enterprise_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(sa.ForeignKey("enterprises.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    foreign_name: Mapped[str | None] = mapped_column(sa.String(300))
    address: Mapped[str] = mapped_column(sa.String(500))
    legal_representative: Mapped[str] = mapped_column(sa.String(200))
    # The granted amendment that made this revision; None at registration.
    dossier_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dossiers.id"), unique=True)
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)

    enterprise: Mapped[Enterprise] = relationship(back_populates="revisions")
    dossier: Mapped[Dossier | None] = relationship()


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint(_in("role", ROLES), name="role_known"),
        # An applicant always acts for an enterprise; officers never do.
        sa.CheckConstraint("(role = 'applicant') = (enterprise_id IS NOT NULL)",
                           name="applicant_has_enterprise"),
        # The officers of a role by name (the queue's filter, who is notified) without reading
        # every applicant's account: a scan of 2,000 users took 0.4 ms a queue page, 20,000 4 ms.
        sa.Index("ix_users_role_full_name", "role", "full_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    role: Mapped[str] = mapped_column(sa.String(20))
    enterprise_id: Mapped[int | None] = mapped_column(sa.ForeignKey("enterprises.id"), index=True)
    locale: Mapped[str] = mapped_column(sa.String(5), default="vi")
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the signed session cookie: changing it (sign-out, new password) ends every
    # session of this user, even a copied cookie.
    session_token: Mapped[str | None] = mapped_column(sa.String(32))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)
    # The second factor (RFC 6238): the shared secret, and the last time step a code was
    # accepted for, so a code seen over a shoulder or replayed cannot be used again.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(32))
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    # The person's subject at the national identity provider (OpenID Connect `sub`).
    oidc_subject: Mapped[str | None] = mapped_column(sa.String(255), unique=True)

    enterprise: Mapped[Enterprise | None] = relationship(back_populates="users")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.end_sessions()

    def set_unusable_password(self) -> None:
        """A random password nobody knows: the person sets their own through an e-mailed link,
        or signs in through the identity provider only."""
        self.set_password(secrets.token_urlsafe(32))

    def end_sessions(self) -> None:
        self.session_token = secrets.token_hex(16)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:
        return self.active


TOKEN_PURPOSES = ("password_reset", "invitation")


class AccountToken(db.Model):
    """A link that lets its holder set a user's password: a reset asked for, or an invitation
    (a colleague added, an officer created). Only the SHA-256 of the random token is kept,
    so neither the database nor an administrator can use a link; it works once, until
    `expires_at`."""

    __tablename__ = "account_tokens"
    __table_args__ = (sa.CheckConstraint(_in("purpose", TOKEN_PURPOSES), name="purpose_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(20))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    user: Mapped[User] = relationship()


# What an API token may do: read its enterprise's dossiers, or also file and answer them.
READ_SCOPE, SUBMIT_SCOPE = "read", "submit"


class ApiToken(db.Model):
    """A personal access token for the API: acts as its user, within its scopes, until it
    expires or is revoked. Only the SHA-256 of the token is kept; it is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    scopes: Mapped[list] = mapped_column(sa.JSON)  # READ_SCOPE and/or SUBMIT_SCOPE
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    user: Mapped[User] = relationship()


class RecoveryCode(db.Model):
    """A one-time code that stands in for the second factor when the phone is lost; only
    its SHA-256 is kept, and it is spent on first use."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))


class Dossier(db.Model):
    """One application (hồ sơ). Only portal.engine writes `state`."""

    __tablename__ = "dossiers"
    __table_args__ = (
        sa.Index("ix_dossiers_state_procedure", "state", "procedure"),
        # The officers' queues: keyset pages in due-date order, per state or across states.
        sa.Index("ix_dossiers_due_on_id", "due_on", "id"),
        sa.Index("ix_dossiers_state_due_on_id", "state", "due_on", "id"),
        # An enterprise's own list, newest first, a keyset page at a time.
        sa.Index("ix_dossiers_enterprise_id_id", "enterprise_id", "id"),
        # ... and the dossiers a representative files for its clients.
        sa.Index("ix_dossiers_agent_id_id", "agent_id", "id"),
        # A submitted dossier is handled under the version of its procedure it was submitted under.
        sa.CheckConstraint("code IS NULL OR procedure_version IS NOT NULL",
                           name="submitted_under_a_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Given at submission, in the configured pattern (DOSSIER_CODE_PATTERN).
    code: Mapped[str | None] = mapped_column(sa.String(40), unique=True)
    procedure: Mapped[str] = mapped_column(sa.String(30))
    procedure_version: Mapped[str | None] = mapped_column(sa.String(10))  # a Version's key
    # active_history: the value before a change is loaded, so the due-date counts
    # (portal/reports/summary.py) can take the dossier out of where it was.
    state: Mapped[str] = mapped_column(sa.String(30), active_history=True)
    enterprise_id: Mapped[int] = mapped_column(sa.ForeignKey("enterprises.id"))
    # An authorised representative (a law or consulting firm) filing for the enterprise.
    agent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("enterprises.id"))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    # The issued document a follow-on procedure (amend, renew, re-issue) starts from.
    subject_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("issued_documents.id", use_alter=True))  # the two tables refer to each other
    form_data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now, onupdate=now)
    submitted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # When the officers' current step is due, and when the result is due: the date the
    # receipts give (portal/dossiers/clock.py keeps both as the declarations say).
    due_on: Mapped[date | None] = mapped_column(sa.Date, active_history=True)
    result_due: Mapped[date | None] = mapped_column(sa.Date)
    # The statutory clock: working days left while it is paused for the applicant, and the
    # due date before the one late-processing apology (set once, never cleared).
    clock_remaining: Mapped[int | None]
    rescheduled_from: Mapped[date | None] = mapped_column(sa.Date)

    # A stale UPDATE (someone else moved the dossier first) matches no row and fails.
    __mapper_args__ = {"version_id_col": version}

    enterprise: Mapped[Enterprise] = relationship(foreign_keys=[enterprise_id])
    agent: Mapped[Enterprise | None] = relationship(foreign_keys=[agent_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    # How the result reaches the applicant, once chosen (portal/dossiers/delivery.py).
    delivery: Mapped[Delivery | None] = relationship(viewonly=True)
    # How a paper dossier reached the desk; None for one filed online.
    paper: Mapped[PaperIntake | None] = relationship(viewonly=True)
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    subject: Mapped[IssuedDocument | None] = relationship(foreign_keys=[subject_id])
    uploads: Mapped[list[Upload]] = relationship(back_populates="dossier", order_by="Upload.id")
    events: Mapped[list[WorkflowEvent]] = relationship(back_populates="dossier",
                                                       order_by="WorkflowEvent.id")
    notes: Mapped[list[DossierNote]] = relationship(back_populates="dossier",
                                                    order_by="DossierNote.id")
    ticks: Mapped[list[ChecklistTick]] = relationship(back_populates="dossier")

    def __init__(self, **kw):
        """A new dossier starts in its procedure's initial state."""
        kw.setdefault("state", PROCEDURES[kw["procedure"]].flow.initial)
        super().__init__(**kw)

    def filed_by(self, enterprise_id: int | None) -> bool:
        """The enterprise applying, or the representative filing for it."""
        return enterprise_id is not None and enterprise_id in (self.enterprise_id, self.agent_id)

    @property
    def rules(self) -> Version:
        """The checklist, time limits, fee and legal basis the dossier is handled under: the
        version it was submitted under, or for a draft the version in force today."""
        procedure = PROCEDURES[self.procedure]
        if self.procedure_version is None:
            return procedure.in_force(workdays.today())
        return procedure.version(self.procedure_version)


class StoredFile:
    """What the portal keeps of a file someone sent (the bytes live under instance/ by hash,
    portal/infra/files.py): its name as sent, checked type, size, digest, who and when."""

    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)


class Upload(StoredFile, db.Model):
    """A file uploaded for one checklist item."""

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id", ondelete="CASCADE"),
                                            index=True)
    requirement: Mapped[str] = mapped_column(sa.String(60))

    dossier: Mapped[Dossier] = relationship(back_populates="uploads")


class WorkflowEvent(db.Model):
    """The history: one row per transition, written in the transition's transaction."""

    __tablename__ = "workflow_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id"), index=True)
    # None: the portal itself (the certificate issued once its fee's payment is matched).
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(sa.String(40))
    from_state: Mapped[str] = mapped_column(sa.String(30))
    to_state: Mapped[str] = mapped_column(sa.String(30))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    # The date a dated act states (a supplementation deadline asked for or given).
    until: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)

    dossier: Mapped[Dossier] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class PeriodicReport(db.Model):
    """A holder's yearly report on a document, as its kind's duty declares
    (procedures/duties.py): one a document and year, filed once."""

    __tablename__ = "periodic_reports"
    __table_args__ = (sa.UniqueConstraint("document_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("issued_documents.id"))
    year: Mapped[int]
    form_data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    submitted_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)

    document: Mapped[IssuedDocument] = relationship()


class ChargePayment(db.Model):
    """A recurring charge paid for one period of a document (procedures/duties.py), as an
    officer recorded it: one a document and due date."""

    __tablename__ = "charge_payments"
    __table_args__ = (sa.UniqueConstraint("document_id", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("issued_documents.id"))
    due_on: Mapped[date]
    paid_on: Mapped[date]
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)


class PaperIntake(db.Model):
    """A dossier handed in at the counter or posted (procedures/intake.py): when the desk
    received it, which is the day its clock counts from, and who recorded it."""

    __tablename__ = "paper_intakes"
    __table_args__ = (sa.CheckConstraint(_in("channel", tuple(PAPER_CHANNELS)), name="channel_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id"), unique=True)
    channel: Mapped[str] = mapped_column(sa.String(10))
    received_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    reference: Mapped[str] = mapped_column(sa.String(40), default="")  # the postal item's number
    # The desk's form's own key: a second click sends it again and is refused here.
    form_key: Mapped[str] = mapped_column(sa.String(32), unique=True)
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)

    recorded_by: Mapped[User] = relationship()

    @property
    def kind(self):
        return PAPER_CHANNELS[self.channel]


class Delivery(db.Model):
    """How the dossier's result reaches the applicant (procedures/delivery.py): chosen by the
    applicant until a paper copy leaves the office, then the hand-over or posting as recorded."""

    __tablename__ = "deliveries"
    __table_args__ = (
        sa.CheckConstraint(_in("method", tuple(DELIVERY_METHODS)), name="method_known"),
        sa.CheckConstraint(f"method NOT IN ({', '.join(repr(k) for k in ADDRESSED)}) OR address <> ''",
                           name="posted_has_address"),
        sa.CheckConstraint("(handed_at IS NULL) = (proof = '')", name="handed_with_proof"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id"), unique=True)
    method: Mapped[str] = mapped_column(sa.String(10))
    address: Mapped[str] = mapped_column(sa.String(500), default="")
    handed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    proof: Mapped[str] = mapped_column(sa.String(200), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    recorded_by: Mapped[User | None] = relationship()

    @property
    def kind(self):
        return DELIVERY_METHODS[self.method]


class Rating(db.Model):
    """An applicant's rating of the service once the dossier has its result: one per dossier."""

    __tablename__ = "ratings"
    __table_args__ = (sa.CheckConstraint(_in("level", RATING_KEYS), name="level_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id"), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    level: Mapped[str] = mapped_column(sa.String(20))
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)

    dossier: Mapped[Dossier] = relationship()


class DossierNote(db.Model):
    """An officer's note on a dossier: internal, or a message the applicant reads."""

    __tablename__ = "dossier_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id", ondelete="CASCADE"),
                                            index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(sa.Text)
    internal: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)

    dossier: Mapped[Dossier] = relationship(back_populates="notes")
    author: Mapped[User] = relationship()


class ChecklistTick(db.Model):
    """A checklist item an officer has found in order. Kept apart from the dossier,
    so ticking does not bump the dossier's version under a colleague's open page."""

    __tablename__ = "checklist_ticks"

    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id", ondelete="CASCADE"),
                                            primary_key=True)
    requirement: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    ticked_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    ticked_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)

    dossier: Mapped[Dossier] = relationship(back_populates="ticks")


class IssuedDocument(db.Model):
    """What a procedure produces, of a kind declared in procedures/results.py. Only
    portal.engine writes `status`, as the kind's lifecycle says."""

    __tablename__ = "issued_documents"
    __table_args__ = (
        sa.CheckConstraint(_in("status", DOCUMENT_STATUSES), name="status_known"),
        sa.CheckConstraint("valid_until >= valid_from", name="validity_ordered"),
        sa.UniqueConstraint("dossier_id", "edition"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(30))
    number: Mapped[str] = mapped_column(sa.String(40), unique=True)
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id"))
    # 1 as issued; each correction of the authority's error issues the next (one of each).
    edition: Mapped[int] = mapped_column(default=1)
    enterprise_id: Mapped[int] = mapped_column(sa.ForeignKey("enterprises.id"), index=True)
    supersedes_id: Mapped[int | None] = mapped_column(sa.ForeignKey("issued_documents.id"),
                                                      unique=True)
    status: Mapped[str] = mapped_column(sa.String(20))
    state = synonym("status")  # what the engine calls it, as for dossiers
    suspended_until: Mapped[date | None] = mapped_column(sa.Date)  # set by the suspension
    valid_from: Mapped[date]
    # None: in force until replaced or revoked (a validity of no years).
    valid_until: Mapped[date | None]
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # what the document states
    # The signed PDF as issued, stored under instance/issued/<sha256>.pdf. Documents issued
    # before PDFs existed have none.
    sha256: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)

    dossier: Mapped[Dossier] = relationship(foreign_keys=[dossier_id])
    enterprise: Mapped[Enterprise] = relationship()
    supersedes: Mapped[IssuedDocument | None] = relationship(remote_side=[id])
    events: Mapped[list[DocumentEvent]] = relationship(back_populates="document",
                                                       order_by="DocumentEvent.id")

    def __init__(self, **kw):
        """A new document starts in its kind's initial state (in force)."""
        kw.setdefault("status", RESULT_KINDS[kw["kind"]].lifecycle.initial)
        super().__init__(**kw)


class IssuedLetter(db.Model):
    """A letter or decision as the authority wrote it (procedures/results.py LETTERS): numbered,
    rendered, signed and stored once, in the transaction of the event that made it."""

    __tablename__ = "issued_letters"
    __table_args__ = (sa.UniqueConstraint("year", "number", name="number_once_a_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(40))
    number: Mapped[str] = mapped_column(sa.String(40))  # as printed: 15/QĐ-ANM
    year: Mapped[int]
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)  # /verify/<code>: QD-ANM-2026-00015
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("issued_documents.id"), index=True)
    # The event that made it; the apology has none (the dossier stays where it is).
    workflow_event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("workflow_events.id"), unique=True)
    document_event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("document_events.id"), unique=True)
    written_on: Mapped[date]
    sha256: Mapped[str] = mapped_column(sa.String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)

    dossier: Mapped[Dossier] = relationship()
    document: Mapped[IssuedDocument | None] = relationship()


class DocumentReminder(db.Model):
    """A reminder its kind declares (procedures/results.py), sent once for one document: the
    unique pair is what makes the daily command safe to run twice, or on two instances."""

    __tablename__ = "document_reminders"
    __table_args__ = (sa.UniqueConstraint("document_id", "reminder"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("issued_documents.id"))
    reminder: Mapped[str] = mapped_column(sa.String(30))
    sent_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)


class DocumentEvent(db.Model):
    """A document's history: one row per change of its lifecycle (suspension, lifting,
    revocation, replacement, expiry), written in the change's transaction."""

    __tablename__ = "document_events"
    __table_args__ = (
        sa.CheckConstraint(_in("from_status", DOCUMENT_STATUSES), name="from_status_known"),
        sa.CheckConstraint(_in("to_status", DOCUMENT_STATUSES), name="to_status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("issued_documents.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))  # None: the portal
    action: Mapped[str] = mapped_column(sa.String(20))
    from_status: Mapped[str] = mapped_column(sa.String(20))
    to_status: Mapped[str] = mapped_column(sa.String(20))
    ground: Mapped[str] = mapped_column(sa.String(40), default="")
    note: Mapped[str] = mapped_column(sa.Text, default="")
    until: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)

    document: Mapped[IssuedDocument] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class CalendarDay(db.Model):
    """An exception to the weekday rule: a day off, or a make-up working Saturday."""

    __tablename__ = "calendar_days"
    __table_args__ = (sa.CheckConstraint(_in("kind", CALENDAR_KINDS), name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    note: Mapped[str] = mapped_column(sa.String(200), default="")


class IdentifierName(db.Model):
    """An identifier name allocated to one holder, from the grant's approval (Decree 91/2020
    Art. 26) until it is revoked or the grant withdrawn before payment. The primary key is
    what keeps two holders from ever having the same name."""

    __tablename__ = "identifier_names"

    name: Mapped[str] = mapped_column(sa.String(11), primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(sa.ForeignKey("enterprises.id"), index=True)
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id"), index=True)
    allocated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)

    dossier: Mapped[Dossier] = relationship()


class Counter(db.Model):
    """Sequences per name and year (dossier codes, document numbers), incremented in
    the transaction that uses the value, so a rolled-back issuance gives it back."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


class OutboxMessage(db.Model):
    """An e-mail written in the transaction that caused it and sent after commit,
    retried until the SMTP server takes it."""

    __tablename__ = "outbox"
    __table_args__ = (sa.Index("ix_outbox_pending", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)
    next_attempt_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    sent_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))


class WebhookDelivery(db.Model):
    """A status change for one subscriber (config WEBHOOK_SUBSCRIBERS), written in the
    transaction of the change and delivered after commit, in order within its stream (one
    dossier and the documents it produced); set aside after repeated failure until re-sent."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (sa.Index("ix_webhook_deliveries_stream", "subscriber", "stream", "id"),
                      sa.Index("ix_webhook_deliveries_pending", "delivered_at", "next_attempt_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    subscriber: Mapped[str] = mapped_column(sa.String(40))
    stream: Mapped[str] = mapped_column(sa.String(60))
    event: Mapped[str] = mapped_column(sa.String(40))
    body: Mapped[str] = mapped_column(sa.Text)  # the JSON exactly as signed and sent
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)
    next_attempt_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    delivered_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    set_aside_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))


class AuditRecord(db.Model):
    """One accountable act, chained to the one before by hash: a changed or removed row
    breaks every hash after it. The database refuses UPDATE and DELETE (see migration)."""

    __tablename__ = "audit_records"
    __table_args__ = (sa.Index("ix_audit_records_verb_at", "verb", "at"),
                      sa.Index("ix_audit_records_target", "target"))

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(sa.String(254), default="")  # e-mail at the time
    verb: Mapped[str] = mapped_column(sa.String(40))
    target: Mapped[str] = mapped_column(sa.String(100), default="")
    payload: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    ip: Mapped[str] = mapped_column(sa.String(45), default="")
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64), unique=True)


class AuditHead(db.Model):
    """The chain's last link, one row: updating it first serialises writers on every database."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(default=0)
    hash: Mapped[str] = mapped_column(sa.String(64), default="0" * 64)


class Notification(db.Model):
    """A message in the portal for one user, written in their language when it happened."""

    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    dossier_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dossiers.id"))
    message: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)
    read_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))


PAYMENT_METHODS = ("transfer", "gateway")
# What reconciliation made of a statement's line: matched to the fee it pays, or left for the
# accountant to settle (an amount other than the one owed, a reference to no dossier owing a
# fee, or a second payment of a fee already paid), and "settled" once they have.
TRANSFER_OUTCOMES = ("matched", "wrong_amount", "unknown_reference", "duplicate", "settled")


class BankTransfer(db.Model):
    """One credit line of a bank statement the accountant uploaded. The bank's own reference
    is unique, so a statement read twice adds nothing."""

    __tablename__ = "bank_transfers"
    __table_args__ = (sa.CheckConstraint(_in("outcome", TRANSFER_OUTCOMES), name="outcome_known"),
                      sa.Index("ix_bank_transfers_outcome", "outcome"))

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_reference: Mapped[str] = mapped_column(sa.String(60), unique=True)
    booked_on: Mapped[date]
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    payer: Mapped[str] = mapped_column(sa.String(200), default="")
    # The dossier whose payment reference the description carries, if any.
    dossier_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dossiers.id"), index=True)
    outcome: Mapped[str] = mapped_column(sa.String(20))
    statement: Mapped[str] = mapped_column(sa.String(255), default="")  # the file's name
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)
    settled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    settled_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    settle_note: Mapped[str] = mapped_column(sa.Text, default="")

    dossier: Mapped[Dossier | None] = relationship()


class Payment(db.Model):
    """A dossier's fee, paid: by a bank transfer matched to it, or through the payment gateway.
    A dossier pays once, a transfer pays one fee and a gateway transaction counts once (the
    unique constraints). Its e-receipt (biên lai điện tử) is numbered in its series, signed and
    stored once, like a letter."""

    __tablename__ = "payments"
    __table_args__ = (sa.CheckConstraint(_in("method", PAYMENT_METHODS), name="method_known"),
                      sa.CheckConstraint("amount > 0", name="amount_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(sa.ForeignKey("dossiers.id"), unique=True)
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    method: Mapped[str] = mapped_column(sa.String(20))
    transfer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("bank_transfers.id"), unique=True)
    gateway_transaction: Mapped[str | None] = mapped_column(sa.String(80), unique=True)
    paid_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)
    receipt_number: Mapped[str] = mapped_column(sa.String(40), unique=True)
    receipt_sha256: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    # A fee paid back (the dossier withdrawn before appraisal, a payment made twice).
    refunded_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    refund_note: Mapped[str] = mapped_column(sa.Text, default="")

    dossier: Mapped[Dossier] = relationship()
    transfer: Mapped[BankTransfer | None] = relationship()


class Incident(db.Model):
    """A cybersecurity incident an organisation reported (procedures/incidents.py): its
    acknowledgement code, what happened, the regime whose staged reports it owes, and the
    case's state, which only portal/incidents/cases.py writes."""

    __tablename__ = "incidents"
    __table_args__ = (
        sa.CheckConstraint(_in("regime", incidents.REGIMES), name="regime_known"),
        sa.CheckConstraint(_in("severity", incidents.SEVERITIES), name="severity_known"),
        sa.CheckConstraint(_in("incident_type", incidents.INCIDENT_TYPES), name="type_known"),
        sa.CheckConstraint(_in("tlp", incidents.TLP_LABELS), name="tlp_known"),
        sa.CheckConstraint(_in("state", incidents.CASE_FLOW.state_names), name="state_known"),
        sa.Index("ix_incidents_state_severity", "state", "severity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ack_code: Mapped[str] = mapped_column(sa.String(30), unique=True)
    enterprise_id: Mapped[int] = mapped_column(sa.ForeignKey("enterprises.id"), index=True)
    reporter_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    regime: Mapped[str] = mapped_column(sa.String(30))
    system: Mapped[str] = mapped_column(sa.String(300))  # the affected system
    detected_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    reported_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)
    incident_type: Mapped[str] = mapped_column(sa.String(30))
    severity: Mapped[str] = mapped_column(sa.String(20))
    impact: Mapped[str] = mapped_column(sa.Text)
    actions_taken: Mapped[str] = mapped_column(sa.Text)
    tlp: Mapped[str] = mapped_column(sa.String(20))
    state: Mapped[str] = mapped_column(sa.String(30))
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    enterprise: Mapped[Enterprise] = relationship()
    reporter: Mapped[User] = relationship()
    reports: Mapped[list[IncidentReport]] = relationship(back_populates="incident",
                                                          order_by="IncidentReport.id")
    events: Mapped[list[IncidentEvent]] = relationship(back_populates="incident",
                                                        order_by="IncidentEvent.id")
    indicators: Mapped[list[IncidentIndicator]] = relationship(back_populates="incident",
                                                                order_by="IncidentIndicator.id")
    attachments: Mapped[list[IncidentAttachment]] = relationship(back_populates="incident",
                                                                  order_by="IncidentAttachment.id")
    coordination: Mapped[list[IncidentCoordination]] = relationship(
        back_populates="incident", order_by="IncidentCoordination.id")


class IncidentReport(db.Model):
    """One staged report of a case (the first comes with the case), with its own TLP label."""

    __tablename__ = "incident_reports"
    __table_args__ = (sa.CheckConstraint(_in("stage", incidents.STAGE_CODES), name="stage_known"),
                      sa.CheckConstraint(_in("tlp", incidents.TLP_LABELS), name="tlp_known"))

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(sa.ForeignKey("incidents.id"), index=True)
    stage: Mapped[str] = mapped_column(sa.String(30))
    body: Mapped[str] = mapped_column(sa.Text)
    tlp: Mapped[str] = mapped_column(sa.String(20))
    filed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    filed_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)

    incident: Mapped[Incident] = relationship(back_populates="reports")
    filed_by: Mapped[User] = relationship()


class IncidentEvent(db.Model):
    """A case's history: one row per step of its workflow (a question, an answer, the
    closing), written in the step's transaction."""

    __tablename__ = "incident_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(sa.ForeignKey("incidents.id"), index=True)
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(sa.String(40))
    from_state: Mapped[str] = mapped_column(sa.String(30))
    to_state: Mapped[str] = mapped_column(sa.String(30))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)

    incident: Mapped[Incident] = relationship(back_populates="events")
    actor: Mapped[User] = relationship()


class IncidentIndicator(db.Model):
    """An indicator of compromise a case reported; the same kind and value in two cases
    links them for the unit."""

    __tablename__ = "incident_indicators"
    __table_args__ = (sa.UniqueConstraint("incident_id", "kind", "value"),
                      sa.CheckConstraint(_in("kind", incidents.INDICATOR_KINDS), name="kind_known"),
                      sa.CheckConstraint(_in("tlp", incidents.TLP_LABELS), name="tlp_known"),
                      sa.Index("ix_incident_indicators_kind_value", "kind", "value"))

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(sa.ForeignKey("incidents.id"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    value: Mapped[str] = mapped_column(sa.String(500))  # normalised (portal/incidents/cases.py)
    tlp: Mapped[str] = mapped_column(sa.String(20))

    incident: Mapped[Incident] = relationship(back_populates="indicators")


class IncidentAttachment(StoredFile, db.Model):
    """A file for a case (a log, a list of indicators), checked as every upload is and stored by
    hash beside them; it carries its own TLP label."""

    __tablename__ = "incident_attachments"
    __table_args__ = (sa.CheckConstraint(_in("tlp", incidents.TLP_LABELS), name="tlp_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(sa.ForeignKey("incidents.id"), index=True)
    tlp: Mapped[str] = mapped_column(sa.String(20))

    incident: Mapped[Incident] = relationship(back_populates="attachments")


class IncidentCoordination(db.Model):
    """What the unit agreed with another response team about a case (internal to the unit)."""

    __tablename__ = "incident_coordination"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(sa.ForeignKey("incidents.id"), index=True)
    team: Mapped[str] = mapped_column(sa.String(200))
    note: Mapped[str] = mapped_column(sa.Text)
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)

    incident: Mapped[Incident] = relationship(back_populates="coordination")
    recorded_by: Mapped[User] = relationship()


class IncidentReminder(db.Model):
    """A reminder that a stage's report is due, sent once for one case: the unique pair makes
    the hourly command safe to run twice, or on two instances."""

    __tablename__ = "incident_reminders"
    __table_args__ = (sa.UniqueConstraint("incident_id", "reminder"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(sa.ForeignKey("incidents.id"))
    reminder: Mapped[str] = mapped_column(sa.String(60))
    sent_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=now)


class ServiceCount(db.Model):
    """The reports' summary (portal/reports/summary.py): what happened to dossiers of one
    procedure in one month, by the specialist handling them, counted in the transaction of
    each history row, payment and rating, so the leaders' page adds up a few hundred rows
    instead of reading the history. `flask reports rebuild` recounts it from the history."""

    __tablename__ = "service_counts"
    __table_args__ = (sa.CheckConstraint("handling_days >= 0", name="handling_days_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date]  # its first day
    procedure: Mapped[str] = mapped_column(sa.String(30))
    specialist_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    received: Mapped[int] = mapped_column(default=0)
    granted: Mapped[int] = mapped_column(default=0)
    refused: Mapped[int] = mapped_column(default=0)
    abandoned: Mapped[int] = mapped_column(default=0)
    withdrawn: Mapped[int] = mapped_column(default=0)
    on_time: Mapped[int] = mapped_column(default=0)
    late: Mapped[int] = mapped_column(default=0)
    rescheduled: Mapped[int] = mapped_column(default=0)
    supplemented: Mapped[int] = mapped_column(default=0)
    handling_days: Mapped[int] = mapped_column(default=0)  # working days, summed over handled
    digital_results: Mapped[int] = mapped_column(default=0)
    rated: Mapped[int] = mapped_column(default=0)
    satisfied: Mapped[int] = mapped_column(default=0)
    fees: Mapped[int] = mapped_column(sa.BigInteger, default=0)  # VND, less refunds

    specialist: Mapped[User | None] = relationship()


# One row a month, procedure and specialist (none: 0): what the summary's upsert names.
NO_SPECIALIST = sa.literal_column("0")
SERVICE_COUNT_KEY = (ServiceCount.month, ServiceCount.procedure,
                     sa.func.coalesce(ServiceCount.specialist_id, NO_SPECIALIST))
sa.Index("ux_service_counts_key", *SERVICE_COUNT_KEY, unique=True)


class DueCount(db.Model):
    """How many open dossiers of a procedure, in the officers' turn, are due on a day: kept
    with every change of a dossier's state or due date, so "overdue now" is a sum over the
    days before today, not a count over the dossiers."""

    __tablename__ = "due_counts"
    __table_args__ = (sa.CheckConstraint("dossiers >= 0", name="dossiers_positive"),)

    due_on: Mapped[date] = mapped_column(primary_key=True)
    procedure: Mapped[str] = mapped_column(sa.String(30), primary_key=True)
    dossiers: Mapped[int] = mapped_column(default=0)
