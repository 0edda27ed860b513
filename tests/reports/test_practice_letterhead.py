"""The practice's letterhead: kept in the data folder, refused in words when the logo is not an image,
printed on the PDF's first page (and small on the later ones) and in the Word copy, and signed reports
on it still verify."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document

from reviewer_app.domain.errors import InvalidInput
from reviewer_app.reports.word_report import render_word_draft
from reviewer_app.services.cases import find_case
from reviewer_app.services.certificates import create_profile_certificate
from reviewer_app.services.data_folder import DataFolder, open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.findings import check_case
from reviewer_app.services.practice import get_practice, letterhead_problems, practice_file, save_practice
from reviewer_app.services.reporting import draft_content, draft_report, sign_report, verify_report
from reviewer_app.services.review import mark_page_reviewed
from tests.reports.demo_findings import PEER_REVIEW, fill_demo_findings
from tests.reports.practice_fixtures import PRACTICE, PRACTICE_NAME, practice_logo

PASSWORD = "letterhead signing 1"


def pages_text(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DataFolder]:
    root = tmp_path_factory.mktemp("letterhead")
    data = open_data_folder(root / "data")
    ensure_demo_cases(data)
    fill_demo_findings(data)
    save_practice(data, {**PRACTICE, "logo": str(practice_logo(root / "logo.png"))})
    yield data
    data.close()


def test_the_letterhead_is_kept_in_a_practice_file_with_a_copy_of_the_logo(folder: DataFolder, tmp_path: Path) -> None:
    saved = json.loads(practice_file(folder).read_text(encoding="utf-8"))
    assert saved["name"] == PRACTICE_NAME
    assert saved["accent"] == "#1F5C4A" and saved["font"] == "serif"
    kept = Path(saved["logo"])
    assert kept.parent == folder.path / "practice"  # a copy: the original may move or change
    practice = get_practice(folder)
    assert practice.logo == kept.read_bytes()
    assert practice.address.splitlines() == ["1200 Example Avenue, Suite 300", "Pasadena, CA 91101"]


def test_the_pdf_first_page_carries_the_practice_letterhead_and_later_pages_its_name(folder: DataFolder) -> None:
    pages = pages_text(draft_report(folder, find_case(folder, PEER_REVIEW)))
    first = pages[0]
    assert PRACTICE_NAME in first
    assert "1200 Example Avenue, Suite 300 Pasadena, CA 91101" in first
    assert "Tel. (626) 555-0199 · Fax (626) 555-0198 · reviews@arroyo-spine.example" in first
    assert first.index(PRACTICE_NAME) < first.index("Peer review report")
    for page in pages[1:]:
        assert page.count(PRACTICE_NAME) == 1  # the small header above the claimant's line


def test_the_pdf_draws_the_logo_on_the_first_page_only(folder: DataFolder) -> None:
    document = pdfium.PdfDocument(draft_report(folder, find_case(folder, PEER_REVIEW)))
    try:
        images = [
            sum(1 for obj in page.get_objects() if obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE) for page in document
        ]
    finally:
        document.close()
    assert images[0] == 1
    assert not any(images[1:])


def test_the_word_copy_carries_the_letterhead_in_its_header_and_first_lines(folder: DataFolder) -> None:
    docx = render_word_draft(draft_content(folder, find_case(folder, PEER_REVIEW)))
    document = Document(io.BytesIO(docx))
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert PRACTICE_NAME in header
    first_lines = [p.text for p in document.paragraphs[:5]]
    assert PRACTICE_NAME in first_lines
    assert "Tel. (626) 555-0199  ·  Fax (626) 555-0198  ·  reviews@arroyo-spine.example" in first_lines
    assert len(document.inline_shapes) == 1  # the logo
    assert document.styles["Normal"].font.name == "DejaVu Serif"


def test_a_logo_that_is_not_an_image_is_refused_in_words_and_nothing_changes(
    folder: DataFolder, tmp_path: Path
) -> None:
    before = practice_file(folder).read_bytes()
    fake = tmp_path / "logo.png"
    fake.write_text("this is a letter, not a picture", encoding="utf-8")
    problems = letterhead_problems(folder, {"logo": str(fake)})
    assert problems == [f"logo: {fake} is not an image (give a PNG or JPEG of the practice's logo)"]
    with pytest.raises(InvalidInput, match="is not an image"):
        save_practice(folder, {"name": "Another name", "logo": str(fake)})
    assert practice_file(folder).read_bytes() == before
    missing = tmp_path / "nowhere.png"
    assert "cannot be read" in letterhead_problems(folder, {"logo": str(missing)})[0]
    gif = tmp_path / "logo.gif"
    practice_logo(gif)
    assert "is a GIF, not a PNG or JPEG image" in letterhead_problems(folder, {"logo": str(gif)})[0]


def test_bad_colours_and_typefaces_are_refused_in_words(folder: DataFolder) -> None:
    problems = letterhead_problems(folder, {"accent": "green", "font": "Comic Sans"})
    assert "accent: 'green' is not a colour written as #RRGGBB (for example #1F3A5F)" in problems
    assert "font: 'Comic Sans' is not one of the typefaces offered (sans, serif)" in problems


def test_a_report_signed_on_the_letterhead_verifies(folder: DataFolder, tmp_path: Path) -> None:
    case = find_case(folder, PEER_REVIEW)
    create_profile_certificate(folder, tmp_path / "me.p12", PASSWORD)
    for record in case.records:
        assert record.id is not None
        for page in range(1, (record.page_count or 0) + 1):
            mark_page_reviewed(folder, case.id, record.id, page)
    assert not [item.text for item in check_case(folder, case) if item.blocking]
    outcome = sign_report(folder, case, tmp_path / "signed.pdf", password=PASSWORD)
    signed = (tmp_path / "signed.pdf").read_bytes()
    assert verify_report(folder, signed).valid
    assert outcome.check.valid
    assert PRACTICE_NAME in pages_text(signed)[0]
