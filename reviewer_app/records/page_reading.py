"""Reading a PDF's pages with PDFium: the worker processes' side of text extraction.

Runs in the worker processes that records.text_extraction starts (and in-process for
extract_pdf_text). Each page's duplicate fingerprint is computed here, beside its text, so
that the parent and, later, duplicate counting never go over the text again.
"""

from __future__ import annotations

import ctypes
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Final

import pypdfium2.raw as pdfium_c

from reviewer_app.records.fingerprints import text_fingerprint
from reviewer_app.records.pdf_documents import DamagedPdf, OpenedPdf, PasswordRequired, open_pdf

_SOFT_HYPHEN: Final = "\ufffe"  # PDFium's mark where a word was hyphenated across lines


# One page as it crosses the pipe: plain tuples pickle several times faster than dataclasses.
# (text, has a text layer, width, height, its duplicate fingerprint)
PageTuple = tuple[str, bool, float, float, bytes]
_NO_TEXT: Final = text_fingerprint("")


class PageReader:
    """Reads page ranges; keeps the last document open, as a file's chunks often follow."""

    def __init__(self) -> None:
        self._opened: tuple[str, str | None] | None = None
        self._document: OpenedPdf | None = None

    def read(self, path: str, password: str | None, start: int, stop: int) -> tuple[int, bool, bool, list[PageTuple]]:
        """Pages ``[start, stop)`` of the file (``stop`` is clamped to its length).

        Returns the page count, whether the file had to be decrypted by qpdf first, whether
        it had to be repaired by qpdf first, and the pages. Raises :class:`PasswordRequired`
        or :class:`DamagedPdf`.
        """
        if self._document is None or self._opened != (path, password):
            self.close()
            self._document = open_pdf(path, password)
            self._opened = (path, password)
        document = self._document
        if document.page_count <= 0:
            raise DamagedPdf("the PDF has no pages")
        pages = [_read_page(document.handle, index) for index in range(start, min(stop, document.page_count))]
        return document.page_count, document.decrypted, document.repaired, pages

    def close(self) -> None:
        """Close the open document (on Windows an open file cannot be deleted)."""
        if self._document is not None:
            self._document.close()
        self._document = None
        self._opened = None


def _read_page(document: Any, index: int) -> PageTuple:
    # The raw API, not pypdfium2's helper objects: their finalizers and bookkeeping cost
    # about 5% at this rate, and the pages' lifetimes are obvious here.
    page = pdfium_c.FPDF_LoadPage(document, index)
    if not page:
        return ("", False, 0.0, 0.0, _NO_TEXT)  # a page PDFium cannot load reads as a page without text
    try:
        width = float(pdfium_c.FPDF_GetPageWidthF(page))
        height = float(pdfium_c.FPDF_GetPageHeightF(page))
        text_page = pdfium_c.FPDFText_LoadPage(page)
        if not text_page:
            return ("", False, width, height, _NO_TEXT)
        try:
            text = _page_text(text_page)
        finally:
            pdfium_c.FPDFText_ClosePage(text_page)
    finally:
        pdfium_c.FPDF_ClosePage(page)
    has_text = bool(text) and not text.isspace()
    # Fingerprinted here, in the worker, beside the text (about 0.3 ms a page against about
    # 1 ms to read it): counting a long case's duplicates then needs no text at all. A page
    # without a text layer is stored without text, and fingerprinted so.
    return (text, has_text, width, height, text_fingerprint(text) if has_text else _NO_TEXT)


def _page_text(text_page: Any) -> str:
    count = int(pdfium_c.FPDFText_CountChars(text_page))
    if count <= 0:
        return ""
    # FPDFText_GetText writes at most count UTF-16 units plus a terminator.
    buffer = (ctypes.c_ushort * (count + 1))()
    written = int(pdfium_c.FPDFText_GetText(text_page, 0, count, buffer))
    if written <= 1:
        return ""
    text = ctypes.string_at(buffer, (written - 1) * 2).decode("utf-16-le", errors="replace")
    if "\r" in text:  # PDFium ends lines with CR LF, and some PDFs carry lone CRs
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _SOFT_HYPHEN in text:
        text = text.replace(_SOFT_HYPHEN, "")  # "com<FFFE>pile" is "compile" to a search
    return text


# --- the worker process --------------------------------------------------------------------

FileHook = Callable[[Path], object]


# Messages from a worker: ("start", item_id), ("done", item_id, page_count, decrypted,
# repaired, pages), ("locked", item_id, wrong_password), ("damaged", item_id, detail),
# ("failed", item_id, description). To a worker: a batch of (item_id, path, password,
# start, stop) tuples, or None to stop.
WorkItem = tuple[int, str, str | None, int, int]


def worker_main(conn: Connection, before_file: FileHook | None) -> None:
    """A worker's loop: read the batches it is sent, answer each item as it completes."""
    # Ctrl+C in a terminal reaches the whole process group; the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _keep_freed_memory()
    reader = PageReader()
    while True:
        if not conn.poll():
            reader.close()  # idle: hold no file open while waiting
        try:
            batch: list[WorkItem] | None = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if batch is None:
            reader.close()
            return
        for item_id, path, password, start, stop in batch:
            conn.send(("start", item_id))
            if before_file is not None:
                before_file(Path(path))
            try:
                page_count, decrypted, repaired, pages = reader.read(path, password, start, stop)
            except PasswordRequired as exc:
                reader.close()
                conn.send(("locked", item_id, exc.wrong_password))
            except DamagedPdf as exc:
                reader.close()
                conn.send(("damaged", item_id, str(exc)))
            except Exception as exc:  # a bug or an unforeseen library error: report, keep serving
                reader.close()
                conn.send(("failed", item_id, f"{type(exc).__name__}: {exc}"))
            else:
                conn.send(("done", item_id, page_count, decrypted, repaired, pages))


def _keep_freed_memory() -> None:
    """Have glibc keep freed memory in the worker rather than hand it back to the system.

    PDFium allocates and frees a few hundred kilobytes of character data per page; by
    default glibc maps such blocks afresh and trims the heap after each, so every page pays
    for page faults on new memory. Raising the two thresholds makes text extraction about
    25% faster (measured); the worker then keeps up to 64 MB it no longer uses. Elsewhere
    than glibc (macOS, Windows, musl) there is no mallopt, and nothing to do.
    """
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError, TypeError):
        return
    mallopt(_M_MMAP_THRESHOLD, 32 * 1024 * 1024)
    mallopt(_M_TRIM_THRESHOLD, 64 * 1024 * 1024)


_M_TRIM_THRESHOLD: Final = -1  # glibc's <malloc.h>
_M_MMAP_THRESHOLD: Final = -3
