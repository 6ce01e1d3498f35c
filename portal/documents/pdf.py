"""PDFs from templates/pdf/ with WeasyPrint: one shared font configuration, one lock, and a
fetcher that serves only static files.

WeasyPrint is imported on first render, not at start (the import alone takes 0.6 s).
"""
import base64
import mimetypes
import threading
from datetime import date, datetime
from pathlib import Path

from flask import current_app, render_template

from procedures import AUTHORITY_COMPETENCE, CHOICES, RESULT_KINDS

from portal.infra.workdays import local_date, local_time

# One label per stored pick-list code, for printing what a form recorded.
CHOICE_LABELS = {code: label.vi for code, label in CHOICES.items()}

_render_lock = threading.Lock()  # WeasyPrint and pango are not thread-safe
_fonts = None  # one FontConfiguration per process: without it memory grows with every render

def _font_config():
    global _fonts
    if _fonts is None:
        from weasyprint.text.fonts import FontConfiguration
        _fonts = FontConfiguration()
    return _fonts


def static_root() -> Path:
    return Path(current_app.static_folder).resolve()


def url_fetcher():
    """A fetcher that serves data: URIs and files under static/, and refuses anything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = static_root()

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                path = Path(url.removeprefix("file://").split("?")[0]).resolve()
                if path.is_relative_to(root) and path.is_file():
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
            raise ValueError(f"refused to fetch {url!r}: only static files and data: URIs")

    return StaticOnly()


def render_html(template: str, **context) -> str:
    return render_template(f"pdf/{template}", date_vi=date_vi, time_vi=time_vi, day=day, labels=CHOICE_LABELS,
                           kinds=RESULT_KINDS, competence=AUTHORITY_COMPETENCE,
                           signer=current_app.config["SIGNER"], **context)


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint alone: PDF/A-3b (archivable, fonts embedded, an sRGB output intent), tagged
    for screen readers, resources only from static/. The PAdES signature that follows is an
    incremental update, which PDF/A allows."""
    import weasyprint
    with _render_lock:
        return weasyprint.HTML(string=html, base_url=str(static_root()) + "/",
                               url_fetcher=url_fetcher()).write_pdf(
            font_config=_font_config(), pdf_variant="pdf/a-3b", pdf_tags=True)


def render_pdf(template: str, **context) -> bytes:
    """`templates/pdf/<template>` as PDF bytes."""
    return html_to_pdf(render_html(template, **context))


def day(value: date | datetime | str | None) -> str:
    """dd/mm/yyyy, as Vietnamese documents write dates (ISO strings come from stored JSON)."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = local_date(value)
    return value.strftime("%d/%m/%Y")


def time_vi(moment: datetime) -> str:
    """The time of day in Vietnam, as "14 giờ 05"."""
    local = local_time(moment)
    return f"{local.hour:02d} giờ {local.minute:02d}, ngày"


def date_vi(value: date | datetime) -> str:
    """The dateline as Decree 30/2020 writes it: days below 10 and the months 1 and 2 take a
    leading zero ("ngày 05 tháng 02 năm 2026", "ngày 15 tháng 3 năm 2026")."""
    if isinstance(value, datetime):
        value = local_date(value)
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def verify_url(number: str) -> str:
    return f"{current_app.config['PORTAL_BASE_URL'].rstrip('/')}/verify/{number}"


def qr_data_uri(text: str) -> str:
    """`text` as a QR code, an SVG inside a data: URI (no file, nothing to fetch): one square
    millimetre a module, a quiet zone of one module, each row's dark runs as one rectangle.
    The path is written here: qrcode's own SVG drawing took a fifth of an issuance. The mask
    is fixed (the one qrcode picks most often for these URLs): any mask reads alike, and
    scoring all eight to pick one cost more than the rest of the code."""
    import qrcode
    code = qrcode.QRCode(border=1, mask_pattern=2)
    code.add_data(text)
    code.make(fit=True)
    rows = code.get_matrix()
    size = len(rows)
    runs = [f"M{x},{y}h{width}v1h-{width}z" for y, row in enumerate(rows)
            for x, width in _dark_runs(row)]
    svg = (f'<svg width="{size}mm" height="{size}mm" version="1.1" viewBox="0 0 {size} {size}" '
           f'xmlns="http://www.w3.org/2000/svg"><path d="{"".join(runs)}" fill="#000000"/></svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _dark_runs(row: list[bool]):
    """(start, width) of each run of dark modules in a row."""
    x = 0
    while x < len(row):
        if row[x]:
            start = x
            while x < len(row) and row[x]:
                x += 1
            yield start, x - start
        x += 1
