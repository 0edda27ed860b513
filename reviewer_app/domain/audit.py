"""The case's audit trail: what happened to a case and when, as a hash chain.

Each event's SHA-256 covers its sequence number, the case id, the time, the kind, the details
and the previous event's hash, so an event altered, removed or moved is found by
:func:`verify_chain`. It is the physician's proof of personal review when a report is challenged.

Details hold ids, counts and hashes only: never the words of a finding, a patient's name or a
date of birth (:func:`check_details` refuses any key not listed in :data:`DETAIL_KEYS`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

GENESIS = "0" * 64  # the "previous hash" of a case's first event


class AuditKind(StrEnum):
    """What happened, as the case history says it."""

    CASE_IMPORTED = "case_imported"  # bundle_sha256, bundle_hashed, records, version
    RECORDS_ADDED = "records_added"  # bundle_sha256, bundle_hashed, records, version (a new version)
    RECORD_OPENED = "record_opened"  # record_id
    PAGES_REVIEWED = "pages_reviewed"  # records: [{record_id, pages, page_numbers}], pages, first_at, last_at
    FINDING_CHANGED = "finding_changed"  # field_id, change ("set" or "cleared")
    REPORT_DRAFTED = "report_drafted"  # sha256 of the draft PDF
    REPORT_SIGNED = "report_signed"  # sha256 of the signed PDF; report ("Report", "Addendum 1")
    RETURN_EXPORTED = "return_exported"  # sha256 of the return package
    RECORDS_PURGED = "records_purged"  # records (count), files (count)
    CHRONOLOGY_CORRECTED = "chronology_corrected"  # record_id, page_numbers ("4-6"), changes (["split", "date"])
    CONFLICT_ACKNOWLEDGED = "conflict_acknowledged"  # sha256 of the conflict and the reason (kept in their table)
    MISSING_RECORDS_REQUESTED = "missing_records_requested"  # sha256 of the letter, records (items listed)
    UNRECOGNISED = "unrecognised"  # a stored kind this version does not know: never written, always "altered"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    AuditKind.CASE_IMPORTED: "Case imported",
    AuditKind.RECORDS_ADDED: "Records added",
    AuditKind.RECORD_OPENED: "Record opened",
    AuditKind.PAGES_REVIEWED: "Pages reviewed",
    AuditKind.FINDING_CHANGED: "Finding changed",
    AuditKind.REPORT_DRAFTED: "Report drafted",
    AuditKind.REPORT_SIGNED: "Report signed",
    AuditKind.RETURN_EXPORTED: "Return package exported",
    AuditKind.RECORDS_PURGED: "Records purged",
    AuditKind.CHRONOLOGY_CORRECTED: "Chronology corrected",
    AuditKind.CONFLICT_ACKNOWLEDGED: "Conflict of interest acknowledged",
    AuditKind.MISSING_RECORDS_REQUESTED: "Missing records requested",
    AuditKind.UNRECOGNISED: "Unrecognised event",
}

# The only keys an event's details may hold: ids, counts, hashes, times of the events themselves.
DETAIL_KEYS = frozenset(
    {
        "bundle_sha256",
        "bundle_hashed",
        "records",
        "record_id",
        "version",
        "pages",
        "page_numbers",
        "first_at",
        "last_at",
        "field_id",
        "change",
        "sha256",
        "files",
        "report",
        "changes",
    }
)


def check_details(details: Mapping[str, Any]) -> None:
    """Refuse details that could carry patient data: unknown keys or values other than plain JSON."""
    unknown = sorted(set(details) - DETAIL_KEYS)
    if unknown:
        raise ValueError(f"audit details may not hold {', '.join(unknown)} (allowed: {', '.join(sorted(DETAIL_KEYS))})")
    _check_value(details)


def _check_value(value: Any) -> None:
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        raise ValueError("audit details hold whole numbers only (a float may not survive a JSON round trip)")
    if isinstance(value, list | tuple):
        for item in value:
            _check_value(item)
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str) or (key not in DETAIL_KEYS):
                raise ValueError(f"audit details may not hold {key!r}")
            _check_value(item)
        return
    raise ValueError(f"audit details hold JSON values only, not {type(value).__name__}")


def canonical_json(document: Any) -> str:
    """One spelling per value: sorted keys, no spaces, non-ASCII kept as is."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(
    sequence: int, case_id: int, at: dt.datetime, kind: AuditKind, details: Mapping[str, Any], previous_hash: str
) -> str:
    """The SHA-256 of an event's canonical JSON (its own hash excluded)."""
    document = {
        "sequence": sequence,
        "case_id": case_id,
        "at": at.isoformat(),
        "kind": kind.value,
        "details": dict(details),
        "previous": previous_hash,
    }
    return hashlib.sha256(canonical_json(document).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AuditEvent:
    """One event of a case's audit trail, as stored."""

    sequence: int  # 1 for the case's first event, then one more each time
    case_id: int
    at: dt.datetime
    kind: AuditKind
    details: Mapping[str, Any] = field(default_factory=dict)
    previous_hash: str = GENESIS
    hash: str = ""

    def computed_hash(self, sequence: int | None = None) -> str:
        """The hash the event's content gives (under another sequence number when asked)."""
        return event_hash(
            self.sequence if sequence is None else sequence,
            self.case_id,
            self.at,
            self.kind,
            self.details,
            self.previous_hash,
        )

    @property
    def intact(self) -> bool:
        return self.hash == self.computed_hash()

    @property
    def description(self) -> str:
        """The details in words, as the case history shows them."""
        return describe(self.kind, self.details)

    def to_json(self) -> dict[str, Any]:
        return {
            "sequence": self.sequence,
            "at": self.at.isoformat(),
            "kind": self.kind.value,
            "what": self.kind.label,
            "details": dict(self.details),
            "description": self.description,
            "previous_hash": self.previous_hash,
            "hash": self.hash,
        }


def next_event(
    previous: AuditEvent | None, case_id: int, at: dt.datetime, kind: AuditKind, details: Mapping[str, Any]
) -> AuditEvent:
    """The event that follows ``previous`` (None: the case's first), with its hash."""
    if at.tzinfo is None:
        raise ValueError("audit times are kept with their UTC offset")
    if kind is AuditKind.UNRECOGNISED:
        raise ValueError("an unrecognised event is never written")
    check_details(details)
    sequence = 1 if previous is None else previous.sequence + 1
    previous_hash = GENESIS if previous is None else previous.hash
    details = dict(details)
    digest = event_hash(sequence, case_id, at, kind, details, previous_hash)
    return AuditEvent(sequence, case_id, at, kind, details, previous_hash, digest)


class ChainFault(StrEnum):
    ALTERED = "altered"
    REMOVED = "removed"
    REORDERED = "reordered"


@dataclass(frozen=True)
class ChainProblem:
    """One break in a case's audit chain, naming the event concerned.

    For a removed event only its sequence number is known; ``kind`` and ``at`` are None.
    """

    sequence: int
    kind: AuditKind | None
    at: dt.datetime | None
    fault: ChainFault
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "sequence": self.sequence,
            "kind": self.kind.value if self.kind else None,
            "at": self.at.isoformat() if self.at else None,
            "fault": self.fault.value,
            "message": self.message,
        }


