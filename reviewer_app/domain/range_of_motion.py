"""Range of motion at the IME: normal values by joint and motion, bilateral rows, and the deficits they show.

The examining physician measures each motion up to three times per side (a goniometer or inclinometer).
The greatest reading is the one used, as the AMA Guides direct for active range of motion; readings more
than 10% or 5 degrees apart (whichever is more) from their mean are flagged, after the Guides' validity
criterion for spinal inclinometry, so the physician repeats them. The deficit is the normal less the
measurement used, in degrees and as a share of the normal; a side is also compared with the other one,
since the uninjured side is the claimant's own normal.

Normal values are where the AMA Guides (5th edition) range-of-motion figures and tables put full motion
for an adult. They fill a row's "Normal" when the physician names the joint and motion; the physician
can overwrite it (another edition, the other side as the normal). Nothing computed is stored.

The form stores one table row per side: ``joint``, ``motion``, ``side`` (left, right or empty for a
motion of the midline such as spinal flexion), ``measured``, ``measured_2``, ``measured_3``, ``normal``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Up to this many readings per motion and side.
MAX_READINGS = 3
#: The stored columns holding the readings, first to third.
READING_COLUMNS = ("measured", "measured_2", "measured_3")
LEFT, RIGHT = "left", "right"


@dataclass(frozen=True)
class NormalMotion:
    """Full motion of a joint in one direction, and whether it is measured on each side."""

    joint: str
    motion: str
    degrees: float
    sided: bool = True  # False for the midline: spinal flexion and extension


def _joint(joint: str, *motions: tuple[str, float, bool]) -> list[NormalMotion]:
    return [NormalMotion(joint, motion, degrees, sided) for motion, degrees, sided in motions]


# AMA Guides 5th edition: spine ch. 15 (range-of-motion method), upper extremity ch. 16, lower extremity
# ch. 17. Spinal lateral bending and rotation are measured to the left and to the right.
NORMAL_MOTIONS: tuple[NormalMotion, ...] = tuple(
    _joint("Cervical spine", ("Flexion", 50, False), ("Extension", 60, False), ("Lateral bending", 45, True),
           ("Rotation", 80, True))
    + _joint("Thoracic spine", ("Flexion", 50, False), ("Rotation", 30, True))
    + _joint("Lumbar spine", ("Flexion", 60, False), ("Extension", 25, False), ("Lateral bending", 25, True))
    + _joint("Shoulder", ("Flexion", 180, True), ("Extension", 50, True), ("Abduction", 170, True),
             ("Adduction", 40, True), ("Internal rotation", 80, True), ("External rotation", 60, True))
    + _joint("Elbow", ("Flexion", 140, True), ("Pronation", 80, True), ("Supination", 80, True))
    + _joint("Wrist", ("Flexion", 60, True), ("Extension", 60, True), ("Radial deviation", 20, True),
             ("Ulnar deviation", 30, True))
    + _joint("Hip", ("Flexion", 100, True), ("Extension", 30, True), ("Abduction", 40, True),
             ("Adduction", 20, True), ("Internal rotation", 40, True), ("External rotation", 50, True))
    + _joint("Knee", ("Flexion", 150, True))
    + _joint("Ankle", ("Dorsiflexion", 20, True), ("Plantar flexion", 40, True), ("Inversion", 30, True),
             ("Eversion", 20, True))
)  # fmt: skip

_SIDE_IN_MOTION = re.compile(r"^(left|right)\s+", re.IGNORECASE)


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def joints() -> list[str]:
    """The joints and regions the normal values cover, head to foot."""
    return list(dict.fromkeys(m.joint for m in NORMAL_MOTIONS))


def motions(joint: str) -> list[NormalMotion]:
    """The motions of ``joint`` (in any case; "lumbar" finds "Lumbar spine")."""
    wanted = _key(joint)
    exact = [m for m in NORMAL_MOTIONS if _key(m.joint) == wanted]
    if exact or not wanted:
        return exact
    return [m for m in NORMAL_MOTIONS if _key(m.joint).startswith(wanted)]


def normal_motion(joint: str, motion: str) -> NormalMotion | None:
    """The normal of ``motion`` of ``joint``; "Right lateral bending" finds "Lateral bending"."""
    wanted = _key(_SIDE_IN_MOTION.sub("", motion.strip()))
    return next((m for m in motions(joint) if _key(m.motion) == wanted), None)


# -- rows -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MotionRow:
    """One motion of one joint as the exam screen shows it: the readings of each side and the normal.

    A motion of the midline (lumbar flexion) has its readings in ``midline`` and none by side.
    """

    joint: str
    motion: str
    left: tuple[float, ...] = ()
    right: tuple[float, ...] = ()
    midline: tuple[float, ...] = ()
    normal: float | None = None

    @property
    def sided(self) -> bool:
        """Whether the motion is measured left and right (a limb, or spinal bending and rotation)."""
        if self.left or self.right:
            return True
        if self.midline:
            return False
        known = normal_motion(self.joint, self.motion)
        return known.sided if known is not None else True

    def with_normal_filled(self) -> MotionRow:
        """The row with its normal from the Guides' values when the physician left it empty."""
        if self.normal is not None:
            return self
        known = normal_motion(self.joint, self.motion)
        return self if known is None else MotionRow(self.joint, self.motion, self.left, self.right, self.midline,
                                                    known.degrees)  # fmt: skip


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _readings(row: Mapping[str, Any]) -> tuple[float, ...]:
    return tuple(n for n in (_number(row.get(c)) for c in READING_COLUMNS) if n is not None)


