"""The audit trail's table: events chain per case, commit with their transaction, and are never changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reviewer_app.domain.audit import AuditKind, verify_chain
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.importing import import_bundle
from reviewer_app.storage.audit import AuditRepository
from reviewer_app.storage.database import DATABASE_FILE
from reviewer_app.storage.models import CaseRow
from tests.bundle_builder import BundleSpec


def _case(data_folder: DataFolder, spec: BundleSpec, tmp_path: Path, reference: str) -> int:
    spec.manifest["case"]["reference"] = reference
    return import_bundle(data_folder, spec.write_folder(tmp_path / reference)).case_id


def test_events_chain_per_case_in_sequence_order(data_folder: DataFolder, spec: BundleSpec, tmp_path: Path) -> None:
    first = _case(data_folder, spec, tmp_path, "PR-A")
    second = _case(data_folder, spec, tmp_path, "PR-B")
    now = data_folder.clock()
    with data_folder.database.transaction() as session:
        audit = AuditRepository(session)
        audit.append(first, AuditKind.RECORD_OPENED, {"record_id": 1}, now)
        audit.append(second, AuditKind.RECORD_OPENED, {"record_id": 2}, now)
        audit.append(first, AuditKind.FINDING_CHANGED, {"field_id": "q1.determination", "change": "set"}, now)
    with data_folder.database.transaction() as session:
        audit = AuditRepository(session)
        events = audit.events(first)
        assert [(e.sequence, e.kind) for e in events] == [
            (1, AuditKind.CASE_IMPORTED),
            (2, AuditKind.RECORD_OPENED),
            (3, AuditKind.FINDING_CHANGED),
        ]
        assert [e.sequence for e in audit.events(second)] == [1, 2]
        assert [e.sequence for e in audit.events(first, AuditKind.RECORD_OPENED)] == [2]
        head = audit.head(first)
        assert head is not None and head.sequence == 3
        assert events[0].at.utcoffset() == now.utcoffset()
    assert verify_chain(events) == []


def test_an_event_commits_or_rolls_back_with_its_transaction(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path
) -> None:
    case_id = _case(data_folder, spec, tmp_path, "PR-A")
    with pytest.raises(RuntimeError), data_folder.database.transaction() as session:
        AuditRepository(session).append(case_id, AuditKind.RECORD_OPENED, {"record_id": 1}, data_folder.clock())
        raise RuntimeError("the change the event records failed")
    with data_folder.database.transaction() as session:
        assert [e.kind for e in AuditRepository(session).events(case_id)] == [AuditKind.CASE_IMPORTED]


def test_the_repository_offers_no_way_to_change_or_remove_an_event() -> None:
    assert not [name for name in dir(AuditRepository) if name.startswith(("update", "delete", "remove", "set"))]


def test_the_database_refuses_to_change_or_delete_an_event(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path
) -> None:
    case_id = _case(data_folder, spec, tmp_path, "PR-A")
    with sqlite3.connect(data_folder.path / DATABASE_FILE) as connection:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            connection.execute("UPDATE audit_events SET details = '{}' WHERE case_id = ?", (case_id,))
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            connection.execute("DELETE FROM audit_events WHERE case_id = ?", (case_id,))
        assert connection.execute("SELECT count(*) FROM audit_events").fetchone() == (1,)


def test_deleting_a_case_still_deletes_its_history(data_folder: DataFolder, spec: BundleSpec, tmp_path: Path) -> None:
    case_id = _case(data_folder, spec, tmp_path, "PR-A")
    kept = _case(data_folder, spec, tmp_path, "PR-B")
    with data_folder.database.transaction() as session:
        session.delete(session.get(CaseRow, case_id))
    with data_folder.database.transaction() as session:
        assert AuditRepository(session).events(case_id) == []
        assert len(AuditRepository(session).events(kept)) == 1
