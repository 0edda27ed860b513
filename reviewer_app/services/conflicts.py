"""Conflicts of interest in a case: found at import, re-checked when the profile changes, acknowledged before signing.

A match is a warning of the case ("Conflict of interest: "Coast Orthopedics" (your profile) matches
... in records/x.pdf, page 3"); it is an item that blocks signing until the physician acknowledges
it with a reason (kept with the case; the case history holds the event and the reason's hash, since
its details never carry free text). Changing the profile's conflicts checks every open case again
and adds a warning for each new match.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from functools import partial

from reviewer_app.domain.audit import AuditKind, canonical_json
from reviewer_app.domain.case import CaseDetails, CaseStatus
from reviewer_app.domain.conflicts import ConflictMatch, TextSearch, manifest_conflicts
from reviewer_app.domain.errors import InvalidInput, NotFound
from reviewer_app.services.audit import log_event
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.audit import AuditRepository
from reviewer_app.storage.chronology import record_page_texts
from reviewer_app.storage.conflicts import ConflictAcknowledgementRepository
from reviewer_app.storage.database import WriteSession
from reviewer_app.storage.repositories import CaseRepository, ProfileRepository

REASON_MAX_CHARS = 1000
_OPEN = (CaseStatus.NEW, CaseStatus.IN_PROGRESS, CaseStatus.READY_TO_SIGN)


def find_conflicts(
    conflicts: Sequence[str], details: CaseDetails, pages: Iterable[tuple[str, Sequence[str]]]
) -> list[ConflictMatch]:
    """The conflicts the manifest and the records' pages (record path, page texts) name; one per conflict and place.

    Nothing is searched when the profile lists no conflicts (the import pays nothing then).
    """
    if not conflicts:
        return []
    found = manifest_conflicts(conflicts, details)
    search = TextSearch(conflicts)
    for path, texts in pages:
        seen: set[str] = set()  # a letterhead on every page is one warning per record, at its first page
        for number, text in enumerate(texts, start=1):
            for match in search.page(text, path, number, skip=seen):
                seen.add(match.conflict)
                found.append(match)
    return found


def conflict_warnings(matches: Iterable[ConflictMatch]) -> list[str]:
    """The import warnings for the matches: each manifest key once, the records once per conflict.

    A group's letterhead on forty records is one warning naming the first and counting the others.
    """
    warnings: list[str] = []
    in_records: dict[str, list[ConflictMatch]] = {}
    for match in matches:
        if match.record is None:
            warnings.append(match.warning)
        else:
            in_records.setdefault(match.conflict, []).append(match)
    for found in in_records.values():
        others = len({m.record for m in found}) - 1
        warnings.append(
            found[0].warning + (f" (and {others} other record{'s' if others != 1 else ''})" if others else "")
        )
    return list(dict.fromkeys(warnings))


def case_conflicts(folder: DataFolder, case_id: int) -> list[ConflictMatch]:
    """The case's conflicts with the profile as it stands, from the manifest and the stored page text."""
    with folder.database.transaction() as session:
        case = CaseRepository(session).get(case_id)
        if case is None:
            raise NotFound("That case is not in the data folder.")
        conflicts = ProfileRepository(session).get().conflicts
        if not conflicts:
            return []
        records = [r for r in case.records if not r.purged and r.page_count]
        texts = record_page_texts(session, list({r.sha256 for r in records}))
    pages = [(r.path, [texts[r.sha256].get(i, "") for i in range(r.page_count or 0)]) for r in records]
    return find_conflicts(conflicts, case.details, pages)


def recheck_open_cases(folder: DataFolder) -> dict[int, list[str]]:
    """Check every open case against the profile's conflicts again; the new warnings added, by case id."""
    with folder.database.transaction() as session:
        repository = CaseRepository(session)
        open_ids = [s.id for s in repository.summaries() if s.status in _OPEN]
    added: dict[int, list[str]] = {}
    for case_id in open_ids:
        with folder.database.transaction() as session:
            case = CaseRepository(session).get(case_id)
        if case is None:
            continue
        known = {w.message for w in case.warnings}
        new = [w for w in conflict_warnings(case_conflicts(folder, case_id)) if w not in known]
        if new:
            folder.database.write(partial(_add_warnings, case_id=case_id, messages=new, at=folder.clock()))
            added[case_id] = new
    return added


def _add_warnings(session: WriteSession, *, case_id: int, messages: list[str], at: dt.datetime) -> None:
    CaseRepository(session).add_warnings(case_id, messages, at)


def acknowledged_conflicts(folder: DataFolder, case_id: int) -> dict[str, str]:
    """The conflicts the physician has acknowledged in the case, with the reason given."""
    with folder.database.transaction() as session:
        return ConflictAcknowledgementRepository(session).for_case(case_id)


def acknowledge_conflict(folder: DataFolder, case_id: int, conflict: str, reason: str) -> None:
    """Keep the physician's reason for reviewing despite a conflict; an event in the case history."""
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput("Say why the review may go ahead despite the conflict (the reason is kept with the case).")
    if len(reason) > REASON_MAX_CHARS:
        raise InvalidInput(f"The reason is longer than {REASON_MAX_CHARS} characters.")
    at = folder.clock()
    digest = hashlib.sha256(canonical_json({"conflict": conflict, "reason": reason}).encode("utf-8")).hexdigest()

    def keep(session: WriteSession) -> None:
        if CaseRepository(session).get(case_id) is None:
            raise NotFound("That case is not in the data folder.")
        ConflictAcknowledgementRepository(session).add(case_id, conflict, reason, at)
        log_event(AuditRepository(session), case_id, AuditKind.CONFLICT_ACKNOWLEDGED, {"sha256": digest}, at)

    folder.database.write(keep)
