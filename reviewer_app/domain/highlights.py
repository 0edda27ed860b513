"""Highlights, notes and bookmarks the physician leaves on record pages while reading.

They are the physician's working marks, kept with the case: a highlight covers words on a page
(boxes in PDF points, as ``domain.geometry`` measures them), may carry a note, and is listed in
the case's highlights panel; a bookmark names a page of a document to come back to. Neither is
part of the report unless the physician cites the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from reviewer_app.domain.errors import InvalidInput
from reviewer_app.domain.geometry import Box

NOTE_MAX_CHARS = 10_000
BOOKMARK_TITLE_MAX_CHARS = 200
QUOTE_MAX_CHARS = 10_000
BOXES_MAX = 500  # a highlight across a dense page is a few dozen word boxes


class HighlightColour(StrEnum):
    """The colours a highlighter pen offers; each says what the physician means by it."""

    YELLOW = "yellow"
    GREEN = "green"
    BLUE = "blue"
    PINK = "pink"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def rgb(self) -> tuple[int, int, int]:
        """The pen's colour, drawn translucent over the page (and printed with it)."""
        return _RGB[self]


_RGB = {
    HighlightColour.YELLOW: (255, 214, 0),
    HighlightColour.GREEN: (76, 196, 92),
    HighlightColour.BLUE: (77, 163, 255),
    HighlightColour.PINK: (255, 105, 180),
}


@dataclass(frozen=True)
class Highlight:
    """Words marked on one page of a record, with the physician's note."""

    id: int
    case_id: int
    record_id: int
    page_index: int  # 0-based
    boxes: tuple[Box, ...]
    colour: HighlightColour
    quote: str  # the words highlighted, as the page's text gives them
    note: str
    created_at: dt.datetime

    @property
    def page_number(self) -> int:
        return self.page_index + 1


@dataclass(frozen=True)
class Bookmark:
    """A page of a document the physician wants to come back to, under a title of their own."""

    id: int
    case_id: int
    record_id: int
    page_index: int
    title: str
    created_at: dt.datetime

    @property
    def page_number(self) -> int:
        return self.page_index + 1


def checked_boxes(boxes: tuple[Box, ...] | list[Box]) -> tuple[Box, ...]:
    """The boxes of a new highlight, refused in words when there are none or they are not on a page."""
    if not boxes:
        raise InvalidInput("Select the words to highlight first.")
    if len(boxes) > BOXES_MAX:
        raise InvalidInput(f"A highlight covers at most {BOXES_MAX} word boxes; highlight a smaller part.")
    for box in boxes:
        if box.width <= 0 or box.height <= 0 or box.left < 0 or box.top < 0:
            raise InvalidInput("A highlight must cover words on the page.")
    return tuple(boxes)


def checked_text(text: str, what: str, limit: int) -> str:
    """A note, quote or title, trimmed and refused in words when longer than ``limit`` characters."""
    trimmed = text.strip()
    if len(trimmed) > limit:
        raise InvalidInput(f"The {what} is {len(trimmed):,} characters long; it may have at most {limit:,}.")
    return trimmed
