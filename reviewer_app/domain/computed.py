"""Values the findings panel computes from the physician's answers and shows beside them.

A form names a computation on a field (``computed = "combined_whole_person"`` in the TOML); the
computation reads that field and, for some, its sibling fields of the same block, and returns the
line the panel shows (or None when there is nothing to show yet). Nothing computed is stored: the
report computes it again from the same answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard

from reviewer_app.domain.impairment import InvalidPercentage, combine_whole_person
from reviewer_app.domain.work_capacity import InvalidRestriction, strength_level

#: The column of an impairment ratings table holding each rating's whole-person percent.
WPI_COLUMN = "whole_person_percent"
#: The sibling fields holding the lift/carry restrictions, lightest frequency last.
LIFT_FIELDS = ("lift_occasionally", "lift_frequently", "lift_constantly")


@dataclass(frozen=True)
class Computation:
    """A computed display: the sibling fields it reads (besides its own field) and how it words the result."""

    name: str
    description: str
    siblings: tuple[str, ...]
    text: Callable[[Any, Mapping[str, Any]], str | None]  # (own value, {sibling id: value}) -> line or None


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def combined_impairment_text(rows: Any, _siblings: Mapping[str, Any] | None = None) -> str | None:
    """E.g. "Combined whole-person impairment: 28% (20% C 10%)" from a ratings table; None without ratings."""
    if not isinstance(rows, list):
        return None
    percents = [row.get(WPI_COLUMN) for row in rows if isinstance(row, Mapping)]
    usable: list[int | float] = [p for p in percents if _is_number(p)]
    if not usable:
        return None
    try:
        total = combine_whole_person(usable)
    except InvalidPercentage as exc:
        return f"Combined whole-person impairment: not computed ({exc})"
    shown = sorted(usable, reverse=True)
    how = " C ".join(f"{p:g}%" for p in shown)
    text = f"Combined whole-person impairment: {total}% WPI"
    if len(shown) > 1:
        text += f" ({how}, Combined Values formula)"
    skipped = len(percents) - len(usable)
    if skipped:
        text += f"; {skipped} row(s) without a whole-person percent left out"
    return text


def strength_level_text(_own: Any, siblings: Mapping[str, Any]) -> str | None:
    """E.g. "DOT strength level: Light (up to 20 lb occasionally, …)" from the three lift/carry weights."""
    given = [siblings.get(name) for name in LIFT_FIELDS]
    if all(v is None for v in given):
        return None
    values: list[float] = [v for v in given if _is_number(v)]
    if len(values) < len(given):
        return "DOT strength level: give the lift/carry weight for occasionally, frequently and constantly"
    try:
        level = strength_level(values[0], values[1], values[2])
    except InvalidRestriction as exc:
        return f"DOT strength level: not computed ({'; '.join(exc.problems) or exc})"
    return f"DOT strength level: {level.label} ({level.demands})"


COMPUTATIONS: dict[str, Computation] = {
    c.name: c
    for c in (
        Computation(
            "combined_whole_person",
            f"on a table with a number column {WPI_COLUMN!r}: the ratings combined by the Combined Values formula",
            (),
            combined_impairment_text,
        ),
        Computation(
            "dot_strength_level",
            "on a field of a block with number fields " + ", ".join(LIFT_FIELDS) + ": the DOT strength level",
            LIFT_FIELDS,
            strength_level_text,
        ),
    )
}


def computed_text(name: str, field_id: str, own_id: str, answers: Mapping[str, Any]) -> str | None:
    """The line computation ``name`` shows for the concrete field ``field_id`` (whose form id is ``own_id``).

    Siblings are read from ``answers`` under the field's prefix (``q4.`` for ``q4.ratings``). An unknown
    name shows nothing: the form parser refuses unknown names, so this only guards old data.
    """
    computation = COMPUTATIONS.get(name)
    if computation is None:
        return None
    prefix = field_id[: len(field_id) - len(own_id)] if field_id.endswith(own_id) else ""
    siblings = {sibling: answers.get(prefix + sibling) for sibling in computation.siblings}
    return computation.text(answers.get(field_id), siblings)
