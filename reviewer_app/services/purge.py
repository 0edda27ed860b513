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
    """What one purge did: records purged now (0 when they were purged before) and files removed."""

    records: int
    files_removed: int


def purge_case(folder: DataFolder, case: Case) -> PurgeOutcome:
    """Delete the case's record files and page text (files another case still uses are kept).

    A case purged before is left as it is: the outcome says 0 records and 0 files.
    """
    if not signed_reports(folder, case):
        raise ReviewerError(
            f"Case {case.reference} has no signed report; purging now would remove the records you still "
            "need to finish it. Sign the report first."
        )
    with folder.database.transaction() as session:
        purged, removable = PurgeRepository(session).purge_records(case.id)
    if not purged:
        return PurgeOutcome(records=0, files_removed=0)  # purged before: nothing to remove, nothing to record
    # Files go after the commit: a crash in between leaves unreferenced files, never a record without one.
    removed = 0
    for sha256 in sorted(removable):
        try:
            # Only a file that was there counts as removed (a copy another case's purge took already does not).
            folder.store.path_for(sha256).unlink()
            removed += 1
        except FileNotFoundError:
            continue
        except OSError:
            log.warning("purge of case %s: stored file %s could not be removed", case.id, sha256[:12])
    # The last draft shown holds the same patient data as the records; the signed reports stay.
    for version in (0, 1):  # the live preview's second file too
        draft_preview_path(folder, case, version).unlink(missing_ok=True)
    record_event(folder, case, AuditKind.RECORDS_PURGED, {"records": purged, "files": removed})
    return PurgeOutcome(records=purged, files_removed=removed)
