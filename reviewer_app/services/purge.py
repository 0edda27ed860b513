"""Purging a finished case: its record files and text go, its report, findings and audit trail stay.

Vendors' contracts limit how long a physician may keep a claimant's records; the report and
the proof of what was reviewed must outlive them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from reviewer_app.domain.audit import AuditKind
from reviewer_app.domain.case import Case
from reviewer_app.domain.errors import ReviewerError
from reviewer_app.services.audit import record_event
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.reporting import draft_preview_path, signed_reports
from reviewer_app.storage.purge import PurgeRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PurgeOutcome:
    records: int
    files_removed: int


def purge_case(folder: DataFolder, case: Case) -> PurgeOutcome:
    """Delete the case's record files and page text (files another case still uses are kept)."""
    if not signed_reports(folder, case):
        raise ReviewerError(
            f"Case {case.reference} has no signed report; purging now would remove the records you still "
            "need to finish it. Sign the report first."
        )
    with folder.database.transaction() as session:
        removable = PurgeRepository(session).purge_records(case.id)
    # Files go after the commit: a crash in between leaves unreferenced files, never a record without one.
    removed = 0
    for sha256 in sorted(removable):
        try:
            folder.store.remove(sha256)
            removed += 1
        except OSError:
            log.warning("purge of case %s: stored file %s could not be removed", case.id, sha256[:12])
    # The last draft shown holds the same patient data as the records; the signed reports stay.
    draft_preview_path(folder, case).unlink(missing_ok=True)
    record_event(folder, case, AuditKind.RECORDS_PURGED, {"records": len(case.records), "files": removed})
    return PurgeOutcome(records=len(case.records), files_removed=removed)