def _name(event: AuditEvent) -> str:
    return f"event #{event.sequence} ({event.kind.label.lower()}, {event.at.isoformat(timespec='seconds')})"


def verify_chain(events: Sequence[AuditEvent]) -> list[ChainProblem]:
    """Every break in the chain of one case's events (as stored, in sequence order), naming each event.

    An event whose content no longer gives its hash was altered, or reordered when its content
    gives its hash under another sequence number; a number missing from the sequence the events
    were written under is a removed event; an intact event whose predecessor's hash is not the one
    it recorded means the predecessor was rewritten, hash included. Removing the newest events
    leaves no trace in the chain itself: compare its head with one kept elsewhere (a signed report).
    """
    problems: list[ChainProblem] = []
    broken = {e.sequence for e in events if not e.intact}
    written: list[tuple[int, AuditEvent, bool]] = []  # (sequence written under, event, content intact)
    for event in events:
        if event.sequence not in broken:
            written.append((event.sequence, event, True))
            continue
        original = _original_sequence(event, broken)
        if original is None:
            written.append((event.sequence, event, False))
            problems.append(
                _problem(event, ChainFault.ALTERED, f"{_name(event)} was altered: its content no longer gives its hash")
            )
        else:
            written.append((original, event, True))
            problems.append(
                _problem(
                    event,
                    ChainFault.REORDERED,
                    f"{_name(event)} was written as event #{original}: its place in the history was changed",
                )
            )

    written.sort(key=lambda item: item[0])
    expected = 1
    before: tuple[int, AuditEvent, bool] | None = None
    for item in written:
        number, event, content_ok = item
        if number > expected:
            where = f"before {_name(event)}" + (f", after {_name(before[1])}" if before else "")
            problems += [
                ChainProblem(missing, None, None, ChainFault.REMOVED, f"event #{missing} was removed ({where})")
                for missing in range(expected, number)
            ]
        elif number < expected:
            problems.append(_problem(event, ChainFault.ALTERED, f"{_name(event)} repeats an earlier event's number"))
        elif content_ok and before is not None and before[2] and before[0] == number - 1:
            if event.previous_hash != before[1].hash:
                problems.append(
                    _problem(
                        before[1],
                        ChainFault.ALTERED,
                        f"{_name(before[1])} was rewritten: {_name(event)} recorded a different hash for it",
                    )
                )
        elif content_ok and number == 1 and event.previous_hash != GENESIS:
            problems.append(_problem(event, ChainFault.ALTERED, f"{_name(event)} does not start the chain"))
        expected = max(expected, number + 1)
        before = item
    return sorted(problems, key=lambda p: (p.sequence, p.fault.value))