def rows_from_answer(answer: Any) -> list[MotionRow]:
    """The stored table (one row per side) as bilateral rows, in the order the motions first appear.

    A row naming its side in the motion ("Right lateral bending", as the form had it before the side
    column) is read as that side of "Lateral bending".
    """
    order: list[tuple[str, str]] = []
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for stored in answer if isinstance(answer, list) else []:
        if not isinstance(stored, Mapping):
            continue
        joint = str(stored.get("joint") or "").strip()
        motion = str(stored.get("motion") or "").strip()
        side = str(stored.get("side") or "").strip().lower()
        named = _SIDE_IN_MOTION.match(motion)
        if not side and named:
            side, motion = named.group(1).lower(), motion[named.end() :].strip()
            motion = motion[:1].upper() + motion[1:]
        key = (_key(joint), _key(motion))
        if key not in found:
            order.append(key)
            found[key] = {"joint": joint, "motion": motion, "normal": None}
        entry = found[key]
        where = side if side in (LEFT, RIGHT) else "midline"
        entry[where] = _readings(stored)
        normal = _number(stored.get("normal"))
        if normal is not None and entry["normal"] is None:
            entry["normal"] = normal
    return [
        MotionRow(e["joint"], e["motion"], e.get(LEFT, ()), e.get(RIGHT, ()), e.get("midline", ()), e["normal"])
        for e in (found[k] for k in order)
    ]


def answer_from_rows(rows: Iterable[MotionRow]) -> list[dict[str, Any]]:
    """The stored table of bilateral rows: one row per side measured (the inverse of ``rows_from_answer``).

    A side without a reading is not stored: a motion named but not yet measured is a line on the screen,
    not an answer the form would refuse for its missing measurement.
    """
    out: list[dict[str, Any]] = []
    for row in rows:
        sides = [(LEFT, row.left), (RIGHT, row.right), (None, row.midline)]
        for side, readings in sides:
            if not readings:
                continue
            stored: dict[str, Any] = {"joint": row.joint or None, "motion": row.motion or None}
            if side is not None:
                stored["side"] = side
            for column, reading in zip(READING_COLUMNS, readings[:MAX_READINGS], strict=False):
                stored[column] = reading
            if row.normal is not None:
                stored["normal"] = row.normal
            out.append(stored)
    return out


_SEPARATORS = re.compile(r"[,;/\s]+")


def parse_readings(text: str) -> tuple[tuple[float, ...], str | None]:
    """The readings typed in one cell ("150, 155, 152"; "150 / 155"), and why they cannot all be used."""
    readings: list[float] = []
    for part in _SEPARATORS.split(text.replace("°", " ").replace("degrees", " ").strip()):
        if not part:
            continue
        try:
            value = float(part)
        except ValueError:
            return tuple(readings), f"{part!r} is not a measurement in degrees"
        if not 0 <= value <= 360:
            return tuple(readings), f"{value:g} degrees is not between 0 and 360"
        readings.append(value)
    if len(readings) > MAX_READINGS:
        return tuple(readings[:MAX_READINGS]), f"up to {MAX_READINGS} measurements per side; the first three are kept"
    return tuple(readings), None


