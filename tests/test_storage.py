"""An operator clears files nothing refers to, and never one a document or upload still needs."""
import os
import time

from portal.documents import issued
from portal.infra import files
from portal.extensions import db
from tests.builders import make_issued


def aged(path, hours):
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_bytes(b"%PDF-1.7 left behind")
    moment = time.time() - hours * 3600
    os.utime(path, (moment, moment))
    return path


def test_operator_prunes_what_rolled_back_issuances_and_killed_writes_left(app, runner, actors):
    licence = make_issued("business_licence", actors)  # its PDF and its dossier's uploads stay
    db.session.commit()
    kept = [aged(files.issued_path(licence.sha256), 48)]
    kept += [aged(files.upload_path(u.sha256), 48) for u in licence.dossier.uploads]
    orphan_pdf = aged(files.issued_path("a" * 64), 48)
    killed_write = aged(files.issued_path("b" * 64).with_suffix(".part"), 48)
    replaced_upload = aged(files.upload_path("c" * 64), 48)
    just_written = aged(files.issued_path("d" * 64), 0)  # its issuance may be committing

    listed = runner.invoke(args=["storage", "prune", "--dry-run"])
    assert listed.exit_code == 0 and "3 files would be deleted" in listed.output
    assert orphan_pdf.exists() and str(orphan_pdf) in listed.output

    result = runner.invoke(args=["storage", "prune"])
    assert result.exit_code == 0 and "3 files deleted" in result.output
    assert not orphan_pdf.exists() and not killed_write.exists() and not replaced_upload.exists()
    assert all(path.exists() for path in kept) and just_written.exists()
    assert issued.stored_pdf(licence).startswith(b"%PDF")
