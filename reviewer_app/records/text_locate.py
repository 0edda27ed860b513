"""Where words sit on a page, and which words sit in an area: for highlights and quotations.

Coordinates are PDF points with the origin at the top left of the unrotated page, as the
viewer draws them.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from reviewer_app.domain.geometry import Box
from reviewer_app.domain.search_query import SearchTerm
from reviewer_app.records.rasterize import PDFIUM_LOCK


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


def text_in_area(pdf_path: Path, page_index: int, area: Box) -> str:
    """The words inside an area of a page, as the physician selected it for a quotation."""
    with PDFIUM_LOCK:
        return _text_in_area(pdf_path, page_index, area)


def _text_in_area(pdf_path: Path, page_index: int, area: Box) -> str:
    document = pdfium.PdfDocument(pdf_path)
    try:
        page = document[page_index]
        height = page.get_height()
        text_page = page.get_textpage()
        text = text_page.get_text_bounded(
            left=area.left,
            bottom=height - (area.top + area.height),
            right=area.left + area.width,
            top=height - area.top,
        )
        text_page.close()
        page.close()
        return " ".join(text.split())
    finally:
        document.close()
