"""The case's chronology: every document of every readable record, dated, typed, attributed, in date order.

Documents are found by :mod:`domain.unitization`; the physician's corrections (a split, a merge,
another date, type, clinician or summary) are spans of a record's pages with the values the
physician gave, and are laid over what was found on every run: a corrected span is one entry
whatever the pages show, and what remains of a found document around it is described afresh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from reviewer_app.domain.document_types import DOCUMENT_TYPES, type_from_kind
from reviewer_app.domain.providers import ProviderDirectory, not_clinical
from reviewer_app.domain.unitization import FoundDocument, PageFacts, describe_pages, read_page, split_facts

LOW_CONFIDENCE = 0.5  # below this an entry is shown as a guess to check
CORRECTED_FIELDS = ("date", "date_to", "type", "provider", "facility", "summary")
SUMMARY_MAX_CHARS = 500
NAME_MAX_CHARS = 200


@dataclass(frozen=True)
class ChronologyEntry:
    """One document in the chronology; pages 1-based and inclusive."""

    record_id: int
    record: str  # the record's path in the bundle
    first_page: int
    last_page: int
    date: dt.date | None
    date_to: dt.date | None
    type: str
    provider: str | None
    facility: str | None
    confidence: float
    summary: str | None = None
    source: str = "found"  # "found", "corrected" or "manifest"
    title: str = ""  # the title line that named the document, for the view
    duplicate_of: ChronologyEntry | None = None  # the earlier entry whose pages these are copies of

    @property
    def low_confidence(self) -> bool:
        return self.source != "corrected" and self.confidence < LOW_CONFIDENCE

    def span(self) -> dict[str, Any]:
        """Where the entry is: its record and pages."""
        return {"record": self.record, "first_page": self.first_page, "last_page": self.last_page}

    @property
    def pages_text(self) -> str:
        """ "3" or "3-5"."""
        return f"{self.first_page}" if self.first_page == self.last_page else f"{self.first_page}-{self.last_page}"

    def to_json(self) -> dict[str, Any]:
        """The contract's keys (cli-and-hooks.md, version 2), in its order."""
        return {
            "record": self.record,
            "first_page": self.first_page,
            "last_page": self.last_page,
            "date": self.date.isoformat() if self.date else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "type": self.type,
            "provider": self.provider,
            "facility": self.facility,
            "confidence": self.confidence,
            "summary": self.summary,
            "source": self.source,
            # Added to the contract's keys: the entry this one copies (a faxed copy of the same note), or null.
            "duplicate_of": self.duplicate_of.span() if self.duplicate_of is not None else None,
        }


@dataclass(frozen=True)
class Correction:
    """The physician's word on a span of a record's pages (1-based): only the fields given are set."""

    record_id: int
    first_page: int
    last_page: int
    fields: Mapping[str, Any] = field(default_factory=dict)  # CORRECTED_FIELDS; dates as dt.date

    def overlaps(self, first: int, last: int) -> bool:
        return self.first_page <= last and first <= self.last_page


@dataclass(frozen=True)
class RecordPages:
    """A readable record as the chronology needs it: its pages' text and what the manifest says of it."""

    record_id: int
    path: str
    texts: Sequence[str]
    kind: str | None = None
    provider: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def layered(corrections: Sequence[Correction], new: Correction) -> list[Correction]:
    """The corrections once ``new`` is added: the same span's fields merged, overlapping spans trimmed around it."""
    kept: list[Correction] = []
    merged = dict(new.fields)
    for old in corrections:
        if old.record_id != new.record_id or not old.overlaps(new.first_page, new.last_page):
            kept.append(old)
            continue
        if (old.first_page, old.last_page) == (new.first_page, new.last_page):
            merged = {**old.fields, **new.fields}
            continue
        if old.first_page < new.first_page:
            kept.append(replace(old, last_page=new.first_page - 1))
        if old.last_page > new.last_page:
            kept.append(replace(old, first_page=new.last_page + 1))
    kept.append(replace(new, fields=merged))
    return kept


