"""Missing records from a case's stored text, and the letter that asks only for those."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from reviewer_app.domain.audit import AuditKind
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.importing import import_bundle
from reviewer_app.services.missing_records import case_missing_records, write_request_letter
from reviewer_app.services.profile import update_profile
from reviewer_app.storage.audit import AuditRepository
from tests.bundle_builder import BundleSpec
from tests.pdf_corpus import text_pdf

NOTE = [
    "COAST ORTHOPEDICS",
    "PROGRESS NOTE",
    "Date of service: 05/10/2026",
    "DOB: 03/14/1978",
    "She was injured on 06/14/2025 lifting a box.",
    "MRI of 04/24/2026 reviewed, shows an L4-5 protrusion.",
    "EMG/NCS performed 5/2/26 showed a left L5 radiculopathy.",
    "She was seen by Dr. Raman on 3/30/2026 for a neurology consultation.",
    "Plan: MRI of the cervical spine to be scheduled.",
    "Electronically signed by Alan Chu, MD on 05/11/2026",
]
MRI = ["HARBOR IMAGING", "DIAGNOSTIC IMAGING REPORT", "Exam: MRI lumbar spine", "Exam date: April 25, 2026"]


def case_with_notes(data_folder: DataFolder, spec: BundleSpec, tmp_path: Path) -> int:
    spec.files.clear()
    spec.with_file("records/001-notes.pdf", text_pdf([NOTE]))
    spec.with_file("records/002-mri.pdf", text_pdf([MRI]))
    return import_bundle(data_folder, spec.write_folder(tmp_path / "bundle")).case_id


def test_the_studies_mentioned_but_not_received_are_listed_with_the_page_that_mentions_them(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path
) -> None:
    case_id = case_with_notes(data_folder, spec, tmp_path)
    missing = case_missing_records(data_folder, case_id)
    assert [(m.description, m.first.record, m.first.page) for m in missing] == [
        ("Visit of 03/30/2026 (Dr. Raman)", "records/001-notes.pdf", 1),
        ("EMG/NCS of 05/02/2026", "records/001-notes.pdf", 1),
    ]  # the MRI is held (a day off, under another title); the plan, the birth and the injury are no records
    assert missing[1].first.sentence == "EMG/NCS performed 5/2/26 showed a left L5 radiculopathy."


def test_the_letter_lists_only_what_is_missing_and_is_an_event_in_the_case_history(
    data_folder: DataFolder, spec: BundleSpec, tmp_path: Path
) -> None:
    update_profile(data_folder, {"name": "Pat Reviewer", "credentials": "MD", "address": "1 Main St, Springfield"})
    case_id = case_with_notes(data_folder, spec, tmp_path)
    missing = case_missing_records(data_folder, case_id)
    out = write_request_letter(data_folder, case_id, missing[1:], tmp_path / "request.pdf")
    pdf = pdfium.PdfDocument(out)
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    pdf.close()
    text = " ".join(text.split())
    assert "Pat Reviewer, MD" in text and "Test Review Services" in text and "PR-TEST-0001" in text
    assert "EMG/NCS, 05/02/2026" in text and "records/001-notes.pdf, page 1" in text
    assert "Raman" not in text  # unticked by the physician
    assert "MRI" not in text  # received: never asked for again
    with data_folder.database.transaction() as session:
        events = AuditRepository(session).events(case_id, AuditKind.MISSING_RECORDS_REQUESTED)
    assert [e.details["records"] for e in events] == [1]
