"""The report PDF as a reader sees it: text extracted with pdftotext, page by page."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw

from reviewer_app.domain.report import AnswerChange, AnswerPart, OriginalReportRef, ReportContent, TextItem
from reviewer_app.domain.review import PageCounts, attested_review
from reviewer_app.reports import record_reference, render_report
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import DataFolder, open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.importing import import_bundle
from reviewer_app.services.profile import update_profile
from reviewer_app.services.report_content import build_report_content
from tests.bundle_builder import BundleSpec
from tests.reports.demo_findings import IME, PEER_REVIEW, PHYSICIAN, fill_demo_findings, fill_from_template_examples

DAY = dt.date(2026, 12, 2)
UNICODE_CASE = "PR-TEST-0001"  # tests/bundle_builder.py's claimant is Łukasz Dvořák-Nguyễn


def pages_text(pdf: bytes, tmp_path: Path) -> list[str]:
    """Each page's text, whitespace collapsed so wrapped lines read as one."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True).stdout
    pages = out.decode("utf-8").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [" ".join(p.split()) for p in pages]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DataFolder]:
    root = tmp_path_factory.mktemp("report-render")
    data = open_data_folder(root / "data")
    ensure_demo_cases(data)
    fill_demo_findings(data)
    import_bundle(data, BundleSpec().write_folder(root / "bundle"))
    yield data
    data.close()


def content_for(folder: DataFolder, reference: str, *, draft: bool) -> ReportContent:
    return build_report_content(folder, reference, draft=draft, report_date=DAY)


@pytest.mark.parametrize("reference", [PEER_REVIEW, IME])
def test_every_referral_question_is_printed_verbatim(folder: DataFolder, tmp_path: Path, reference: str) -> None:
    text = " ".join(pages_text(render_report(content_for(folder, reference, draft=True)), tmp_path))
    for question in find_case(folder, reference).details.questions:
        assert " ".join(question.text.split()) in text


@pytest.mark.parametrize("reference", [PEER_REVIEW, IME])
def test_a_draft_says_draft_on_every_page_and_numbers_its_pages(
    folder: DataFolder, tmp_path: Path, reference: str
) -> None:
    pages = pages_text(render_report(content_for(folder, reference, draft=True)), tmp_path)
    assert len(pages) > 1
    for number, page in enumerate(pages, 1):
        assert "DRAFT — not signed" in page
        assert f"Page {number} of {len(pages)}" in page
        assert "Marisol Ortega · Claim WC-26-104387" in page
        assert "Confidential" in page
        assert (
            "Peer review form, version 2"
            if reference == PEER_REVIEW
            else "Independent medical examination form, version 3"
        ) in page
    assert "This report has not been signed" in pages[-1]
    assert "Electronically signed" not in " ".join(pages)


def test_a_final_report_has_no_draft_mark_and_is_signed(folder: DataFolder, tmp_path: Path) -> None:
    signature = tmp_path / "signature.png"
    image = Image.new("RGBA", (600, 180), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(20, 150), (200, 40), (380, 140), (580, 30)], fill=(20, 20, 90, 255), width=6)
    image.save(signature)
    update_profile(folder, {"signature_image": str(signature)})
    try:
        pdf = render_report(content_for(folder, PEER_REVIEW, draft=False))
    finally:
        update_profile(folder, {"signature_image": ""})
    pages = pages_text(pdf, tmp_path)
    assert not any("DRAFT" in page for page in pages)
    last = pages[-1]
    assert f"Electronically signed by {PHYSICIAN}, MD on December 2, 2026" in last
    assert "digital signature" in last and "verified" in last
    assert "License: CA A123456" in last
    # The handwritten signature is drawn into the last page's content.
    document = pdfium.PdfDocument(pdf)
    last_page = document[len(document) - 1]
    images = [o for o in last_page.get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    assert images


def test_the_determinations_records_and_references_are_printed(folder: DataFolder, tmp_path: Path) -> None:
    text = " ".join(pages_text(render_report(content_for(folder, PEER_REVIEW, draft=True)), tmp_path))
    assert "Determinations" in text
    assert "Certify" in text and "Modify" in text
    assert "6 visits, 2 visits a week, for 3 weeks" in text
    assert "ODG, 2026 edition — Low Back: Physical therapy" in text
    # Every record of the case, numbered, with the page totals.
    case = find_case(folder, PEER_REVIEW)
    for number, record in enumerate(case.records, 1):
        # pdftotext may read a wrapped cell's second line after the next column's first: check the title's start.
        assert f"Rec. {number} " in text and " ".join(record.title.split()[:4]) in text
    totals = re.search(
        r"21 documents\. Pages received: (\d+); duplicate pages set aside: (\d+); unique pages: (\d+), "
        r"(\d+) reviewed, (\d+) not reviewed\.",
        text,
    )
    assert totals, "the records list's totals line"
    received, duplicates, unique, reviewed, not_reviewed = map(int, totals.groups())
    assert unique == received - duplicates and reviewed + not_reviewed == unique
    # The attestation states the very same figures (it once said 60 pages beside "pages reviewed: 4").
    assert (
        f"I personally reviewed {reviewed} of the {unique} unique pages of the 21 documents listed in this report "
        f"({received} pages received" in " ".join(text.split())
    )
    counts = PageCounts(received, duplicates, reviewed, unique_reviewed=reviewed)
    assert attested_review(counts, 21) in " ".join(text.split())
    assert (
        record_reference(16, 1) == "Rec. 16, p. 1" and "Rec. 16, p. 1" in text and "Rec. 9, p. 2 — impression" in text
    )
    assert "Rec. 9, p. 2 · MRI lumbar spine without contrast (04/24/2026) MRI impression" in text
    for raw in ("partially_related", "non_certify", "svc1", "q1.svc1"):
        assert raw not in text


def test_the_california_declaration_is_printed(folder: DataFolder, tmp_path: Path) -> None:
    assert find_case(folder, PEER_REVIEW).details.jurisdiction == "CA"
    text = " ".join(pages_text(render_report(content_for(folder, PEER_REVIEW, draft=False)), tmp_path))
    # The declaration says it once: the yes confirming it is not printed again beside it.
    assert "No violation of Labor Code 139.3" not in text and text.count("139.3") == 1
    assert (
        "I declare under penalty of perjury under the laws of the State of California that the information "
        "contained in this report" in text
    )
    assert "I have not violated Labor Code section 139.3" in text
    assert "Executed on December 2, 2026 in Los Angeles County, California." in text
    assert "I have no treating relationship with the claimant" in text


def test_the_ime_prints_exam_tables_and_the_combined_impairment(folder: DataFolder, tmp_path: Path) -> None:
    text = " ".join(pages_text(render_report(content_for(folder, IME, draft=True)), tmp_path))
    assert "Combined whole-person impairment: 28%" in text
    assert "Measured (degrees)" in text and "Normal (degrees)" in text
    assert "Lumbar spine Flexion 40 60" in text
    assert "never proof of malingering" in text
    assert "DOT strength level: Light" in text
    assert "ICD-10-CM code" in text and "M54.16" in text and "Lumbar radiculopathy, left L5" in text


def test_unicode_names_print_and_extract(folder: DataFolder, tmp_path: Path) -> None:
    pages = pages_text(render_report(content_for(folder, UNICODE_CASE, draft=True)), tmp_path)
    assert all("Łukasz Dvořák-Nguyễn · Claim WC-00-000001" in page for page in pages)  # the claimant, in every header
    assert f"{PHYSICIAN}, MD" in pages[0]  # the physician, in the letterhead
    path = tmp_path / "fonts.pdf"
    path.write_bytes(render_report(content_for(folder, UNICODE_CASE, draft=True)))
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows), fonts.stdout  # every font embedded


