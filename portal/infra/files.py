"""Every file the portal stores, where it lives, and the ones nothing refers to any more.

Uploads, issued documents and the authority's letters are stored by their SHA-256, written atomically (a reader never sees
half a file). An issuance that rolled back leaves its signed PDF behind; a process killed
while writing leaves a .part file; an upload replaced in a draft, or a deleted draft, leaves
its bytes (uploads are shared by hash, so only when no row names them any more). `prune`
removes those, but only past a minimum age: an issuance writes its PDF a moment before it
commits.
"""
import hashlib
import os
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from portal.extensions import db
from portal.models import Dossier, IncidentAttachment, IssuedDocument, IssuedLetter, Upload


# The folders, by the name a backup gives them (and the default under instance/).
UPLOADS, ISSUED, SIGNING = "uploads", "issued", "signing"


def folders() -> dict[str, Path]:
    """The folders whose files belong to the portal's state."""
    instance = Path(current_app.instance_path)
    return {UPLOADS: Path(current_app.config.get("UPLOAD_FOLDER") or instance / UPLOADS),
            ISSUED: Path(current_app.config.get("ISSUED_FOLDER") or instance / ISSUED),
            SIGNING: instance / SIGNING}


def upload_path(sha256: str) -> Path:
    return folders()[UPLOADS] / sha256[:2] / sha256


def issued_path(sha256: str) -> Path:
    return folders()[ISSUED] / f"{sha256}.pdf"


def signing_folder() -> Path:
    return folders()[SIGNING]


def _write(path: Path, data: bytes) -> None:
    """Write once (same content, same file), atomically."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, path)


def store_upload(data: bytes) -> str:
    """Keep an uploaded file; its SHA-256."""
    digest = hashlib.sha256(data).hexdigest()
    _write(upload_path(digest), data)
    return digest


def forget_uploads(digests) -> None:
    """Delete the stored bytes of uploads no row names any more (a file replaced or removed
    from a draft), once that change is committed. Uploads are shared by hash, so bytes that
    another dossier still names stay."""
    digests = set(digests)
    named = _named_uploads(digests)
    for digest in digests - named:
        upload_path(digest).unlink(missing_ok=True)


def _named_uploads(among: set[str] | None = None) -> set[str]:
    """The digests of the upload folder some row names: a dossier's upload or an incident's
    attachment (both stored there by hash, so one file may be both)."""
    named = set()
    for column in (Upload.sha256, IncidentAttachment.sha256):
        query = sa.select(column).distinct()
        named |= set(db.session.scalars(query if among is None else query.where(column.in_(among))))
    return named


def enterprise_usage(enterprise_id: int) -> int:
    """Bytes the enterprise's uploads take, as its storage quota counts them."""
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Upload.size), 0))
                             .join(Dossier, Dossier.id == Upload.dossier_id)
                             .where(Dossier.enterprise_id == enterprise_id))


def store_issued(pdf: bytes) -> str:
    """Keep a signed PDF as issued; its SHA-256."""
    digest = hashlib.sha256(pdf).hexdigest()
    _write(issued_path(digest), pdf)
    return digest


def leftovers(min_age: timedelta) -> list[Path]:
    """Files under the upload and issued folders that nothing refers to, oldest first."""
    cutoff = time.time() - min_age.total_seconds()
    candidates = ([(path, path.name) for path in _files(folders()[UPLOADS])]
                  + [(path, path.stem) for path in _files(folders()[ISSUED])])
    named = _named_uploads()
    named |= set(db.session.scalars(sa.select(IssuedDocument.sha256).where(IssuedDocument.sha256.is_not(None))))
    named |= set(db.session.scalars(sa.select(IssuedLetter.sha256)))
    found = [path for path, digest in candidates
             if (path.suffix == ".part" or digest not in named) and path.stat().st_mtime < cutoff]
    return sorted(found, key=lambda path: path.stat().st_mtime)


def prune(min_age: timedelta) -> list[Path]:
    """Delete `leftovers(min_age)`; the files deleted."""
    removed = []
    for path in leftovers(min_age):
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def _files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []
