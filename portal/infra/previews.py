"""Uploaded PDFs shown to officers as page images drawn on the server (pdfium): the file's
own content never runs in a browser's PDF viewer inside the portal's origin."""
import io
from pathlib import Path

# A review pane shows at most this many pages; the rest is in the downloaded file.
MAX_PAGES = 40
SCALE = 1.5  # 108 dpi: A4 text stays readable in a pane half a screen wide
# A page declared huge (a poster, or a file made to exhaust memory) is drawn smaller: its
# longer side at most this many pixels, about an A4 page at SCALE.
MAX_SIDE_PX = 1800


def page_count(path: Path) -> int:
    """How many pages the PDF has (0 if pdfium cannot read it)."""
    import pypdfium2 as pdfium  # on first use: every worker would pay for it at start
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return 0
    try:
        return len(document)
    finally:
        document.close()


def page_png(path: Path, index: int) -> bytes | None:
    """Page `index` (from 0) as PNG, or None if there is no such page."""
    import pypdfium2 as pdfium
    document = pdfium.PdfDocument(path)
    try:
        if not 0 <= index < min(len(document), MAX_PAGES):
            return None
        page = document[index]
        scale = min(SCALE, MAX_SIDE_PX / max(page.get_size()))
        out = io.BytesIO()
        page.render(scale=scale).to_pil().save(out, format="PNG")
        return out.getvalue()
    finally:
        document.close()
