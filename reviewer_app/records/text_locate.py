"""Where words sit on a page, and which words sit in an area: for highlights and quotations.

Coordinates are PDF points with the origin at the top left of the unrotated page, as the
viewer draws them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pypdfium2 as pdfium

from reviewer_app.domain.geometry import Box
from reviewer_app.domain.search_query import SearchTerm
from reviewer_app.records.rasterize import PDFIUM_LOCK

T = TypeVar("T")


def find_term_boxes(pdf_path: Path, page_index: int, terms: list[SearchTerm], limit: int = 200) -> list[Box]:
    """Boxes around each occurrence of the terms on a page (one box per line a match spans)."""
    with PDFIUM_LOCK:  # PDFium admits one thread at a time, and OCR renders on another
        return _find_term_boxes(pdf_path, page_index, terms, limit)


def _find_term_boxes(pdf_path: Path, page_index: int, terms: list[SearchTerm], limit: int) -> list[Box]:
    document = pdfium.PdfDocument(pdf_path)
    try:
        page = document[page_index]
        height = page.get_height()
        text_page = page.get_textpage()
        boxes: list[Box] = []
        for term in terms:
            found = _search(text_page, term.text, whole_word=not term.prefix and not term.is_phrase, limit=limit)
            if not found and term.is_phrase:
                # The index reads "straight-leg raise" as the phrase straight leg raise; PDFium's
                # search does not, so mark the phrase's words one by one instead.
                for word in term.words:
                    found += _search(text_page, word, whole_word=True, limit=limit)
            if not found and not term.is_phrase:
                # The index stems ("injections" finds "injection"); look for the word's stem.
                for stem in _stems(term.text):
                    found = _search(text_page, stem, whole_word=False, limit=limit)
                    if found:
                        break
            for start, count in found[: max(0, limit - len(boxes))]:
                boxes += _line_boxes(text_page, start, count, height)
        text_page.close()
        page.close()
        return boxes
    finally:
        document.close()


def _stems(word: str) -> list[str]:
    stems = [word[: -len(suffix)] for suffix in ("ing", "es", "ed", "s") if word.lower().endswith(suffix)]
    return [stem for stem in stems if len(stem) >= 3]


def _search(text_page: pdfium.PdfTextPage, text: str, whole_word: bool, limit: int) -> list[tuple[int, int]]:
    searcher = text_page.search(text, match_case=False, match_whole_word=whole_word and text.isalnum())
    found: list[tuple[int, int]] = []
    while len(found) < limit:
        match = searcher.get_next()
        if match is None:
            break
        found.append(match)
    searcher.close()
    return found


def _line_boxes(text_page: pdfium.PdfTextPage, start: int, count: int, page_height: float) -> list[Box]:
    boxes = []
    for index in range(text_page.count_rects(start, count)):
        left, bottom, right, top = text_page.get_rect(index)
        boxes.append(Box(left=left, top=page_height - top, width=right - left, height=top - bottom))
    return boxes


@dataclass(frozen=True)
class TextSelection:
    """Whole words selected on a page, in reading order, with the boxes to draw them selected (one per line)."""

    text: str
    boxes: tuple[Box, ...]
    first_char: int = -1  # PDFium's character indices, for a selection the physician extends
    last_char: int = -1

    @property
    def empty(self) -> bool:
        return not self.text


NO_SELECTION = TextSelection("", ())


def text_in_area(pdf_path: Path, page_index: int, area: Box) -> str:
    """The words touched by an area of a page, each whole (a box across "left" never quotes "eft")."""
    with PDFIUM_LOCK:
        return _with_text_page(pdf_path, page_index, lambda text_page, height: _words_in_area(text_page, height, area))


def select_between(
    pdf_path: Path, page_index: int, start: tuple[float, float], end: tuple[float, float]
) -> TextSelection:
    """The words from the point where a drag started to where it ended, in reading order, as Acrobat selects.

    Points are in PDF points from the page's top left. Each end snaps outwards to the whole word it
    touches (or the nearest character within a few points); a drag over no text selects nothing.
    """
    with PDFIUM_LOCK:
        return _with_text_page(pdf_path, page_index, lambda text_page, height: _between(text_page, height, start, end))


def _with_text_page(pdf_path: Path, page_index: int, work: Callable[[pdfium.PdfTextPage, float], T]) -> T:
    document = pdfium.PdfDocument(pdf_path)
    try:
        page = document[page_index]
        height = page.get_height()
        text_page = page.get_textpage()
        try:
            return work(text_page, height)
        finally:
            text_page.close()
            page.close()
    finally:
        document.close()


def _chars(text_page: pdfium.PdfTextPage) -> str:
    """The page's characters, one per PDFium character index (so index i of the string is character i)."""
    raw = text_page.raw
    return "".join(chr(pdfium.raw.FPDFText_GetUnicode(raw, i) or 32) for i in range(text_page.count_chars()))