# One record's documents, each with the physician's correction that made it (if any).
RecordDocuments = list[tuple[FoundDocument, Correction | None]]


def build_chronology(
    records: Sequence[RecordPages],
    corrections: Sequence[Correction] = (),
    directory: ProviderDirectory | None = None,
    on_record: Callable[[int], None] | None = None,
    births: frozenset[dt.date] = frozenset(),
    duplicate_pages: Sequence[Sequence[tuple[int, int]]] = (),
) -> list[ChronologyEntry]:
    """The chronology of the records given, corrections applied, in date order (undated last).

    ``births`` are the patient's known dates of birth (the manifest's): never a date of service.
    ``duplicate_pages`` are groups of pages, each (record id, 0-based page), that are copies of one
    another: an entry whose pages all copy an earlier entry's is marked as that entry's duplicate.
    """
    documents: list[RecordDocuments] = []
    for number, record in enumerate(records):
        mine = [c for c in corrections if c.record_id == record.record_id]
        documents.append(record_documents(record, mine, births))
        if on_record is not None:
            on_record(number)
    return assemble_chronology(records, documents, directory, duplicate_pages)


def record_documents(
    record: RecordPages, corrections: Sequence[Correction] = (), births: frozenset[dt.date] = frozenset()
) -> RecordDocuments:
    """One record's documents, read from its pages' text, its corrections (``record``'s own) laid over.

    The costly part of the chronology (every page read): what :func:`assemble_chronology` needs of
    a record, so that it can be kept for a record whose text, corrections and ``births`` stay the same.
    """
    facts = [read_page(index, text, births) for index, text in enumerate(record.texts)]
    return _laid_over(facts, corrections)


def assemble_chronology(
    records: Sequence[RecordPages],
    documents: Sequence[RecordDocuments],
    directory: ProviderDirectory | None = None,
    duplicate_pages: Sequence[Sequence[tuple[int, int]]] = (),
) -> list[ChronologyEntry]:
    """The chronology from each record's documents (:func:`record_documents`, in ``records``' order).

    Names are matched across all records here (the fullest spelling wins), the manifest's word on
    each record applied and copies marked (``duplicate_pages`` as for :func:`build_chronology`),
    so this part is redone on every run: it takes milliseconds.
    """
    directory = directory or ProviderDirectory()
    found = [
        (record, document, correction)
        for record, mine in zip(records, documents, strict=True)
        for document, correction in mine
    ]
    for _, document, _ in found:  # every name seen before any is shown: the fullest spelling wins
        if document.person is not None:
            directory.person(document.person)
    entries = [_entry(record, document, correction, directory, len(records)) for record, document, correction in found]
    order = {record.record_id: position for position, record in enumerate(records)}
    if duplicate_pages:
        entries = mark_copies(entries, order, duplicate_pages)
    entries.sort(key=lambda e: (e.date is None, e.date or dt.date.min, order[e.record_id], e.first_page))
    return entries


def mark_copies(
    entries: Sequence[ChronologyEntry],
    order: Mapping[int, int],
    duplicate_pages: Sequence[Sequence[tuple[int, int]]],
) -> list[ChronologyEntry]:
    """The entries, each whose pages with text all copy pages of one earlier entry marked as its duplicate.

    "Earlier" is in the case's order of records, then pages: the first copy received stands as the visit.
    """
    in_order = sorted(entries, key=lambda e: (order.get(e.record_id, 0), e.first_page))
    owner: dict[tuple[int, int], int] = {}  # page -> position in in_order of the entry holding it
    for position, entry in enumerate(in_order):
        for page in range(entry.first_page - 1, entry.last_page):
            owner[(entry.record_id, page)] = position
    copies_of: dict[tuple[int, int], set[int]] = {}  # page -> entries holding a copy of it
    for group in duplicate_pages:
        holders = {owner[key] for key in group if key in owner}
        for key in group:
            copies_of[(key[0], key[1])] = holders
    marked: list[ChronologyEntry] = []
    for position, entry in enumerate(in_order):
        pages = [(entry.record_id, page) for page in range(entry.first_page - 1, entry.last_page)]
        copied = [copies_of[page] for page in pages if page in copies_of]
        # Every page a copy (a long copy may lack one page: a blank, a page its fax dropped).
        enough = bool(copied) and len(copied) >= len(pages) - len(pages) // 3
        earlier = sorted(p for p in set.intersection(*copied) if p < position) if enough else []
        if earlier:
            original = marked[earlier[0]]
            entry = replace(entry, duplicate_of=original.duplicate_of or original)
        marked.append(entry)
    return marked


