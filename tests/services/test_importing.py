"""Import as a use case: all or nothing, files stored once, warnings kept on the case."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer_app.domain.case import QuestionTopic, RecordState, Service
from reviewer_app.domain.errors import BundleRefused, Cancelled, ManifestMissing
from reviewer_app.domain.manual_case import ManualCaseEntry
from reviewer_app.services.cases import find_case, list_cases
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.importing import import_bundle
from reviewer_app.services.profile import update_profile
from tests.bundle_builder import MINIMAL_PDF, BundleSpec, snapshot


class CancelAfter:
    """Progress that asks to stop after ``n`` questions: cancels at every point of an import in turn."""

    def __init__(self, n: int) -> None:
        self.remaining = n
        self.asked = 0

    def report(self, done: int, total: int, message: str) -> None:
        pass

    def cancelled(self) -> bool:
        self.asked += 1
        self.remaining -= 1
        return self.remaining < 0


def test_import_keeps_the_referral_as_sent(data_folder: DataFolder, spec: BundleSpec, tmp_path: Path) -> None:
    spec.with_file("records/002-mri.pdf", MINIMAL_PDF)
    result = import_bundle(data_folder, spec.write_folder(tmp_path / "bundle"))

    case = find_case(data_folder, "PR-TEST-0001")
    assert result.case_id == case.id
    assert case.details.service is Service.PEER_REVIEW
    assert case.details.claimant.name.family == "Dvořák-Nguyễn"
    assert case.details.due_at is not None and case.details.due_at.utcoffset() is not None
    assert case.details.due_at.isoformat() == "2026-11-23T17:00:00-08:00"
    assert [q.text for q in case.details.questions] == [
        "Is the requested L4-5 ESI medically necessary?",
        "Is the radiculopathy causally related to the injury?",
    ]
    assert case.details.questions[0].topic is QuestionTopic.NECESSITY
    assert case.details.questions[0].service_keys == ("svc1",)
    by_path = {r.path: r for r in case.records}
    assert by_path["records/002-mri.pdf"].page_count == 1
    assert by_path["records/002-mri.pdf"].state is RecordState.READABLE
    assert by_path["records/001-note.txt"].state is RecordState.READABLE


def test_same_file_in_two_cases_is_stored_once(data_folder: DataFolder, tmp_path: Path) -> None:
    peer_review = BundleSpec().with_file("records/mri.pdf", MINIMAL_PDF)
    ime = BundleSpec().with_file("records/mri-again.pdf", MINIMAL_PDF)
    ime.manifest["case"].update(reference="IME-TEST-0002", service="ime", related_reference="PR-TEST-0001")
    import_bundle(data_folder, peer_review.write_folder(tmp_path / "pr"))
    import_bundle(data_folder, ime.write_zip(tmp_path / "ime.zip"))

    stored = {p.name for p in (data_folder.path / "records").rglob("*") if p.is_file()}
    cases = [find_case(data_folder, "PR-TEST-0001"), find_case(data_folder, "IME-TEST-0002")]
    received = {r.sha256 for case in cases for r in case.records}
    viewables = {r.viewable for case in cases for r in case.records} - received
    # four records between the two cases, but two distinct files (the note and the PDF), stored once
    assert sum(len(case.records) for case in cases) == 4
    assert len(received) == 2 and received <= stored
    # plus the note's rendition as a PDF page, made once
    assert len(viewables) == 1 and stored == received | viewables


@pytest.mark.parametrize("stop_after", range(0, 12))
def test_cancel_at_any_point_leaves_the_data_folder_as_before(
    data_folder: DataFolder, tmp_path: Path, stop_after: int
) -> None:
    earlier = BundleSpec()
    earlier.manifest["case"]["reference"] = "PR-EARLIER"
    import_bundle(data_folder, earlier.write_folder(tmp_path / "earlier"))
    before_files = snapshot(data_folder.path)
    before_cases = list_cases(data_folder)

    spec = BundleSpec().with_file("records/002.pdf", MINIMAL_PDF).with_file("records/003.txt", b"more notes\n")
    progress = CancelAfter(stop_after)
    try:
        import_bundle(data_folder, spec.write_zip(tmp_path / "new.zip"), progress)
    except Cancelled:
        assert snapshot(data_folder.path) == before_files
        assert list_cases(data_folder) == before_cases
        assert not any(data_folder.staging_dir.glob("*")), "staging must be cleaned up"
    else:
        # cancel asked after the last check: the import completed, whole
        assert len(find_case(data_folder, "PR-TEST-0001").records) == 3


def test_failure_while_saving_removes_the_files_it_added(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewer_app.storage.repositories import CaseRepository

    def broken_add_warnings(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(CaseRepository, "add_warnings", broken_add_warnings)
    with pytest.raises(OSError):
        import_bundle(data_folder, spec.write_folder(tmp_path / "bundle"))
    assert snapshot(data_folder.path) == {}
    assert list_cases(data_folder) == []


def test_duplicate_case_is_refused_and_new_version_adds_only_new_records(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path
) -> None:
    import_bundle(data_folder, spec.write_folder(tmp_path / "v1"))
    with pytest.raises(BundleRefused, match="already imported"):
        import_bundle(data_folder, spec.write_folder(tmp_path / "v1-again"))

    spec.with_file("records/010-new-mri.pdf", MINIMAL_PDF)
    spec.manifest["records"] = []
    result = import_bundle(data_folder, spec.write_folder(tmp_path / "v2"), as_new_version=True)

    case = find_case(data_folder, "PR-TEST-0001")
    assert result.version == 2 and result.records_added == 1
    assert [(r.path, r.version) for r in case.records] == [("records/001-note.txt", 1), ("records/010-new-mri.pdf", 2)]
    assert any("Version 2" in w.message for w in case.warnings)


def test_same_reference_from_another_vendor_is_a_different_case(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path
) -> None:
    import_bundle(data_folder, spec.write_folder(tmp_path / "a"))
    spec.manifest["case"]["vendor"] = {"name": "Another Vendor"}
    import_bundle(data_folder, spec.write_folder(tmp_path / "b"))
    assert len(list_cases(data_folder)) == 2


def test_profile_mismatch_warns_at_import(data_folder: DataFolder, spec: BundleSpec, tmp_path: Path) -> None:
    update_profile(
        data_folder,
        {
            "name": "Dr. Test",
            "specialties": ["Neurology"],
            "licenses": [{"state": "CA", "number": "A1", "expires": "2020-01-01"}],
        },
    )
    import_bundle(data_folder, spec.write_folder(tmp_path / "bundle"))
    warnings = [w.message for w in find_case(data_folder, "PR-TEST-0001").warnings]
    assert any("Orthopaedic Surgery" in w and "Neurology" in w for w in warnings)
    assert any("CA license expired on 2020-01-01" in w for w in warnings)


def test_matching_profile_raises_no_assignment_warning(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path
) -> None:
    update_profile(
        data_folder,
        {"specialties": ["Orthopedic surgery"], "licenses": [{"state": "CA", "number": "A1", "expires": "2099-01-01"}]},
    )
    import_bundle(data_folder, spec.write_folder(tmp_path / "bundle"))
    assert find_case(data_folder, "PR-TEST-0001").warnings == ()


def test_bundle_without_manifest_needs_the_details(data_folder: DataFolder, tmp_path: Path) -> None:
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "clinic note.txt").write_text("Seen today for back pain.\n", encoding="utf-8")
    (loose / "mri.pdf").write_bytes(MINIMAL_PDF)
    with pytest.raises(ManifestMissing):
        import_bundle(data_folder, loose)
    assert list_cases(data_folder) == []

    entry = ManualCaseEntry(
        reference="MAN-1",
        service=Service.PEER_REVIEW,
        claimant_given="Ana",
        claimant_family="Reyes",
        questions=("Is PT medically necessary?", ""),
    )
    import_bundle(data_folder, loose, manual_entry=entry)
    case = find_case(data_folder, "MAN-1")
    assert [r.title for r in case.records] == ["clinic note.txt", "mri.pdf"]
    assert [q.text for q in case.details.questions] == ["Is PT medically necessary?"]


def test_new_version_with_nothing_new_changes_nothing(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path
) -> None:
    import_bundle(data_folder, spec.write_folder(tmp_path / "v1"))
    result = import_bundle(data_folder, spec.write_folder(tmp_path / "same"), as_new_version=True)
    case = find_case(data_folder, "PR-TEST-0001")
    assert (result.records_added, result.version, case.version) == (0, 1, 1)
    assert "no new records" in result.warnings[0]
    assert case.warnings == ()


def test_demo_cases_import_once(data_folder: DataFolder) -> None:
    from reviewer_app.services.demo import ensure_demo_cases

    assert ensure_demo_cases(data_folder) == ["PR-2026-004512", "IME-2026-000871"]
    assert ensure_demo_cases(data_folder) == []
    ime = find_case(data_folder, "IME-2026-000871")
    assert ime.details.related_reference == "PR-2026-004512"
    assert find_case(data_folder, "PR-2026-004512").page_count == 60
