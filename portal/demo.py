"""Demo data for `flask --app portal demo`: an enterprise, one officer of each role,
and dossiers at a few points of their journey, all moved by the workflow engine."""
from datetime import date, timedelta

from procedures import APPLICANT, LEADER, PROCEDURES, RESPONDER, SPECIALIST, ADMIN, Procedure
from procedures.applicants import ENTERPRISE, INDIVIDUAL

from portal.dossiers import conditions
from portal.engine import fire
from portal.extensions import db
from portal.fees import amounts, payments
from portal.incidents import cases
from portal.infra.files import store_upload
from portal.models import Dossier, Enterprise, IssuedDocument, Upload, User, now

PASSWORD = "demo-portal-2026"
ACCOUNTS = (("doanhnghiep@demo.vn", APPLICANT), ("chuyenvien@demo.vn", SPECIALIST),
            ("lanhdao@demo.vn", LEADER), ("quantri@demo.vn", ADMIN), ("ungcuu@demo.vn", RESPONDER))
# Besides the enterprise: a person (identifier names are open to individuals) and a law firm
# that files for clients with their power of attorney. (e-mail, kind, identifier, name, address)
OTHER_APPLICANTS = (
    ("canhan@demo.vn", INDIVIDUAL, "079190001234", "Nguyễn Văn Khoa",
     "Số 7 Lê Lợi, phường Bến Nghé, Quận 1, TP. Hồ Chí Minh"),
    ("luatsu@demo.vn", ENTERPRISE, "0312233445", "Công ty Luật TNHH Minh Chính",
     "Số 20 Hai Bà Trưng, phường Tràng Tiền, quận Hoàn Kiếm, Hà Nội"),
)
_NAMES = {APPLICANT: "Trần Minh Quân", SPECIALIST: "Lê Thu Hà", LEADER: "Phạm Quốc Việt",
          ADMIN: "Đỗ Hoàng Nam", RESPONDER: "Hoàng Văn Sơn"}

# A minimal well-formed one-page PDF, standing in for a scanned document in demo dossiers.
SAMPLE_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
              b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
              b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
              b"trailer<</Root 1 0 R>>\n%%EOF\n")

# Values a field of each kind takes in a sample application.
_SAMPLES = {
    "text": "Mẫu", "textarea": "Nội dung trình bày mẫu.", "integer": 5,
    "email": "lienhe@saoviet.vn", "phone": "0243 868 8686",
    "identifier_names": ["SAOVIET"],
    "product_lines": [{"name": "Tường lửa thế hệ mới", "model": "NGFW-3200",
                       "manufacturer": "Fortinet", "origin": "Hoa Kỳ", "hs_code": "84718090",
                       "quantity": 10, "unit": "bộ"}],
}


def sample_form(procedure: Procedure, **overrides) -> dict:
    """A complete application for `procedure`, field by field from its declaration."""
    data = {}
    for f in procedure.fields:
        if f.kind == "date":
            data[f.name] = date.today().isoformat()
        elif f.kind in ("choice", "multichoice"):
            data[f.name] = f.choices[0][0] if f.kind == "choice" else [f.choices[0][0]]
        else:
            data[f.name] = _SAMPLES[f.kind]
    return {**data, **overrides}


def attach_documents(dossier: Dossier, user: User) -> None:
    """One file per checklist item the portal does not fill in itself."""
    digest = store_upload(SAMPLE_PDF)
    for r in (r for r in conditions.requirements(dossier) if conditions.takes_files(dossier, r)):
        dossier.uploads.append(Upload(requirement=r.key, filename=f"{r.key}.pdf",
                                      content_type="application/pdf", size=len(SAMPLE_PDF),
                                      sha256=digest, uploaded_by_id=user.id))


