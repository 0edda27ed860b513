"""OCR of scanned pages, in the background; interrupted work simply resumes.

Each page's text is saved as soon as Tesseract returns it, so a restart loses at most the
pages in flight. Once every scanned page of a file is read, the OCR'd text is laid invisibly
over the scanned pages of the file's viewable PDF (the page images stay as received), so the
viewer can highlight and quote them like any text page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from reviewer_app.domain.case import RecordState
from reviewer_app.domain.errors import ReviewerError
from reviewer_app.domain.progress import Progress
from reviewer_app.records.fingerprints import text_fingerprint
from reviewer_app.records.ocr import OcrJob, OcrPage, OcrRunner, TesseractStatus, tesseract_status
from reviewer_app.records.renditions import add_text_layers
from reviewer_app.records.text_extraction import REPAIRED_DETAIL
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.database import WriteSession
from reviewer_app.storage.pages import PageRepository
from reviewer_app.storage.repositories import CaseRepository


@dataclass(frozen=True)
class OcrSummary:
    pages_read: int
    pages_failed: int
    files_completed: int


def ocr_availability() -> TesseractStatus:
    """Whether Tesseract is installed; the message says what to do when it is not."""
    return tesseract_status()


def pending_ocr_pages(folder: DataFolder, case_id: int | None = None) -> int:
    with folder.database.transaction() as session:
        return len(PageRepository(session).pending_ocr(case_id))


def run_pending_ocr(folder: DataFolder, progress: Progress, case_id: int | None = None) -> OcrSummary:
    """Read every scanned page still waiting (of one case, or all); raises Cancelled when asked to stop."""
    status = tesseract_status()
    if not status.available:
        raise ReviewerError(status.message)
    with folder.database.transaction() as session:
        tasks = PageRepository(session).pending_ocr(case_id)
    if not tasks:
        return OcrSummary(0, 0, 0)
    jobs = [
        OcrJob(
            key=f"{t.sha256}:{t.page_index}", pdf_path=folder.store.path_for(t.viewable_sha256), page_index=t.page_index
        )
        for t in tasks
    ]
    remaining = {t.sha256: 0 for t in tasks}
    for task in tasks:
        remaining[task.sha256] += 1
    read = failed = completed = 0
    for outcome in OcrRunner().run(jobs, progress):
        sha256, _, index_text = outcome.job.key.rpartition(":")
        page_index = int(index_text)
        if outcome.page is not None:
            pdf_sha, _ = folder.store.put_bytes(outcome.page.pdf)
            page = outcome.page
            # Each page in its own short transaction through the writer: a finding saved meanwhile
            # waits for one page at most, and a stop or a crash keeps every page read so far.
            folder.database.write(
                partial(_save_text, sha256=sha256, page_index=page_index, page=page, ocr_pdf_sha256=pdf_sha)
            )
            read += 1
        else:
            error = outcome.error or "OCR failed"
            folder.database.write(partial(_save_failure, sha256=sha256, page_index=page_index, error=error))
            failed += 1
        remaining[sha256] -= 1
        if remaining[sha256] == 0 and finish_file(folder, sha256):
            completed += 1
    if read:
        from reviewer_app.services.conflicts import recheck_open_cases

        recheck_open_cases(folder)  # a scanned letterhead naming a conflict is read only now
    return OcrSummary(read, failed, completed)


def _save_text(session: WriteSession, *, sha256: str, page_index: int, page: OcrPage, ocr_pdf_sha256: str) -> None:
    PageRepository(session).set_ocr_result(
        sha256,
        page_index,
        text=page.text,
        text_fingerprint=page.text_fingerprint or text_fingerprint(page.text),
        image_hash=page.image_hash,
        ocr_pdf_sha256=ocr_pdf_sha256,
    )


def _save_failure(session: WriteSession, *, sha256: str, page_index: int, error: str) -> None:
    PageRepository(session).set_ocr_failed(sha256, page_index, error)


def finish_file(folder: DataFolder, sha256: str) -> bool:
    """Lay a file's OCR'd text over its viewable PDF's scanned pages once none waits; True when done."""
    with folder.database.transaction() as session:
        pages = PageRepository(session)
        done, waiting = pages.ocr_pages(sha256)
        stored = CaseRepository(session).stored_file(sha256)
    if waiting or stored is None or not done:
        return False
    base = folder.store.path_for(stored.viewable_sha256 or sha256)
    merged = add_text_layers(base, {index: folder.store.read_bytes(pdf) for index, pdf in done.items()})
    viewable, _ = folder.store.put_bytes(merged)
    unread = stored.scanned_pages - len(done)
    detail = f"{len(done)} scanned page(s) read by OCR" + (f"; {unread} could not be read" if unread > 0 else "")
    state = RecordState.READABLE if unread <= 0 else RecordState.NEEDS_OCR
    if REPAIRED_DETAIL in stored.state_detail:  # a repaired scan stays marked repaired once read
        detail = f"{detail}; {REPAIRED_DETAIL}"
        state = RecordState.REPAIRED if unread <= 0 else state
    page_count, scanned_pages = stored.page_count, stored.scanned_pages
    folder.database.write(
        lambda session: PageRepository(session).update_file(
            sha256,
            viewable_sha256=viewable,
            state=state,
            detail=detail,
            page_count=page_count,
            scanned_pages=scanned_pages,
        )
    )
    return True
