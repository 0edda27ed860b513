"""Areas on a record page, in PDF points from the top left of the unrotated page."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    width: float
    height: float
