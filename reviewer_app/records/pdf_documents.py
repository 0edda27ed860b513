"""Opening a record PDF with PDFium, with qpdf's copies for what PDFium refuses.

PDFium (the viewer and the text reader) refuses some files qpdf reads: encryption
dictionaries with a misspelt entry, and damaged files qpdf can rebuild. Such a file is read
from qpdf's decrypted or repaired copy (``records.repair``); the caller learns which, so that
the viewer is given the same copy. Runs in the text extraction workers, and in-process for
PDFs this application wrote.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pypdfium2.raw as pdfium_c

from reviewer_app.domain.errors import ReviewerError
from reviewer_app.records.passwords import password_candidates

__all__ = ["LOCKED_DETAIL", "WRONG_PASSWORD_DETAIL", "DamagedPdf", "OpenedPdf", "PasswordRequired", "open_pdf"]

LOCKED_DETAIL: Final = "password-protected; enter the password to read it"
WRONG_PASSWORD_DETAIL: Final = "the password is not correct; enter it again"

_PDFIUM_SUCCESS: Final = 0
_PDFIUM_PASSWORD_ERROR: Final = 4
_PDFIUM_SECURITY_ERROR: Final = 5
_PDFIUM_REASONS: Final = {
    1: "unknown error",
    2: "the file could not be opened or read",
    3: "data format error",
    6: "page not found or content error",
}


class PasswordRequired(ReviewerError):
    """The PDF is encrypted and no password given (or the one given) opens it."""

    def __init__(self, wrong_password: bool) -> None:
        self.wrong_password = wrong_password
        super().__init__(WRONG_PASSWORD_DETAIL if wrong_password else LOCKED_DETAIL)


class DamagedPdf(ReviewerError):
    """The PDF cannot be read at all; the message says why, for the physician."""


@dataclass
class OpenedPdf:
    """A document PDFium opened (the raw API: pypdfium2's wrapper reports a document without
    pages as a load failure with whatever error code an earlier call left behind); ``decrypted``
    and ``repaired`` say whether it was read from a copy qpdf made."""

    handle: Any
    page_count: int
    decrypted: bool
    buffer: bytes | None = None  # the bytes PDFium reads from, kept alive while it is open
    repaired: bool = False

    def close(self) -> None:
        """Close the document (PDFium keeps the file or the buffer until then)."""
        pdfium_c.FPDF_CloseDocument(self.handle)


def _load(source: str | bytes, password: str | None) -> tuple[Any, int]:
    """PDFium's handle of the document, or None and PDFium's error code."""
    encoded_password = None if password is None else (password + "\x00").encode("utf-8")
    if isinstance(source, bytes):
        handle = pdfium_c.FPDF_LoadMemDocument64(source, len(source), encoded_password)
    else:
        handle = pdfium_c.FPDF_LoadDocument(os.fsencode(source) + b"\x00", encoded_password)
    if not handle:
        return None, int(pdfium_c.FPDF_GetLastError())
    return handle, _PDFIUM_SUCCESS


def open_pdf(path: str, password: str | None) -> OpenedPdf:
    """The document PDFium opens at ``path``: as it is, or from the copy qpdf decrypts (an
    encryption dictionary PDFium refuses) or repairs (a file PDFium finds damaged or without
    pages). Raises :class:`PasswordRequired` or :class:`DamagedPdf`."""
    if not os.path.isfile(path):
        raise DamagedPdf("the file could not be opened (it is missing)")
    candidates: list[str | None] = list(password_candidates(password)) if password else [None]
    for candidate in candidates:
        handle, code = _load(path, candidate)
        if handle:
            page_count = int(pdfium_c.FPDF_GetPageCount(handle))
            if page_count > 0:
                return OpenedPdf(handle, page_count, decrypted=False)
            pdfium_c.FPDF_CloseDocument(handle)  # no page tree PDFium can follow: qpdf may find the pages
            return _repaired_document(path, "the PDF has no pages")
        if code == _PDFIUM_SECURITY_ERROR:
            raise DamagedPdf("protected by a kind of encryption the PDF reader does not support")
        if code != _PDFIUM_PASSWORD_ERROR:
            return _repaired_document(path, f"damaged PDF ({_PDFIUM_REASONS.get(code, 'unknown error')})")
    # PDFium refused every password. qpdf accepts some encryption dictionaries PDFium
    # rejects (a misspelt /Length, say), and such a file opens there with no password.
    decrypted = _decrypt_with_qpdf(path, [candidate or "" for candidate in candidates])
    if decrypted is not None:
        return _from_copy(decrypted, None, repaired=False)
    raise PasswordRequired(wrong_password=bool(password))


def _repaired_document(path: str, damage: str) -> OpenedPdf:
    """The document read from qpdf's repaired copy; :class:`DamagedPdf` saying ``damage``
    when no copy can be made (the file stays unreadable, as PDFium found it)."""
    # Imported here: only damaged files need pikepdf, and it costs start-up time.
    from reviewer_app.records.repair import RepairFailed, repair_pdf

    try:
        repaired = repair_pdf(Path(path))
    except RepairFailed:
        raise DamagedPdf(damage) from None
    return _from_copy(repaired, damage, repaired=True)


def _from_copy(copy: bytes, damage: str | None, *, repaired: bool) -> OpenedPdf:
    """The document PDFium reads from a copy qpdf made (repaired, or else decrypted); :class:`DamagedPdf`
    when PDFium refuses that too, saying ``damage`` (PDFium's own reason when None)."""
    handle, code = _load(copy, None)
    if not handle:
        raise DamagedPdf(damage or f"damaged PDF ({_PDFIUM_REASONS.get(code, 'unknown error')})")
    page_count = int(pdfium_c.FPDF_GetPageCount(handle))
    return OpenedPdf(handle, page_count, decrypted=not repaired, buffer=copy, repaired=repaired)


def _decrypt_with_qpdf(path: str, passwords: list[str]) -> bytes | None:
    import pikepdf  # imported here: only encrypted files need it, and it costs start-up time

    for candidate in passwords:
        try:
            with pikepdf.open(path, password=candidate) as pdf:
                output = io.BytesIO()
                pdf.save(output, encryption=False)
                return output.getvalue()
        except pikepdf.PasswordError:
            continue
        except (pikepdf.PdfError, OSError, ValueError):
            return None
    return None