def load() -> bool:
    """Create the demo records unless they exist; True if anything was created."""
    if db.session.execute(db.select(Enterprise).where(Enterprise.code == "0109876543")).scalar():
        return False
    enterprise = Enterprise(code="0109876543", name="Công ty Cổ phần Giải pháp An ninh mạng Sao Việt",
                            foreign_name="Sao Viet Cyber Security Solutions JSC",
                            address="Số 18 Phạm Hùng, phường Mỹ Đình 2, quận Nam Từ Liêm, Hà Nội",
                            legal_representative="Nguyễn Thị Hương", verified=True)
    users = {}
    for email, role in ACCOUNTS:
        user = User(email=email, full_name=_NAMES[role], role=role,
                    enterprise=enterprise if role == APPLICANT else None)
        user.set_password(PASSWORD)
        users[role] = user
    db.session.add_all([enterprise, *users.values(), *_other_applicants()])
    db.session.flush()
    licence = _issued(enterprise, users, "bl_grant")
    _dossier(enterprise, users, "imp_grant", _into_queue("intake"))
    _dossier(enterprise, users, "bl_amend", lambda t, flow: False, subject=licence)
    _dossier(enterprise, users, "id_grant", _into_queue("appraisal"))
    # A re-issue of the lost licence, proposed and waiting for the leader.
    _dossier(enterprise, users, "bl_reissue", _into_queue("approval"), subject=licence)
    _incident(users[APPLICANT])
    db.session.commit()
    return True


def _incident(reporter: User) -> None:
    """A phishing incident the enterprise reported two hours after detecting it, for the unit's
    queue."""
    cases.report(reporter, regime="eu_nis2", system="Hệ thống thư điện tử nội bộ",
                 detected_at=now() - timedelta(hours=2), incident_type="phishing", severity="high",
                 impact="Hai hộp thư bị truy cập trái phép.", actions_taken="Đổi mật khẩu, chặn tên miền.",
                 tlp="amber", summary="Thư giả mạo dẫn tới trang đăng nhập giả.",
                 indicators=[("domain", "login-mail.example.net"), ("ipv4", "198.51.100.23")])


def _other_applicants() -> list[User]:
    people = []
    for email, kind, code, name, address in OTHER_APPLICANTS:
        holder = Enterprise(applicant_type=kind, code=code, name=name, address=address,
                            legal_representative=name if kind == INDIVIDUAL else "Lê Minh Chính")
        person = User(email=email, full_name=name if kind == INDIVIDUAL else "Vũ Thị Lan",
                      role=APPLICANT, enterprise=holder)
        person.set_password(PASSWORD)
        people.append(person)
    return people


def _into_queue(queue: str):
    """The first transition that brings a dossier into an officers' queue."""
    return lambda t, flow: flow.state(t.target).queue == queue


def _dossier(enterprise, users, code, arrives, subject=None) -> Dossier:
    """A dossier of `code` moved by the engine along the shortest route its declaration gives
    to the first transition `arrives(t, flow)` accepts (a draft if it accepts none), never
    through a refusal."""
    applicant, flow = users[APPLICANT], PROCEDURES[code].flow
    dossier = Dossier(procedure=code, enterprise=enterprise, created_by=applicant, subject=subject,
                      form_data=sample_form(PROCEDURES[code]))
    db.session.add(dossier)
    attach_documents(dossier, applicant)
    db.session.flush()
    route = flow.route(lambda t: arrives(t, flow), avoid=lambda t: t.outcome == "refusal") \
        if any(arrives(t, flow) for t in flow.transitions) else ()
    for action in route:
        if pay_before(dossier, action):
            continue
        role = sorted(flow.find(dossier.state, action).roles)[0]
        fire(dossier, action, users[role], note="Ghi chú mẫu.")
    return dossier


def pay_before(dossier: Dossier, action: str) -> bool:
    """Pay the fee online if `action` waits for it; whether the portal then took the action
    itself (it issues an identifier-name certificate once paid)."""
    if action != dossier.rules.fee.due_before or not amounts.payable(dossier):
        return False
    payments.record(dossier, amounts.owed(dossier), "gateway",
                    gateway_transaction=f"DEMO-{dossier.id}")
    return action not in {t.action for t in PROCEDURES[dossier.procedure].flow.from_state(dossier.state)}


def _issued(enterprise, users, code) -> IssuedDocument:
    dossier = _dossier(enterprise, users, code, lambda t, flow: "issue_document" in t.effects)
    return db.session.execute(
        db.select(IssuedDocument).where(IssuedDocument.dossier_id == dossier.id)).scalar_one()
