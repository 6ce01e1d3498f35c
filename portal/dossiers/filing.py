"""What an applicant does to a draft before an action: attach a file to a checklist item.
Shared by the enterprise's pages and the API, so both refuse the same files for the same
reasons."""
from flask import current_app
from flask_babel import gettext as _

from procedures import PROCEDURES

from portal.dossiers import conditions
from portal.extensions import db
from portal.infra import files
from portal.infra.uploads import CONTENT_TYPES, UploadRefused, check
from portal.models import Dossier, Upload, User


def edits(dossier: Dossier) -> tuple[str, ...]:
    """What the applicant may change in the dossier's state (its declaration says)."""
    return PROCEDURES[dossier.procedure].flow.state(dossier.state).applicant_edits


def attach(dossier: Dossier, requirement_key: str | None, filename: str, data: bytes,
           user: User) -> list[str]:
    """Store `data` for the checklist item and record it; while drafting it replaces the item's
    earlier file, later it is added beside it. Returns the digests of replaced files, to forget
    after commit. Raises UploadRefused (nothing changed) or OSError (storage failed)."""
    if "documents" not in edits(dossier):
        raise UploadRefused(_("Hồ sơ ở trạng thái này không nhận thêm tài liệu."))
    requirement = next((r for r in conditions.requirements(dossier)
                        if r.key == requirement_key and conditions.takes_files(dossier, r)), None)
    if requirement is None:
        raise UploadRefused(_("Vui lòng chọn mục hồ sơ và tệp cần tải lên."))
    replaced = ([u for u in dossier.uploads if u.requirement == requirement.key]
                if "form" in edits(dossier) else [])
    kind = check(filename, data, requirement.types)
    _within_quota(dossier, len(data) - sum(u.size for u in replaced))
    digest = files.store_upload(data)
    for old in replaced:
        db.session.delete(old)
    dossier.uploads.append(Upload(requirement=requirement.key, filename=filename,
                                  content_type=CONTENT_TYPES[kind], size=len(data),
                                  sha256=digest, uploaded_by_id=user.id))
    return [old.sha256 for old in replaced]


def _within_quota(dossier: Dossier, growth: int) -> None:
    """Refuse a file that would take the enterprise past its storage quota."""
    quota = current_app.config["ENTERPRISE_STORAGE_QUOTA"]
    used = files.enterprise_usage(dossier.enterprise_id)
    if growth > 0 and used + growth > quota:
        raise UploadRefused(_("Doanh nghiệp đã dùng %(used)d MB trong %(quota)d MB dung lượng lưu trữ; "
                              "tệp này vượt quá phần còn lại. Hồ sơ không thay đổi; hãy xoá tệp "
                              "ở bản nháp không dùng đến hoặc nộp tệp nhỏ hơn.",
                              used=used // 2**20, quota=quota // 2**20))