def _laid_over(
    facts: Sequence[PageFacts], corrections: Sequence[Correction]
) -> list[tuple[FoundDocument, Correction | None]]:
    """The record's documents: corrected spans as given, found documents cut around them."""
    documents = split_facts(facts) if facts else []
    spans = [c for c in corrections if 1 <= c.first_page <= c.last_page <= len(facts)]
    if not spans:
        return [(d, None) for d in documents]
    taken = [False] * len(facts)
    out: list[tuple[FoundDocument, Correction | None]] = []
    for span in spans:
        for index in range(span.first_page - 1, span.last_page):
            taken[index] = True
        out.append((describe_pages(facts[span.first_page - 1 : span.last_page]), span))
    for document in documents:
        start: int | None = None
        for index in range(document.first, document.last + 2):
            free = index <= document.last and not taken[index]
            if free and start is None:
                start = index
            elif not free and start is not None:
                whole = start == document.first and index - 1 == document.last
                out.append((document if whole else describe_pages(facts[start:index], 0.6), None))
                start = None
    out.sort(key=lambda item: item[0].first)
    return out


def _entry(
    record: RecordPages,
    document: FoundDocument,
    correction: Correction | None,
    directory: ProviderDirectory,
    record_count: int,
) -> ChronologyEntry:
    provider = directory.shown(document.person) if document.person else None
    facility = directory.facility(document.facility) if document.facility else None
    entry = ChronologyEntry(
        record.record_id,
        record.path,
        document.first + 1,
        document.last + 1,
        document.date,
        document.date_to,
        document.type,
        provider,
        facility,
        document.confidence,
        title=document.title,
    )
    whole = document.first == 0 and document.last == len(record.texts) - 1
    entry = _with_manifest(entry, record, whole, type_sure=document.type_confidence >= _SURE)
    if correction is None:
        return entry
    return replace(entry, **dict(correction.fields), confidence=1.0, source="corrected")


_SURE = 0.8  # a type the pages name this clearly stands against the manifest's kind


def _with_manifest(
    entry: ChronologyEntry, record: RecordPages, whole: bool, type_sure: bool = False
) -> ChronologyEntry:
    """What the manifest says of the record, where the pages said nothing (or the record is one document)."""
    changes: dict[str, Any] = {}
    kind = type_from_kind(record.kind)
    if kind and (entry.type == "other" or (whole and entry.confidence < _SURE and not type_sure)):
        changes["type"] = kind
    if record.provider and entry.provider is None and not not_clinical(record.provider):  # never the employer
        changes["provider"] = record.provider
    single_day = record.date_from is not None and record.date_to in (None, record.date_from)
    if entry.date is None and record.date_from is not None and (whole or single_day):
        changes["date"] = record.date_from
        if whole and record.date_to and record.date_to != record.date_from:
            changes["date_to"] = record.date_to
    if not changes:
        return entry
    return replace(entry, **changes, source="manifest", confidence=max(entry.confidence, 0.6))


