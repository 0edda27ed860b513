"""OCR as a service: interrupted work resumes where it stopped, and the text becomes searchable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from reviewer_app.domain.case import RecordState
from reviewer_app.domain.errors import Cancelled
from reviewer_app.domain.progress import SilentProgress
from reviewer_app.records.ocr import tesseract_status
from reviewer_app.resources import resource_path
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.importing import import_bundle
from reviewer_app.services.ocr import pending_ocr_pages, run_pending_ocr
from reviewer_app.services.search import search_records
from tests.bundle_builder import BundleSpec

pytestmark = pytest.mark.skipif(not tesseract_status().available, reason="Tesseract is installed by make setup")


def faxed_pages(tmp_path: Path, lines: list[str]) -> bytes:
    font = ImageFont.truetype(str(resource_path("fonts", "DejaVuSans.ttf")), 44)
    pages = []
    for line in lines:
        page = Image.new("L", (1700, 2200), 255)
        ImageDraw.Draw(page).text((150, 300), line, font=font, fill=0)
        pages.append(page.convert("1"))
    path = tmp_path / "fax.pdf"
    pages[0].save(path, "PDF", resolution=200, save_all=True, append_images=pages[1:])
    return path.read_bytes()


class StopAfterFirstPage:
    def __init__(self) -> None:
        self.pages_done = 0

    def report(self, done: int, total: int, message: str) -> None:
        self.pages_done = done

    def cancelled(self) -> bool:
        return self.pages_done >= 1


def test_interrupted_ocr_resumes_and_the_pages_become_searchable(data_folder: DataFolder, tmp_path: Path) -> None:
    scan = faxed_pages(tmp_path, ["Referral for epidural injection", "Work status modified duty", "Sedentary only"])
    import_bundle(data_folder, BundleSpec(files={"records/fax.pdf": scan}).write_folder(tmp_path / "bundle"))
    case = find_case(data_folder, "PR-TEST-0001")
    assert case.records[0].state is RecordState.NEEDS_OCR
    assert [w.message for w in case.warnings] == [
        "records/fax.pdf: Scanned, needs OCR: 3 of 3 pages are scanned images; their text needs OCR"
    ]
    assert pending_ocr_pages(data_folder) == 3

    with pytest.raises(Cancelled):
        run_pending_ocr(data_folder, StopAfterFirstPage())
    left = pending_ocr_pages(data_folder)
    assert 0 < left < 3, "the page read before stopping is kept"

    summary = run_pending_ocr(data_folder, SilentProgress())
    assert summary.pages_read == left and pending_ocr_pages(data_folder) == 0
    record = find_case(data_folder, "PR-TEST-0001").records[0]
    assert record.state is RecordState.READABLE and record.page_count == 3
    # The Warnings tab and `show` no longer say the record needs OCR once it has been read.
    assert find_case(data_folder, "PR-TEST-0001").warnings == ()
    hits = search_records(data_folder, case.id, "sedentary")
    assert [(h.page_number, h.from_ocr) for h in hits] == [(3, True)]
