"""The case's audit trail as the services write and read it (domain/audit.py has the chain itself).

Writing, for any use case: ``record_event(folder, case_id, AuditKind.REPORT_SIGNED, {"sha256": digest})``
in its own transaction, or ``AuditRepository(session).append(...)`` inside the caller's transaction
when the event must commit with the change it records (import and findings do so).

Kinds and their details (ids, counts and hashes only; ``domain.audit.DETAIL_KEYS`` lists the keys):

- ``CASE_IMPORTED`` / ``RECORDS_ADDED``: ``bundle_sha256``, ``bundle_hashed`` (what was hashed),
  ``records`` (count), ``version``; written by :mod:`services.importing`.
- ``RECORD_OPENED``: ``record_id``; :func:`record_opened`, once per record per sitting.
- ``PAGES_REVIEWED``: ``records`` ([{``record_id``, ``pages``, ``page_numbers``}]), ``pages``,
  ``first_at``, ``last_at``: the pages marked reviewed since the last such event, written at most
  every :data:`PAGES_REVIEWED_EVERY` while reading and when the case is closed
  (:func:`record_pages_reviewed`). Each page's own time stays in the page reviews.
- ``FINDING_CHANGED``: ``field_id``, ``change`` ("set" or "cleared"); never the value.
- ``REPORT_DRAFTED``, ``REPORT_SIGNED``, ``RETURN_EXPORTED``: ``sha256`` of the file written.
- ``RECORDS_PURGED``: ``records`` and ``files`` (counts).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reviewer_app.bundles import OpenedBundle
from reviewer_app.domain.audit import (
    AuditEvent,
    AuditKind,
    ChainProblem,
    HistoryAnchorRef,
    check_anchors,
    page_ranges,
    parse_page_ranges,
    verify_chain,
)
from reviewer_app.domain.case import Case
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.audit import AuditRepository
from reviewer_app.storage.signed_reports import SignedReportRepository

__all__ = [
    "FINDING_EDIT_WINDOW",
    "PAGES_REVIEWED_EVERY",
    "RECORD_OPENED_SITTING",
    "AuditEvent",
    "AuditKind",
    "BundleFingerprint",
    "ChainProblem",
    "bundle_fingerprint",
    "case_history",
    "log_event",
    "log_findings_changed",
    "log_import",
    "log_pages_reviewed",
    "log_pages_reviewed_if_due",
    "record_event",
    "record_opened",
    "record_pages_reviewed",
    "verify_case_history",
]

# Pages reviewed are written as one event per stretch of reading, not one per page.
PAGES_REVIEWED_EVERY = dt.timedelta(minutes=10)
# A record opened again within this time of its last "opened" event is the same sitting.
RECORD_OPENED_SITTING = dt.timedelta(minutes=30)
# The findings panel saves as the physician types: edits of one field in a row within this time
# are one change in the history (each answer keeps its own time of last change).
FINDING_EDIT_WINDOW = dt.timedelta(minutes=5)
_HASH_CHUNK = 1024 * 1024


def _case_id(case: Case | int) -> int:
    return case if isinstance(case, int) else case.id


def record_event(
    folder: DataFolder, case: Case | int, kind: AuditKind, details: Mapping[str, Any] | None = None
) -> AuditEvent:
    """Append one event to the case's history, in a transaction of its own.

    ``details`` take the keys of ``domain.audit.DETAIL_KEYS`` only (a ValueError otherwise):
    e.g. ``record_event(folder, case, AuditKind.REPORT_SIGNED, {"sha256": digest})``. Before a
    report, an export or a purge, the pages reviewed not yet in the history are written first.
    """
    case_id, now = _case_id(case), folder.clock()
    with folder.database.transaction() as session:
        audit = AuditRepository(session)
        if kind in _AFTER_READING:
            # The history shows the pages read before the report that relies on them.
            _log_pages_reviewed(audit, case_id, now, due_after=None)
        return audit.append(case_id, kind, details or {}, now)


def log_event(
    audit: AuditRepository, case_id: int, kind: AuditKind, details: Mapping[str, Any], at: dt.datetime
) -> AuditEvent:
    """:func:`record_event` inside the caller's transaction, for an event that must commit with its change."""
    if kind in _AFTER_READING:
        _log_pages_reviewed(audit, case_id, at, due_after=None)
    return audit.append(case_id, kind, details, at)


_AFTER_READING = {
    AuditKind.REPORT_DRAFTED,
    AuditKind.REPORT_SIGNED,
    AuditKind.RETURN_EXPORTED,
    AuditKind.RECORDS_PURGED,
}


def case_history(folder: DataFolder, case: Case | int) -> list[AuditEvent]:
    """The case's events, oldest first."""
    with folder.database.transaction() as session:
        return AuditRepository(session).events(_case_id(case))


def verify_case_history(folder: DataFolder, case: Case | int) -> list[ChainProblem]:
    """Every event altered, removed or reordered since it was written; empty when the chain holds.

    Events up to each signature are also checked against the history head the signed report recorded.
    """
    events = case_history(folder, case)
    with folder.database.transaction() as session:
        reports = SignedReportRepository(session).for_case(_case_id(case))
    anchors = [
        HistoryAnchorRef(report.title, report.history_events, report.history_head)
        for report in reports
        if report.history_events is not None and report.history_head is not None
    ]
    return verify_chain(events) + check_anchors(events, anchors)


# -- import --


@dataclass(frozen=True)
class BundleFingerprint:
    """The SHA-256 an imported bundle is known by, and what it was taken over."""

    sha256: str
    hashed: str  # "zip" (the file received), "case.json" (a folder: its manifest names every file's hash)
    # or "files" (a folder without case.json: the list of its files' paths and hashes)


