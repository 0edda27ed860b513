"""Ticks for the timeline's time axis: weeks, months, quarters or years, as the zoom allows.

The step is the finest whose labels stay a readable distance apart at the zoom shown; month
labels name the year at each January (and at the first tick), so the axis is never ambiguous.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# (name, rough days per step): the candidates, finest first.
STEPS = (("week", 7), ("month", 30.44), ("quarter", 91.3), ("half", 182.6), ("year", 365.25), ("5 years", 1826.2))
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Tick:
    """A line on the axis at ``day`` with its label; ``major`` ticks (a year's start) are drawn stronger."""

    day: dt.date
    label: str
    major: bool


def choose_step(pixels_per_day: float, min_spacing: float) -> str:
    """The finest step whose ticks are at least ``min_spacing`` pixels apart."""
    for name, days in STEPS:
        if days * pixels_per_day >= min_spacing:
            return name
    return STEPS[-1][0]


def axis_ticks(first: dt.date, last: dt.date, pixels_per_day: float, min_spacing: float = 64.0) -> list[Tick]:
    """The ticks from ``first`` to ``last`` (inclusive) at the step the zoom allows."""
    if last < first:
        first, last = last, first
    step = choose_step(pixels_per_day, min_spacing)
    ticks: list[Tick] = []
    if step == "week":
        day = first - dt.timedelta(days=first.weekday())  # Mondays
        shown_year: int | None = None
        while day <= last:
            label = f"{_MONTHS[day.month - 1]} {day.day}"
            if day.year != shown_year:
                label += f" {day.year}"
                shown_year = day.year
            ticks.append(Tick(day, label, day.month == 1 and day.day <= 7))
            day += dt.timedelta(days=7)
        return ticks
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12, "5 years": 60}[step]
    year, month = first.year, 1 + ((first.month - 1) // months) * months if months < 12 else 1
    if step == "5 years":
        year -= year % 5
    first_tick = True
    while dt.date(year, month, 1) <= last:
        day = dt.date(year, month, 1)
        if months >= 12:
            label = str(year)
        elif month == 1 or first_tick:
            label = f"{_MONTHS[month - 1]} {year}"
        else:
            label = _MONTHS[month - 1]
        if day >= first or first_tick:
            ticks.append(Tick(day, label, month == 1))
            first_tick = False
        month += months
        while month > 12:
            month -= 12
            year += 1
    return ticks