def test_the_same_content_renders_to_the_same_bytes(folder: DataFolder) -> None:
    first = render_report(content_for(folder, PEER_REVIEW, draft=True))
    again = render_report(content_for(folder, PEER_REVIEW, draft=True))
    assert first == again
    assert render_report(content_for(folder, PEER_REVIEW, draft=False)) != first
    assert b"D:20261202" in first  # creation date from the report date, not the clock


def test_an_addendum_names_the_original_report_and_its_changes(folder: DataFolder, tmp_path: Path) -> None:
    original = OriginalReportRef(
        signed_on=dt.date(2026, 11, 28),
        sha256="0123456789abcdef" * 4,
        new_records=("records/09-mri-lumbar-2026-04-24.pdf",),
        changes=(AnswerChange("Question 2: Determination", "Non-certify", "Modify"),),
    )
    content = build_report_content(folder, PEER_REVIEW, draft=True, report_date=DAY, addendum_of=original)
    pages = pages_text(render_report(content), tmp_path)
    assert "Addendum to the report signed on November 28, 2026 (SHA-256 " + "0123456789abcdef" * 4 + ")" in pages[0]
    text = " ".join(pages)
    assert "Rec. 9 — MRI lumbar spine without contrast" in text
    assert "Question 2: Determination Non-certify Modify" in text


def test_long_answers_do_not_break_the_layout(folder: DataFolder, tmp_path: Path) -> None:
    content = content_for(folder, PEER_REVIEW, draft=True)
    long_text = "The examination findings are consistent across visits. " * 300
    questions = list(content.questions)
    first = questions[0]
    questions[0] = replace(first, parts=(AnswerPart((TextItem("Rationale", long_text),)),))
    pdf = render_report(replace(content, questions=tuple(questions)))
    pages = pages_text(pdf, tmp_path)
    assert all(f"of {len(pages)}" in page for page in pages)


@pytest.fixture(scope="module")
def examples_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DataFolder]:
    data = open_data_folder(tmp_path_factory.mktemp("report-examples") / "data")
    ensure_demo_cases(data)
    update_profile(data, {"name": PHYSICIAN, "credentials": "MD"})
    for reference in (PEER_REVIEW, IME):
        fill_from_template_examples(data, reference)
    yield data
    data.close()


@pytest.mark.parametrize("reference", [PEER_REVIEW, IME])
def test_demo_cases_filled_from_the_template_examples_render(
    examples_folder: DataFolder, tmp_path: Path, reference: str
) -> None:
    pdf = render_report(build_report_content(examples_folder, reference, draft=False, report_date=DAY))
    assert pdf.startswith(b"%PDF")
    pages = pages_text(pdf, tmp_path)
    assert f"Page 1 of {len(pages)}" in pages[0]
    text = " ".join(pages)
    for question in find_case(examples_folder, reference).details.questions:
        assert question.text in text
    assert io.BytesIO(pdf).getbuffer().nbytes < 2_000_000  # fonts are subset, not embedded whole
