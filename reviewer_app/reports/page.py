"""What every page of the report carries: header, footer with "Page X of Y", and the DRAFT watermark."""

from __future__ import annotations

import calendar
import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from reviewer_app.reports.fonts import BOLD, REGULAR

PAGE_MARGIN = 0.95 * inch  # left and right
TOP_MARGIN, BOTTOM_MARGIN = 0.9 * inch, 0.95 * inch  # the header and footer sit in them
RULE = colors.Color(0.72, 0.72, 0.72)
MUTED = colors.Color(0.35, 0.35, 0.35)
WATERMARK = colors.Color(0.86, 0.86, 0.86)

CONFIDENTIAL = "Confidential: contains protected health information. Disclose only as the law and the referral permit."


@dataclass(frozen=True)
class PageFurniture:
    """The texts of the header and footer, the same on every page."""

    left_header: str  # "Marisol Ortega · Claim WC-26-104387"
    right_header: str  # the report's title, or "DRAFT — not signed"
    footer_note: str  # "Form peer_review@1 · Reference PR-2026-004512"
    draft: bool
    stamp: dt.date  # the report date: the PDF's creation and modification dates
    practice_name: str = ""  # later pages carry the practice's name small above the header (the first its letterhead)
    accent: tuple[float, float, float] | None = None  # the practice's colour, as red, green, blue from 0 to 1


def _fixed_timestamp(canvas: Canvas, day: dt.date) -> None:
    """Creation and modification dates from the report date (noon UTC), so the same content gives the same bytes."""
    epoch = calendar.timegm((day.year, day.month, day.day, 12, 0, 0))
    stamp = canvas._doc._timeStamp
    stamp.t = epoch
    stamp.lt = time.gmtime(epoch)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"


def draw_watermark(canvas: Canvas, width: float, height: float) -> None:
    """A light-grey diagonal DRAFT behind the page's content."""
    canvas.saveState()
    canvas.setFillColor(WATERMARK)
    canvas.setFont(BOLD, 120)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(52)
    canvas.drawCentredString(0, -40, "DRAFT")
    canvas.restoreState()


def canvas_class(furniture: PageFurniture) -> type[Canvas]:
    """A canvas that holds its pages until the end, so each can say "Page X of Y"."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1
            # Else each page starts in Helvetica, a font the PDF would name without embedding.
            kwargs["initialFontName"] = REGULAR
            super().__init__(*args, **kwargs)
            _fixed_timestamp(self, furniture.stamp)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for number, state in enumerate(self._saved_pages, 1):
                self.__dict__.update(state)
                self._draw_furniture(number, total)
                super().showPage()
            super().save()

        def _draw_furniture(self, number: int, total: int) -> None:
            width, height = self._pagesize
            left, right = PAGE_MARGIN, width - PAGE_MARGIN
            self.saveState()
            top = height - 0.55 * inch
            self.setFont(REGULAR, 8)
            self.setFillColor(MUTED)
            if furniture.practice_name and number > 1:
                self.setFont(BOLD, 7)
                self.setFillColor(colors.Color(*furniture.accent) if furniture.accent else MUTED)
                self.drawString(left, top + 11, furniture.practice_name)
                self.setFont(REGULAR, 8)
                self.setFillColor(MUTED)
            self.drawString(left, top, furniture.left_header)
            if furniture.draft:
                self.setFont(BOLD, 8)
                self.setFillColor(colors.Color(0.6, 0.1, 0.1))
            self.drawRightString(right, top, furniture.right_header)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(left, top - 5, right, top - 5)
            bottom = 0.5 * inch
            self.line(left, bottom + 20, right, bottom + 20)
            self.setFont(REGULAR, 7)
            self.setFillColor(MUTED)
            self.drawString(left, bottom + 9, CONFIDENTIAL)
            self.drawString(left, bottom, furniture.footer_note)
            self.setFont(REGULAR, 8)
            self.setFillColor(colors.black)
            self.drawRightString(right, bottom + 4, f"Page {number} of {total}")
            self.restoreState()

    return NumberedCanvas
