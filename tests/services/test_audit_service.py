"""The case history as the services write it: import, findings, reading, reports; never a value or a name."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from reviewer_app import faults
from reviewer_app.domain.audit import AuditKind, canonical_json
from reviewer_app.domain.case import Case
from reviewer_app.domain.errors import BundleRefused
from reviewer_app.services.audit import (
    FINDING_EDIT_WINDOW,
    PAGES_REVIEWED_EVERY,
    case_history,
    record_event,
    record_opened,
    record_pages_reviewed,
    verify_case_history,
)
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.findings import set_answers
from reviewer_app.services.importing import import_bundle
from reviewer_app.services.review import mark_page_reviewed
from reviewer_app.storage.database import DATABASE_FILE
from tests.bundle_builder import MINIMAL_PDF, BundleSpec

START = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-8)))


class Clock:
    """The data folder's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, delta: dt.timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock(data_folder: DataFolder) -> Clock:
    clock = Clock()
    data_folder.clock = clock
    return clock


@pytest.fixture
def case(data_folder: DataFolder, spec: BundleSpec, tmp_path: Path, clock: Clock) -> Case:
    import_bundle(data_folder, spec.write_folder(tmp_path / "bundle"))
    return find_case(data_folder, "PR-TEST-0001")


def kinds(data_folder: DataFolder, case: Case) -> list[AuditKind]:
    return [e.kind for e in case_history(data_folder, case)]


def test_a_zip_import_records_the_zip_s_sha256(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path, clock: Clock
) -> None:
    bundle = spec.write_zip(tmp_path / "bundle.zip")
    import_bundle(data_folder, bundle)
    case = find_case(data_folder, "PR-TEST-0001")
    [event] = case_history(data_folder, case)
    assert event.kind is AuditKind.CASE_IMPORTED and event.at == START
    assert dict(event.details) == {
        "bundle_sha256": hashlib.sha256(bundle.read_bytes()).hexdigest(),
        "bundle_hashed": "zip",
        "records": 1,
        "version": 1,
    }


def test_a_folder_import_records_its_case_json_hash_and_a_new_version_records_added(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path, case: Case
) -> None:
    [imported] = case_history(data_folder, case)
    manifest = (tmp_path / "bundle" / "case.json").read_bytes()
    assert imported.details["bundle_sha256"] == hashlib.sha256(manifest).hexdigest()
    assert imported.details["bundle_hashed"] == "case.json"

    spec.with_file("records/002-mri.pdf", MINIMAL_PDF)
    spec.with_file("records/003-pt.txt", b"Physical therapy: 6 visits.\n")
    import_bundle(data_folder, spec.write_folder(tmp_path / "second"), as_new_version=True)
    events = case_history(data_folder, case)
    assert [e.kind for e in events] == [AuditKind.CASE_IMPORTED, AuditKind.RECORDS_ADDED]
    assert events[1].details["records"] == 2 and events[1].details["version"] == 2
    assert verify_case_history(data_folder, case) == []


