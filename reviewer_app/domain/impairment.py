"""Whole-person impairment ratings and the AMA Guides Combined Values formula.

Several impairments are not added: each further value applies only to what the larger ones left
unimpaired, ``A + B(1 - A)`` on fractions, largest first. The Combined Values Chart works in whole
percents, so every value and every step is rounded to a whole percent, halves up: 20% and 10% give
28%; 50%, 30% and 10% give 65% then 68.5%, shown as 69%.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from reviewer_app.domain.errors import InvalidInput


class InvalidPercentage(InvalidInput, ValueError):
    """An impairment percentage outside 0 to 100 (or not a number); also a ``ValueError``."""

    def __init__(self, value: object, what: str = "A whole-person impairment") -> None:
        self.value = value
        super().__init__(f"{what} must be a percentage from 0 to 100; {value!r} was given.")


def _checked_percent(value: object, what: str = "A whole-person impairment") -> Fraction:
    """The exact value of a percentage, refusing booleans, non-numbers, NaN and values outside 0..100."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidPercentage(value, what)
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidPercentage(value, what)
    if not 0 <= value <= 100:
        raise InvalidPercentage(value, what)
    # Decimal(str(...)) so that 12.5 is 25/2 and 0.1 is 1/10, not its binary approximation.
    return Fraction(value) if isinstance(value, int) else Fraction(Decimal(str(value)))


def _round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def combine_whole_person(percentages: Iterable[int | float]) -> int:
    """Combine whole-person impairment percentages as the AMA Guides Combined Values Chart does.

    Each value is rounded to a whole percent (halves up), the values are sorted largest first and
    combined one at a time as ``A + B(1 - A)`` on fractions, each step rounded to a whole percent
    (halves up) as the chart only holds whole numbers. No values give 0; a single value is returned
    as it is (rounded). Values outside 0..100 raise :class:`InvalidPercentage` (a ``ValueError``).

    >>> combine_whole_person([20, 10])
    28
    >>> combine_whole_person([10, 30, 50])
    69
    """
    values = sorted((_round_half_up(_checked_percent(p)) for p in percentages), reverse=True)
    if not values:
        return 0
    total = values[0]
    for value in values[1:]:
        # In percents: A + B(1 - A) = A + B - A*B/100.
        total = _round_half_up(Fraction(total) + value - Fraction(total * value, 100))
    return total


@dataclass(frozen=True)
class ImpairmentRating:
    """One body part's whole-person impairment, with where in the Guides it comes from.

    ``edition`` as the physician writes it (e.g. "5th", "6th", "6th 2021"): California uses the 5th
    edition, many states the 6th. ``table_or_figure`` is the table or figure the rating is read from
    (e.g. "Table 17-4").
    """

    body_part: str
    edition: str
    table_or_figure: str
    whole_person_percent: int | float

    def __post_init__(self) -> None:
        _checked_percent(self.whole_person_percent, f"The whole-person impairment of {self.body_part or 'a body part'}")

    @property
    def citation(self) -> str:
        """E.g. "Lumbar spine: 8% WPI (AMA Guides 6th, Table 17-4)"."""
        source = ", ".join(part for part in (f"AMA Guides {self.edition}".rstrip(), self.table_or_figure) if part)
        return f"{self.body_part}: {self.whole_person_percent:g}% WPI ({source})"


def combined(ratings: Iterable[ImpairmentRating]) -> int:
    """The combined whole-person impairment of several ratings (see :func:`combine_whole_person`)."""
    return combine_whole_person(r.whole_person_percent for r in ratings)
