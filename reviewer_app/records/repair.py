"""Repaired copies of damaged PDFs that PDFium refuses but qpdf can reconstruct.

A record PDF whose trailer was cut off, whose header was mangled in transit or whose
cross-reference table points nowhere is refused outright by PDFium (the viewer and the text
reader). qpdf (through pikepdf) rebuilds such a file from its objects; its repaired copy is
kept in the record store beside the original, which stays as received, and the record is
marked "repaired" so that the physician knows what they read is a reconstruction.

Two attempts, the faithful one first:

1. qpdf's reconstruction written out whole (outline, forms and annotations kept);
2. when PDFium still refuses that (a catalogue qpdf tolerates and PDFium does not), a new
   document holding only the pages qpdf found, which is what the physician needs to read.

Each copy is accepted only once PDFium opens it with at least one page. The output is the
same bytes for the same damaged file (a deterministic /ID), so a file repaired twice, by
the text reader and by the import, is stored once.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pypdfium2.raw as pdfium_c

from reviewer_app.domain.errors import ReviewerError
from reviewer_app.records.rasterize import PDFIUM_LOCK

__all__ = ["RepairFailed", "repair_pdf"]


class RepairFailed(ReviewerError):
    """No tool could reconstruct the damaged PDF; the message says why."""


def repair_pdf(path: Path) -> bytes:
    """A copy of the damaged PDF at ``path`` that PDFium opens, reconstructed by qpdf.

    Raises :class:`RepairFailed` when qpdf cannot read the file either (not a PDF, no
    objects left), when it is encrypted (decryption is the password's business), or when
    neither copy opens in PDFium.
    """
    try:
        source = pikepdf.open(path, suppress_warnings=True)
    except pikepdf.PasswordError as exc:
        raise RepairFailed(f"{path.name} is damaged and password-protected; it cannot be repaired") from exc
    except (pikepdf.PdfError, OSError, ValueError, RuntimeError) as exc:
        raise RepairFailed(f"{path.name} is too damaged to repair (no PDF structure could be recovered)") from exc
    with source:
        if len(source.pages) == 0:
            raise RepairFailed(f"{path.name} is too damaged to repair (no pages could be recovered)")
        for copy in (_whole, _pages_only):
            try:
                data = copy(source)
            except (pikepdf.PdfError, ValueError, RuntimeError):
                continue  # a part qpdf cannot write out: try the next, smaller copy
            if _pdfium_opens(data):
                return data
    raise RepairFailed(f"{path.name} is too damaged to repair (its repaired copy cannot be opened either)")


def _whole(source: pikepdf.Pdf) -> bytes:
    return _save(source)


def _pages_only(source: pikepdf.Pdf) -> bytes:
    with pikepdf.new() as target:
        target.pages.extend(source.pages)
        return _save(target)


def _save(pdf: pikepdf.Pdf) -> bytes:
    output = io.BytesIO()
    # A stable /ID keeps repeated repairs byte-identical; object streams off so that PDFium,
    # whose tolerance is the point, reads the plainest form of the file.
    pdf.save(output, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return output.getvalue()


def _pdfium_opens(data: bytes) -> bool:
    """Whether PDFium opens the bytes as a document with at least one page."""
    with PDFIUM_LOCK:  # PDFium admits one thread at a time
        handle = pdfium_c.FPDF_LoadMemDocument64(data, len(data), None)
        if not handle:
            return False
        try:
            return int(pdfium_c.FPDF_GetPageCount(handle)) > 0
        finally:
            pdfium_c.FPDF_CloseDocument(handle)
