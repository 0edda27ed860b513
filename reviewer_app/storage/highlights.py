"""Highlights and bookmarks of a case: a repository returning domain values."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reviewer_app.domain.geometry import Box
from reviewer_app.domain.highlights import Bookmark, Highlight, HighlightColour
from reviewer_app.storage.models import BookmarkRow, HighlightRow


class HighlightRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self,
        case_id: int,
        record_id: int,
        page_index: int,
        boxes: tuple[Box, ...],
        colour: HighlightColour,
        quote: str,
        note: str,
        at: dt.datetime,
    ) -> Highlight:
        row = HighlightRow(
            case_id=case_id,
            record_id=record_id,
            page_index=page_index,
            boxes=[[b.left, b.top, b.width, b.height] for b in boxes],
            colour=colour.value,
            quote=quote,
            note=note,
            created_at=at,
        )
        self.session.add(row)
        self.session.flush()
        return _to_highlight(row)

    def get(self, case_id: int, highlight_id: int) -> Highlight | None:
        row = self.session.get(HighlightRow, highlight_id)
        return _to_highlight(row) if row is not None and row.case_id == case_id else None

    def change(self, case_id: int, highlight_id: int, *, note: str | None, colour: HighlightColour | None) -> bool:
        row = self.session.get(HighlightRow, highlight_id)
        if row is None or row.case_id != case_id:
            return False
        if note is not None:
            row.note = note
        if colour is not None:
            row.colour = colour.value
        self.session.flush()
        return True

    def remove(self, case_id: int, highlight_id: int) -> bool:
        result = self.session.execute(
            delete(HighlightRow).where(HighlightRow.id == highlight_id, HighlightRow.case_id == case_id)
        )
        return bool(getattr(result, "rowcount", 0))

    def for_case(self, case_id: int, record_id: int | None = None) -> list[Highlight]:
        """The case's highlights (or one record's), in the order of the pages."""
        statement = select(HighlightRow).where(HighlightRow.case_id == case_id)
        if record_id is not None:
            statement = statement.where(HighlightRow.record_id == record_id)
        rows = self.session.scalars(
            statement.order_by(HighlightRow.record_id, HighlightRow.page_index, HighlightRow.id)
        )
        return [_to_highlight(row) for row in rows]


class BookmarkRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, case_id: int, record_id: int, page_index: int, title: str, at: dt.datetime) -> Bookmark:
        row = BookmarkRow(case_id=case_id, record_id=record_id, page_index=page_index, title=title, created_at=at)
        self.session.add(row)
        self.session.flush()
        return _to_bookmark(row)

    def remove(self, case_id: int, bookmark_id: int) -> bool:
        result = self.session.execute(
            delete(BookmarkRow).where(BookmarkRow.id == bookmark_id, BookmarkRow.case_id == case_id)
        )
        return bool(getattr(result, "rowcount", 0))

    def for_case(self, case_id: int) -> list[Bookmark]:
        rows = self.session.scalars(
            select(BookmarkRow)
            .where(BookmarkRow.case_id == case_id)
            .order_by(BookmarkRow.record_id, BookmarkRow.page_index, BookmarkRow.id)
        )
        return [_to_bookmark(row) for row in rows]


def _to_highlight(row: HighlightRow) -> Highlight:
    return Highlight(
        id=row.id,
        case_id=row.case_id,
        record_id=row.record_id,
        page_index=row.page_index,
        boxes=tuple(Box(*map(float, box)) for box in row.boxes),
        colour=HighlightColour(row.colour),
        quote=row.quote,
        note=row.note,
        created_at=row.created_at,
    )


def _to_bookmark(row: BookmarkRow) -> Bookmark:
    return Bookmark(
        id=row.id,
        case_id=row.case_id,
        record_id=row.record_id,
        page_index=row.page_index,
        title=row.title,
        created_at=row.created_at,
    )
