"""Conflicts of interest at import (manifest and records' text), before signing, and after a profile change."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer_app.domain.audit import AuditKind
from reviewer_app.domain.errors import InvalidInput
from reviewer_app.services.cases import find_case
from reviewer_app.services.conflicts import acknowledge_conflict, acknowledged_conflicts
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.findings import check_case
from reviewer_app.services.importing import import_bundle
from reviewer_app.services.profile import update_profile
from reviewer_app.storage.audit import AuditRepository
from tests.bundle_builder import BundleSpec
from tests.pdf_corpus import text_pdf

PROFILE = {
    "name": "Dr. Pat Reviewer",
    "licenses": [{"state": "CA", "number": "A1"}],
    "specialties": ["Orthopaedic Surgery"],
}


def _bundle(spec: BundleSpec) -> BundleSpec:
    spec.manifest["parties"] = {"insurer": "Example Mutual Insurance Co.", "adjuster": "J. Smith"}
    spec.with_file(
        "records/002-ortho.pdf",
        text_pdf(
            [
                ["PROGRESS NOTE", "Date of service: 03/16/2026", "Low back pain."],
                ["COAST ORTHOPAEDICS & SPINE, INC.", "Follow-up 04/02/2026", "Signed: Dr. Chu"],
            ]
        ),
    )
    return spec


def test_a_conflict_in_the_manifest_and_one_in_a_record_are_warned_of_at_import(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path
) -> None:
    update_profile(data_folder, {**PROFILE, "conflicts": ["Example Mutual", "Coast Orthopedics", "Mary Chu"]})
    result = import_bundle(data_folder, _bundle(spec).write_folder(tmp_path / "b"))
    conflicts = [w for w in result.warnings if w.startswith("Conflict of interest")]
    assert conflicts == [
        'Conflict of interest: "Example Mutual" (your profile) matches "Example Mutual Insurance Co." in the '
        "manifest (parties.insurer)",
        'Conflict of interest: "Coast Orthopedics" (your profile) matches "COAST ORTHOPAEDICS & SPINE, INC." in '
        "records/002-ortho.pdf, page 2",
    ]  # "Dr. Chu" alone is not Mary Chu
    case = find_case(data_folder, "PR-TEST-0001")
    assert [w.message for w in case.warnings if w.message.startswith("Conflict")] == conflicts


def test_signing_waits_until_each_conflict_is_acknowledged_with_a_reason_kept_in_the_history(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path
) -> None:
    update_profile(data_folder, {**PROFILE, "conflicts": ["Example Mutual", "Coast Orthopedics"]})
    case_id = import_bundle(data_folder, _bundle(spec).write_folder(tmp_path / "b")).case_id
    case = find_case(data_folder, "PR-TEST-0001")
    blocking = [i.text for i in check_case(data_folder, case) if i.blocking and "Conflict" in i.text]
    assert blocking == [
        'Conflict of interest with "Example Mutual": acknowledge it with a reason, or decline the case',
        'Conflict of interest with "Coast Orthopedics": acknowledge it with a reason, or decline the case',
    ]
    with pytest.raises(InvalidInput):
        acknowledge_conflict(data_folder, case_id, "Example Mutual", "   ")
    acknowledge_conflict(data_folder, case_id, "Example Mutual", "Consulted for them in 2019; no relationship now")
    left = [i.text for i in check_case(data_folder, case) if i.blocking and "Conflict" in i.text]
    assert left == [blocking[1]]
    assert acknowledged_conflicts(data_folder, case_id) == {
        "Example Mutual": "Consulted for them in 2019; no relationship now"
    }
    with data_folder.database.transaction() as session:
        kinds = [e.kind for e in AuditRepository(session).events(case_id)]
    assert AuditKind.CONFLICT_ACKNOWLEDGED in kinds


def test_a_conflict_added_to_the_profile_later_is_warned_of_in_open_cases(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path
) -> None:
    update_profile(data_folder, PROFILE)
    import_bundle(data_folder, _bundle(spec).write_folder(tmp_path / "b"))
    assert not [w for w in find_case(data_folder, "PR-TEST-0001").warnings if "Conflict" in w.message]
    update_profile(data_folder, {"conflicts": ["Coast Orthopedics"]})
    update_profile(data_folder, {"conflicts": ["Coast Orthopedics"]})  # set twice: warned of once
    warned = [w.message for w in find_case(data_folder, "PR-TEST-0001").warnings if "Conflict" in w.message]
    assert warned == [
        'Conflict of interest: "Coast Orthopedics" (your profile) matches "COAST ORTHOPAEDICS & SPINE, INC." in '
        "records/002-ortho.pdf, page 2"
    ]


def test_a_letterhead_on_many_records_is_one_warning_counting_the_others(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path
) -> None:
    update_profile(data_folder, {**PROFILE, "conflicts": ["Harbor Imaging Center"]})
    spec.files.clear()
    for n in range(3):
        spec.with_file(f"records/00{n}-imaging.pdf", text_pdf([["HARBOR IMAGING", f"Exam date: 0{n + 1}/02/2026"]]))
    result = import_bundle(data_folder, spec.write_folder(tmp_path / "b"))
    assert [w for w in result.warnings if w.startswith("Conflict")] == [
        'Conflict of interest: "Harbor Imaging Center" (your profile) matches "HARBOR IMAGING" in '
        "records/000-imaging.pdf, page 1 (and 2 other records)"
    ]


def test_a_conflict_acknowledged_is_disclosed_in_the_report_never_attested_away(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path
) -> None:
    from reviewer_app.services.report_content import build_report_content

    update_profile(data_folder, {**PROFILE, "conflicts": ["Example Mutual"]})
    case_id = import_bundle(data_folder, _bundle(spec).write_folder(tmp_path / "b")).case_id
    statement = build_report_content(data_folder, "PR-TEST-0001", draft=True).attestation.statements[2]
    assert "I have no conflict of interest with the parties" in statement
    acknowledge_conflict(data_folder, case_id, "Example Mutual", "Reviewed for them until 2019; no tie since")
    statement = build_report_content(data_folder, "PR-TEST-0001", draft=True).attestation.statements[2]
    assert "I disclose a relationship with Example Mutual: Reviewed for them until 2019; no tie since. " in statement
    assert "I have no other conflict of interest with the parties" in statement


def test_a_conflict_in_a_scanned_page_is_warned_of_once_its_text_is_read(
    data_folder: DataFolder, tmp_path: Path
) -> None:
    from reviewer_app.domain.progress import SilentProgress
    from reviewer_app.records.ocr import tesseract_status
    from reviewer_app.services.ocr import run_pending_ocr
    from tests.services.test_ocr_service import faxed_pages

    if not tesseract_status().available:
        pytest.skip("Tesseract is installed by make setup")
    update_profile(data_folder, {**PROFILE, "conflicts": ["Coast Orthopedics"]})
    scan = faxed_pages(tmp_path, ["COAST ORTHOPEDICS"])
    import_bundle(data_folder, BundleSpec(files={"records/fax.pdf": scan}).write_folder(tmp_path / "bundle"))
    assert not [w for w in find_case(data_folder, "PR-TEST-0001").warnings if "Conflict" in w.message]
    run_pending_ocr(data_folder, SilentProgress())
    warned = [w.message for w in find_case(data_folder, "PR-TEST-0001").warnings if "Conflict" in w.message]
    assert warned == [
        'Conflict of interest: "Coast Orthopedics" (your profile) matches "COAST ORTHOPEDICS" in '
        "records/fax.pdf, page 1"
    ]