def bundle_fingerprint(bundle: OpenedBundle) -> BundleFingerprint:
    """A zip's own SHA-256; a folder's case.json (which holds each file's SHA-256), else its file list."""
    if bundle.source.is_file():
        digest = hashlib.sha256()
        with open(bundle.source, "rb") as stream:
            while chunk := stream.read(_HASH_CHUNK):
                digest.update(chunk)
        return BundleFingerprint(digest.hexdigest(), "zip")
    if bundle.manifest_sha256:
        return BundleFingerprint(bundle.manifest_sha256, "case.json")
    listing = "".join(f"{r.entry.sha256}  {r.entry.path}\n" for r in sorted(bundle.records, key=lambda r: r.entry.path))
    return BundleFingerprint(hashlib.sha256(listing.encode("utf-8")).hexdigest(), "files")


def log_import(
    audit: AuditRepository, case_id: int, fingerprint: BundleFingerprint, records: int, version: int, at: dt.datetime
) -> AuditEvent:
    """ "Case imported" (version 1) or "records added" (a new version), inside the import's transaction."""
    kind = AuditKind.CASE_IMPORTED if version == 1 else AuditKind.RECORDS_ADDED
    details = {
        "bundle_sha256": fingerprint.sha256,
        "bundle_hashed": fingerprint.hashed,
        "records": records,
        "version": version,
    }
    return audit.append(case_id, kind, details, at)


# -- findings --


def log_findings_changed(
    audit: AuditRepository,
    case_id: int,
    before: Mapping[str, Any],
    answers: Mapping[str, Any],
    at: dt.datetime,
) -> list[AuditEvent]:
    """One "finding changed" event per field whose value changes, inside the save's transaction."""
    events = []
    for field_id, value in answers.items():
        if value is None and field_id not in before:
            continue
        if field_id in before and before[field_id] == value:
            continue
        change = "cleared" if value is None else "set"
        head = audit.head(case_id)
        if (
            head is not None
            and head.kind is AuditKind.FINDING_CHANGED
            and head.details.get("field_id") == field_id
            and head.details.get("change") == change
            and at - head.at < FINDING_EDIT_WINDOW
        ):
            continue  # still typing in the same field
        events.append(audit.append(case_id, AuditKind.FINDING_CHANGED, {"field_id": field_id, "change": change}, at))
    return events


# -- reading the records --


def record_opened(folder: DataFolder, case: Case | int, record_id: int) -> AuditEvent | None:
    """The physician opened a record; written once per record per sitting (None when not written)."""
    case_id = _case_id(case)
    now = folder.clock()
    with folder.database.transaction() as session:
        audit = AuditRepository(session)
        for event in reversed(audit.events(case_id, AuditKind.RECORD_OPENED)):
            if now - event.at >= RECORD_OPENED_SITTING:
                break
            if event.details.get("record_id") == record_id:
                return None
        return audit.append(case_id, AuditKind.RECORD_OPENED, {"record_id": record_id}, now)


def record_pages_reviewed(folder: DataFolder, case: Case | int) -> AuditEvent | None:
    """Write the pages marked reviewed since the last "pages reviewed" event (None when there are none).

    Called when the case is closed; :func:`log_pages_reviewed_if_due` writes them while reading.
    """
    with folder.database.transaction() as session:
        return _log_pages_reviewed(AuditRepository(session), _case_id(case), folder.clock(), due_after=None)


def log_pages_reviewed(audit: AuditRepository, case_id: int, at: dt.datetime) -> AuditEvent | None:
    """The pages marked reviewed since the last such event, as an event now, inside the caller's transaction."""
    return _log_pages_reviewed(audit, case_id, at, due_after=None)


def log_pages_reviewed_if_due(audit: AuditRepository, case_id: int, at: dt.datetime) -> AuditEvent | None:
    """After a page is marked reviewed: write the pages not yet in the history once the oldest of
    them is :data:`PAGES_REVIEWED_EVERY` old, so a crash loses no more than that from the history."""
    return _log_pages_reviewed(audit, case_id, at, due_after=PAGES_REVIEWED_EVERY)


def _log_pages_reviewed(
    audit: AuditRepository, case_id: int, at: dt.datetime, due_after: dt.timedelta | None
) -> AuditEvent | None:
    logged: set[tuple[int, int]] = set()
    for event in audit.events(case_id, AuditKind.PAGES_REVIEWED):
        for entry in event.details.get("records", []):
            numbers = parse_page_ranges(str(entry.get("page_numbers", "")))
            logged.update((entry.get("record_id"), n - 1) for n in numbers)
    pending = [(r, p, when) for r, p, when in audit.page_reviews(case_id) if (r, p) not in logged]
    if not pending:
        return None
    if due_after is not None and at - min(when for _, _, when in pending) < due_after:
        return None
    by_record: dict[int, list[int]] = {}
    for record_id, page_index, _ in pending:
        by_record.setdefault(record_id, []).append(page_index + 1)
    details = {
        "records": [
            {"record_id": record_id, "pages": len(numbers), "page_numbers": page_ranges(numbers)}
            for record_id, numbers in by_record.items()
        ],
        "pages": len(pending),
        "first_at": min(when for _, _, when in pending).isoformat(timespec="seconds"),
        "last_at": max(when for _, _, when in pending).isoformat(timespec="seconds"),
    }
    return audit.append(case_id, AuditKind.PAGES_REVIEWED, details, at)


def record_names(case: Case) -> dict[int, str]:
    """How the history names a case's records: "Rec. 3 (MRI lumbar spine)", numbered as in the report."""
    return {r.id: f"Rec. {n} ({r.title})" for n, r in enumerate(case.records, start=1) if r.id is not None}
