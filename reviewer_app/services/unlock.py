"""Unlock a password-protected PDF: a decrypted copy is kept, the password is not."""

from __future__ import annotations

from reviewer_app.domain.case import RecordDocument, RecordState
from reviewer_app.domain.errors import InvalidInput, NotFound, ReviewerError
from reviewer_app.domain.progress import SilentProgress
from reviewer_app.records.renditions import WrongPassword, decrypt_pdf
from reviewer_app.records.text_extraction import ExtractionJob
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.record_files import new_page
from reviewer_app.storage.pages import PageRepository
from reviewer_app.storage.repositories import CaseRepository


def unlock_record(folder: DataFolder, case_id: int, record_id: int, password: str) -> RecordDocument:
    """Decrypt a locked record with the password the physician gives; returns the record, now readable."""
    with folder.database.transaction() as session:
        record = CaseRepository(session).record(case_id, record_id)
    if record is None:
        raise NotFound("That record is not part of this case.")
    if record.state is not RecordState.LOCKED:
        raise InvalidInput(f"{record.title} is not locked.")
    try:
        decrypted = decrypt_pdf(folder.store.path_for(record.sha256), password)
    except WrongPassword:
        raise ReviewerError(f"That password does not open {record.title}. Check it with the vendor.") from None
    viewable, _ = folder.store.put_bytes(decrypted)
    [extraction] = list(
        folder.text_extractor().extract(
            [ExtractionJob(key=record.sha256, pdf_path=folder.store.path_for(viewable))], SilentProgress()
        )
    )
    pages = [new_page(p) for p in extraction.pages]
    scanned = sum(1 for p in extraction.pages if not p.has_text_layer)
    detail = "unlocked with the password" + (f"; {scanned} scanned page(s) need OCR" if scanned else "")
    with folder.database.transaction() as session:
        repository = PageRepository(session)
        repository.replace_pages(record.sha256, pages)
        repository.update_file(
            record.sha256,
            viewable_sha256=viewable,
            state=extraction.state if extraction.state is not RecordState.LOCKED else RecordState.UNREADABLE,
            detail=detail if extraction.state in (RecordState.READABLE, RecordState.NEEDS_OCR) else extraction.detail,
            page_count=len(pages) or None,
            scanned_pages=scanned,
        )
        unlocked = CaseRepository(session).record(case_id, record_id)
    assert unlocked is not None
    return unlocked
