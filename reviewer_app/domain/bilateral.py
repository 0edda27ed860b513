"""Findings by side at the IME (strength, reflexes): one line per muscle group or reflex, left beside right.

The form stores one table row per side (``side`` left, right or bilateral); the exam screen shows a row
per muscle group with a left and a right grade, so a difference between the sides, often the finding
that matters, is seen at once. A grade given for both sides alike is stored once, as "bilateral".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

LEFT, RIGHT, BILATERAL = "left", "right", "bilateral"


@dataclass(frozen=True)
class SideBySide:
    """One muscle group or reflex with its grade on each side (None where not examined)."""

    name: str
    left: Any = None
    right: Any = None

    @property
    def differs(self) -> bool:
        """Both sides graded, and not alike."""
        return self.left is not None and self.right is not None and self.left != self.right


def side_by_side(stored: Any, name: str, grade: str) -> list[SideBySide]:
    """The stored rows (``name`` and ``grade`` are the column ids) as one line per name, in first-seen order.

    A row without a side is read as both sides, as a grade written without one is meant.
    """
    order: list[str] = []
    found: dict[str, dict[str, Any]] = {}
    for row in stored if isinstance(stored, list) else []:
        if not isinstance(row, Mapping):
            continue
        title = str(row.get(name) or "").strip()
        key = " ".join(title.lower().split())
        if key not in found:
            order.append(key)
            found[key] = {"name": title}
        side = str(row.get("side") or BILATERAL).lower()
        for where in (LEFT, RIGHT) if side == BILATERAL else (side,):
            if where in (LEFT, RIGHT):
                found[key][where] = row.get(grade)
    return [SideBySide(found[k]["name"], found[k].get(LEFT), found[k].get(RIGHT)) for k in order]


def stored_rows(lines: Iterable[SideBySide], name: str, grade: str) -> list[dict[str, Any]]:
    """The rows the form stores for ``lines`` (the inverse of ``side_by_side``); a line with no grade is left out."""
    out: list[dict[str, Any]] = []
    for line in lines:
        title = line.name.strip() or None
        if line.left is not None and line.left == line.right:
            out.append({name: title, "side": BILATERAL, grade: line.left})
            continue
        for side, value in ((LEFT, line.left), (RIGHT, line.right)):
            if value is not None:
                out.append({name: title, "side": side, grade: value})
    return out


def differences(stored: Any, name: str, grade: str) -> list[str]:
    """The lines whose sides differ, in words: "Extensor hallucis longus: left 4, right 5"."""
    return [f"{line.name}: left {line.left}, right {line.right}" for line in side_by_side(stored, name, grade)
            if line.differs]  # fmt: skip


__all__ = ["BILATERAL", "LEFT", "RIGHT", "SideBySide", "differences", "side_by_side", "stored_rows"]
