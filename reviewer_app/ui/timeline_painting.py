"""Drawing the treatment timeline, on the screen and on paper alike: the geometry, the marks, the axis, the notes.

Coordinates are *scene* units: pixels on the screen, points on paper (the printer's painter is
scaled). The plot's x counts from the left of the time axis (the lane labels sit left of it), the
lanes' y from the top of the first lane, the header's y from the top of the header. Only what lies
between ``x0`` and ``x1`` is drawn: marks are found by bisection, so a case of thousands of
encounters paints as fast as one of ten.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from reviewer_app.domain.timeline import CARE_TYPES, Timeline, TimelineMark, type_label
from reviewer_app.domain.timeline_axis import Tick, axis_ticks

# Each type's shape and colour: the shape alone tells the treatment types apart (colour-blind readers);
# papers (bills, forms, letters, reviews) are hollow sheets, as they record no care.
SHAPES: dict[str, tuple[str, str]] = {
    "emergency": ("triangle", "#d9480f"),
    "office_visit": ("circle", "#1c7ed6"),
    "consultation": ("hexagon", "#7048e8"),
    "imaging": ("diamond", "#0c8599"),
    "procedure": ("star", "#c2255c"),
    "therapy": ("square", "#2b8a3e"),
    "hospital": ("triangle_down", "#e67700"),
    "lab": ("plus", "#5c940d"),
    "pharmacy": ("bar", "#862e9c"),
}
PAPER_SHAPE = ("sheet", "#6c757d")
# Papers are told apart by a letter on the sheet (and their lane, and the tooltip).
PAPER_LETTERS = {
    "work_status": "W",
    "utilization_review": "U",
    "ime_or_peer_review": "I",
    "bill": "$",
    "claim_form": "C",
    "legal": "L",
    "correspondence": "M",
    "other": "?",
}
BEFORE_INJURY_SIGN = "!"
LOW_CONFIDENCE_SIGN = "?"


def shape_of(kind: str) -> tuple[str, str]:
    """(shape, colour); a paper's shape is "sheet" followed by its letter ("sheet$")."""
    if kind in SHAPES:
        return SHAPES[kind]
    return PAPER_SHAPE[0] + PAPER_LETTERS.get(kind, "?"), PAPER_SHAPE[1]


@dataclass(frozen=True)
class Colours:
    """The picture's colours: the window's palette on screen, black on white on paper."""

    background: QColor
    text: QColor
    grid: QColor
    stripe: QColor
    gap: QColor
    injury: QColor = field(default_factory=lambda: QColor("#c92a2a"))
    service: QColor = field(default_factory=lambda: QColor("#5f3dc4"))
    focus: QColor = field(default_factory=lambda: QColor("#000000"))

    def key(self) -> tuple[int, ...]:
        """The colours as numbers: a drawn picture is kept while they stay the same."""
        return tuple(c.rgba() for c in (self.background, self.text, self.grid, self.stripe, self.gap, self.focus))


PAPER = Colours(QColor("white"), QColor("black"), QColor("#b0b0b0"), QColor("#f3f3f3"), QColor(240, 170, 40, 70))


