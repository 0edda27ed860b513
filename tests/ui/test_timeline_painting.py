"""The timeline's picture: labels above the axis never overlap or leave the plot; marks are found where drawn."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QFontMetricsF

from reviewer_app.domain.case import RequestedService
from reviewer_app.domain.chronology import ChronologyEntry
from reviewer_app.domain.timeline import LANES_BY_TYPE, build_timeline
from reviewer_app.ui.timeline_painting import Geometry, notes
from reviewer_app.ui.timeline_view import TimelineView

D = dt.date


def entry(day: dt.date, kind: str = "office_visit", provider: str = "Alan Chu, MD", page: int = 1) -> ChronologyEntry:
    return ChronologyEntry(1, "records/a.pdf", page, page, day, None, kind, provider, None, 0.9)


def crowded() -> list[ChronologyEntry]:
    """Visits every 40 days for three years (a gap after each), two providers, three services close together."""
    return [
        entry(D(2024, 1, 1) + dt.timedelta(days=40 * n), provider=("Chu" if n % 2 else "Lee"), page=n + 1)
        for n in range(28)
    ]


def test_labels_above_the_axis_never_overlap_or_leave_the_plot(qtbot: Any) -> None:
    services = [
        RequestedService("s1", "Lumbar epidural steroid injection L4-5 bilateral", requested_on=D(2026, 12, 1)),
        RequestedService("s2", "Physical therapy 2x6", requested_on=D(2026, 12, 5)),
        RequestedService("s3", "MRI lumbar spine without contrast", requested_on=D(2024, 1, 3)),
    ]
    timeline = build_timeline(crowded(), D(2024, 1, 2), services)
    font = QFont()
    font.setPixelSize(13)
    metrics = QFontMetricsF(font)
    heavy = QFont(font)
    heavy.setBold(True)
    bold = QFontMetricsF(heavy)
    for width in (220, 300, 700, 1400):
        g = Geometry(timeline, font)
        g.fit(width)
        placed = notes(g)
        assert any(n.kind == "injury" for n in placed)
        extents: dict[int, list[tuple[float, float]]] = {}
        for note in placed:  # what is drawn: the words, and the marker at the day for the injury and services
            words = (bold if note.kind == "injury" else metrics).horizontalAdvance(note.text)  # drawn in bold
            left = note.text_x(words)
            marker = (left, left + words) if note.kind == "gap" else (note.at - 4, note.at + 4)
            low, high = min(left, marker[0]), max(left + words, marker[1])
            assert low >= -0.5 and high <= g.plot_width + 0.5, (width, note)
            extents.setdefault(note.row, []).append((low, high))
        for row, spans in extents.items():
            spans.sort()
            assert all(a[1] <= b[0] + 0.5 for a, b in itertools.pairwise(spans)), (width, row, spans)


def test_a_mark_is_found_where_it_is_drawn_and_nowhere_else(qtbot: Any) -> None:
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    view.set_timeline(build_timeline(crowded(), lanes_by=LANES_BY_TYPE))
    for index in (0, 5, 27):
        view.reveal(index)
        centre = view.mark_rect(index).center()
        assert view.mark_at(centre) == index
    empty = QPointF(view.geometry_.label_width + 2, view.viewport().height() - 5)
    assert view.mark_at(empty) is None


def test_zoom_keeps_the_day_under_the_pointer(qtbot: Any) -> None:
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    view.set_timeline(build_timeline(crowded()))
    g = view.geometry_
    pointer = g.label_width + 300
    before = g.day_at(view.to_plot(QPointF(pointer, 100))[0])
    view.zoom(4.0, pointer)
    after = g.day_at(view.to_plot(QPointF(pointer, 100))[0])
    assert abs((after - before).days) <= 1
    assert view.horizontalScrollBar().maximum() > 0  # zoomed in: the span scrolls
    view.fit()
    assert view.horizontalScrollBar().maximum() == 0


def test_tooltips_say_the_mark_the_lane_and_the_gap(qtbot: Any) -> None:
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    view.set_timeline(build_timeline(crowded()))
    first = view.mark_rect(0).center()
    assert view.tooltip_at(first).startswith("01/01/2024 · Office visit · Lee · records/a.pdf, page 1")
    g = view.geometry_
    lane_label = QPointF(10, g.header_height + g.lane_height / 2).toPoint()
    assert view.tooltip_at(lane_label) == "Lee: 14 documents"
    gap = view.timeline.gaps[0]
    middle = gap.start + (gap.end - gap.start) / 2
    x = round(g.label_width + g.x(middle) - view.horizontalScrollBar().value())
    assert view.tooltip_at(QPointF(x, g.header_height + g.lane_height * 1.5).toPoint()).startswith(
        "40 days without care"
    )
