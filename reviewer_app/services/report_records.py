"""The report's records: the numbered list that citations resolve in, and the chronological table.

The list numbers the records as received ("Rec. 3"), so that every citation ("Rec. 3, p. 12")
finds its record; the table is the case's chronology (the physician's corrections applied), a
line per document in date order with its pages, copies folded into the first one received.
"""

from __future__ import annotations

from collections.abc import Sequence

from reviewer_app.domain.case import Case, RecordDocument, RecordState
from reviewer_app.domain.forms import date_range_text
from reviewer_app.domain.records_table import chronology_rows
from reviewer_app.domain.report import ChronologyRow, KeyPage, OriginalReportRef, PageReference, RecordEntry
from reviewer_app.domain.review import Citation, PageKey
from reviewer_app.records.text_extraction import REPAIRED_DETAIL
from reviewer_app.services.chronology import case_chronology
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.review import duplicate_groups


def records_list(case: Case) -> tuple[RecordEntry, ...]:
    """Every record received, numbered in the case's order: the numbers citations refer to."""
    return tuple(
        RecordEntry(n, r.title, r.provider or "", record_dates(r), r.page_count, repaired(r))
        for n, r in enumerate(case.records, 1)
    )


def chronology_table(
    folder: DataFolder, case: Case, copies: list[list[PageKey]] | None = None
) -> tuple[ChronologyRow, ...]:
    """The case's chronology as the report's table (assembled from each file's kept documents).

    ``copies``: the case's duplicate page groups, when the caller has them already.
    """
    entries = case_chronology(folder, case.id)
    if not entries:
        return ()
    _, numbers = record_numbers(case)
    return chronology_rows(entries, numbers, duplicate_groups(folder, case.id) if copies is None else copies)


def repaired(record: RecordDocument) -> bool:
    """Received damaged and read from its repaired copy (a repaired scan says so in its detail)."""
    return record.state is RecordState.REPAIRED or REPAIRED_DETAIL in record.state_detail


def record_dates(record: RecordDocument) -> str:
    """The record's dates as the manifest gives them, in words."""
    return date_range_text(record.date_from, record.date_to)


def record_numbers(case: Case) -> tuple[dict[str, int], dict[int, int]]:
    """Each record's number in the list, by its path and by its id."""
    by_path = {r.path: n for n, r in enumerate(case.records, 1)}
    by_id = {r.id: n for n, r in enumerate(case.records, 1) if r.id is not None}
    return by_path, by_id


def key_pages(case: Case, citations: Sequence[Citation]) -> tuple[KeyPage, ...]:
    """The pages the physician marked as key, in record and page order."""
    _, numbers = record_numbers(case)
    records = {r.id: r for r in case.records}
    pages = []
    for c in citations:
        if c.kind != "key_page" or c.record_id not in numbers:
            continue
        record = records[c.record_id]
        reference = PageReference(numbers[c.record_id], c.page_number, c.note, c.quote)
        pages.append(KeyPage(reference, record.title, record_dates(record)))
    return tuple(sorted(pages, key=lambda k: (k.page.record_number, k.page.page)))


def new_records(case: Case, original: OriginalReportRef | None) -> tuple[str, ...]:
    """The records an addendum adds to those of its original report, as printed: "Rec. 22 — MRI"."""
    if original is None:
        return ()
    by_path, _ = record_numbers(case)
    titles = {r.path: r.title for r in case.records}
    return tuple(f"Rec. {by_path[name]} — {titles[name]}" if name in by_path else name for name in original.new_records)
