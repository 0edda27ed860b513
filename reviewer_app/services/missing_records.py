"""The case's missing records, and the letter that asks the vendor for them.

:func:`case_missing_records` compares what the records' pages mention with the documents the
chronology found (stored page text only: seconds on a long case, so the window runs it in the
background with progress). :func:`write_request_letter` writes the letter listing only the
items the physician kept ticked; an event in the case history (the letter's hash and the number
of items, never the items themselves).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from reviewer_app.domain.audit import AuditKind
from reviewer_app.domain.chronology import RecordPages
from reviewer_app.domain.errors import InvalidInput, NotFound
from reviewer_app.domain.missing_records import MissingRecord, missing_from_chronology
from reviewer_app.domain.progress import Progress, SilentProgress
from reviewer_app.records.output_files import write_file_atomically
from reviewer_app.reports.missing_records_letter import RequestLetter, letter_pdf
from reviewer_app.services.audit import record_event
from reviewer_app.services.chronology import case_chronology, readable_records
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.chronology import record_page_texts
from reviewer_app.storage.repositories import CaseRepository, ProfileRepository


def case_missing_records(folder: DataFolder, case_id: int, progress: Progress | None = None) -> list[MissingRecord]:
    """The studies and visits the case's records mention but do not contain, by date, each with its pages."""
    progress = progress or SilentProgress()
    entries = case_chronology(folder, case_id, progress)
    with folder.database.transaction() as session:
        case = CaseRepository(session).get(case_id)
        if case is None:
            raise NotFound("That case is not in the data folder.")
        records = readable_records(case)
        texts = record_page_texts(session, [r.sha256 for r in records])
    pages = [
        RecordPages(r.id or 0, r.path, [texts[r.sha256].get(i, "") for i in range(r.page_count or 0)]) for r in records
    ]
    claimant = case.details.claimant
    not_encounters = frozenset(d for d in (claimant.date_of_birth, claimant.date_of_injury) if d is not None)
    progress.report(1, 1, "Looking for records mentioned but not received")
    return missing_from_chronology(pages, entries, not_encounters)


def request_letter(folder: DataFolder, case_id: int, items: Sequence[MissingRecord]) -> RequestLetter:
    """The letter asking for ``items``, on the physician's letterhead, to the case's vendor."""
    if not items:
        raise InvalidInput("No missing record is chosen: there is nothing to request.")
    with folder.database.transaction() as session:
        case = CaseRepository(session).get(case_id)
        if case is None:
            raise NotFound("That case is not in the data folder.")
        profile = ProfileRepository(session).get()
    details = case.details
    claimant = details.claimant
    return RequestLetter(
        physician=profile,
        vendor=details.vendor.name,
        vendor_contact=details.vendor.contact,
        reference=details.reference,
        claimant=f"{claimant.name.given} {claimant.name.family}".strip(),
        claim_number=claimant.claim_number,
        date=folder.clock().date(),
        items=tuple(items),
        records_received=len(case.records),
    )


def write_request_letter(folder: DataFolder, case_id: int, items: Sequence[MissingRecord], out: Path) -> Path:
    """Write the letter to ``out`` (whole or not at all); the request is an event in the case history."""
    pdf = letter_pdf(request_letter(folder, case_id, items))
    write_file_atomically(out, pdf)
    digest = hashlib.sha256(pdf).hexdigest()
    record_event(folder, case_id, AuditKind.MISSING_RECORDS_REQUESTED, {"sha256": digest, "records": len(items)})
    return out
