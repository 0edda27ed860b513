"""Turn PDF pages into images (for OCR and thumbnails) and fingerprint page images.

PDFium is not thread-safe: no two threads may call into it at the same time, not even on
different documents. Every PDFium call in this module holds :data:`PDFIUM_LOCK`; other code
that uses pypdfium2 while OCR may be running on a background thread must hold it too.
"""

from __future__ import annotations

import math
import threading
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from reviewer_app.domain.errors import ReviewerError

PDFIUM_LOCK = threading.RLock()
"""Held around every PDFium call (PDFium allows one thread in it at a time, process-wide)."""

DEFAULT_MAX_PIXELS = 40_000_000  # 40 MB as 8-bit grayscale: a Letter page at ~1,000 dpi
_PDFIUM_PASSWORD_ERROR = 4
# pypdfium2 sizes the bitmap with ceil(points * scale); a scale of exactly dpi/72 can land a hair
# above a whole number (792 * 300/72 = 3300.0000000000005) and add a spurious row of pixels.
_SCALE_NUDGE = 1 - 1e-9


class RenderFailed(ReviewerError):
    """A PDF page could not be rendered to an image (damaged, locked, or no such page)."""


def page_pixels(width_pt: float, height_pt: float, dpi: int) -> tuple[int, int]:
    """The size in pixels of a ``width_pt`` x ``height_pt`` page rendered at ``dpi``."""
    scale = dpi / 72 * _SCALE_NUDGE
    return max(1, math.ceil(width_pt * scale)), max(1, math.ceil(height_pt * scale))


def fit_dpi(width_pt: float, height_pt: float, dpi: int, max_pixels: int = DEFAULT_MAX_PIXELS) -> int:
    """The highest whole dpi, at most ``dpi``, at which the page's image has at most ``max_pixels``.

    Whole numbers because Tesseract takes its ``--dpi`` as an integer, and the searchable PDF it
    writes is only the original page's size if it is told the dpi the image was rendered at.
    Raises :class:`RenderFailed` when even 1 dpi is too many pixels (a page miles wide).
    """
    if dpi < 1:
        raise ValueError(f"dpi must be positive, not {dpi}")
    width, height = page_pixels(width_pt, height_pt, dpi)
    if width * height <= max_pixels:
        return dpi
    # Pixels grow with the square of the dpi; start from the estimate and step down past rounding.
    fitted = max(1, min(dpi, math.floor(dpi * math.sqrt(max_pixels / (width * height)))))
    while fitted > 1 and math.prod(page_pixels(width_pt, height_pt, fitted)) > max_pixels:
        fitted -= 1
    if math.prod(page_pixels(width_pt, height_pt, fitted)) > max_pixels:
        raise RenderFailed(f"The page is too large to render ({width_pt:.0f} x {height_pt:.0f} points).")
    return fitted


def render_pdf_page(
    pdf_path: Path,
    page_index: int,
    dpi: int,
    password: str | None = None,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> Image.Image:
    """Render one page (0-based ``page_index``) as an 8-bit grayscale image.

    A page whose image would have more than ``max_pixels`` pixels at ``dpi`` is rendered at the
    highest whole dpi that fits (see :func:`fit_dpi`), so a giant fax page cannot exhaust memory.
    The dpi actually used is in ``image.info["dpi"]``. The page's /Rotate is applied, as a viewer
    shows it. Raises :class:`RenderFailed` with a message the user can act on.
    """
    name = Path(pdf_path).name
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(pdf_path, password=password)
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) == _PDFIUM_PASSWORD_ERROR:
                wrong = "the password given is wrong" if password else "enter the password to read it"
                raise RenderFailed(f"{name} is password-protected; {wrong}.") from exc
            raise RenderFailed(f"{name} cannot be opened: damaged PDF ({_pdfium_reason(exc)}).") from exc
        except OSError as exc:
            raise RenderFailed(f"{name} cannot be read ({exc.strerror or exc}).") from exc
        try:
            page_count = len(document)
            if not 0 <= page_index < page_count:
                raise RenderFailed(f"{name} has no page {page_index + 1} (it has {page_count}).")
            page = document[page_index]
            try:
                width_pt, height_pt = page.get_size()
                used_dpi = fit_dpi(width_pt, height_pt, dpi, max_pixels)
                bitmap = page.render(scale=used_dpi / 72 * _SCALE_NUDGE, grayscale=True)
                try:
                    # to_pil() shares the bitmap's buffer; copy so the image owns its pixels.
                    image: Image.Image = bitmap.to_pil().copy()
                finally:
                    bitmap.close()
            finally:
                page.close()
        except pdfium.PdfiumError as exc:
            raise RenderFailed(
                f"Page {page_index + 1} of {name} cannot be rendered: damaged PDF ({_pdfium_reason(exc)})."
            ) from exc
        finally:
            document.close()
    if image.mode != "L":  # pdfium gives "L" for grayscale renders; be sure whatever the version
        image = image.convert("L")
    image.info["dpi"] = (used_dpi, used_dpi)
    return image


def pdf_page_size(pdf: Path | bytes, page_index: int = 0, password: str | None = None) -> tuple[float, float]:
    """The page's size in points as a viewer shows it (its crop box, with /Rotate applied)."""
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(pdf, password=password)
        except pdfium.PdfiumError as exc:
            raise RenderFailed(f"The PDF cannot be opened: {_pdfium_reason(exc)}.") from exc
        try:
            page = document[page_index]
            try:
                width, height = page.get_size()
                return float(width), float(height)
            finally:
                page.close()
        finally:
            document.close()


def image_hash(image: Image.Image) -> str:
    """A 64-bit perceptual difference hash (dHash) of the image, as 16 hex digits.

    The image is shrunk to 9 x 8 grey levels; each bit says whether a cell is brighter than its
    left neighbour. Re-scans and re-renders of a page at another resolution hash to nearby values
    (compare with :func:`hamming`); the hash ignores colour and absolute brightness.
    """
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB" if "A" in image.mode or image.mode == "P" else "L")
    # BOX averages every source pixel of a cell: fast on a 300 dpi page and steady under scan noise.
    small = image.resize((9, 8), Image.Resampling.BOX).convert("L")
    cells = small.tobytes()
    bits = 0
    for row in range(8):
        for column in range(8):
            left, right = cells[row * 9 + column], cells[row * 9 + column + 1]
            bits = (bits << 1) | (right > left)
    return f"{bits:016x}"


def hamming(a: str, b: str) -> int:
    """How many of the 64 bits differ between two :func:`image_hash` values (0 = same picture)."""
    if len(a) != 16 or len(b) != 16:
        raise ValueError("image hashes are 16 hex digits")
    return (int(a, 16) ^ int(b, 16)).bit_count()


def _pdfium_reason(exc: Exception) -> str:
    message = str(exc)
    if "(PDFium:" in message:
        return message.split("(PDFium:", 1)[1].rstrip(").").strip()
    return message
