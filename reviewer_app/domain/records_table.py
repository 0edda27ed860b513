"""The chronology as the report prints it: the table of records reviewed that IME and peer-review reports carry.

One line per document in date order (undated last), each with the pages it was read from as the
report cites them ("Rec. 3, p. 12-15"). A document received twice (the same pages faxed again)
is one visit: its copies are named on the first copy's line, not listed as another visit. What
the rules read with low confidence, and the physician has not confirmed, is marked to verify.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from reviewer_app.domain.chronology import ChronologyEntry
from reviewer_app.domain.report import ChronologyRow
from reviewer_app.domain.review import PageKey, later_copies

UNDATED = "undated"
_TYPE_WORDS = {
    "emergency": "Emergency visit",
    "office_visit": "Office visit",
    "imaging": "Imaging",
    "lab": "Laboratory",
    "hospital": "Hospital record",
    "work_status": "Work status",
    "utilization_review": "Utilization review",
    "ime_or_peer_review": "IME or peer review",
    "claim_form": "Claim form",
    "legal": "Legal",
    "correspondence": "Letter",
    "bill": "Bill",
}


def type_in_words(document_type: str) -> str:
    """ "office_visit" as the report prints it: "Office visit"."""
    return _TYPE_WORDS.get(document_type) or document_type.replace("_", " ").capitalize()


def short_day(day: dt.date) -> str:
    """ "Mar 16, 2026": the month in words, so that no reader takes 03/04 for April 3."""
    return f"{day:%b} {day.day}, {day.year}"


def entry_pages(entry: ChronologyEntry, number: int) -> str:
    """The entry's pages as the report cites them: "Rec. 3, p. 12" or "Rec. 3, p. 12-15"."""
    span = str(entry.first_page) if entry.first_page == entry.last_page else f"{entry.first_page}-{entry.last_page}"
    return f"Rec. {number}, p. {span}"


def chronology_rows(
    entries: Sequence[ChronologyEntry],
    record_numbers: Mapping[int, int],
    duplicate_groups: Sequence[Sequence[PageKey]] = (),
) -> tuple[ChronologyRow, ...]:
    """The table's lines from the chronology (already in date order, corrections applied).

    ``record_numbers`` maps record ids to their numbers in the records list; ``duplicate_groups``
    are the case's groups of identical pages (first copy first, as ``services.review`` finds them).
    """
    copies = later_copies([list(group) for group in duplicate_groups])
    first_copy = {key: group[0] for group in duplicate_groups for key in group[1:]}
    entry_of_page = {(e.record_id, page - 1): n for n, e in enumerate(entries) for page in _pages(e)}
    folded: dict[int, list[int]] = {}  # entry -> the entries that are copies of it
    copy_of: dict[int, int] = {}
    for n, entry in enumerate(entries):
        keys = [(entry.record_id, page - 1) for page in _pages(entry)]
        repeated = [key for key in keys if key in copies]
        if entry.source == "corrected" or not repeated or 2 * len(repeated) < len(keys):
            continue  # the physician's own entry, or new pages: a visit of its own
        original = entry_of_page.get(first_copy[repeated[0]])
        if original is not None and original != n and original not in copy_of:
            copy_of[n] = original
            folded.setdefault(original, []).append(n)
    rows: list[ChronologyRow] = []
    for n, entry in enumerate(entries):
        if n in copy_of:
            continue
        number = record_numbers.get(entry.record_id, 0)
        names = {x.lower(): x for x in (entry.facility, entry.provider) if x}  # a facility named twice, once
        provider = ", ".join(reversed(names.values()))
        # The title that named the document when the physician wrote no summary; not a letterhead again.
        title = entry.title if entry.title and entry.title.lower() not in provider.lower() else ""
        rows.append(
            ChronologyRow(
                date=_dates(entry),
                provider=provider or "not named in the record",
                type=type_in_words(entry.type),
                summary=entry.summary or title,
                pages=entry_pages(entry, number),
                unsure=entry.low_confidence,
                copies=tuple(
                    entry_pages(entries[c], record_numbers.get(entries[c].record_id, 0)) for c in folded.get(n, [])
                ),
            )
        )
    return tuple(rows)


def _pages(entry: ChronologyEntry) -> range:
    return range(entry.first_page, entry.last_page + 1)


def _dates(entry: ChronologyEntry) -> str:
    if entry.date is None:
        return UNDATED
    if entry.date_to is None or entry.date_to == entry.date:
        return short_day(entry.date)
    return f"{short_day(entry.date)} to {short_day(entry.date_to)}"