@dataclass
class Geometry:
    """Where things go: the axis' scale (pixels per day) from ``origin``, the lanes' height, the header's rows."""

    timeline: Timeline
    font: QFont
    pixels_per_day: float = 2.0
    label_width: float = 180.0
    lane_height: float = 26.0
    radius: float = 6.0
    note_rows: int = 3

    def __post_init__(self) -> None:
        metrics = QFontMetricsF(self.font)
        self.line = metrics.height()
        self.note_row = self.line + 2
        self.axis_height = self.line + 8
        first, last = self.timeline.first, self.timeline.last
        if first is None or last is None:
            first = last = dt.date.today()
        pad = dt.timedelta(days=max(7, (last - first).days // 40))
        self.origin, self.end = first - pad, last + pad
        self._starts = [m.start for m in self.timeline.marks]
        self._longest = max(((m.end - m.start).days for m in self.timeline.marks), default=0)

    @property
    def days(self) -> int:
        return (self.end - self.origin).days + 1

    @property
    def header_height(self) -> float:
        return self.note_rows * self.note_row + self.axis_height

    @property
    def plot_width(self) -> float:
        return self.days * self.pixels_per_day

    @property
    def lanes_height(self) -> float:
        return len(self.timeline.lanes) * self.lane_height

    def x(self, day: dt.date) -> float:
        """The middle of ``day`` on the plot."""
        return ((day - self.origin).days + 0.5) * self.pixels_per_day

    def day_at(self, x: float) -> dt.date:
        days = int(x // self.pixels_per_day) if self.pixels_per_day > 0 else 0
        return self.origin + dt.timedelta(days=max(0, min(days, self.days - 1)))

    def lane_y(self, lane: int) -> float:
        """The middle of a lane."""
        return (lane + 0.5) * self.lane_height

    def fit(self, width: float) -> None:
        """The scale at which the whole span fills ``width`` of plot."""
        self.pixels_per_day = max(0.01, width / self.days)

    def visible(self, x0: float, x1: float) -> range:
        """The marks (indices into ``timeline.marks``, date order) that may show between ``x0`` and ``x1``."""
        slack = self.radius * 2
        first = self.day_at(x0 - slack) - dt.timedelta(days=self._longest + 1)
        last = self.day_at(x1 + slack) + dt.timedelta(days=1)
        return range(bisect.bisect_left(self._starts, first), bisect.bisect_right(self._starts, last))

    def mark_rect(self, index: int) -> QRectF:
        """The mark's box on the plot (lanes' coordinates); a span's bar from its first to its last day."""
        mark = self.timeline.marks[index]
        y, r = self.lane_y(mark.lane), self.radius
        right = self.x(mark.end) if mark.is_span else self.x(mark.start)
        return QRectF(self.x(mark.start) - r, y - r, right - self.x(mark.start) + 2 * r, 2 * r)

    def mark_at(self, x: float, y: float) -> int | None:
        """The mark under a point of the plot (the nearest, when marks crowd), or None."""
        lane = int(y // self.lane_height) if y >= 0 else -1
        best: tuple[float, int] | None = None
        for index in self.visible(x, x):
            mark = self.timeline.marks[index]
            if mark.lane != lane:
                continue
            rect = self.mark_rect(index).adjusted(-2, -3, 2, 3)
            if rect.contains(QPointF(x, y)):
                distance = abs(rect.center().x() - x) if not mark.is_span else 0.0
                if best is None or distance < best[0]:
                    best = (distance, index)
        return best[1] if best else None

    def ticks(self) -> list[Tick]:
        spacing = QFontMetricsF(self.font).horizontalAdvance("Mmm 2026") + 16
        return axis_ticks(self.origin, self.end, self.pixels_per_day, spacing)


def draw_shape(painter: QPainter, shape: str, colour: QColor, centre: QPointF, r: float, hollow: bool = False) -> None:
    """One mark's shape, filled with its colour (a sheet is an outline: a paper, not care)."""
    painter.setPen(QPen(colour.darker(140), max(1.0, r / 5)))
    painter.setBrush(Qt.BrushStyle.NoBrush if hollow or shape.startswith("sheet") else QBrush(colour))
    x, y = centre.x(), centre.y()
    if shape == "circle":
        painter.drawEllipse(centre, r, r)
    elif shape == "square":
        painter.drawRect(QRectF(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7))
    elif shape.startswith("sheet"):
        painter.setPen(QPen(colour, max(1.0, r / 5)))
        painter.drawRect(QRectF(x - r * 0.8, y - r, r * 1.6, r * 2))
        letter = shape[len("sheet") :]
        if letter:
            font = QFont(painter.font())
            font.setPixelSize(max(6, round(r * 1.35)))
            font.setBold(True)
            painter.save()
            painter.setFont(font)
            painter.setPen(colour.darker(150))
            painter.drawText(QRectF(x - r, y - r, 2 * r, 2 * r), int(Qt.AlignmentFlag.AlignCenter), letter)
            painter.restore()
    elif shape == "bar":
        painter.drawRect(QRectF(x - r * 0.45, y - r, r * 0.9, r * 2))
    elif shape == "plus":
        path = QPainterPath()
        w = r * 0.4
        path.addRect(QRectF(x - r, y - w, 2 * r, 2 * w))
        path.addRect(QRectF(x - w, y - r, 2 * w, 2 * r))
        painter.drawPath(path.simplified())
    else:
        painter.drawPolygon(_polygon(shape, x, y, r))


def _polygon(shape: str, x: float, y: float, r: float) -> QPolygonF:
    if shape == "diamond":
        points = [(0, -1.15), (1, 0), (0, 1.15), (-1, 0)]
    elif shape == "triangle":
        points = [(0, -1.1), (1.05, 0.85), (-1.05, 0.85)]
    elif shape == "triangle_down":
        points = [(0, 1.1), (1.05, -0.85), (-1.05, -0.85)]
    elif shape == "hexagon":
        points = [(math.cos(a), math.sin(a)) for a in (math.pi / 3 * k for k in range(6))]
    else:  # star
        points = []
        for k in range(10):
            angle = -math.pi / 2 + k * math.pi / 5
            reach = 1.2 if k % 2 == 0 else 0.5
            points.append((reach * math.cos(angle), reach * math.sin(angle)))
    return QPolygonF([QPointF(x + px * r, y + py * r) for px, py in points])


def draw_mark(
    painter: QPainter, g: Geometry, index: int, colours: Colours, selected: bool = False, focused: bool = False
) -> None:
    """A mark: the type's shape (a span's bar behind it), the signs of its state beside it, the focus ring."""
    mark: TimelineMark = g.timeline.marks[index]
    shape, colour = shape_of(mark.entry.type)
    rect = g.mark_rect(index)
    centre = QPointF(g.x(mark.start), rect.center().y())
    if mark.is_span:
        bar = QColor(colour)
        bar.setAlpha(110)
        painter.setPen(QPen(QColor(colour).darker(130), 1))
        painter.setBrush(bar)
        painter.drawRoundedRect(
            QRectF(centre.x(), centre.y() - g.radius * 0.55, g.x(mark.end) - centre.x(), g.radius * 1.1), 3, 3
        )
    low = mark.entry.low_confidence
    draw_shape(painter, shape, QColor(colour), centre, g.radius, hollow=low)
    signs = (BEFORE_INJURY_SIGN if mark.before_injury else "") + (LOW_CONFIDENCE_SIGN if low else "")
    if signs:
        _signs(painter, g, centre, signs, colours.injury if mark.before_injury else colours.text)
    if mark.before_injury:
        painter.setPen(QPen(colours.injury, 1.2, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, g.radius + 3, g.radius + 3)
    if selected:
        painter.setPen(QPen(colours.focus if focused else colours.text, 2.2 if focused else 1.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(-4, -4, 4, 4))


class Sprites:
    """Each style's shape drawn once into a small pixmap, then stamped: the screen's thousands of marks paint fast.

    Paper (the printer) is drawn shape by shape instead, as vectors.
    """

    def __init__(self, ratio: float) -> None:
        self.ratio = ratio
        self._cache: dict[tuple[str, str, bool, float], tuple[QPixmap, float]] = {}

    def stamp(self, painter: QPainter, shape: str, colour: str, hollow: bool, centre: QPointF, r: float) -> None:
        key = (shape, colour, hollow, r)
        if key not in self._cache:
            side = math.ceil(r * 2.6 + 4)
            pixmap = QPixmap(math.ceil(side * self.ratio), math.ceil(side * self.ratio))
            pixmap.setDevicePixelRatio(self.ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            into = QPainter(pixmap)
            try:
                into.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                into.setFont(painter.font())
                draw_shape(into, shape, QColor(colour), QPointF(side / 2, side / 2), r, hollow)
            finally:
                into.end()
            self._cache[key] = (pixmap, side / 2)
        pixmap, half = self._cache[key]
        painter.drawPixmap(QPointF(centre.x() - half, centre.y() - half), pixmap)


def _signs(painter: QPainter, g: Geometry, centre: QPointF, signs: str, colour: QColor) -> None:
    """The signs of a mark's state ("!" dated before the injury, "?" low confidence), in bold beside it."""
    painter.setPen(colour)
    font = QFont(painter.font())
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QPointF(centre.x() + g.radius + 1, centre.y() - g.radius * 0.2), signs)
    font.setBold(False)
    painter.setFont(font)


def draw_lanes(
    painter: QPainter,
    g: Geometry,
    x0: float,
    x1: float,
    lanes: range,
    colours: Colours,
    selected: int | None = None,
    focused: bool = False,
    sprites: Sprites | None = None,
) -> None:
    """The lanes from ``x0`` to ``x1``: stripes, grid, gaps shaded, the injury's and services' lines, the marks."""
    top, bottom = lanes.start * g.lane_height, lanes.stop * g.lane_height
    for lane in lanes:
        if lane % 2:
            painter.fillRect(QRectF(x0, lane * g.lane_height, x1 - x0, g.lane_height), colours.stripe)
    for gap in g.timeline.gaps:
        left, right = g.x(gap.start), g.x(gap.end)
        if right >= x0 and left <= x1:
            painter.fillRect(QRectF(left, top, right - left, bottom - top), colours.gap)
    painter.setPen(QPen(colours.grid, 0.6))
    for tick in g.ticks():
        x = g.x(tick.day) - g.pixels_per_day / 2
        if x0 <= x <= x1:
            painter.setPen(QPen(colours.grid, 1.2 if tick.major else 0.6))
            painter.drawLine(QPointF(x, top), QPointF(x, bottom))
    for service in g.timeline.services:
        x = g.x(service.on)
        if x0 <= x <= x1:
            painter.setPen(QPen(colours.service, 1.4, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(x, top), QPointF(x, bottom))
    if g.timeline.injury is not None:
        x = g.x(g.timeline.injury)
        if x0 <= x <= x1:
            painter.setPen(QPen(colours.injury, 2.0))
            painter.drawLine(QPointF(x, top), QPointF(x, bottom))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    drawn: set[tuple[int, str, bool, int]] = set()
    cell = max(1.0, g.radius * 0.75)
    for index in g.visible(x0, x1):
        mark = g.timeline.marks[index]
        if mark.lane not in lanes or index == selected:
            continue
        if not (mark.is_span or mark.before_injury):  # marks closer than most of their size look as one: drawn once
            key = (mark.lane, mark.entry.type, mark.entry.low_confidence, int(g.x(mark.start) // cell))
            if key in drawn:
                continue
            drawn.add(key)
            if sprites is not None:
                shape, colour = shape_of(mark.entry.type)
                low = mark.entry.low_confidence
                centre = QPointF(g.x(mark.start), g.lane_y(mark.lane))
                sprites.stamp(painter, shape, colour, low, centre, g.radius)
                if low:
                    _signs(painter, g, centre, LOW_CONFIDENCE_SIGN, colours.text)
                continue
        draw_mark(painter, g, index, colours)
    if selected is not None and selected in g.visible(x0, x1) and g.timeline.marks[selected].lane in lanes:
        draw_mark(painter, g, selected, colours, selected=True, focused=focused)


@dataclass(frozen=True)
class Note:
    """A label above the axis: the injury, a requested service, a gap's length."""

    x: float  # the label's left
    text: str
    kind: str  # "injury", "service", "gap"
    row: int
    at: float  # the day it marks
    leftward: bool = False  # the words end at the day (at the plot's right end)

    def text_x(self, text_width: float) -> float:
        """Where the words start: after the marker, or before it when leftward."""
        lead = _LEAD[self.kind]
        if self.kind == "gap":
            return self.x + 4
        return self.at - lead - text_width if self.leftward else self.at + lead


_LEAD = {"injury": 5.0, "service": 8.0, "gap": 0.0}  # room between a note's day and its words


def notes(g: Geometry) -> list[Note]:
    """The header's labels, each in the first row where it overlaps no other (left out when none is free).

    The injury comes first, then the requested services, then the gaps: a label that cannot be placed
    is still in the list beside the picture and in the print.
    """
    metrics = QFontMetricsF(g.font)
    wanted: list[tuple[float, str, str]] = []
    if g.timeline.injury is not None:
        wanted.append((g.x(g.timeline.injury), f"Injury {g.timeline.injury.strftime('%m/%d/%Y')}", "injury"))
    wanted += [(g.x(s.on), f"Requested: {_short(s.description)}", "service") for s in g.timeline.services]
    for gap in g.timeline.gaps:
        wanted.append(((g.x(gap.start) + g.x(gap.end)) / 2, f"{gap.days} days", "gap"))
    taken: list[list[tuple[float, float]]] = [[] for _ in range(g.note_rows)]
    placed: list[Note] = []
    bold = QFont(g.font)
    bold.setBold(True)
    for x, text, kind in wanted:
        measure = QFontMetricsF(bold) if kind == "injury" else metrics  # the injury's words are drawn in bold
        width = measure.horizontalAdvance(text) + _LEAD[kind] + 8  # the marker's 4 either side, then the words
        leftward = False
        if kind == "gap":
            left = max(0.0, min(x - width / 2, g.plot_width - width))  # kept whole inside the plot
        else:  # the words after the marker, or before it at the plot's right end
            if x - 4 + width > g.plot_width and x + 4 - width < 0:  # no room either side: cut to the wider side
                leftward = x > g.plot_width - x
                room = (x if leftward else g.plot_width - x) - _LEAD[kind] - 6
                text = measure.elidedText(text, Qt.TextElideMode.ElideRight, max(0.0, room))
                if len(text) < 4:
                    continue  # no room for words: the dotted line in the lanes still marks the day
                width = measure.horizontalAdvance(text) + _LEAD[kind] + 8
            else:
                leftward = x - 4 + width > g.plot_width
            left = x + 4 - width if leftward else x - 4
        for row, spans in enumerate(taken):
            if all(left + width <= a or left >= b for a, b in spans):
                spans.append((left, left + width))
                placed.append(Note(left, text, kind, row, x, leftward))
                break
    return placed


def _short(text: str, limit: int = 36) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def draw_header(painter: QPainter, g: Geometry, x0: float, x1: float, colours: Colours) -> None:
    """The notes' rows and the axis with its ticks, between ``x0`` and ``x1``."""
    axis_top = g.note_rows * g.note_row
    painter.setFont(g.font)
    metrics = QFontMetricsF(g.font)
    for note in notes(g):
        if note.x > x1 or note.x + metrics.horizontalAdvance(note.text) + 8 < x0:
            continue
        y = note.row * g.note_row
        colour = {"injury": colours.injury, "service": colours.service}.get(note.kind, colours.text)
        if note.kind == "service":  # the requested service's marker: a downward triangle, then its words
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            tip = note.at
            painter.drawPolygon(
                QPolygonF([QPointF(tip - 4, y + 3), QPointF(tip + 4, y + 3), QPointF(tip, y + g.note_row - 3)])
            )
            painter.setPen(colour)
            text_x = note.text_x(metrics.horizontalAdvance(note.text))
            painter.drawText(QPointF(text_x, y + metrics.ascent() + 1), note.text)
            continue
        if note.kind == "gap":
            painter.fillRect(
                QRectF(note.x, y + 1, metrics.horizontalAdvance(note.text) + 6, g.note_row - 2), colours.gap
            )
        font = QFont(g.font)
        font.setBold(note.kind == "injury")
        painter.setFont(font)
        painter.setPen(colour)
        text_x = note.text_x(QFontMetricsF(font).horizontalAdvance(note.text))
        painter.drawText(QPointF(text_x, y + metrics.ascent() + 1), note.text)
        painter.setFont(g.font)
    if g.timeline.injury is not None:  # the injury's line runs up through the notes to its label
        x = g.x(g.timeline.injury)
        painter.setPen(QPen(colours.injury, 2.0))
        painter.drawLine(QPointF(x, 0), QPointF(x, g.header_height))
    painter.setPen(QPen(colours.text, 1))
    painter.drawLine(QPointF(x0, g.header_height - 1), QPointF(x1, g.header_height - 1))
    ticks = [(g.x(t.day) - g.pixels_per_day / 2, t) for t in g.ticks()]
    year_shown = False  # the first label in view names its year ("Apr 2025"), so the axis is never ambiguous
    for number, (x, tick) in enumerate(ticks):
        if x > x1:
            break
        following = ticks[number + 1][0] if number + 1 < len(ticks) else x1 + 1000
        if following < x0:
            continue
        painter.setPen(QPen(colours.text, 1.4 if tick.major else 1))
        painter.drawLine(QPointF(x, g.header_height - (8 if tick.major else 5)), QPointF(x, g.header_height - 1))
        font = QFont(g.font)
        font.setBold(tick.major)
        painter.setFont(font)
        label = tick.label if year_shown or str(tick.day.year) in tick.label else f"{tick.label} {tick.day.year}"
        width = QFontMetricsF(font).horizontalAdvance(label)
        left = max(x + 3, x0 + 3)  # the month scrolled past keeps its label at the left, while there is room
        if left + width + 6 > following or left + width > x1:
            continue
        painter.drawText(QPointF(left, axis_top + metrics.ascent() + 1), label)
        year_shown = True
    painter.setFont(g.font)


def draw_lane_labels(painter: QPainter, g: Geometry, lanes: range, colours: Colours) -> None:
    """Each lane's name and count of marks, cut to the labels' column with an ellipsis (the tooltip has it whole)."""
    metrics = QFontMetricsF(g.font)
    painter.setFont(g.font)
    for lane in lanes:
        item = g.timeline.lanes[lane]
        top = lane * g.lane_height
        if lane % 2:
            painter.fillRect(QRectF(0, top, g.label_width, g.lane_height), colours.stripe)
        count = f" ({item.marks})"
        room = g.label_width - 10 - metrics.horizontalAdvance(count)
        text = metrics.elidedText(item.label, Qt.TextElideMode.ElideRight, max(room, 20)) + count
        painter.setPen(colours.text)
        painter.drawText(QPointF(6, top + (g.lane_height + metrics.ascent() - metrics.descent()) / 2), text)
    painter.setPen(QPen(colours.grid, 1))
    painter.drawLine(
        QPointF(g.label_width - 1, lanes.start * g.lane_height), QPointF(g.label_width - 1, lanes.stop * g.lane_height)
    )


def legend_items(timeline: Timeline) -> list[tuple[str, str, str]]:
    """(shape, colour, words) for each type on the picture, treatment first, then the signs of a mark's state."""
    kinds = sorted({m.entry.type for m in timeline.marks}, key=lambda k: (k not in CARE_TYPES, type_label(k)))
    items = [(*shape_of(k), type_label(k)) for k in kinds]
    if any(m.before_injury for m in timeline.marks):
        items.append(("sign", BEFORE_INJURY_SIGN, "dated before the injury"))
    if any(m.entry.low_confidence for m in timeline.marks):
        items.append(("sign", LOW_CONFIDENCE_SIGN, "low confidence: check (hollow)"))
    if timeline.gaps:
        items.append(("gap", "", f"gap in care over {timeline.gap_days} days"))
    return items


def draw_legend(
    painter: QPainter, items: Sequence[tuple[str, str, str]], font: QFont, width: float, colours: Colours
) -> float:
    """The legend in rows across ``width`` from (0, 0); returns the height used."""
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    line = metrics.height() + 4
    r = metrics.height() * 0.32
    x = y = 0.0
    for shape, colour, words in items:
        need = 2 * r + 6 + metrics.horizontalAdvance(words) + 16
        if x > 0 and x + need > width:
            x, y = 0.0, y + line
        centre = QPointF(x + r + 1, y + line / 2)
        if shape == "sign":
            painter.setPen(colours.injury if colour == BEFORE_INJURY_SIGN else colours.text)
            bold = QFont(font)
            bold.setBold(True)
            painter.setFont(bold)
            painter.drawText(QPointF(x, y + metrics.ascent() + 2), colour)
            painter.setFont(font)
        elif shape == "gap":
            painter.fillRect(QRectF(x, y + 2, 2 * r + 2, line - 4), colours.gap)
        else:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            draw_shape(painter, shape, QColor(colour), centre, r)
        painter.setPen(colours.text)
        painter.drawText(QPointF(x + 2 * r + 6, y + metrics.ascent() + 2), words)
        x += need
    return y + line if items else 0.0
