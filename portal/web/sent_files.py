"""Files a browser sends for one checklist item, stored through portal.dossiers.filing (the
checks the API applies too), each outcome told to the user in their language."""
from flask import current_app, flash, request
from flask_babel import gettext as _
from flask_login import current_user

from portal.dossiers import filing
from portal.extensions import db
from portal.infra import files
from portal.infra.uploads import UploadRefused
from portal.models import Dossier


def attach_sent(dossier: Dossier) -> None:
    """Keep the request's files that pass; a refused one changes nothing and says why."""
    limit = current_app.config["MAX_UPLOAD_BYTES"] + 1
    sent = [(f.filename, f.read(limit)) for f in request.files.getlist("file") if f.filename]
    try:
        done = filing.attach(dossier, request.form.get("requirement"), sent, current_user)
    except UploadRefused as refused:
        flash(str(refused), "error")
        return
    except OSError:  # disk full or storage gone: nothing was recorded, say so
        current_app.logger.exception("upload storage failed")
        db.session.rollback()
        flash(_("Máy chủ chưa lưu được tệp; hồ sơ không thay đổi. Vui lòng thử lại sau ít phút."), "error")
        return
    for reason in done.refused:
        flash(reason, "error")
    if done.kept:
        db.session.commit()
        files.forget_uploads(done.gone)
    for name in done.kept:
        flash(_("Đã tải lên “%(name)s”.", name=name), "info")
