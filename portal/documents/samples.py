"""One PDF of every kind of document, letter and decision, filled with the longest realistic
content, for a reviewer to look at every template at once (`flask --app portal documents
samples DIR`). Everything is made by the engine in a transaction that is rolled back, with the
files written to a scratch folder: the database and the stored files are left as they were."""
import shutil
import tempfile
from pathlib import Path

from flask import current_app

from procedures import APPLICANT, LEADER, LETTERS, PROCEDURES, RESULT_KINDS, SPECIALIST
from procedures.categories import BL_CATEGORIES, IMPORT_GROUPS

from portal.demo import attach_documents, pay_before, sample_form
from portal.documents import issued, letters
from portal.infra.workdays import latest_end
from portal.dossiers import clock
from portal.engine import fire
from portal.extensions import db
from portal.infra import files, workdays
from portal.models import Dossier, Enterprise, IssuedDocument, User

LONG_NAME = ("Công ty Trách nhiệm hữu hạn Một thành viên Giải pháp An ninh mạng và Chuyển đổi số "
             "Đông Nam Á Thái Bình Dương")
PRODUCT_LINES = [{"name": f"Thiết bị tường lửa thế hệ mới dòng {n}", "model": f"NGFW-{3200 + n}",
                  "manufacturer": "Fortinet", "origin": "Hoa Kỳ", "hs_code": "84718090",
                  "quantity": 10 + n, "unit": "bộ"} for n in range(1, 13)]
NAMES = [f"SAOVIET{n:02d}" for n in range(1, 21)]


def write(folder: Path) -> list[Path]:
    """Write DIR/<kind>.pdf for every result kind and letter; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="portal-samples-"))
    config = current_app.config
    saved = {key: config.get(key) for key in ("ISSUED_FOLDER", "UPLOAD_FOLDER")}
    config.update(ISSUED_FOLDER=str(scratch / files.ISSUED), UPLOAD_FOLDER=str(scratch / files.UPLOADS))
    try:
        return [_copy(content, folder / f"{name}.pdf") for name, content in _made().items()]
    finally:
        db.session.rollback()
        config.update(saved)
        shutil.rmtree(scratch, ignore_errors=True)


def _copy(content: bytes, target: Path) -> Path:
    target.write_bytes(content)
    return target


def _made() -> dict[str, bytes]:
    """Every result kind, then every letter a procedure's or a lifecycle's transition names,
    each reached along the route its declaration gives, then the apology."""
    people = _people()
    documents = {
        "business_licence": _issued("bl_grant_sec", people, categories=[c for c, _ in BL_CATEGORIES]),
        "import_permit": _issued("imp_grant", people, import_group=IMPORT_GROUPS[0][0],
                                 product_lines=PRODUCT_LINES),
        "identifier_certificate": _issued("id_grant", people, identifier_names=NAMES)}
    for kind in RESULT_KINDS.keys() - documents.keys():  # any other kind, from its first grant
        documents[kind] = _issued(next(c for c, p in PROCEDURES.items()
                                       if p.result.kind == kind and not p.starts_from), people)
    made = {kind: issued.stored_pdf(document) for kind, document in documents.items()}
    for name in LETTERS:
        code = next((c for c, p in PROCEDURES.items() if any(t.letter == name for t in p.flow.transitions)), None)
        if code is not None:
            _dossier(code, people, *PROCEDURES[code].flow.route(lambda t: t.letter == name))
    for kind, document in documents.items():
        for t in RESULT_KINDS[kind].lifecycle.transitions:
            if t.letter and document.status in t.sources:
                fire(document, t.action, people[LEADER], note="Kết luận thanh tra số 12/KL-ANM",
                     ground=t.grounds[0][0] if t.grounds else "",
                     until=latest_end(workdays.today(), t.max_months) if t.max_months else None)
    waiting = _dossier("bl_grant", people, *PROCEDURES["bl_grant"].flow.route(
        lambda t: t.clock == "start_handling"))
    clock.reschedule(waiting, people[SPECIALIST], workdays.add_working_days(waiting.result_due, 5),
                     "Cần lấy ý kiến của Bộ Quốc phòng về phương án kỹ thuật")
    for dossier in db.session.execute(db.select(Dossier).where(
            Dossier.enterprise_id == people[APPLICANT].enterprise_id)).scalars():
        for paper in letters.written(dossier):
            made[paper.name] = letters.stored(paper)
    return made


def _people() -> dict[str, User]:
    enterprise = Enterprise(code="0109999999", name=LONG_NAME, address=(
        "Tầng 25, Tòa nhà Trung tâm Thương mại Quốc tế, số 168 đường Nguyễn Chí Thanh, phường Láng, "
        "thành phố Hà Nội"), legal_representative="Nguyễn Thị Thanh Hương", verified=True,
        foreign_name="Southeast Asia Pacific Cyber Security and Digital Transformation Solutions "
                     "Company Limited")
    people = {role: User(email=f"mau-{role}@mau.vn", full_name=f"Mẫu {role}", role=role,
                         password_hash="!", enterprise=enterprise if role == APPLICANT else None)
              for role in (APPLICANT, SPECIALIST, LEADER)}
    db.session.add_all([enterprise, *people.values()])
    db.session.flush()
    return people


def _dossier(code: str, people, *actions: str, **answers) -> Dossier:
    dossier = Dossier(procedure=code, enterprise=people[APPLICANT].enterprise,
                      created_by=people[APPLICANT], form_data=sample_form(PROCEDURES[code], **answers))
    db.session.add(dossier)
    attach_documents(dossier, people[APPLICANT])
    db.session.flush()
    flow = PROCEDURES[code].flow
    for action in actions:
        if pay_before(dossier, action):
            continue
        role = sorted(flow.find(dossier.state, action).roles)[0]
        fire(dossier, action, people[role], note="Nội dung mẫu: " + "thiếu tài liệu thuyết minh; " * 4)
    return dossier


def _issued(code: str, people, **answers) -> IssuedDocument:
    route = PROCEDURES[code].flow.route(lambda t: "issue_document" in t.effects,
                                        avoid=lambda t: t.outcome == "refusal")
    dossier = _dossier(code, people, *route, **answers)
    return db.session.execute(db.select(IssuedDocument).where(
        IssuedDocument.dossier_id == dossier.id)).scalar_one()