def readings_text(readings: Sequence[float]) -> str:
    """Readings as the cell shows them: "150, 155, 152"."""
    return ", ".join(f"{r:g}" for r in readings)


# -- deficits ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SideDeficit:
    """One side of one motion: the measurement used, the deficit against the normal, and its consistency."""

    side: str  # "left", "right" or "" for the midline
    readings: tuple[float, ...]
    normal: float | None

    @property
    def used(self) -> float:
        """The greatest reading: the one the Guides direct to use."""
        return max(self.readings)

    @property
    def deficit(self) -> float | None:
        """Degrees short of the normal (0 when at or beyond it); None without a normal."""
        return None if self.normal is None else max(0.0, self.normal - self.used)

    @property
    def percent_lost(self) -> int | None:
        """The deficit as a whole percent of the normal; None without a normal above 0."""
        if self.normal is None or self.normal <= 0 or self.deficit is None:
            return None
        return round(100 * self.deficit / self.normal)

    @property
    def consistent(self) -> bool:
        """Whether the readings agree within 10% of their mean or 5 degrees, whichever is more."""
        if len(self.readings) < 2:
            return True
        mean = sum(self.readings) / len(self.readings)
        return max(self.readings) - min(self.readings) <= max(5.0, 0.1 * mean)

    def text(self) -> str:
        """E.g. "left 150° (deficit 30°, 17%)", "45° of 60° (deficit 15°, 25%)"."""
        head = f"{self.side} " if self.side else ""
        shown = f"{head}{self.used:g}°"
        if self.deficit is None:
            return shown
        if self.deficit == 0:
            return f"{shown} (full)"
        lost = f", {self.percent_lost}%" if self.percent_lost is not None else ""
        return f"{shown} (deficit {self.deficit:g}°{lost})"


@dataclass(frozen=True)
class MotionDeficit:
    """The deficits of one bilateral row."""

    joint: str
    motion: str
    normal: float | None
    sides: tuple[SideDeficit, ...] = field(default_factory=tuple)

    @property
    def left_less_than_right(self) -> float | None:
        """How many degrees the left lacks against the right (negative: the right lacks); None unless both."""
        by_side = {s.side: s for s in self.sides}
        if LEFT not in by_side or RIGHT not in by_side:
            return None
        return by_side[RIGHT].used - by_side[LEFT].used

    def text(self) -> str:
        """One line for the computed values: "Shoulder flexion (normal 180°): left 150° (deficit 30°, 17%) ..."."""
        normal = f" (normal {self.normal:g}°)" if self.normal is not None else ""
        parts = [s.text() for s in self.sides]
        line = f"{self.joint} {self.motion.lower()}{normal}: {'; '.join(parts)}"
        gap = self.left_less_than_right
        if gap:
            line += f"; {'left' if gap > 0 else 'right'} {abs(gap):g}° less than the other side"
        unsteady = [s.side for s in self.sides if not s.consistent]
        if unsteady:
            which = " and ".join(side for side in unsteady if side)
            line += f"; repeat the {which + ' ' if which else ''}measurements (more than 10% or 5° apart)"
        return line


def deficits(rows: Iterable[MotionRow]) -> list[MotionDeficit]:
    """The deficit of every measured motion, the normal taken from the Guides' values where none is given."""
    out = []
    for row in rows:
        row = row.with_normal_filled()
        sides = [
            SideDeficit(side, readings, row.normal)
            for side, readings in ((LEFT, row.left), (RIGHT, row.right), ("", row.midline))
            if readings
        ]
        if sides:
            out.append(MotionDeficit(row.joint, row.motion, row.normal, tuple(sides)))
    return out


def deficit_lines(answer: Any) -> list[str]:
    """The deficits of a stored range-of-motion table, one line per motion, for the screen and the report."""
    return [d.text() for d in deficits(rows_from_answer(answer))]


__all__ = [
    "LEFT",
    "MAX_READINGS",
    "NORMAL_MOTIONS",
    "READING_COLUMNS",
    "RIGHT",
    "MotionDeficit",
    "MotionRow",
    "NormalMotion",
    "SideDeficit",
    "answer_from_rows",
    "deficit_lines",
    "deficits",
    "joints",
    "motions",
    "normal_motion",
    "parse_readings",
    "readings_text",
    "rows_from_answer",
]
