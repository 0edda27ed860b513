"""The report's records-reviewed list says which documents were read from a repaired copy."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from reviewer_app.reports import render_report
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.importing import import_bundle
from reviewer_app.services.report_content import build_report_content
from tests.bundle_builder import MINIMAL_PDF, BundleSpec
from tests.records.test_repair import clinic_pdf, cut_trailer


def test_a_repaired_record_is_noted_in_the_records_reviewed(data_folder: DataFolder, tmp_path: Path) -> None:
    files = {"records/001-clinic.pdf": cut_trailer(clinic_pdf()), "records/002-note.pdf": MINIMAL_PDF}
    import_bundle(data_folder, BundleSpec(files=files).write_folder(tmp_path / "bundle"))
    content = build_report_content(data_folder, find_case(data_folder, "PR-TEST-0001"), draft=True)

    assert [(r.title, r.pages, r.repaired) for r in content.records] == [
        ("001-clinic", 3, True),
        ("002-note", 1, False),
    ]
    document = pdfium.PdfDocument(render_report(content))
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    assert " ".join(text.split()).count("received damaged; read from a repaired copy") == 1
