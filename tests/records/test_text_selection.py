"""Quotes are whole words: a drag selects in reading order across lines, a box never clips a word at its edge."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer_app.domain.geometry import Box
from reviewer_app.records.text_locate import select_between, text_in_area
from tests.pdf_corpus import text_pdf

LINE_1 = "Straight leg raise positive on the left"
LINE_2 = "at 40 degrees with great toe extension weakness."
# text_pdf draws 11 pt Helvetica from x = 72, the first line's baseline 72 pt below the top, 14 pt apart.
BASELINE_1, BASELINE_2 = 72.0, 86.0


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "note.pdf"
    path.write_bytes(text_pdf([[LINE_1, LINE_2]]))
    return path


def x_of(line: str, word: str, fraction: float) -> float:
    """A point ``fraction`` of the way through ``word`` (Helvetica 11 pt: about 5.6 pt a character)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    before = line[: line.index(word)]
    return 72 + stringWidth(before, "Helvetica", 11) + fraction * stringWidth(word, "Helvetica", 11)


def test_a_drag_from_mid_word_to_mid_word_on_the_next_line_quotes_whole_words(page: Path) -> None:
    start = (x_of(LINE_1, "raise", 0.5), BASELINE_1 - 3)
    end = (x_of(LINE_2, "extension", 0.4), BASELINE_2 - 3)
    selected = select_between(page, 0, start, end)
    assert selected.text == "raise positive on the left at 40 degrees with great toe extension"
    assert len(selected.boxes) == 2  # one box per line, to draw the selection
    backwards = select_between(page, 0, end, start)  # dragged upwards: the same words
    assert backwards.text == selected.text


def test_a_box_across_the_edges_of_words_takes_the_words_whole(page: Path) -> None:
    # On one line: from the middle of "the" to the middle of "left".
    left, right = x_of(LINE_1, "the", 0.5), x_of(LINE_1, "left", 0.5)
    assert text_in_area(page, 0, Box(left, BASELINE_1 - 9, right - left, 10)) == "the left"
    # Over two lines: every word quoted is a whole word of the note, those at the edges included.
    left, right = x_of(LINE_2, "great", 0.5), x_of(LINE_1, "left", 0.3)
    quote = text_in_area(page, 0, Box(left, BASELINE_1 - 9, right - left, BASELINE_2 - BASELINE_1 + 10))
    words = f"{LINE_1} {LINE_2}".split()
    assert quote.split() and all(word in words for word in quote.split()), quote
    assert quote.split()[0] in LINE_1.split() and "great" in quote.split(), quote


def test_a_drag_over_empty_margin_selects_nothing(page: Path) -> None:
    assert select_between(page, 0, (300, 600), (400, 700)).empty
