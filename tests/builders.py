"""Hand-made builders for tests (after redash): small, explicit, no factory library."""
from functools import cache
from itertools import count

import pyotp
from werkzeug.security import generate_password_hash

from procedures import APPLICANT, PROCEDURES, SYSTEM
from portal.demo import attach_documents, pay_before, sample_form
from portal.extensions import db
from portal.fees import amounts, payments
from portal.infra import totp
from portal.web.access import REQUIRED_FOR
from portal.models import Dossier, Enterprise, IssuedDocument, User
from portal.engine import fire

PASSWORD = "secret-pass-1"
_seq = count(1)


@cache
def _password_hash() -> str:
    """A real scrypt hash of PASSWORD, made once: sign-ins still check it for real, but the
    suite no longer spends a tenth of a second hashing the same password for every user."""
    return generate_password_hash(PASSWORD, method="scrypt")


# Each kind of document, from the first procedure that grants it afresh (not a follow-on).
GRANT_FOR = {p.result.kind: code for code, p in reversed(PROCEDURES.items()) if not p.starts_from}
# Values the sample form must take for a procedure's preconditions to hold.
FORM_OVERRIDES = {"bl_grant_sec": {"categories": ["S-TEST", "P-MON"]}}


def make_enterprise(**kw) -> Enterprise:
    n = next(_seq)
    enterprise = Enterprise(code=kw.pop("code", f"{n:010d}"),
                            name=kw.pop("name", f"Công ty TNHH An toàn Thông tin Số {n}"),
                            address="Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội",
                            legal_representative=kw.pop("legal_representative", "Nguyễn Văn Ánh"),
                            **{"verified": True, **kw})
    db.session.add(enterprise)
    return enterprise


def make_user(role: str, enterprise: Enterprise | None = None, **kw) -> User:
    """A user of `role` with PASSWORD; officers and admins have enrolled a second factor
    (tests/conftest.py's `auth.login` types its current code)."""
    n = next(_seq)
    if role == APPLICANT and enterprise is None:
        enterprise = make_enterprise()
    user = User(email=kw.pop("email", f"{role}{n}@example.vn"),
                full_name=kw.pop("full_name", f"Người dùng {n}"), role=role, enterprise=enterprise, **kw)
    user.password_hash = _password_hash()  # as set_password(PASSWORD) would, hashed once
    user.end_sessions()
    if role in REQUIRED_FOR and "totp_secret" not in kw:
        user.totp_secret = totp.new_secret()
    db.session.add(user)
    db.session.flush()
    return user


def current_code(email: str) -> str:
    """The code the user's authenticator app shows now. A code is accepted once per 30 s
    step, so when the last sign-in used this step, it is recorded as the step before: as if
    the test had waited half a minute, which the suite cannot afford."""
    step = totp.current_step()
    with db.engine.begin() as conn:
        secret, last = conn.execute(db.select(User.totp_secret, User.totp_last_step)
                                    .where(User.email == email)).one()
        if last is not None and last >= step:
            conn.execute(db.update(User).where(User.email == email).values(totp_last_step=step - 1))
    return pyotp.TOTP(secret).at(step * 30)


def make_dossier(procedure: str, applicant: User, *, complete=True, subject=None, **answers) -> Dossier:
    """A draft of `procedure`; complete, it has the sample answers (`answers` replace some)
    and every document uploaded."""
    form = sample_form(PROCEDURES[procedure], **{**FORM_OVERRIDES.get(procedure, {}), **answers}
                       ) if complete else {}
    dossier = Dossier(procedure=procedure, enterprise=applicant.enterprise, created_by=applicant,
                      subject=subject, form_data=form)
    db.session.add(dossier)
    if complete:
        attach_documents(dossier, applicant)
    db.session.flush()
    return dossier


def pay(dossier: Dossier):
    """The dossier's fee paid online, as the gateway's callback records it."""
    return payments.record(dossier, amounts.owed(dossier), "gateway",
                           gateway_transaction=f"GW-{dossier.id}")


def drive(dossier: Dossier, actors: dict, *actions: str, note="Ghi chú.") -> Dossier:
    """Fire `actions` in turn, each by the actor of the role the procedure allows; the fee
    paid first where an action waits for it (the portal may then take the action itself)."""
    flow = PROCEDURES[dossier.procedure].flow
    for action in actions:
        if pay_before(dossier, action):
            continue  # paid, the portal took the action itself
        transition = flow.find(dossier.state, action)
        role = sorted(transition.roles)[0]
        fire(dossier, action, actors[role], note=note)
        if _pays_now(dossier):
            pay(dossier)  # with the application, as the declaration asks
    return dossier


def _pays_now(dossier: Dossier) -> bool:
    """The fee is due and only an officer's act waits for it (where the portal would act on
    its own once paid, the story says when the applicant pays)."""
    waiting = [t for t in PROCEDURES[dossier.procedure].flow.from_state(dossier.state)
               if t.action == dossier.rules.fee.due_before]
    return amounts.payable(dossier) and all(SYSTEM not in t.roles for t in waiting)


def path_to_issued(procedure: str) -> tuple[str, ...]:
    """The shortest run of actions from draft to the issued document, found in the declaration."""
    return PROCEDURES[procedure].flow.route(lambda t: "issue_document" in t.effects,
                                             avoid=lambda t: t.outcome == "refusal")


def make_issued(kind: str, actors: dict, **answers) -> IssuedDocument:
    """An active document of `kind` held by the applicant's enterprise, issued by the engine."""
    procedure = GRANT_FOR[kind]
    if needs_business_licence(procedure):
        make_issued("business_licence", actors)
    dossier = make_dossier(procedure, actors[APPLICANT], **answers)
    drive(dossier, actors, *path_to_issued(procedure))
    return db.session.execute(
        db.select(IssuedDocument).where(IssuedDocument.dossier_id == dossier.id)).scalar_one()


def needs_business_licence(procedure: str) -> bool:
    return any(c.check == "holds_business_licence" for c in PROCEDURES[procedure].preconditions)


def make_ready(procedure: str, actors: dict) -> Dossier:
    """A complete draft, with whatever the procedure's preconditions need already issued."""
    p = PROCEDURES[procedure]
    if needs_business_licence(procedure):
        make_issued("business_licence", actors)
    subject = make_issued(p.starts_from, actors) if p.starts_from else None
    return make_dossier(procedure, actors[APPLICANT], subject=subject)


def revoke(document: IssuedDocument, leader: User, ground: str, note: str = "") -> None:
    """A leader revokes the document through the engine, citing `ground`."""
    fire(document, "revoke", leader, note=note, ground=ground)


def payload(procedure, data: dict) -> dict:
    """A saved application as the browser posts it."""
    out = {}
    for decl in procedure.fields:
        value = data.get(decl.name)
        if value is None:
            continue
        if decl.kind == "identifier_names":
            out[decl.name] = "\n".join(value)
        elif decl.kind == "product_lines":
            for i, line in enumerate(value):
                out.update({f"{decl.name}-{i}-{k}": str(v) for k, v in line.items()})
        elif isinstance(value, list):
            out[decl.name] = value
        else:
            out[decl.name] = str(value)
    return out
