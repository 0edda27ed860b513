"""A formatted rationale in the draft as a reader sees it (pdftotext) and in the Word copy, and an older
plain one unchanged."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

from reviewer_app.reports.word_report import render_word_draft
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import DataFolder, open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.findings import set_answers
from reviewer_app.services.reporting import draft_content, draft_report

PEER_REVIEW = "PR-2026-004512"
RATIONALE = "q1.svc1.rationale"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DataFolder]:
    data = open_data_folder(tmp_path_factory.mktemp("narrative") / "data")
    ensure_demo_cases(data)
    yield data
    data.close()


def draft_text(folder: DataFolder, rationale: str, tmp_path: Path) -> str:
    case = find_case(folder, PEER_REVIEW)
    assert set_answers(folder, case, {RATIONALE: rationale})
    path = tmp_path / "draft.pdf"
    path.write_bytes(draft_report(folder, find_case(folder, PEER_REVIEW)))
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True)
    return out.stdout.decode("utf-8")


def test_lists_print_as_lists_with_their_bullets_and_numbers(folder: DataFolder, tmp_path: Path) -> None:
    text = draft_text(
        folder,
        "Treatment to date:\n- **Physical therapy**, 12 visits\n- Gabapentin 300 mg\n\n"
        "Requested next:\n1. Lumbar *epidural* injection\n2. Follow-up in 6 weeks",
        tmp_path,
    )
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for expected in (
        "Treatment to date:",
        "• Physical therapy, 12 visits",
        "• Gabapentin 300 mg",
        "1. Lumbar epidural injection",
        "2. Follow-up in 6 weeks",
    ):
        assert expected in lines
    assert "**" not in text and "- Gabapentin" not in text


def test_an_older_plain_rationale_prints_exactly_as_typed(folder: DataFolder, tmp_path: Path) -> None:
    older = "Pain rated 7 * 10 on the intake form <b>sic</b>.\nC:\\scans kept by the clinic."
    text = " ".join(draft_text(folder, older, tmp_path).split())
    assert "Pain rated 7 * 10 on the intake form <b>sic</b>. C:\\scans kept by the clinic." in text


def test_the_word_copy_sets_the_formatted_rationale_as_the_pdf_does(folder: DataFolder) -> None:
    case = find_case(folder, PEER_REVIEW)
    assert set_answers(
        folder,
        case,
        {RATIONALE: "Care to date was **conservative** and *brief*:\n- Physical therapy\n\n3. Gabapentin trial"},
    )
    document = Document(io.BytesIO(render_word_draft(draft_content(folder, find_case(folder, PEER_REVIEW)))))
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Care to date"))
    first, bullet, numbered = paragraphs[start : start + 3]
    assert first.text == "Care to date was conservative and brief:"
    assert [r.text for r in first.runs if r.bold] == ["conservative"]
    assert [r.text for r in first.runs if r.italic] == ["brief"]
    assert (bullet.style.name, bullet.text) == ("List Bullet", "Physical therapy")
    assert numbered.text == "3.\tGabapentin trial"
    assert "*" not in "".join(p.text for p in paragraphs)
