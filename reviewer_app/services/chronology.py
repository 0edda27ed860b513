"""The case's chronology from its stored page text, and the physician's corrections, kept and applied on every run.

:func:`case_chronology` is a plain function with a :class:`Progress` so the window can run it
off the GUI thread; it reads text only (no PDF is opened), so a 5,000-page case takes seconds.
:func:`correct_chronology` keeps corrections (split, merge, date, type, provider, summary), each
an event in the case's history naming the record and pages, never the values.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from reviewer_app.domain.audit import AuditKind
from reviewer_app.domain.case import Case, RecordDocument, RecordState
from reviewer_app.domain.chronology import (
    ChronologyEntry,
    Correction,
    RecordPages,
    assemble_chronology,
    layered,
    parse_corrections,
    what_changes,
)
from reviewer_app.domain.errors import NotFound
from reviewer_app.domain.progress import Progress, SilentProgress, check_cancelled
from reviewer_app.domain.providers import ProviderDirectory, manifest_parties
from reviewer_app.records.fingerprints import text_hash
from reviewer_app.services.audit import log_event
from reviewer_app.services.chronology_kept import kept_record_documents
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.audit import AuditRepository
from reviewer_app.storage.chronology import ChronologyCorrectionRepository, record_page_texts
from reviewer_app.storage.database import WriteSession
from reviewer_app.storage.repositories import CaseRepository

# Records whose pages have text to read (a scan's pages count once OCR has given them text).
_READABLE = (RecordState.READABLE, RecordState.REPAIRED, RecordState.NEEDS_OCR)
CSV_COLUMNS = (
    "record",
    "first_page",
    "last_page",
    "date",
    "date_to",
    "type",
    "provider",
    "facility",
    "confidence",
    "summary",
    "source",
    "duplicate_of",
)


def readable_records(case: Case) -> list[RecordDocument]:
    """The records the chronology covers, in the case's order: those with pages and text to read."""
    return [r for r in case.records if r.state in _READABLE and not r.purged and r.page_count and r.id is not None]


def case_chronology(
    folder: DataFolder,
    case_id: int,
    progress: Progress | None = None,
    duplicate_pages: Sequence[Sequence[tuple[int, int]]] = (),
) -> list[ChronologyEntry]:
    """The case's documents in date order, the physician's corrections applied; every readable page in one entry.

    An entry whose pages copy an earlier entry's is marked as its duplicate: pages whose text is the
    same once fax stamps and page counters are set aside, and ``duplicate_pages`` (the case's near
    copies, when the workspace has counted them: counting them here would take the seconds it does).
    """
    progress = progress or SilentProgress()
    with folder.database.transaction() as session:
        case = CaseRepository(session).get(case_id)
        if case is None:
            raise NotFound("That case is not in the data folder.")
        records = readable_records(case)
        progress.report(0, len(records) + 1, "Reading the records' text")
        texts = record_page_texts(session, [r.sha256 for r in records])
        corrections = ChronologyCorrectionRepository(session).for_case(case_id)
    pages = [
        (
            record.sha256,
            RecordPages(
                record.id or 0,
                record.path,
                [texts[record.sha256].get(index, "") for index in range(record.page_count or 0)],
                record.kind,
                record.provider,
                record.date_from,
                record.date_to,
            ),
        )
        for record in records
    ]
    people, facilities = manifest_parties(case.details.parties)

    def done(number: int) -> None:
        check_cancelled(progress, "Building the chronology")
        progress.report(number + 1, len(records) + 1, f"Sorting {records[number].title} into documents")

    birth = case.details.claimant.date_of_birth
    directory = ProviderDirectory(people, facilities)
    births = frozenset({birth} if birth else ())
    documents = kept_record_documents(folder, pages, corrections, births, on_record=done)
    in_order = [record for _, record in pages]
    copies = [*same_text_pages(in_order), *duplicate_pages]
    entries = assemble_chronology(in_order, documents, directory, copies)
    progress.report(len(records) + 1, len(records) + 1, "Chronology ready")
    return entries


def same_text_pages(records: Sequence[RecordPages]) -> list[list[tuple[int, int]]]:
    """Groups of pages, each (record id, 0-based page), whose text is the same once fax headers and page counters go."""
    by_text: dict[str, list[tuple[int, int]]] = {}
    for record in records:
        for index, text in enumerate(record.texts):
            key = text_hash(text) if text.strip() else ""
            if key:
                by_text.setdefault(key, []).append((record.record_id, index))
    return [group for group in by_text.values() if len(group) > 1]


def correct_chronology(folder: DataFolder, case_id: int, document: Any) -> list[list[str]]:
    """Keep the corrections in ``document`` (entries in the chronology's JSON shape); the changes made, in words.

    All or nothing: a wrong record, page range, date or type refuses every correction, naming each.
    An entry that repeats the chronology as it stands changes nothing and is not recorded.
    """
    with folder.database.transaction() as session:
        case = CaseRepository(session).get(case_id)
    if case is None:
        raise NotFound("That case is not in the data folder.")
    records = readable_records(case)
    wanted = parse_corrections(document, {r.path: (r.id or 0, r.page_count or 0) for r in records})
    current = case_chronology(folder, case_id)
    changes: list[tuple[Correction, list[str]]] = []
    for correction in wanted:
        reduced, words = what_changes(correction, current)
        if reduced is not None:
            changes.append((reduced, words))
    if not changes:
        return []
    at = folder.clock()

    def keep(session: WriteSession) -> None:
        repository = ChronologyCorrectionRepository(session)
        kept = repository.for_case(case_id)
        audit = AuditRepository(session)
        for correction, words in changes:
            kept = layered(kept, correction)
            span = f"{correction.first_page}-{correction.last_page}"
            details = {"record_id": correction.record_id, "page_numbers": span, "changes": words}
            log_event(audit, case_id, AuditKind.CHRONOLOGY_CORRECTED, details, at)
        repository.replace_all(case_id, kept, at)

    folder.database.write(keep)
    return [words for _, words in changes]


def chronology_csv(entries: Sequence[ChronologyEntry]) -> str:
    """The chronology as CSV, one row per entry, with the JSON's keys as columns."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in entries:
        row = entry.to_json()
        if entry.duplicate_of is not None:  # "records/002.pdf p. 3-4"
            row["duplicate_of"] = f"{entry.duplicate_of.record} p. {entry.duplicate_of.pages_text}"
        writer.writerow({k: "" if row[k] is None else row[k] for k in CSV_COLUMNS})
    return out.getvalue()
