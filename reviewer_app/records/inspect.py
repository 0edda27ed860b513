"""Learn what a record file is from its bytes: type, page count, and whether it can be read."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, UnidentifiedImageError

from reviewer_app.domain.case import MediaType, RecordState

_PDFIUM_PASSWORD_ERROR = 4
TEXT_LINES_PER_PAGE = 60


@dataclass(frozen=True)
class RecordInspection:
    """What a record file turned out to be."""

    media_type: MediaType
    page_count: int | None
    state: RecordState
    detail: str = ""
    scanned_pages: int = 0


def sniff_media_type(head: bytes, file_name: str) -> MediaType:
    """The file's type from its first bytes; the name only decides plain text."""
    if b"%PDF-" in head[:1024]:  # real-world PDFs may carry junk before the header
        return MediaType.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return MediaType.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return MediaType.JPEG
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return MediaType.TIFF
    if file_name.lower().endswith(".txt"):
        return MediaType.TEXT
    return MediaType.UNKNOWN


def inspect_record(path: Path, file_name: str) -> RecordInspection:
    """Inspect one stored record file; never raises for bad content."""
    with open(path, "rb") as stream:
        head = stream.read(1024)
    media_type = sniff_media_type(head, file_name)
    if media_type is MediaType.PDF:
        return _inspect_pdf(path)
    if media_type in (MediaType.PNG, MediaType.JPEG, MediaType.TIFF):
        return _inspect_image(path, media_type)
    if media_type is MediaType.TEXT:
        return _inspect_text(path)
    return RecordInspection(media_type, None, RecordState.UNREADABLE, "not a PDF, PNG, JPEG, TIFF or text file")


def _inspect_pdf(path: Path) -> RecordInspection:
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PDFIUM_PASSWORD_ERROR:
            return RecordInspection(
                MediaType.PDF, None, RecordState.LOCKED, "password-protected; enter the password to read it"
            )
        return RecordInspection(MediaType.PDF, None, RecordState.UNREADABLE, f"damaged PDF ({_pdfium_reason(exc)})")
    try:
        page_count = len(document)
        if page_count == 0:
            return RecordInspection(MediaType.PDF, 0, RecordState.UNREADABLE, "the PDF has no pages")
        scanned = 0
        for index in range(page_count):
            page = document[index]
            try:
                text_page = page.get_textpage()
                if not text_page.get_text_range().strip():
                    scanned += 1
                text_page.close()
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        return RecordInspection(MediaType.PDF, None, RecordState.UNREADABLE, f"damaged PDF ({_pdfium_reason(exc)})")
    finally:
        document.close()
    if scanned:
        return RecordInspection(
            MediaType.PDF,
            page_count,
            RecordState.NEEDS_OCR,
            f"{scanned} of {page_count} pages are scanned images",
            scanned,
        )
    return RecordInspection(MediaType.PDF, page_count, RecordState.READABLE)


def _pdfium_reason(exc: Exception) -> str:
    message = str(exc)
    if "(PDFium:" in message:
        return message.split("(PDFium:", 1)[1].rstrip(").").strip()
    return message


def _inspect_image(path: Path, media_type: MediaType) -> RecordInspection:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                frames = getattr(image, "n_frames", 1)
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return RecordInspection(media_type, None, RecordState.UNREADABLE, "image too large to open safely")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        return RecordInspection(media_type, None, RecordState.UNREADABLE, f"damaged image ({exc})")
    return RecordInspection(
        media_type, frames, RecordState.NEEDS_OCR, "scanned image; text needs OCR", scanned_pages=frames
    )


def _inspect_text(path: Path) -> RecordInspection:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
        detail = ""
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
        detail = "not UTF-8; characters may show wrongly"
    if "\f" in text:
        pages = text.count("\f") + (0 if text.rstrip().endswith("\f") else 1)
    else:
        lines = text.count("\n") + 1
        pages = max(1, -(-lines // TEXT_LINES_PER_PAGE))
    return RecordInspection(MediaType.TEXT, pages, RecordState.READABLE, detail)
