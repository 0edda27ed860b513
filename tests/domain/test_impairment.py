"""Combined Values: A + B(1 - A), largest first, whole percents as the chart gives them."""

from __future__ import annotations

import pytest

from reviewer_app.domain.errors import ReviewerError
from reviewer_app.domain.impairment import ImpairmentRating, InvalidPercentage, combine_whole_person, combined


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([20, 10], 28),
        ([10, 20], 28),
        ([50, 30, 10], 69),  # 50+30 = 65; 65+10 = 68.5, shown as 69
        ([10, 30, 50], 69),  # order of entry does not matter: largest first
        ([25], 25),
        ([0], 0),
        ([100, 40], 100),
        ([0, 0, 15], 15),
        ([12.5], 13),  # the chart holds whole percents: halves up
    ],
)
def test_combined_values(values: list[float], expected: int) -> None:
    assert combine_whole_person(values) == expected


def test_no_values_combine_to_zero() -> None:
    assert combine_whole_person([]) == 0
    assert combine_whole_person(iter(())) == 0


def test_each_step_is_rounded_as_the_chart_does() -> None:
    # 35 + 35 = 57.75, shown as 58
    assert combine_whole_person([35, 35]) == 58
    # 15 + 15 = 27.75 -> 28; 28 + 5 = 31.6 -> 32 (exact would be 31.36 -> 31)
    assert combine_whole_person([15, 15, 5]) == 32


@pytest.mark.parametrize("bad", [-1, 100.5, 101, float("nan"), float("inf"), True, "10"])
def test_values_outside_0_to_100_are_refused(bad: object) -> None:
    with pytest.raises(ValueError) as caught:
        combine_whole_person([10, bad])  # type: ignore[list-item]
    assert isinstance(caught.value, InvalidPercentage)
    assert isinstance(caught.value, ReviewerError)
    assert "0 to 100" in str(caught.value)


def test_ratings_combine_and_cite_their_source() -> None:
    ratings = [
        ImpairmentRating("Lumbar spine", "6th", "Table 17-4", 10),
        ImpairmentRating("Right shoulder", "6th", "Table 15-5", 20),
    ]
    assert combined(ratings) == 28
    assert combined([]) == 0
    assert ratings[0].citation == "Lumbar spine: 10% WPI (AMA Guides 6th, Table 17-4)"


def test_a_rating_outside_0_to_100_is_refused_naming_the_body_part() -> None:
    with pytest.raises(ValueError, match="Left knee"):
        ImpairmentRating("Left knee", "5th", "Table 17-33", 120)


def test_ratings_are_frozen() -> None:
    rating = ImpairmentRating("Lumbar spine", "6th", "Table 17-4", 10)
    with pytest.raises(AttributeError):
        rating.whole_person_percent = 12  # type: ignore[misc]
