"""Each page's duplicate fingerprint is stored with its text where the text is read (the extraction
workers, OCR), so that counting a long case's duplicates never goes over the text; pages stored
before fingerprints were still group, and are fingerprinted then."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas
from sqlalchemy import text as sql

from reviewer_app.domain.progress import SilentProgress
from reviewer_app.domain.review import PageKey
from reviewer_app.records.fingerprints import text_fingerprint
from reviewer_app.records.ocr import tesseract_status
from reviewer_app.services import review
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.importing import import_bundle
from reviewer_app.services.ocr import run_pending_ocr
from tests.bundle_builder import BundleSpec
from tests.services.test_ocr_service import faxed_pages

WORDS = [
    "patient",
    "reports",
    "low",
    "back",
    "pain",
    "radiating",
    "to",
    "the",
    "left",
    "leg",
    "with",
    "numbness",
    "lumbar",
    "mri",
    "shows",
    "disc",
    "protrusion",
    "physical",
    "therapy",
    "completed",
    "modest",
    "improvement",
    "gabapentin",
    "work",
    "restrictions",
    "follow",
    "up",
]


def note_pages(seed: int, pages: int) -> list[str]:
    rng = random.Random(seed)
    return ["\n".join(" ".join(rng.choice(WORDS) for _ in range(10)) for _ in range(12)) for _ in range(pages)]


def text_pdf(pages: list[str], header: str = "") -> bytes:
    """A text PDF; ``header`` is a fax line atop every page, as a second copy of a chart has."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=letter, invariant=1)
    for number, page in enumerate(pages, start=1):
        text = pdf.beginText(54, 740)
        text.setFont("Helvetica", 10)
        if header:
            text.textLine(f"{header} P. {number}/{len(pages)}")
        for line in page.splitlines():
            text.textLine(line)
        pdf.drawText(text)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def case_with_duplicates(data_folder: DataFolder, tmp_path: Path) -> int:
    chart = note_pages(1, 4)
    other = note_pages(2, 3)
    edited = other[1].replace("lumbar", "cervical", 1)  # one word changed: a near copy
    spec = (
        BundleSpec(files={})
        .with_file("records/001-chart.pdf", text_pdf(chart))
        .with_file("records/002-other.pdf", text_pdf(other))
        .with_file("records/003-chart-faxed.pdf", text_pdf(chart[1:3], "FROM: COAST ORTHO 11/20/2026 14:03"))
        .with_file("records/004-edited.pdf", text_pdf([edited]))
    )
    import_bundle(data_folder, spec.write_folder(tmp_path / "bundle"))
    return find_case(data_folder, "PR-TEST-0001").id


def stored_pages(data_folder: DataFolder) -> list[tuple[str, bytes | None]]:
    with data_folder.database.transaction() as session:
        return [(t, f) for t, f in session.execute(sql("SELECT text, text_fingerprint FROM file_pages ORDER BY id"))]


def as_pages(data_folder: DataFolder, case_id: int, groups: list[list[PageKey]]) -> list[list[tuple[str, int]]]:
    """Groups as a physician reads them: (record path, page number)."""
    paths = {r.id: r.path for r in find_case(data_folder, "PR-TEST-0001").records}
    return [[(paths[record], index + 1) for record, index in group] for group in groups]


def forget_counted_groups(data_folder: DataFolder) -> None:
    review._counted.clear()
    for kept in (data_folder.path / "duplicates").glob("*.json"):
        kept.unlink()


def test_every_imported_page_is_stored_with_the_fingerprint_of_its_text(
    data_folder: DataFolder, tmp_path: Path
) -> None:
    case_id = case_with_duplicates(data_folder, tmp_path)
    pages = stored_pages(data_folder)
    assert len(pages) == 4 + 3 + 2 + 1
    for page_text, fingerprint in pages:
        assert fingerprint is not None
        assert fingerprint == text_fingerprint(page_text)
    groups = as_pages(data_folder, case_id, review.duplicate_groups(data_folder, case_id))
    assert groups == [
        [("records/001-chart.pdf", 2), ("records/003-chart-faxed.pdf", 1)],
        [("records/001-chart.pdf", 3), ("records/003-chart-faxed.pdf", 2)],
        [("records/002-other.pdf", 2), ("records/004-edited.pdf", 1)],
    ]


@pytest.mark.skipif(not tesseract_status().available, reason="Tesseract is installed by make setup")
def test_ocr_text_is_stored_with_its_fingerprint(data_folder: DataFolder, tmp_path: Path) -> None:
    scan = faxed_pages(tmp_path, ["Referral for epidural injection", "Work status modified duty"])
    import_bundle(data_folder, BundleSpec(files={"records/fax.pdf": scan}).write_folder(tmp_path / "bundle"))
    assert [text for text, _ in stored_pages(data_folder)] == ["", ""]
    run_pending_ocr(data_folder, SilentProgress())
    pages = stored_pages(data_folder)
    assert "epidural" in pages[0][0].lower()
    for page_text, fingerprint in pages:
        assert fingerprint == text_fingerprint(page_text)


def test_pages_stored_before_fingerprints_group_the_same_and_are_filled_in(
    data_folder: DataFolder, tmp_path: Path
) -> None:
    case_id = case_with_duplicates(data_folder, tmp_path)
    with_fingerprints = review.duplicate_groups(data_folder, case_id)
    assert len(with_fingerprints) == 3

    # As a data folder from before fingerprints has them (the upgrade adds an empty column),
    # one page with a fingerprint of another version besides.
    with data_folder.database.transaction() as session:
        session.execute(sql("UPDATE file_pages SET text_fingerprint = NULL"))
        session.execute(sql("UPDATE file_pages SET text_fingerprint = x'00' WHERE page_index = 0"))
    forget_counted_groups(data_folder)

    assert review.duplicate_groups(data_folder, case_id) == with_fingerprints
    for page_text, fingerprint in stored_pages(data_folder):
        assert fingerprint == text_fingerprint(page_text)


def test_a_scanned_page_without_text_still_groups_by_its_image(data_folder: DataFolder, tmp_path: Path) -> None:
    case_id = case_with_duplicates(data_folder, tmp_path)
    with data_folder.database.transaction() as session:
        # Two blank scans of the same page: no text, nearly the same rendered image.
        session.execute(
            sql(
                "UPDATE file_pages SET text = '', text_fingerprint = NULL, image_hash = :hash "
                "WHERE page_index = 0 AND sha256 IN (SELECT sha256 FROM records WHERE path IN "
                "('records/001-chart.pdf', 'records/002-other.pdf'))"
            ),
            {"hash": "f0f0f0f0f0f0f0f0"},
        )
    forget_counted_groups(data_folder)
    groups = as_pages(data_folder, case_id, review.duplicate_groups(data_folder, case_id))
    assert [("records/001-chart.pdf", 1), ("records/002-other.pdf", 1)] in groups
