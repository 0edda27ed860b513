"""Lifting restrictions to DOT strength levels."""

from __future__ import annotations

import pytest

from reviewer_app.domain.errors import ReviewerError
from reviewer_app.domain.work_capacity import InvalidRestriction, StrengthLevel, strength_level


@pytest.mark.parametrize(
    ("occasionally", "frequently", "constantly", "expected"),
    [
        (10, 0, 0, StrengthLevel.SEDENTARY),
        (5, 0, 0, StrengthLevel.SEDENTARY),  # below sedentary: still the lightest level
        (0, 0, 0, StrengthLevel.SEDENTARY),
        (15, 5, 0, StrengthLevel.SEDENTARY),
        (20, 5, 0, StrengthLevel.SEDENTARY),  # light needs 10 lb frequently
        (20, 10, 0, StrengthLevel.LIGHT),
        (25, 10, 0, StrengthLevel.LIGHT),
        (150, 40, 0, StrengthLevel.LIGHT),  # medium needs 10 lb constantly
        (50, 25, 10, StrengthLevel.MEDIUM),
        (75, 35, 15, StrengthLevel.MEDIUM),
        (100, 50, 20, StrengthLevel.HEAVY),  # very heavy is *over* these
        (101, 50, 21, StrengthLevel.HEAVY),
        (120, 60, 25, StrengthLevel.VERY_HEAVY),
        (22.5, 12.5, 2.5, StrengthLevel.LIGHT),
    ],
)
def test_strength_level(occasionally: float, frequently: float, constantly: float, expected: StrengthLevel) -> None:
    assert strength_level(occasionally, frequently, constantly) is expected


def test_labels_and_order() -> None:
    assert [level.label for level in StrengthLevel] == ["Sedentary", "Light", "Medium", "Heavy", "Very heavy"]
    assert StrengthLevel.VERY_HEAVY.value == "very_heavy"
    assert "20 lb occasionally" in StrengthLevel.LIGHT.demands


@pytest.mark.parametrize("values", [(-1, 0, 0), (20, -10, 0), (20, 10, -0.5), (float("nan"), 0, 0)])
def test_negative_values_are_refused(values: tuple[float, float, float]) -> None:
    with pytest.raises(ValueError) as caught:
        strength_level(*values)
    assert isinstance(caught.value, InvalidRestriction)
    assert isinstance(caught.value, ReviewerError)
    assert len(caught.value.problems) == 1


def test_every_bad_value_is_named() -> None:
    with pytest.raises(InvalidRestriction) as caught:
        strength_level(-1, -1, -1)
    assert [p.split(":")[0] for p in caught.value.problems] == [
        "lifting occasionally",
        "lifting frequently",
        "lifting constantly",
    ]
