"""Uploaded files, stored under instance/uploads by content hash, never by the user's name."""
import hashlib
import os
from pathlib import Path

from flask import current_app


def root() -> Path:
    return Path(current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads")


def path_for(sha256: str) -> Path:
    return root() / sha256[:2] / sha256


def store(data: bytes) -> str:
    """Write the bytes once (same content, same file) and return their SHA-256."""
    digest = hashlib.sha256(data).hexdigest()
    path = path_for(digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(data)
        os.replace(partial, path)  # atomic: a reader never sees half a file
    return digest
