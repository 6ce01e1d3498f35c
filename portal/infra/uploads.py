"""Uploaded files, checked by their bytes, never by the user's file name (they are stored
by content hash: portal/infra/files.py)."""
import io
import os
import re
import resource
import select
import signal
import time
from pathlib import Path


from flask import current_app
from flask_babel import gettext as _

# What each accepted type's bytes begin with, and the names such files go by.
SIGNATURES = {"pdf": (b"%PDF-",), "png": (b"\x89PNG\r\n\x1a\n",), "jpeg": (b"\xff\xd8\xff",)}
EXTENSIONS = {"pdf": {".pdf"}, "png": {".png"}, "jpeg": {".jpg", ".jpeg"},
              "text": {".txt", ".log", ".csv"}}
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg",
                 "text": "text/plain; charset=utf-8"}
TYPE_NAMES = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG", "text": "TXT/LOG/CSV"}
# Plain text (an incident's logs and lists of indicators): UTF-8 with no control character but
# tab, line breaks and form feed, so nothing in it is read as anything but text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
UNSAFE_NAME = re.compile(r"[/\\\x00-\x1f]|^\.+$|\.\.")
# What a scanned document never needs and a hostile one uses: actions that run code, open
# programs, links or forms that send data off, other files inside, and XFA forms.
PDF_ACTIONS = {"/JavaScript", "/Launch", "/URI", "/SubmitForm", "/ImportData", "/GoToR",
               "/GoToE", "/RichMediaExecute", "/Rendition"}
PDF_ACTIVE_KEYS = {"/JS", "/EmbeddedFile", "/EmbeddedFiles", "/EF", "/XFA", "/RichMedia"}
# The check runs in a child process that is killed past these seconds and cannot take more
# than this much memory: qpdf reads the file once and every object is looked at once, so a
# real scan takes milliseconds; a file built to take longer (or a compressed bomb in an
# object stream) is refused, never waited for.
PDF_TIME_BUDGET = 1.2
PDF_MEMORY_BUDGET = 768 * 2**20
CLEAN, ACTIVE, UNREADABLE, TOO_COMPLEX = b"c", b"a", b"u", b"t"


class UploadRefused(Exception):
    """The file was not accepted; the message says why, in the user's language."""


def sniff(data: bytes) -> str | None:
    """The file's real type from its first bytes (or, for text, all of them), or None if it is
    none we accept."""
    kind = next((kind for kind, magics in SIGNATURES.items() if data.startswith(magics)), None)
    return kind or ("text" if _plain_text(data) else None)


def _plain_text(data: bytes) -> bool:
    try:
        return not CONTROL.search(data.decode("utf-8"))
    except UnicodeDecodeError:
        return False


def pdf_verdict(data: bytes) -> bytes:
    """CLEAN, ACTIVE, UNREADABLE or TOO_COMPLEX, from a forked child within the budgets."""
    deadline = time.monotonic() + PDF_TIME_BUDGET
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer one byte and leave, whatever happens, running no cleanup
        try:
            os.close(reader)
            os.write(writer, _verdict_within(PDF_MEMORY_BUDGET, data))
        finally:
            os._exit(0)
    os.close(writer)
    ready = []
    try:
        ready, _w, _x = select.select([reader], [], [], max(0.0, deadline - time.monotonic()))
        verdict = os.read(reader, 1) if ready else TOO_COMPLEX
    finally:
        os.close(reader)
        if not ready:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    return verdict or UNREADABLE  # a child that died without answering


def _verdict_within(memory: int, data: bytes) -> bytes:
    try:
        in_use = int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (in_use + memory, in_use + memory))
        return ACTIVE if _pdf_active(data) else CLEAN
    except MemoryError:
        return TOO_COMPLEX
    except Exception:  # noqa: BLE001 (qpdf's errors, and any other way the file fails to parse)
        return UNREADABLE


def _pdf_active(data: bytes) -> bool:
    """Whether any object of the PDF, as qpdf reads it (every filter, object streams,
    incremental updates, a damaged cross-reference rebuilt), is active content."""
    import pikepdf  # on the first PDF checked: a quarter of start-up otherwise
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return any(_active(obj) for obj in pdf.objects) or _active(pdf.trailer)


def _active(root) -> bool:
    """Whether an object, or a dictionary or array written inside it, is active content.
    Objects it refers to are looked at on their own, once each."""
    import pikepdf
    pending = [root]
    while pending:
        obj = pending.pop()
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            if not PDF_ACTIVE_KEYS.isdisjoint(obj.keys()) or str(obj.get("/S", "")) in PDF_ACTIONS \
                    or str(obj.get("/Type", "")) == "/EmbeddedFile":
                return True
            pending.extend(v for v in obj.values() if _direct(v))
        elif isinstance(obj, pikepdf.Array):
            pending.extend(v for v in obj if _direct(v))
    return False


def _direct(value) -> bool:
    import pikepdf
    return isinstance(value, (pikepdf.Dictionary, pikepdf.Array)) and not value.is_indirect


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
    if kind == "pdf":
        _check_pdf(filename, data)
    if Path(filename).suffix.lower() not in EXTENSIONS[kind]:
        raise UploadRefused(_("Tên tệp “%(name)s” không khớp với nội dung (tệp %(kind)s).",
                              name=filename, kind=TYPE_NAMES[kind]))
    return kind


def _check_pdf(filename: str, data: bytes) -> None:
    verdict = pdf_verdict(data)
    if verdict == TOO_COMPLEX:
        raise UploadRefused(_("Tệp “%(name)s” có cấu trúc quá phức tạp để kiểm tra; hãy xuất lại "
                              "tệp PDF (ví dụ in ra PDF) rồi nộp.", name=filename))
    if verdict == UNREADABLE:
        raise UploadRefused(_("Tệp “%(name)s” không đọc được như một tệp PDF (tệp hỏng hoặc không "
                              "đúng chuẩn); hãy xuất lại tệp PDF rồi nộp.", name=filename))
    if verdict == ACTIVE:
        raise UploadRefused(_("Tệp “%(name)s” chứa mã thực thi hoặc nội dung chủ động (JavaScript, "
                              "lệnh mở chương trình, liên kết, biểu mẫu gửi dữ liệu, tệp nhúng, "
                              "XFA); hãy nộp bản PDF thông thường.", name=filename))
