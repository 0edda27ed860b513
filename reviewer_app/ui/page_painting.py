"""How the page viewer paints: the background, each page with its border and shadow, and the
marks over the pages (search-hit highlights, the area selected for a citation)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QPen, QTransform

HIGHLIGHT_FILL = QColor(255, 213, 0, 100)
HIGHLIGHT_OUTLINE = QColor(214, 150, 0)


def paint_background(painter: QPainter, rect: QRect, palette: QPalette) -> None:
    """The grey the pages lie on: a shade darker than the window, in light and dark themes."""
    window = palette.color(QPalette.ColorRole.Window)
    painter.fillRect(rect, window.darker(112 if window.lightness() > 128 else 135))


def paint_message(painter: QPainter, rect: QRect, palette: QPalette, text: str) -> None:
    """Why no page is shown (the record could not be opened), centred and wrapped."""
    painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
    flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
    painter.drawText(rect.adjusted(24, 24, -24, -24), int(flags), text)


def paint_page(
    painter: QPainter, page: int, image: QImage | None, rect: QRect, exposed: QRect, device_ratio: float
) -> None:
    """One page at ``rect`` (content pixels), only the part inside ``exposed``."""
    # A hairline border and a soft offset shadow lift the page off the background.
    painter.fillRect(rect.adjusted(2, 2, 3, 3), QColor(0, 0, 0, 28))
    painter.fillRect(rect.adjusted(-1, -1, 1, 1), QColor(0, 0, 0, 70))
    shown = rect.intersected(exposed)
    if shown.isEmpty():
        return
    if image is None:
        painter.fillRect(rect, Qt.GlobalColor.white)
        painter.setPen(QColor(120, 120, 120))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), f"Page {page + 1} could not be shown.")
        return
    scale_x = image.width() / rect.width()
    scale_y = image.height() / rect.height()
    source = QRectF(
        (shown.x() - rect.x()) * scale_x,
        (shown.y() - rect.y()) * scale_y,
        shown.width() * scale_x,
        shown.height() * scale_y,
    )
    # Smooth scaling only when the image was downscaled for memory; otherwise it is 1:1.
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, abs(scale_x - device_ratio) > 0.01)
    painter.drawImage(QRectF(shown), image, source)


def paint_highlights(painter: QPainter, transform: QTransform, rects_pt: Sequence[QRectF]) -> None:
    """Search hits on one page: ``rects_pt`` in the page's points, ``transform`` to content pixels."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    pen = QPen(HIGHLIGHT_OUTLINE, 1.5)
    pen.setCosmetic(True)
    painter.setPen(pen)
    painter.setBrush(HIGHLIGHT_FILL)
    for rect in rects_pt:
        painter.drawRect(transform.mapRect(rect).adjusted(-1, -1, 1, 1))


def paint_pen_marks(painter: QPainter, transform: QTransform, marks: Sequence[tuple[QRectF, QColor]]) -> None:
    """The physician's highlights on one page: translucent colour over the words, as a highlighter pen."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(Qt.PenStyle.NoPen)
    for rect, colour in marks:
        fill = QColor(colour)
        fill.setAlpha(90)
        painter.setBrush(fill)
        painter.drawRect(transform.mapRect(rect))


def paint_areas(painter: QPainter, rects: Sequence[QRectF], palette: QPalette) -> None:
    """Selected areas (content pixels): dashed in the theme's accent, lightly filled."""
    if not rects:
        return
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    accent = palette.color(QPalette.ColorRole.Highlight)
    fill = QColor(accent)
    fill.setAlpha(45)
    pen = QPen(accent, 1.5, Qt.PenStyle.DashLine)
    pen.setCosmetic(True)
    painter.setPen(pen)
    painter.setBrush(fill)
    for rect in rects:
        painter.drawRect(rect)
