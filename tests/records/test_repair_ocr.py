"""A damaged scan is repaired, its pages OCR'd over the repaired copy, and it stays marked repaired."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer_app.domain.case import RecordState
from reviewer_app.domain.progress import SilentProgress
from reviewer_app.records.ocr import tesseract_status
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.importing import import_bundle
from reviewer_app.services.ocr import run_pending_ocr
from reviewer_app.services.search import search_records
from tests.bundle_builder import BundleSpec
from tests.records.test_repair import cut_trailer, pdfium_refuses
from tests.services.test_ocr_service import faxed_pages

pytestmark = pytest.mark.skipif(not tesseract_status().available, reason="Tesseract is installed by make setup")


def test_a_repaired_scan_is_read_by_ocr_and_stays_marked_repaired(data_folder: DataFolder, tmp_path: Path) -> None:
    scan = cut_trailer(faxed_pages(tmp_path, ["Referral for epidural injection", "Work status modified duty"]))
    assert pdfium_refuses(scan)
    import_bundle(data_folder, BundleSpec(files={"records/fax.pdf": scan}).write_folder(tmp_path / "bundle"))
    record = find_case(data_folder, "PR-TEST-0001").records[0]
    assert record.state is RecordState.NEEDS_OCR and record.page_count == 2
    assert "repaired copy" in record.state_detail

    run_pending_ocr(data_folder, SilentProgress())

    case = find_case(data_folder, "PR-TEST-0001")
    record = case.records[0]
    assert record.state is RecordState.REPAIRED
    assert "read by OCR" in record.state_detail and "repaired copy" in record.state_detail
    hits = search_records(data_folder, case.id, "epidural")
    assert [(hit.record_id, hit.page_index) for hit in hits] == [(record.id, 0)]
