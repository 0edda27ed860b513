"""Strength and reflexes by side: one line per muscle group, left beside right, stored one row per side."""

from __future__ import annotations

from reviewer_app.domain.bilateral import SideBySide, differences, side_by_side, stored_rows


def test_rows_by_side_read_as_one_line_per_muscle_group() -> None:
    stored = [
        {"muscle_group": "Extensor hallucis longus", "side": "left", "grade": 4},
        {"muscle_group": "extensor hallucis longus", "side": "right", "grade": 5},
        {"muscle_group": "Ankle dorsiflexors", "side": "bilateral", "grade": 5},
        {"muscle_group": "Hip flexors", "grade": 5},  # no side written: both sides
    ]
    assert side_by_side(stored, "muscle_group", "grade") == [
        SideBySide("Extensor hallucis longus", 4, 5),
        SideBySide("Ankle dorsiflexors", 5, 5),
        SideBySide("Hip flexors", 5, 5),
    ]
    assert differences(stored, "muscle_group", "grade") == ["Extensor hallucis longus: left 4, right 5"]


def test_lines_are_stored_one_row_per_side_and_alike_sides_once() -> None:
    lines = [SideBySide("Achilles", "1+", "2+"), SideBySide("Patellar", "2+", "2+"), SideBySide("Biceps", None, "2+")]
    stored = stored_rows(lines, "reflex", "grade")
    assert stored == [
        {"reflex": "Achilles", "side": "left", "grade": "1+"},
        {"reflex": "Achilles", "side": "right", "grade": "2+"},
        {"reflex": "Patellar", "side": "bilateral", "grade": "2+"},
        {"reflex": "Biceps", "side": "right", "grade": "2+"},
    ]
    assert side_by_side(stored, "reflex", "grade") == lines
