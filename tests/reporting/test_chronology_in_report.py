"""The report's "Records reviewed" is the case's chronology: a line per document in date order with its pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from reviewer_app.cli import main
from tests.bundle_builder import BundleSpec
from tests.pdf_corpus import text_pdf

CASE = "PR-TEST-0001"


def visit(date: str, title: str, author: str) -> list[str]:
    return [
        "Coast Orthopedics & Spine",
        title,
        "Patient: Jane Roe   DOB: 03/14/1978",
        f"Date of service: {date}",
        author,
        "Strength 5/5 in both legs. BP 120/80.",
    ]


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    spec = BundleSpec(files={})
    chart = [  # one PDF, three visits in no order, a date of birth on every page
        visit("04/02/2026", "PROGRESS NOTE", "Provider: Alan Chu, MD"),
        visit("March 16, 2026", "ORTHOPEDIC CONSULTATION", "Provider: CHU, ALAN"),
        ["Assessment: lumbar radiculopathy.", "Plan: MRI lumbar spine.", "Page 2 of 2"],
        visit("2026-04-20", "PHYSICAL THERAPY DAILY NOTE", "Therapist: Maria Lopez, DPT"),
    ]
    spec.with_file("records/001-chart.pdf", text_pdf(chart))
    spec.with_file("records/002-mri.pdf", text_pdf([["MRI LUMBAR SPINE", "Impression: L4-5 protrusion"]]))
    listed = spec.resolved_manifest()["records"]
    listed[1].update({"kind": "imaging", "date_from": "2026-03-30", "date_to": "2026-03-30"})
    spec.manifest["records"] = listed
    assert main(["--data-dir", str(tmp_path / "data"), "import", str(spec.write_folder(tmp_path / "b"))]) == 0
    return tmp_path / "data"


def records_table(pdf: Path) -> list[str]:
    """The lines of the chronological table, as the report's text shows them (heading to the records list)."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
    section = text[text.index("Records reviewed") : text.index("Records received")]
    return [" ".join(line.split()) for line in section.splitlines() if line.strip()]


def dated_lines(lines: list[str]) -> list[tuple[str, str]]:
    """(date, pages) of each line of the table, in the order printed (a cell's text may wrap onto lines)."""
    found: list[tuple[str, str]] = []
    date: str | None = None
    for match in re.finditer(r"([A-Z][a-z]{2} \d{1,2}, \d{4})|Rec\. (\d+), p\. ([\d-]+)", " ".join(lines)):
        if match.group(1):
            date = date or match.group(1)  # a range's first day
        elif date is not None:
            found.append((date, f"Rec. {match.group(2)}, p. {match.group(3)}"))
            date = None
    return found


def test_the_records_table_lists_the_documents_in_date_order_with_their_pages(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = tmp_path / "draft.pdf"
    code, _, err = run(data_dir, capsys, "report", CASE, "--out", str(draft))
    assert code == 0, err
    lines = records_table(draft)
    assert dated_lines(lines) == [
        ("Mar 16, 2026", "Rec. 1, p. 2-3"),
        ("Mar 30, 2026", "Rec. 2, p. 1"),
        ("Apr 2, 2026", "Rec. 1, p. 1"),
        ("Apr 20, 2026", "Rec. 1, p. 4"),
    ]
    joined = " ".join(lines)
    assert "Mar 14, 1978" not in joined  # the date of birth on every page is no visit
    assert "Alan Chu" in joined and "Maria Lopez" in joined and "Imaging" in joined


def test_a_correction_made_with_chronology_set_shows_in_the_next_draft(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(data_dir, capsys, "report", CASE, "--out", str(tmp_path / "before.pdf"))[0] == 0
    corrections = tmp_path / "corrections.json"
    corrections.write_text(
        json.dumps(
            [
                {"record": "records/001-chart.pdf", "first_page": 4, "date": "2026-03-01"},
                {"record": "records/001-chart.pdf", "first_page": 1, "summary": "Follow-up: MRI ordered"},
            ]
        )
    )
    code, _, err = run(data_dir, capsys, "chronology", "set", CASE, str(corrections))
    assert code == 0, err
    after = tmp_path / "after.pdf"
    assert run(data_dir, capsys, "report", CASE, "--out", str(after))[0] == 0
    lines = records_table(after)
    assert dated_lines(lines)[0] == ("Mar 1, 2026", "Rec. 1, p. 4")  # re-dated: now the first
    assert "Follow-up: MRI ordered" in " ".join(lines)
