"""Stored files no row names any more, and their removal.

An issuance that rolled back leaves its signed PDF behind; a process killed while writing
leaves a .part file; an upload replaced in a draft, or a deleted draft, leaves its bytes
(uploads are shared by hash, so only when no row names them any more). Only files older than
a minimum age are touched: an issuance writes its PDF a moment before it commits.
"""
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from portal.documents import pdf as documents
from portal.infra import uploads
from portal.extensions import db
from portal.models import IssuedDocument, Upload


def leftovers(min_age: timedelta) -> list[Path]:
    """Files under the upload and issued folders that nothing refers to, oldest first."""
    cutoff = time.time() - min_age.total_seconds()
    candidates = ([(path, path.name) for path in _files(uploads.root())]
                  + [(path, path.stem) for path in _files(documents.issued_root())])
    named = set(db.session.scalars(sa.select(Upload.sha256).distinct()))
    named |= set(db.session.scalars(sa.select(IssuedDocument.sha256).where(IssuedDocument.sha256.is_not(None))))
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