def test_a_refused_or_failed_import_leaves_no_event(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(BundleRefused):
        import_bundle(data_folder, spec.write_folder(tmp_path / "again"))

    def fail_before_commit(point: str) -> None:
        if point == faults.IMPORT_BEFORE_COMMIT:
            raise OSError("disk full")

    monkeypatch.setattr(faults, "reached", fail_before_commit)
    spec.with_file("records/002-mri.pdf", MINIMAL_PDF)
    with pytest.raises(OSError):
        import_bundle(data_folder, spec.write_folder(tmp_path / "v2"), as_new_version=True)
    assert kinds(data_folder, case) == [AuditKind.CASE_IMPORTED]
    with sqlite3.connect(data_folder.path / DATABASE_FILE) as connection:
        assert connection.execute("SELECT count(*) FROM audit_events").fetchone() == (1,)


def test_each_changed_finding_is_one_event_naming_the_field_never_its_value(
    data_folder: DataFolder, case: Case, clock: Clock
) -> None:
    rationale = "Claimant Łukasz Dvořák-Nguyễn improved after therapy; see the cited note."
    set_answers(data_folder, case, {"q1.svc1.determination": "certify", "q1.svc1.rationale": rationale})
    clock.advance(dt.timedelta(minutes=1))
    set_answers(data_folder, case, {"q1.svc1.determination": "certify"})  # unchanged: no event
    set_answers(data_folder, case, {"q1.svc1.determination": None, "q2.opinion": None})  # q2 was never set
    events = case_history(data_folder, case)
    assert [(e.kind, dict(e.details)) for e in events[1:]] == [
        (AuditKind.FINDING_CHANGED, {"field_id": "q1.svc1.determination", "change": "set"}),
        (AuditKind.FINDING_CHANGED, {"field_id": "q1.svc1.rationale", "change": "set"}),
        (AuditKind.FINDING_CHANGED, {"field_id": "q1.svc1.determination", "change": "cleared"}),
    ]
    assert events[-1].at == START + dt.timedelta(minutes=1)
    stored = canonical_json([e.to_json() for e in events])
    for private in ("improved", "Dvořák", "Łukasz", "certify", "1978-03-14"):
        assert private not in stored


def test_typing_in_one_field_is_one_change_until_the_physician_pauses_or_moves_on(
    data_folder: DataFolder, case: Case, clock: Clock
) -> None:
    for words in ("Improved", "Improved after", "Improved after therapy."):
        set_answers(data_folder, case, {"q1.svc1.rationale": words})
        clock.advance(dt.timedelta(seconds=1))
    clock.advance(FINDING_EDIT_WINDOW)
    set_answers(data_folder, case, {"q1.svc1.rationale": "Improved after six weeks of therapy."})
    set_answers(data_folder, case, {"q1.svc1.determination": "certify"})
    set_answers(data_folder, case, {"q1.svc1.rationale": "Improved after six weeks of physical therapy."})
    fields = [e.details["field_id"] for e in case_history(data_folder, case)[1:]]
    assert fields == ["q1.svc1.rationale", "q1.svc1.rationale", "q1.svc1.determination", "q1.svc1.rationale"]


def test_pages_reviewed_are_written_per_stretch_of_reading_not_per_page(
    data_folder: DataFolder, case: Case, clock: Clock
) -> None:
    record_id = case.records[0].id
    assert record_id is not None
    for page in range(3):
        assert mark_page_reviewed(data_folder, case.id, record_id, page)
        clock.advance(dt.timedelta(minutes=1))
    assert kinds(data_folder, case) == [AuditKind.CASE_IMPORTED]  # not yet ten minutes of reading

    clock.advance(PAGES_REVIEWED_EVERY)
    assert mark_page_reviewed(data_folder, case.id, record_id, 5)
    assert not mark_page_reviewed(data_folder, case.id, record_id, 5)  # the first time counts
    mark_page_reviewed(data_folder, case.id, record_id, 6)
    events = case_history(data_folder, case)
    assert [e.kind for e in events] == [AuditKind.CASE_IMPORTED, AuditKind.PAGES_REVIEWED]
    assert dict(events[1].details) == {
        "records": [{"record_id": record_id, "pages": 4, "page_numbers": "1-3, 6"}],
        "pages": 4,
        "first_at": "2026-11-27T09:00:00-08:00",
        "last_at": "2026-11-27T09:13:00-08:00",
    }

    # Closing the case writes the rest; with nothing new, nothing is written.
    assert record_pages_reviewed(data_folder, case) is not None
    assert record_pages_reviewed(data_folder, case) is None
    last = case_history(data_folder, case)[-1]
    assert last.details["records"] == [{"record_id": record_id, "pages": 1, "page_numbers": "7"}]
    assert verify_case_history(data_folder, case) == []


def test_a_record_opened_is_written_once_per_sitting(data_folder: DataFolder, case: Case, clock: Clock) -> None:
    assert record_opened(data_folder, case, 1) is not None
    assert record_opened(data_folder, case, 2) is not None
    clock.advance(dt.timedelta(minutes=5))
    assert record_opened(data_folder, case, 1) is None
    clock.advance(dt.timedelta(hours=2))
    assert record_opened(data_folder, case, 1) is not None
    opened = [e.details["record_id"] for e in case_history(data_folder, case) if e.kind is AuditKind.RECORD_OPENED]
    assert opened == [1, 2, 1]


def test_a_signed_report_follows_the_pages_read_before_it(data_folder: DataFolder, case: Case) -> None:
    record_id = case.records[0].id
    assert record_id is not None
    mark_page_reviewed(data_folder, case.id, record_id, 0)
    record_event(data_folder, case, AuditKind.REPORT_SIGNED, {"sha256": "d" * 64, "report": "Report"})
    assert kinds(data_folder, case) == [AuditKind.CASE_IMPORTED, AuditKind.PAGES_REVIEWED, AuditKind.REPORT_SIGNED]


def test_details_that_could_name_the_patient_are_refused(data_folder: DataFolder, case: Case) -> None:
    with pytest.raises(ValueError, match="claimant"):
        record_event(data_folder, case, AuditKind.RETURN_EXPORTED, {"claimant": "Łukasz Dvořák-Nguyễn"})
    assert kinds(data_folder, case) == [AuditKind.CASE_IMPORTED]


def test_the_history_as_json_reads_back_the_same(data_folder: DataFolder, case: Case) -> None:
    event = case_history(data_folder, case)[0]
    document = json.loads(json.dumps(event.to_json()))
    assert document["kind"] == "case_imported" and document["what"] == "Case imported"
    assert document["hash"] == event.hash and document["sequence"] == 1
