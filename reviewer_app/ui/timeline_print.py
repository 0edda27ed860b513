"""The treatment timeline on paper: a title with the claimant and claim, the picture across the page, the gaps listed.

The page is drawn in points (the printer's painter is scaled), so the type is the same size on any
printer. The picture spans the page's width; when the lanes do not fit on one page they continue on
the next with the axis drawn again. After it come the gaps in care, the entries dated before the
injury, the undated entries and the requested services, in words, as many pages as they need.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter
from PySide6.QtPrintSupport import QPrinter

from reviewer_app.domain.errors import ReviewerError
from reviewer_app.domain.timeline import Timeline, mark_words, type_label
from reviewer_app.ui.timeline_painting import (
    PAPER,
    Geometry,
    draw_header,
    draw_lane_labels,
    draw_lanes,
    draw_legend,
    legend_items,
)

BODY_POINTS = 8.5
TITLE_POINTS = 14


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont("Helvetica")
    font.setPixelSize(max(1, round(points)))  # scene units are points: the painter is scaled to the printer
    font.setBold(bold)
    return font


class _Pages:
    """A cursor down the printed pages, in points."""

    def __init__(self, printer: QPrinter, painter: QPainter) -> None:
        self.printer, self.painter = printer, painter
        scale = printer.resolution() / 72.0
        area = QRectF(painter.viewport())
        self.scale = scale
        self.width, self.height = area.width() / scale, area.height() / scale
        self.y = 0.0
        self.count = 1
        painter.scale(scale, scale)

    def need(self, height: float) -> None:
        """A new page when ``height`` does not fit below what is printed."""
        if self.y > 0 and self.y + height > self.height:
            self.printer.newPage()
            self.count += 1
            self.y = 0.0

    def text(self, words: str, font: QFont, indent: float = 0.0) -> None:
        """Words wrapped to the page's width."""
        metrics = QFontMetricsF(font)
        flags = Qt.TextFlag.TextWordWrap
        box = metrics.boundingRect(QRectF(0, 0, self.width - indent, 10_000), int(flags), words)
        self.need(box.height() + 2)
        self.painter.setFont(font)
        self.painter.setPen(PAPER.text)
        self.painter.drawText(QRectF(indent, self.y, self.width - indent, box.height() + 2), int(flags), words)
        self.y += box.height() + 2


def print_timeline(printer: QPrinter, timeline: Timeline, title: str, subtitle: str) -> int:
    """Paint the timeline on ``printer``; returns the number of pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        raise ReviewerError("The printer could not be started; check that it is connected and try again.")
    try:
        pages = _Pages(printer, painter)
        pages.text(title, _font(TITLE_POINTS, bold=True))
        pages.text(subtitle, _font(BODY_POINTS))
        pages.y += 6
        if timeline.marks:
            _picture(pages, timeline)
        else:
            pages.text("No dated documents to place on a time axis.", _font(BODY_POINTS))
        _lists(pages, timeline)
        return pages.count
    finally:
        painter.end()


def _picture(pages: _Pages, timeline: Timeline) -> None:
    painter = pages.painter
    font = _font(BODY_POINTS - 0.5)
    painter.save()
    painter.translate(0, pages.y)
    legend_height = draw_legend(painter, legend_items(timeline), font, pages.width, PAPER)
    painter.restore()
    pages.y += legend_height + 6
    metrics = QFontMetricsF(font)
    longest = max(metrics.horizontalAdvance(f"{lane.label} ({lane.marks})") for lane in timeline.lanes)
    label_width = min(longest + 12, pages.width * 0.28)
    g = Geometry(timeline, font, label_width=label_width, lane_height=15.0, radius=3.6)
    g.fit(pages.width - label_width - 4)
    lanes_done = 0
    while lanes_done < len(timeline.lanes):
        room = pages.height - pages.y - g.header_height
        if room < g.lane_height * 2 and pages.y > 0:
            pages.need(pages.height)  # the next page
            continue
        fitting = max(1, int(room // g.lane_height))
        lanes = range(lanes_done, min(len(timeline.lanes), lanes_done + fitting))
        height = g.header_height + len(lanes) * g.lane_height
        painter.save()
        painter.translate(label_width, pages.y)
        painter.setClipRect(QRectF(0, 0, g.plot_width + 2, g.header_height))
        draw_header(painter, g, 0, g.plot_width, PAPER)
        painter.setClipping(False)
        painter.translate(0, g.header_height - lanes.start * g.lane_height)
        painter.setClipRect(QRectF(0, lanes.start * g.lane_height, g.plot_width + 2, len(lanes) * g.lane_height))
        draw_lanes(painter, g, 0, g.plot_width, lanes, PAPER)
        painter.restore()
        painter.save()
        painter.translate(0, pages.y + g.header_height - lanes.start * g.lane_height)
        draw_lane_labels(painter, g, lanes, PAPER)
        painter.restore()
        painter.setPen(PAPER.text)
        painter.setFont(font)
        painter.drawText(
            QPointF(2, pages.y + g.header_height - 4), "Provider" if timeline.lanes_by == "provider" else "Type"
        )
        pages.y += height + 8
        lanes_done = lanes.stop


def _lists(pages: _Pages, timeline: Timeline) -> None:
    body, heading = _font(BODY_POINTS), _font(BODY_POINTS + 1.5, bold=True)
    pages.y += 4
    if timeline.gaps:
        pages.text(f"Gaps in care longer than {timeline.gap_days} days ({len(timeline.gaps)})", heading)
        for gap in timeline.gaps:
            pages.text("• " + gap.describe(), body, indent=8)
    else:
        pages.text(f"No gaps in care longer than {timeline.gap_days} days.", heading)
    early = timeline.before_injury
    if early:
        pages.y += 4
        pages.text(f"Dated before the injury ({len(early)}): check these dates", heading)
        for mark in early:
            pages.text("• " + mark_words(mark), body, indent=8)
    if timeline.undated:
        pages.y += 4
        pages.text(f"Undated documents, not on the axis ({len(timeline.undated)})", heading)
        for entry in timeline.undated:
            pages_words = (
                f"{entry.first_page}-{entry.last_page}" if entry.last_page > entry.first_page else f"{entry.first_page}"
            )
            who = entry.provider or entry.facility or "provider not named"
            pages.text(f"• {type_label(entry.type)}, {who} · {entry.record}, page {pages_words}", body, indent=8)
    if timeline.services or timeline.undated_services:
        pages.y += 4
        pages.text("Requested services", heading)
        for service in timeline.services:
            pages.text(f"• {service.description}: requested {service.on.strftime('%m/%d/%Y')}", body, indent=8)
        for unplaced in timeline.undated_services:
            pages.text(f"• {unplaced.description}: no request date given", body, indent=8)