def _original_sequence(event: AuditEvent, broken: set[int]) -> int | None:
    """The sequence number the event's content gives its hash under, when not its own."""
    # The numbers of the other broken events (a swap) and those nearby (renumbering after a removal).
    nearby = set(range(event.sequence - _RENUMBER_REACH, event.sequence + _RENUMBER_REACH + 1))
    for candidate in sorted((broken | nearby) - {event.sequence}):
        if candidate > 0 and event.computed_hash(candidate) == event.hash:
            return candidate
    return None


_RENUMBER_REACH = 5


def _problem(event: AuditEvent, fault: ChainFault, message: str) -> ChainProblem:
    return ChainProblem(event.sequence, event.kind, event.at, fault, message)


def describe(kind: AuditKind, details: Mapping[str, Any], record_names: Mapping[int, str] | None = None) -> str:
    """The details of an event in words; records by ``record_names`` ("Rec. 3 (MRI lumbar spine)") when given."""
    d = details
    names = record_names or {}

    def record(record_id: Any) -> str:
        return names.get(record_id, f"record id {record_id}") if isinstance(record_id, int) else f"record {record_id}"

    if kind in (AuditKind.CASE_IMPORTED, AuditKind.RECORDS_ADDED):
        hashed = {"zip": "bundle file", "case.json": "case.json", "files": "bundle's files"}.get(
            str(d.get("bundle_hashed", "")), "bundle"
        )
        what = f"{d.get('records', 0)} record(s)"
        version = f", version {d['version']}" if d.get("version", 1) != 1 else ""
        return f"{what}{version}; SHA-256 of the {hashed} {d.get('bundle_sha256', '?')}"
    if kind is AuditKind.RECORD_OPENED:
        return record(d.get("record_id"))
    if kind is AuditKind.PAGES_REVIEWED:
        parts = [f"{record(r.get('record_id'))}: page(s) {r.get('page_numbers')}" for r in d.get("records", [])]
        span = ""
        if d.get("first_at") and d.get("last_at"):
            span = f" between {_time(d['first_at'])} and {_time(d['last_at'])}"
        return f"{d.get('pages', 0)} page(s){span} — " + "; ".join(parts)
    if kind is AuditKind.CHRONOLOGY_CORRECTED:
        changes = ", ".join(str(c) for c in d.get("changes", [])) or "changed"
        return f"{record(d.get('record_id'))}, page(s) {d.get('page_numbers')}: {changes}"
    if kind is AuditKind.FINDING_CHANGED:
        return f"{d.get('field_id')} {'cleared' if d.get('change') == 'cleared' else 'set'}"
    if kind in (AuditKind.REPORT_DRAFTED, AuditKind.REPORT_SIGNED, AuditKind.RETURN_EXPORTED):
        which = f"{d['report']}; " if d.get("report") else ""
        return f"{which}SHA-256 {d.get('sha256', '?')}"
    if kind is AuditKind.RECORDS_PURGED:
        files = f", {d['files']} file(s)" if "files" in d else ""
        return f"{d.get('records', 0)} record(s){files} deleted; findings, report and this history kept"
    return canonical_json(dict(d))


def _time(value: str) -> str:
    try:
        return dt.datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value


def page_ranges(numbers: Iterable[int]) -> str:
    """``[1, 2, 3, 7]`` as ``"1-3, 7"``."""
    ordered = sorted(set(numbers))
    parts: list[str] = []
    start = end = None
    for number in ordered:
        if start is None or end is None:
            start = end = number
        elif number == end + 1:
            end = number
        else:
            parts.append(f"{start}-{end}" if end > start else str(start))
            start = end = number
    if start is not None and end is not None:
        parts.append(f"{start}-{end}" if end > start else str(start))
    return ", ".join(parts)


def parse_page_ranges(text: str) -> set[int]:
    """``"1-3, 7"`` as ``{1, 2, 3, 7}``."""
    numbers: set[int] = set()
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        first, _, last = part.partition("-")
        numbers.update(range(int(first), int(last or first) + 1))
    return numbers


@dataclass(frozen=True)
class HistoryAnchorRef:
    """What a signed report recorded of the history: its event count and the last event's hash."""

    report: str  # "Report", "Addendum 1"
    events: int
    head_sha256: str


def check_anchors(events: Sequence[AuditEvent], anchors: Sequence[HistoryAnchorRef]) -> list[ChainProblem]:
    """Events a signed report vouched for that are no longer as they were when it was signed.

    The chain alone cannot show that its newest events were deleted; a signed report printed the
    head it saw, so the events up to each signature are checked against that.
    """
    by_sequence = {event.sequence: event for event in events}
    problems = []
    for anchor in anchors:
        event = by_sequence.get(anchor.events)
        if event is None:
            problems.append(
                ChainProblem(
                    anchor.events,
                    None,
                    None,
                    ChainFault.REMOVED,
                    f"event #{anchor.events}, the last one the signed {anchor.report.lower()} records, is missing",
                )
            )
        elif event.hash != anchor.head_sha256:
            problems.append(
                _problem(
                    event,
                    ChainFault.ALTERED,
                    f"{_name(event)} is not the event the signed {anchor.report.lower()} records as its last",
                )
            )
    return problems