def _is_word_char(char: str) -> bool:
    return not (char.isspace() or char in "\x00\ufffe\uffff")


def _snap(chars: str, first: int, last: int) -> tuple[int, int]:
    """Widen [first, last] to the whole words at its ends."""
    while first > 0 and _is_word_char(chars[first - 1]) and _is_word_char(chars[first]):
        first -= 1
    while last + 1 < len(chars) and _is_word_char(chars[last + 1]) and _is_word_char(chars[last]):
        last += 1
    return first, last


def _selection(text_page: pdfium.PdfTextPage, chars: str, height: float, first: int, last: int) -> TextSelection:
    first, last = _snap(chars, first, last)
    while first <= last and not _is_word_char(chars[first]):
        first += 1
    while last >= first and not _is_word_char(chars[last]):
        last -= 1
    if first > last:
        return NO_SELECTION
    text = " ".join(chars[first : last + 1].split())
    boxes = tuple(_line_boxes(text_page, first, last - first + 1, height))
    return TextSelection(text, boxes, first, last)


def _char_at(text_page: pdfium.PdfTextPage, height: float, point: tuple[float, float]) -> int | None:
    x, y = point[0], height - point[1]
    for tolerance in (2.0, 6.0, 12.0):  # exactly on a glyph first, then the nearest within a few points
        index = text_page.get_index(x, y, tolerance, tolerance)
        if index is not None and index >= 0:
            return int(index)
    return None


def _between(
    text_page: pdfium.PdfTextPage, height: float, start: tuple[float, float], end: tuple[float, float]
) -> TextSelection:
    first, last = _char_at(text_page, height, start), _char_at(text_page, height, end)
    if first is None or last is None:
        return NO_SELECTION
    first, last = min(first, last), max(first, last)
    return _selection(text_page, _chars(text_page), height, first, last)


def _words_in_area(text_page: pdfium.PdfTextPage, height: float, area: Box) -> str:
    chars = _chars(text_page)
    inside: list[int] = []
    for index, char in enumerate(chars):
        if not _is_word_char(char):
            continue
        left, bottom, right, top = text_page.get_charbox(index)
        # A character touched by the area counts, so that a box across a word's edge takes the word.
        if (
            right > area.left
            and left < area.left + area.width
            and (height - bottom) > area.top
            and (height - top) < area.top + area.height
        ):
            inside.append(index)
    if not inside:
        return ""
    # Runs of touched characters, split where untouched text (not just a space) lies between: a box over
    # one column of a two-column page never takes the other column's words between its lines.
    words: list[str] = []
    run_first = previous = inside[0]
    following: list[int | None] = [*inside[1:], None]
    for touched in following:
        if touched is not None and chars[previous + 1 : touched].strip(" ") == "":
            previous = touched
            continue
        words.append(_selection(text_page, chars, height, run_first, previous).text)
        if touched is not None:
            run_first = previous = touched
    return " ".join(word for word in words if word)