def what_changes(correction: Correction, current: Sequence[ChronologyEntry]) -> tuple[Correction | None, list[str]]:
    """The correction reduced to what differs from the chronology as it stands, and those changes in words.

    An entry sent back unchanged (the whole of ``chronology --json`` set again) changes nothing.
    The words are "split", "merge" or "pages" for a new span, then the fields that change.
    """
    mine = [e for e in current if e.record_id == correction.record_id]
    same = next((e for e in mine if (e.first_page, e.last_page) == (correction.first_page, correction.last_page)), None)
    changes: list[str] = []
    if same is None:
        covered = [e for e in mine if correction.overlaps(e.first_page, e.last_page)]
        inside_one = len(covered) == 1 and covered[0].first_page <= correction.first_page
        inside_one = inside_one and correction.last_page <= covered[0].last_page
        changes.append("split" if inside_one else "merge" if len(covered) > 1 else "pages")
        fields = dict(correction.fields)
    else:
        fields = {k: v for k, v in correction.fields.items() if getattr(same, k) != v}
        if not fields:
            return None, []
    changes += [key for key in CORRECTED_FIELDS if key in fields]
    return replace(correction, fields=fields), changes


def parse_corrections(document: Any, records: Mapping[str, tuple[int, int]]) -> list[Correction]:
    """Corrections from JSON in the chronology's own shape (a list of entries), or every problem named.

    ``records`` maps each readable record's path to (record id, page count). Keys the chronology
    prints but a correction does not set (``confidence``, ``source``) are accepted and ignored.
    """
    from reviewer_app.domain.errors import InvalidInput

    if isinstance(document, dict):
        document = [document]
    if not isinstance(document, list) or not document:
        raise InvalidInput(
            "The corrections must be a list of chronology entries, as `reviewer chronology --json` prints them."
        )
    problems: list[str] = []
    corrections: list[Correction] = []
    allowed = {"record", "first_page", "last_page", *CORRECTED_FIELDS, "confidence", "source", "duplicate_of"}
    for number, item in enumerate(document, start=1):
        where = f"entry {number}"
        if not isinstance(item, dict):
            problems.append(f"{where}: is not an object with record, first_page and last_page")
            continue
        before = len(problems)
        unknown = sorted(set(item) - allowed)
        if unknown:
            problems.append(f"{where}: unknown key(s) {', '.join(unknown)}")
        path = item.get("record")
        if not isinstance(path, str) or path not in records:
            problems.append(f"{where}: record {path!r} is not a readable record of this case")
            continue
        record_id, page_count = records[path]
        first: Any = item.get("first_page")
        last: Any = item.get("last_page", first)
        if not _whole(first) or not _whole(last) or not 1 <= first <= last <= page_count:
            problems.append(f"{where}: pages {first}-{last} are not a range of {path}'s pages 1-{page_count}")
            continue
        fields: dict[str, Any] = {}
        for key in CORRECTED_FIELDS:
            if key in item:
                value, problem = _field(key, item[key])
                if problem:
                    problems.append(f"{where}: {problem}")
                fields[key] = value
        date, date_to = fields.get("date"), fields.get("date_to")
        if isinstance(date, dt.date) and isinstance(date_to, dt.date) and date_to < date:
            problems.append(f"{where}: date_to {date_to.isoformat()} is before date {date.isoformat()}")
        if len(problems) == before:
            corrections.append(Correction(record_id, first, last, fields))
    if problems:
        raise InvalidInput("The corrections were not applied (none of them):", problems)
    return corrections


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _field(key: str, value: Any) -> tuple[Any, str | None]:
    if value is None:
        return None, (f"type may not be empty (one of {', '.join(DOCUMENT_TYPES)})" if key == "type" else None)
    if key in ("date", "date_to"):
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError
            return dt.date.fromisoformat(value), None
        except ValueError:
            return None, f"{key} {value!r} is not a date as YYYY-MM-DD"
    if key == "type":
        if value not in DOCUMENT_TYPES:
            return None, f"type {value!r} is not one of {', '.join(DOCUMENT_TYPES)}"
        return value, None
    limit = SUMMARY_MAX_CHARS if key == "summary" else NAME_MAX_CHARS
    if not isinstance(value, str):
        return None, f"{key} must be text"
    cleaned = " ".join(value.split())
    if len(cleaned) > limit:
        return None, f"{key} is longer than {limit} characters"
    return cleaned or None, None
