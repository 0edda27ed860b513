"""Highlights with notes and bookmarks: kept across restarts, refused in words when wrong, purged with the records."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer_app.domain.errors import InvalidInput, NotFound
from reviewer_app.domain.geometry import Box
from reviewer_app.domain.highlights import HighlightColour
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.highlights import (
    add_bookmark,
    add_highlight,
    case_bookmarks,
    case_highlights,
    change_highlight,
    remove_highlight,
)
from reviewer_app.services.importing import import_bundle
from tests.bundle_builder import BundleSpec
from tests.pdf_corpus import text_pdf

WORDS = (Box(72, 90, 40, 12), Box(116, 90, 52, 12))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = open_data_folder(tmp_path / "data")
    try:
        pdf = text_pdf([["Progress note"], ["Straight leg raise positive on the left at 40 degrees"]])
        import_bundle(folder, BundleSpec(files={"records/001-note.pdf": pdf}).write_folder(tmp_path / "bundle"))
    finally:
        folder.close()
    return tmp_path / "data"


def test_a_highlight_and_its_note_survive_closing_the_folder(data_dir: Path) -> None:
    folder = open_data_folder(data_dir)
    case = find_case(folder, "PR-TEST-0001")
    record = case.records[0]
    assert record.id is not None
    made = add_highlight(
        folder, case.id, record.id, 1, WORDS, colour=HighlightColour.GREEN, quote="Straight leg", note=" SLR + "
    )
    change_highlight(folder, case.id, made.id, note="Positive SLR, left, 40°")
    add_bookmark(folder, case.id, record.id, 1, "")
    folder.close()

    reopened = open_data_folder(data_dir)
    try:
        (kept,) = case_highlights(reopened, case.id)
        assert (kept.record_id, kept.page_number, kept.colour) == (record.id, 2, HighlightColour.GREEN)
        assert kept.boxes == WORDS and kept.quote == "Straight leg" and kept.note == "Positive SLR, left, 40°"
        (bookmark,) = case_bookmarks(reopened, case.id)
        assert bookmark.title == f"{record.title}, p. 2"  # named after the page when no title is given
        remove_highlight(reopened, case.id, kept.id)
        assert case_highlights(reopened, case.id) == []
        with pytest.raises(NotFound, match="no longer exists"):
            remove_highlight(reopened, case.id, kept.id)
    finally:
        reopened.close()


def test_a_highlight_off_the_record_or_without_words_is_refused_in_words(data_dir: Path) -> None:
    folder = open_data_folder(data_dir)
    try:
        case = find_case(folder, "PR-TEST-0001")
        record_id = case.records[0].id
        assert record_id is not None
        with pytest.raises(InvalidInput, match="has no page 3"):
            add_highlight(folder, case.id, record_id, 2, WORDS)
        with pytest.raises(InvalidInput, match="Select the words to highlight first"):
            add_highlight(folder, case.id, record_id, 0, ())
        with pytest.raises(InvalidInput, match="at most 10,000"):
            add_highlight(folder, case.id, record_id, 0, WORDS, note="x" * 10_001)
        with pytest.raises(NotFound, match="not part of this case"):
            add_highlight(folder, case.id, record_id + 99, 0, WORDS)
        assert case_highlights(folder, case.id) == []
    finally:
        folder.close()


def test_purging_the_records_takes_the_highlights_that_quote_them(data_dir: Path) -> None:
    from reviewer_app.storage.purge import PurgeRepository

    folder = open_data_folder(data_dir)
    try:
        case = find_case(folder, "PR-TEST-0001")
        record_id = case.records[0].id
        assert record_id is not None
        add_highlight(folder, case.id, record_id, 1, WORDS, quote="Straight leg raise positive")
        add_bookmark(folder, case.id, record_id, 0, "Intake")
        folder.database.write(lambda session: PurgeRepository(session).purge_records(case.id))
        assert case_highlights(folder, case.id) == [] and case_bookmarks(folder, case.id) == []
    finally:
        folder.close()
