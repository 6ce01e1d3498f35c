"""Demo data for `flask --app portal demo`: an enterprise, one officer of each role,
and dossiers at a few points of their journey, all moved by the workflow engine."""
from datetime import date

from procedures import APPLICANT, LEADER, PROCEDURES, SPECIALIST, ADMIN, Procedure

from portal.extensions import db
from portal.models import Dossier, Enterprise, IssuedDocument, Upload, User
from portal.infra.uploads import store
from portal.dossiers.engine import fire

PASSWORD = "demo-2026"
ACCOUNTS = (("doanhnghiep@demo.vn", APPLICANT), ("chuyenvien@demo.vn", SPECIALIST),
            ("lanhdao@demo.vn", LEADER), ("quantri@demo.vn", ADMIN))
_NAMES = {APPLICANT: "Trần Minh Quân", SPECIALIST: "Lê Thu Hà", LEADER: "Phạm Quốc Việt",
          ADMIN: "Đỗ Hoàng Nam"}

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
    """One file per checklist item."""
    digest = store(SAMPLE_PDF)
    for r in PROCEDURES[dossier.procedure].checklist:
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
                            legal_representative="Nguyễn Thị Hương")
    users = {}
    for email, role in ACCOUNTS:
        user = User(email=email, full_name=_NAMES[role], role=role,
                    enterprise=enterprise if role == APPLICANT else None)
        user.set_password(PASSWORD)
        users[role] = user
    db.session.add_all([enterprise, *users.values()])
    db.session.flush()
    licence = _issued(enterprise, users, "bl_grant")
    _dossier(enterprise, users, "imp_grant", ("submit",))
    _dossier(enterprise, users, "bl_amend", (), subject=licence)
    _dossier(enterprise, users, "id_grant", ("submit", "accept"))
    # A re-issue of the lost licence, proposed and waiting for the leader.
    _dossier(enterprise, users, "bl_reissue", ("submit", "accept", "propose_grant"), subject=licence)
    db.session.commit()
    return True


ROLE_OF = {t.action: next(iter(t.roles)) for p in PROCEDURES.values() for t in p.flow.transitions}


def _dossier(enterprise, users, code, actions, subject=None) -> Dossier:
    applicant = users[APPLICANT]
    dossier = Dossier(procedure=code, enterprise=enterprise, created_by=applicant, subject=subject,
                      form_data=sample_form(PROCEDURES[code]))
    db.session.add(dossier)
    attach_documents(dossier, applicant)
    db.session.flush()
    for action in actions:
        fire(dossier, action, users[ROLE_OF[action]], note="Ghi chú mẫu.")
    return dossier


def _issued(enterprise, users, code) -> IssuedDocument:
    dossier = _dossier(enterprise, users, code, ("submit", "accept", "propose_grant", "approve"))
    return db.session.execute(
        db.select(IssuedDocument).where(IssuedDocument.dossier_id == dossier.id)).scalar_one()
