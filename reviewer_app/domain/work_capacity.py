"""Work capacity: the physician's lifting restrictions mapped to a DOT strength level."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from reviewer_app.domain.errors import InvalidInput


class InvalidRestriction(InvalidInput, ValueError):
    """A lifting restriction that is negative or not a number; also a ``ValueError``."""


class StrengthLevel(StrEnum):
    """Dictionary of Occupational Titles strength levels, lightest first."""

    SEDENTARY = "sedentary"
    LIGHT = "light"
    MEDIUM = "medium"
    HEAVY = "heavy"
    VERY_HEAVY = "very_heavy"

    @property
    def label(self) -> str:
        return _LEVEL_LABELS[self]

    @property
    def demands(self) -> str:
        """The level's lift/carry demands in words, e.g. "20 lb occasionally, 10 lb frequently"."""
        return _LEVEL_DEMANDS_TEXT[self]


_LEVEL_LABELS = {
    StrengthLevel.SEDENTARY: "Sedentary",
    StrengthLevel.LIGHT: "Light",
    StrengthLevel.MEDIUM: "Medium",
    StrengthLevel.HEAVY: "Heavy",
    StrengthLevel.VERY_HEAVY: "Very heavy",
}

_LEVEL_DEMANDS_TEXT = {
    StrengthLevel.SEDENTARY: "up to 10 lb occasionally, negligible frequently and constantly",
    StrengthLevel.LIGHT: "up to 20 lb occasionally, 10 lb frequently, negligible constantly",
    StrengthLevel.MEDIUM: "up to 50 lb occasionally, 25 lb frequently, 10 lb constantly",
    StrengthLevel.HEAVY: "up to 100 lb occasionally, 50 lb frequently, 20 lb constantly",
    StrengthLevel.VERY_HEAVY: "over 100 lb occasionally, over 50 lb frequently, over 20 lb constantly",
}


@dataclass(frozen=True)
class _Demand:
    level: StrengthLevel
    occasionally_lb: float
    frequently_lb: float
    constantly_lb: float
    strictly_above: bool = False  # very heavy: "over" the figures, not "up to"

    def allowed_by(self, occasionally: float, frequently: float, constantly: float) -> bool:
        if self.strictly_above:
            return (
                occasionally > self.occasionally_lb
                and frequently > self.frequently_lb
                and constantly > self.constantly_lb
            )
        return (
            occasionally >= self.occasionally_lb
            and frequently >= self.frequently_lb
            and constantly >= self.constantly_lb
        )


# Heaviest first; "negligible" is 0 lb.
_DEMANDS = (
    _Demand(StrengthLevel.VERY_HEAVY, 100, 50, 20, strictly_above=True),
    _Demand(StrengthLevel.HEAVY, 100, 50, 20),
    _Demand(StrengthLevel.MEDIUM, 50, 25, 10),
    _Demand(StrengthLevel.LIGHT, 20, 10, 0),
)


def strength_level(occasionally_lb: float, frequently_lb: float, constantly_lb: float) -> StrengthLevel:
    """The heaviest DOT strength level whose lifting demands the physician's restrictions allow.

    Dictionary of Occupational Titles, Appendix C (strength ratings), lift/carry occasionally /
    frequently / constantly:

    ==========  ============  ===========  ===========
    level       occasionally  frequently   constantly
    ==========  ============  ===========  ===========
    sedentary   10 lb         negligible   negligible
    light       20 lb         10 lb        negligible
    medium      50 lb         25 lb        10 lb
    heavy       100 lb        50 lb        20 lb
    very heavy  over 100 lb   over 50 lb   over 20 lb
    ==========  ============  ===========  ===========

    A level is allowed when every one of its three demands is within the restriction at that
    frequency: 25/10/0 is light (medium would need 50 occasionally and 25 frequently), and so is
    150/40/0 (medium also needs 10 lb constantly). Restrictions below the sedentary demands
    (e.g. 5 lb occasionally) still return sedentary, the DOT's lightest level: the physician's
    pounds should be stated with it. Negative or non-numeric values raise :class:`InvalidRestriction`.
    The level is based on lifting and carrying only; standing, walking, pushing and pulling can
    place a job in a heavier level and are not considered here.
    """
    problems = []
    for name, value in (
        ("occasionally", occasionally_lb),
        ("frequently", frequently_lb),
        ("constantly", constantly_lb),
    ):
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value) or value < 0:
            problems.append(f"lifting {name}: {value!r} is not a weight in pounds (0 or more)")
    if problems:
        raise InvalidRestriction("The lifting restrictions cannot be used:", problems)
    for demand in _DEMANDS:
        if demand.allowed_by(occasionally_lb, frequently_lb, constantly_lb):
            return demand.level
    return StrengthLevel.SEDENTARY
