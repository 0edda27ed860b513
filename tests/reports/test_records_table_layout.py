"""The chronological table of records reviewed fits the page: cells wrap, nothing is clipped, the heading repeats."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import LETTER

from reviewer_app.domain.report import ChronologyRow, ReportContent
from reviewer_app.reports import render_report
from reviewer_app.reports.page import PAGE_MARGIN
from reviewer_app.services.data_folder import DataFolder, open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.report_content import build_report_content
from tests.reports.demo_findings import IME, fill_demo_findings

LONG_WORD = "Electroneuromyographicallyreviewedsupercalifragilisticexpialidocious"


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReportContent]:
    folder: DataFolder = open_data_folder(tmp_path_factory.mktemp("records-table") / "data")
    try:
        ensure_demo_cases(folder)
        fill_demo_findings(folder)
        yield build_report_content(folder, IME, draft=True)
    finally:
        folder.close()


def test_the_demo_ime_prints_its_chronology_in_date_order(content: ReportContent) -> None:
    dated = [row for row in content.chronology if row.date != "undated"]
    assert len(dated) >= 5 and all(row.pages.startswith("Rec. ") for row in content.chronology)
    assert content.chronology[0].date.startswith("Apr 24, 2026")  # the MRI, before the autumn's visits


def test_long_names_and_summaries_wrap_within_the_page_and_the_heading_repeats(content: ReportContent) -> None:
    row = ChronologyRow(
        date="Mar 16, 2026 to Mar 17, 2026",
        provider="Alexandra Konstantinopoulou-Wainwright, MD, Mission Crest Regional Medical Center",
        type="Utilization review",
        summary=f"{LONG_WORD} " + "Follow-up after lumbar fusion with persistent radicular pain; " * 6,
        pages="Rec. 123, p. 1000-1250",
        unsure=True,
        copies=("Rec. 124, p. 1-251",),
    )
    pdf = pdfium.PdfDocument(render_report(replace(content, chronology=(row,) * 120)))
    right_edge = LETTER[0] - PAGE_MARGIN + 1
    headings = 0
    try:
        for page in pdf:
            text = page.get_textpage()
            headings += "DateProviderTypeSummaryPages" in "".join(text.get_text_range().split())
            for index in range(text.count_chars()):
                left, _, right, _ = text.get_charbox(index)
                assert (left >= PAGE_MARGIN - 1 and right <= right_edge) or text.get_text_range(index, 1).isspace()
    finally:
        pdf.close()
    assert headings >= 10  # 120 tall rows run over many pages, each with the heading row
