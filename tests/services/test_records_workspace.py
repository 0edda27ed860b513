"""Search, review counts, duplicates, citations and unlocking, as services a physician relies on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from reviewer_app.domain.case import RecordState
from reviewer_app.domain.errors import InvalidInput, ReviewerError
from reviewer_app.domain.geometry import Box
from reviewer_app.services.cases import find_case
from reviewer_app.services.citations import add_citation, list_citations, quote_from_area
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.importing import import_bundle
from reviewer_app.services.review import duplicate_groups, mark_page_reviewed, review_state
from reviewer_app.services.search import hit_boxes, plain_snippet, search_records
from reviewer_app.services.unlock import unlock_record
from tests.bundle_builder import BundleSpec
from tests.conftest import REAL_PDFS


def text_pdf(pages: list[str]) -> bytes:
    path = Path("/tmp") / f"reviewer-test-{abs(hash(tuple(pages)))}.pdf"
    pdf = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    for text in pages:
        y = 720
        for line in text.split("\n"):
            pdf.drawString(72, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    data = path.read_bytes()
    path.unlink()
    return data


MRI = text_pdf(
    [
        "MRI lumbar spine without contrast\nFindings: L4-5 disc protrusion contacting the left L5 nerve root.",
        "Impression: mild foraminal narrowing. No fracture.",
    ]
)
PT_NOTE = text_pdf(["Physical therapy note\nStraight leg raise positive at 40 degrees on the left."] * 2)


@pytest.fixture
def case_id(data_folder: DataFolder, tmp_path: Path) -> int:
    spec = BundleSpec(
        files={"records/001-mri.pdf": MRI, "records/002-pt.pdf": PT_NOTE, "records/003-mri-copy.pdf": MRI}
    )
    import_bundle(data_folder, spec.write_folder(tmp_path / "bundle"))
    return find_case(data_folder, "PR-TEST-0001").id


def test_search_finds_words_phrases_and_prefixes_on_the_right_page(data_folder: DataFolder, case_id: int) -> None:
    hits = search_records(data_folder, case_id, "foraminal")
    assert [(h.record_path, h.page_number) for h in hits] == [
        ("records/001-mri.pdf", 2),
        ("records/003-mri-copy.pdf", 2),
    ]
    assert "[[foraminal]]" in hits[0].snippet
    phrase = search_records(data_folder, case_id, '"straight leg raise"')
    assert {(h.record_path, h.page_number) for h in phrase} == {("records/002-pt.pdf", 1), ("records/002-pt.pdf", 2)}
    assert search_records(data_folder, case_id, '"leg straight raise"') == []
    assert [h.page_number for h in search_records(data_folder, case_id, "protru*")][:1] == [1]
    assert plain_snippet(hits[0].snippet).count("[[") == 0


def test_hit_boxes_locate_the_words_on_the_page(data_folder: DataFolder, case_id: int) -> None:
    hit = search_records(data_folder, case_id, "fracture")[0]
    boxes = hit_boxes(data_folder, case_id, hit.record_id, hit.page_index, "fracture")
    assert len(boxes) == 1
    # the first line, its baseline drawn 720 pt from the bottom of a 792 pt page: about 63 pt from the top
    assert 55 < boxes[0].top < 75 and boxes[0].left > 72


def test_duplicate_pages_are_grouped_and_counted_never_dropped(data_folder: DataFolder, case_id: int) -> None:
    case = find_case(data_folder, "PR-TEST-0001")
    ids = {r.path: r.id for r in case.records}
    groups = duplicate_groups(data_folder, case_id)
    mri, pt, copy = ids["records/001-mri.pdf"], ids["records/002-pt.pdf"], ids["records/003-mri-copy.pdf"]
    assert [(mri, 0), (copy, 0)] in groups and [(mri, 1), (copy, 1)] in groups
    assert [(pt, 0), (pt, 1)] in groups
    state = review_state(data_folder, case_id)
    assert (state.counts.received, state.counts.duplicates, state.counts.unique) == (6, 3, 3)


def test_reviewed_pages_count_once_and_survive_reopening(data_folder: DataFolder, case_id: int) -> None:
    case = find_case(data_folder, "PR-TEST-0001")
    record = case.records[0]
    assert record.id is not None
    assert mark_page_reviewed(data_folder, case_id, record.id, 0) is True
    assert mark_page_reviewed(data_folder, case_id, record.id, 0) is False
    state = review_state(data_folder, case_id)
    assert state.counts.reviewed == 1 and state.by_record[record.id].reviewed == 1


def test_citation_with_quoted_words_round_trips(data_folder: DataFolder, case_id: int) -> None:
    case = find_case(data_folder, "PR-TEST-0001")
    record = case.records[0]
    assert record.id is not None
    quote = quote_from_area(data_folder, case_id, record.id, 1, Box(60, 70, 400, 30))
    assert "foraminal narrowing" in quote
    add_citation(data_folder, case_id, record.id, 1, quote=quote, kind="finding", question_key="q1")
    [citation] = list_citations(data_folder, case_id)
    assert (citation.page_number, citation.question_key, citation.quote) == (2, "q1", quote)
    # Citing the same page for the same question again keeps one entry, the note filled in.
    again = add_citation(
        data_folder, case_id, record.id, 1, note="foraminal narrowing", kind="finding", question_key="q1"
    )
    assert again.id == citation.id and list_citations(data_folder, case_id) == [again]
    assert (again.quote, again.note) == (quote, "foraminal narrowing")
    with pytest.raises(InvalidInput):
        add_citation(data_folder, case_id, record.id, 5)


def test_locked_pdf_opens_with_its_password(data_folder: DataFolder, tmp_path: Path) -> None:
    locked = REAL_PDFS / "enc-XI-R6,V5,U=view,O=master.pdf"
    spec = BundleSpec(files={"records/locked.pdf": locked.read_bytes()})
    import_bundle(data_folder, spec.write_folder(tmp_path / "bundle"))
    case = find_case(data_folder, "PR-TEST-0001")
    [record] = case.records
    assert record.state is RecordState.LOCKED and record.id is not None
    with pytest.raises(ReviewerError, match="does not open"):
        unlock_record(data_folder, case.id, record.id, "wrong")
    unlocked = unlock_record(data_folder, case.id, record.id, "view")
    assert unlocked.state in (RecordState.READABLE, RecordState.NEEDS_OCR)
    assert unlocked.page_count == 30
    assert data_folder.store.path_for(unlocked.viewable).is_file()
    shutil.rmtree(tmp_path / "bundle")
