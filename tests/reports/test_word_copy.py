"""The Word copy of the draft, as a vendor's QA reviewer opens it: the same questions and answers as the
PDF draft, marked DRAFT, and nothing in the file that names who wrote it."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pypdfium2 as pdfium
import pytest
from docx import Document

from reviewer_app.cli import main
from reviewer_app.domain.report import CitationsItem, ReportContent, TableItem, TextItem
from reviewer_app.reports import render_report
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import DataFolder, open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.reporting import draft_content
from tests.reports.demo_findings import IME, PEER_REVIEW, PHYSICIAN, fill_demo_findings

CORE = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
DC = "{http://purl.org/dc/elements/1.1/}"


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return flat(" ".join(page.get_textpage().get_text_range() for page in document))
    finally:
        document.close()


def word_text(docx: bytes) -> str:
    """Every paragraph of the body, its tables' cells, and the page header, in one string."""
    document = Document(io.BytesIO(docx))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    parts += [p.text for p in document.sections[0].header.paragraphs]
    return flat(" ".join(parts))


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("word-copy")
    folder = open_data_folder(root / "data")
    ensure_demo_cases(folder)
    fill_demo_findings(folder)
    folder.close()
    yield root / "data"


@pytest.fixture(scope="module")
def folder(data_dir: Path) -> Iterator[DataFolder]:
    opened = open_data_folder(data_dir)
    yield opened
    opened.close()


def written(data_dir: Path, reference: str, out: Path, capsys: pytest.CaptureFixture[str]) -> bytes:
    assert main(["--data-dir", str(data_dir), "report", reference, "--out", str(out)]) == 0
    assert "report of record" in capsys.readouterr().out if out.suffix == ".docx" else True
    return out.read_bytes()


def answers(content: ReportContent) -> list[str]:
    """Every answer the draft prints: texts, cited pages and table cells."""
    out: list[str] = []
    for question in content.questions:
        for part in question.parts:
            for item in part.items:
                if isinstance(item, TextItem):
                    out.append(item.value)
                elif isinstance(item, CitationsItem):
                    out += [page.reference for page in item.pages]
                elif isinstance(item, TableItem):
                    out += [cell for row in item.rows for cell in row if cell]
    return out


@pytest.mark.parametrize("reference", [PEER_REVIEW, IME])
def test_the_word_copy_holds_every_question_and_answer_of_the_pdf_draft(
    data_dir: Path, folder: DataFolder, tmp_path: Path, capsys: pytest.CaptureFixture[str], reference: str
) -> None:
    docx = written(data_dir, reference, tmp_path / "draft.docx", capsys)
    pdf = written(data_dir, reference, tmp_path / "draft.pdf", capsys)
    in_word, in_pdf = word_text(docx), pdf_text(pdf)
    content = draft_content(folder, find_case(folder, reference))
    questions = find_case(folder, reference).details.questions
    assert questions
    for question in questions:
        assert flat(question.text) in in_pdf
        assert flat(question.text) in in_word  # verbatim
    printed = answers(content)
    assert len(printed) > 5
    for answer in printed:
        # Each answer is checked in words of the PDF's text (wrapping there may hyphenate nothing, but
        # page furniture can fall between lines: the first and last few words must be in both).
        words = flat(answer).split()
        head, tail = " ".join(words[:6]), " ".join(words[-6:])
        assert head in in_pdf and tail in in_pdf, answer
        assert flat(answer) in in_word, answer
    for record in content.records:
        assert record.title in in_word
    for statement in content.attestation.statements:
        assert flat(statement) in in_word


def test_the_word_copy_is_marked_draft_and_names_the_pdf_as_the_report_of_record(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = Document(io.BytesIO(written(data_dir, PEER_REVIEW, tmp_path / "draft.docx", capsys)))
    header = flat(" ".join(p.text for p in document.sections[0].header.paragraphs))
    assert "DRAFT — not signed" in header
    assert "The signed PDF is the report of record." in header
    assert "Marisol Ortega · Claim WC-26-104387" in header
    body = flat(" ".join(p.text for p in document.paragraphs))
    assert "DRAFT — not signed. This report has not been signed" in body
    assert "Electronically signed" not in body


def test_the_word_copy_carries_no_author_or_editing_metadata(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx = written(data_dir, PEER_REVIEW, tmp_path / "draft.docx", capsys)
    properties = Document(io.BytesIO(docx)).core_properties
    assert properties.author == ""
    assert properties.last_modified_by == ""
    assert properties.comments == ""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        core = ElementTree.fromstring(archive.read("docProps/core.xml"))
        assert core.find(f"{CORE}revision") is None
        assert core.find(f"{CORE}lastPrinted") is None
        assert not (core.findtext(f"{DC}creator") or "").strip()
        app = ElementTree.fromstring(archive.read("docProps/app.xml"))
        assert list(app) == []  # no program, company, template or editing time
        assert "docProps/thumbnail.jpeg" not in archive.namelist()
        settings = archive.read("word/settings.xml").decode("utf-8")
        assert "w:rsid" not in settings
        everything = b" ".join(archive.read(name) for name in archive.namelist() if name.endswith(".xml"))
    assert b"python-docx" not in everything
    assert PHYSICIAN.encode("utf-8") not in archive_metadata(docx)


def archive_metadata(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.read("docProps/core.xml") + archive.read("docProps/app.xml")


def test_the_word_copy_and_the_pdf_come_from_one_content(folder: DataFolder) -> None:
    """The PDF draft of the same content prints the claimant, the reference and the form as the Word copy."""
    content = draft_content(folder, find_case(folder, IME))
    from reviewer_app.reports.word_report import render_word_draft

    in_word, in_pdf = word_text(render_word_draft(content)), pdf_text(render_report(content))
    for expected in (content.claimant_name, content.reference, content.title):
        assert expected in in_word and expected in in_pdf
    for row in content.identification:
        assert flat(row.value) in in_word
