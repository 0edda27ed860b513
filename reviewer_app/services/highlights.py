"""Highlights with notes, and bookmarks: the physician's marks on record pages, kept with the case.

They change nothing in the report (a page counts there only when cited), so they may be added
after signing too; they go when the case's records are purged.
"""

from __future__ import annotations

from collections.abc import Sequence

from reviewer_app.domain.errors import InvalidInput, NotFound
from reviewer_app.domain.geometry import Box
from reviewer_app.domain.highlights import (
    BOOKMARK_TITLE_MAX_CHARS,
    NOTE_MAX_CHARS,
    QUOTE_MAX_CHARS,
    Bookmark,
    Highlight,
    HighlightColour,
    checked_boxes,
    checked_text,
)
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.storage.database import WriteSession
from reviewer_app.storage.highlights import BookmarkRepository, HighlightRepository
from reviewer_app.storage.repositories import CaseRepository


def add_highlight(
    folder: DataFolder,
    case_id: int,
    record_id: int,
    page_index: int,
    boxes: Sequence[Box],
    *,
    colour: HighlightColour = HighlightColour.YELLOW,
    quote: str = "",
    note: str = "",
) -> Highlight:
    """Highlight the words in ``boxes`` on a page (the quote is what the page's text gives for them)."""
    checked = checked_boxes(list(boxes))
    quote = checked_text(quote, "highlighted text", QUOTE_MAX_CHARS)
    note = checked_text(note, "note", NOTE_MAX_CHARS)
    at = folder.clock()

    def add(session: WriteSession) -> Highlight:
        _check_page(session, case_id, record_id, page_index)
        return HighlightRepository(session).add(case_id, record_id, page_index, checked, colour, quote, note, at)

    return folder.database.write(add)


def change_highlight(
    folder: DataFolder,
    case_id: int,
    highlight_id: int,
    *,
    note: str | None = None,
    colour: HighlightColour | None = None,
) -> Highlight:
    """Change a highlight's note or colour; returns it as now stored."""
    note = None if note is None else checked_text(note, "note", NOTE_MAX_CHARS)

    def change(session: WriteSession) -> Highlight:
        repository = HighlightRepository(session)
        if not repository.change(case_id, highlight_id, note=note, colour=colour):
            raise NotFound("That highlight no longer exists.")
        changed = repository.get(case_id, highlight_id)
        assert changed is not None  # changed in this very transaction
        return changed

    return folder.database.write(change)


def remove_highlight(folder: DataFolder, case_id: int, highlight_id: int) -> None:
    def remove(session: WriteSession) -> None:
        if not HighlightRepository(session).remove(case_id, highlight_id):
            raise NotFound("That highlight no longer exists.")

    folder.database.write(remove)


def case_highlights(folder: DataFolder, case_id: int, record_id: int | None = None) -> list[Highlight]:
    """The case's highlights (or one record's), in page order: for the viewer and the highlights panel."""
    with folder.database.transaction() as session:
        return HighlightRepository(session).for_case(case_id, record_id)


def add_bookmark(folder: DataFolder, case_id: int, record_id: int, page_index: int, title: str) -> Bookmark:
    """Bookmark a page under the physician's own title (the record's title and page when left empty)."""
    title = checked_text(title, "bookmark's title", BOOKMARK_TITLE_MAX_CHARS)
    at = folder.clock()

    def add(session: WriteSession) -> Bookmark:
        record_title = _check_page(session, case_id, record_id, page_index)
        named = title or f"{record_title}, p. {page_index + 1}"
        return BookmarkRepository(session).add(case_id, record_id, page_index, named[:BOOKMARK_TITLE_MAX_CHARS], at)

    return folder.database.write(add)


def remove_bookmark(folder: DataFolder, case_id: int, bookmark_id: int) -> None:
    def remove(session: WriteSession) -> None:
        if not BookmarkRepository(session).remove(case_id, bookmark_id):
            raise NotFound("That bookmark no longer exists.")

    folder.database.write(remove)


def case_bookmarks(folder: DataFolder, case_id: int) -> list[Bookmark]:
    with folder.database.transaction() as session:
        return BookmarkRepository(session).for_case(case_id)


def _check_page(session: WriteSession, case_id: int, record_id: int, page_index: int) -> str:
    """The record's title, after refusing a page that is not in the case's records."""
    record = CaseRepository(session).record(case_id, record_id)
    if record is None:
        raise NotFound("That record is not part of this case.")
    if record.purged:
        raise InvalidInput(f"{record.title} was purged after signing; its pages can no longer be marked.")
    if record.page_count is None or not 0 <= page_index < record.page_count:
        raise InvalidInput(f"{record.title} has no page {page_index + 1}.")
    return record.title
