"""Time left until a case is due, said the way a physician reads it ("due in 5 h")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Urgency(StrEnum):
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"  # within 24 hours
    SOON = "soon"  # within 3 days
    LATER = "later"
    NONE = "none"


@dataclass(frozen=True)
class DueStatus:
    text: str
    urgency: Urgency


def due_status(due_at: dt.datetime | None, now: dt.datetime) -> DueStatus:
    """The due chip's words and urgency for a deadline, relative to ``now``."""
    if due_at is None:
        return DueStatus("no due date", Urgency.NONE)
    seconds = (due_at - now).total_seconds()
    span = _span(abs(seconds))
    if seconds < 0:
        return DueStatus(f"{span} overdue", Urgency.OVERDUE)
    if seconds < 24 * 3600:
        return DueStatus(f"due in {span}", Urgency.DUE_TODAY)
    if seconds < 3 * 24 * 3600:
        return DueStatus(f"due in {span}", Urgency.SOON)
    return DueStatus(f"due in {span}", Urgency.LATER)


def _span(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{max(minutes, 1)} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h"
    days = hours // 24
    return f"{days} day" if days == 1 else f"{days} days"
