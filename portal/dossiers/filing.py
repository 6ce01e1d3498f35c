"""What an applicant does to a draft before an action: attach a file to a checklist item.
Shared by the enterprise's pages and the API, so both refuse the same files for the same
reasons."""
from dataclasses import dataclass

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


@dataclass
class Attached:
    kept: list[str]  # the names of the files recorded
    refused: list[str]  # why each other file was refused
    gone: list[str]  # the digests of the files they replaced, to forget after commit


def attach(dossier: Dossier, requirement_key: str | None, sent: list[tuple[str, bytes]],
           user: User) -> Attached:
    """Store the files (name, bytes) that pass the checks and fit the quota together, for one
    checklist item; while drafting they replace the item's earlier files, later they are added
    beside them. Raises UploadRefused when the item takes no file now (nothing changed), or
    OSError when storage failed (nothing recorded)."""
    if "documents" not in edits(dossier):
        raise UploadRefused(_("Hồ sơ ở trạng thái này không nhận thêm tài liệu."))
    requirement = next((r for r in conditions.requirements(dossier)
                        if r.key == requirement_key and conditions.takes_files(dossier, r)), None)
    if requirement is None or not sent:
        raise UploadRefused(_("Vui lòng chọn mục hồ sơ và tệp cần tải lên."))
    replaced = ([u for u in dossier.uploads if u.requirement == requirement.key]
                if "form" in edits(dossier) else [])
    accepted, refused = _accepted(dossier, requirement, sent, -sum(u.size for u in replaced))
    if not accepted:
        return Attached([], refused, [])
    digests = [files.store_upload(data) for _name, data, _kind in accepted]
    for old in replaced:
        db.session.delete(old)
    for (name, data, kind), digest in zip(accepted, digests):
        dossier.uploads.append(Upload(requirement=requirement.key, filename=name,
                                      content_type=CONTENT_TYPES[kind], size=len(data),
                                      sha256=digest, uploaded_by_id=user.id))
    return Attached([name for name, _data, _kind in accepted], refused, [old.sha256 for old in replaced])


def _accepted(dossier: Dossier, requirement, sent, growth: int) -> tuple[list, list[str]]:
    """The files that pass the checks and fit the quota together, as (name, bytes, type), and
    the reason for each refused one."""
    accepted, refused = [], []
    for name, data in sent:
        try:
            kind = check(name, data, requirement.types)
            _within_quota(dossier, growth + len(data))
        except UploadRefused as reason:
            refused.append(str(reason))
            continue
        growth += len(data)
        accepted.append((name, data, kind))
    return accepted, refused


def _within_quota(dossier: Dossier, growth: int) -> None:
    """Refuse a file that would take the enterprise past its storage quota."""
    quota = current_app.config["ENTERPRISE_STORAGE_QUOTA"]
    used = files.enterprise_usage(dossier.enterprise_id)
    if growth > 0 and used + growth > quota:
        raise UploadRefused(_("Doanh nghiệp đã dùng %(used)d MB trong %(quota)d MB dung lượng lưu trữ; "
                              "tệp này vượt quá phần còn lại. Hồ sơ không thay đổi; hãy xoá tệp "
                              "ở bản nháp không dùng đến hoặc nộp tệp nhỏ hơn.",
                              used=used // 2**20, quota=quota // 2**20))
