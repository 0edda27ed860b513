"""Printing PDF pages (the report, or pages of a record) through Qt's printer, one image per page.

QtPdf renders each page at the printer's resolution (capped, so a 1200 dpi printer does not
ask for gigapixel images); the page is scaled to the printable area keeping its proportions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from reviewer_app.domain.errors import ReviewerError

_MAX_DPI = 300


def pdf_page_count(pdf: Path) -> int:
    document = QPdfDocument()
    try:
        if document.load(str(pdf)) != QPdfDocument.Error.None_:
            raise ReviewerError(f"{pdf.name} cannot be opened for printing.")
        return document.pageCount()
    finally:
        document.close()


def paint_pdf(
    printer: QPrinter,
    pdf: Path,
    pages: Sequence[int] | None = None,
    marks: Mapping[int, Sequence[tuple[QRectF, tuple[int, int, int]]]] | None = None,
) -> int:
    """Paint ``pages`` (0-based; all when None) of ``pdf`` on ``printer``; returns the pages printed.

    ``marks`` are the physician's highlights by page (rect in PDF points, RGB), printed over the page
    as the viewer shows them.
    """
    document = QPdfDocument()
    if document.load(str(pdf)) != QPdfDocument.Error.None_:
        raise ReviewerError(f"{pdf.name} cannot be opened for printing.")
    chosen = list(range(document.pageCount())) if pages is None else [p for p in pages if 0 <= p < document.pageCount()]
    painter = QPainter()
    if not painter.begin(printer):
        document.close()
        raise ReviewerError("The printer could not be started; check that it is connected and try again.")
    try:
        dpi = min(printer.resolution(), _MAX_DPI)
        area = QRectF(painter.viewport())
        for position, index in enumerate(chosen):
            if position:
                printer.newPage()
            points = document.pagePointSize(index)
            if points.width() <= 0 or points.height() <= 0:
                continue
            scale = min(area.width() / points.width(), area.height() / points.height())
            target = QRectF(0, 0, points.width() * scale, points.height() * scale)
            target.moveCenter(area.center())
            pixels = QSize(max(1, round(points.width() * dpi / 72)), max(1, round(points.height() * dpi / 72)))
            image = document.render(index, pixels)
            painter.drawImage(target, image)
            for rect, rgb in (marks or {}).get(index, ()):
                fill = QColor(*rgb)
                fill.setAlpha(90)
                painter.fillRect(
                    QRectF(
                        target.left() + rect.left() * scale,
                        target.top() + rect.top() * scale,
                        rect.width() * scale,
                        rect.height() * scale,
                    ),
                    fill,
                )
    finally:
        painter.end()
        document.close()
    return len(chosen)
