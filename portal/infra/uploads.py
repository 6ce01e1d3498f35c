"""Uploaded files, checked by their bytes, never by the user's file name (they are stored
by content hash: portal/infra/files.py)."""
import re
import zlib
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

# What each accepted type's bytes begin with, and the names such files go by.
SIGNATURES = {"pdf": (b"%PDF-",), "png": (b"\x89PNG\r\n\x1a\n",), "jpeg": (b"\xff\xd8\xff",)}
EXTENSIONS = {"pdf": {".pdf"}, "png": {".png"}, "jpeg": {".jpg", ".jpeg"}}
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}
TYPE_NAMES = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG"}
UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f]|^\.+$|\.\.")
# Active content a scanned document never needs: scripts, launch actions, embedded files.
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile)\b")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")  # /J#61vaScript is /JavaScript
PDF_STREAM = re.compile(rb"stream\r?\n")
# Bytes inflated from a file's compressed streams to look inside them (object streams hold
# whole dictionaries). Images are skipped; what is left of a scan is small, so a file that
# needs more is refused rather than checked in part.
INFLATE_BUDGET = 32 * 2**20


class UploadRefused(Exception):
    """The file was not accepted; the message says why, in the user's language."""


def sniff(data: bytes) -> str | None:
    """The file's real type from its first bytes, or None if it is none we accept."""
    return next((kind for kind, magics in SIGNATURES.items() if data.startswith(magics)), None)


def _pdf_active(data: bytes) -> bool:
    """Whether active content is named anywhere: in the file's bytes or its compressed streams."""
    try:
        return any(PDF_ACTIVE.search(PDF_NAME_ESCAPE.sub(lambda m: bytes.fromhex(m[1].decode()), part))
                   for part in _pdf_layers(data))
    except OverflowError:  # more to inflate than any scan needs: a bomb, or not a scan
        return True


def _pdf_layers(data: bytes):
    """The file's bytes, then each compressed stream's content that is not an image."""
    yield data
    view, budget = memoryview(data), INFLATE_BUDGET
    for start in PDF_STREAM.finditer(data):
        if b"/Image" in data[max(0, start.start() - 512):start.start()]:
            continue
        inflater = zlib.decompressobj()
        try:
            part = inflater.decompress(view[start.end():], budget + 1)
        except zlib.error:
            continue  # not Flate: nothing hidden from the raw scan
        budget -= len(part)
        if budget < 0:
            raise OverflowError
        yield part


def check(filename: str, data: bytes, accepted: tuple[str, ...]) -> str:
    """Return the file's type if it may be stored for an item accepting `accepted`."""
    allowed = ", ".join(TYPE_NAMES[t] for t in accepted)
    if not filename or UNSAFE_NAME.search(filename) or len(filename) > 200:
        raise UploadRefused(_("Tên tệp không hợp lệ (không được chứa đường dẫn như “../” hoặc “/”)."))
    if not data:
        raise UploadRefused(_("Tệp “%(name)s” rỗng.", name=filename))
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    if len(data) > limit:
        raise UploadRefused(_("Tệp “%(name)s” vượt quá %(mb)d MB.", name=filename, mb=limit // 2**20))
    kind = sniff(data)
    if kind not in accepted:
        raise UploadRefused(_("Nội dung tệp “%(name)s” không phải là %(types)s như mục này yêu cầu.",
                              name=filename, types=allowed))
    if kind == "pdf" and _pdf_active(data):
        raise UploadRefused(_("Tệp “%(name)s” chứa mã thực thi (JavaScript, tệp nhúng); hãy nộp bản PDF "
                              "thông thường.", name=filename))
    if Path(filename).suffix.lower() not in EXTENSIONS[kind]:
        raise UploadRefused(_("Tên tệp “%(name)s” không khớp với nội dung (tệp %(kind)s).",
                              name=filename, kind=TYPE_NAMES[kind]))
    return kind
