"""The treatment timeline picture (``timelineView``): encounters as marks on a time axis, one lane per provider or type.

A custom-painted scroll area: the lane labels stay at the left and the axis at the top while the
plot scrolls; only the marks in view are painted. Ctrl+wheel (or the panel's buttons, or + and -)
zooms about the pointer; Fit shows the whole span. The keyboard moves between marks (Left/Right
in date order, Up/Down to the nearest mark of the lane above or below, Home/End), Enter opens the
one chosen; a click on a mark opens its first page. Tooltips say date, type, provider, pages and
summary, and a mark's state (dated before the injury, low confidence) is a sign beside it, not a
colour alone.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from reviewer_app.domain.timeline import Timeline, build_timeline, mark_words
from reviewer_app.ui.timeline_painting import (
    Colours,
    Geometry,
    Sprites,
    draw_header,
    draw_lane_labels,
    draw_lanes,
    draw_mark,
)

ZOOM_STEP = 1.4
MAX_PIXELS_PER_DAY = 60.0


def screen_font(widget: QWidget) -> QFont:
    """The widget's font by pixel size, so the geometry's metrics are the screen's."""
    font = QFont(widget.font())
    font.setPixelSize(max(9, QFontInfo(widget.font()).pixelSize()))
    return font


class TimelineView(QAbstractScrollArea):
    """Signals:
    page_requested(int record_id, int page_index): open a mark's first page (a click, or Enter).
    mark_chosen(int index): the mark chosen by click or keyboard (an index into ``timeline.marks``).
    """

    page_requested = Signal(int, int)
    mark_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        self.setAccessibleName("Treatment timeline")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.viewport().setMouseTracking(True)
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())
        self.geometry_ = Geometry(build_timeline([]), screen_font(self))
        self.selected: int | None = None
        self._picture: QPixmap | None = None
        self._sprites = Sprites(self.devicePixelRatioF())
        self._picture_key: tuple[object, ...] = ()
        self._zoom_chosen = False  # False: the whole span fits, and fits again as the view is resized

    # -- what is shown --

    @property
    def timeline(self) -> Timeline:
        return self.geometry_.timeline

    def set_timeline(self, timeline: Timeline) -> None:
        """Show ``timeline``; the scale is kept when one was chosen, else the whole span fits."""
        scale = self.geometry_.pixels_per_day
        chosen = self.timeline.marks[self.selected].entry if self.selected is not None else None
        self.geometry_ = Geometry(timeline, screen_font(self), scale)
        self.geometry_.label_width = self._label_width()
        self.selected = None
        if chosen is not None:
            same = [i for i, m in enumerate(timeline.marks) if m.entry == chosen]
            self.selected = same[0] if same else None
        if not self._zoom_chosen:
            self.fit()
        self._update_scrollbars()
        self.viewport().update()

    def _label_width(self) -> float:
        """Room for the longest lane's name and count, but never more than a third of the view."""
        metrics = QFontMetricsF(screen_font(self))
        longest = max(
            (metrics.horizontalAdvance(f"{lane.label} ({lane.marks})") for lane in self.timeline.lanes), default=80
        )
        return float(max(90, min(longest + 16, self.viewport().width() / 3, 320)))

    # -- zoom and scroll --

    def plot_width(self) -> float:
        """The width of the plot in view (right of the lane labels)."""
        return max(50.0, self.viewport().width() - self.geometry_.label_width)

    def fit(self) -> None:
        """Show the whole span at once."""
        self.geometry_.fit(self.plot_width() - 12)
        self._zoom_chosen = False
        self._update_scrollbars()
        self.horizontalScrollBar().setValue(0)
        self.viewport().update()

    def zoom(self, factor: float, about_x: float | None = None) -> None:
        """Zoom by ``factor`` keeping the day under ``about_x`` (viewport x; the middle when None) in place."""
        g = self.geometry_
        anchor = (about_x if about_x is not None else g.label_width + self.plot_width() / 2) - g.label_width
        day = (anchor + self.horizontalScrollBar().value()) / g.pixels_per_day
        least = (self.plot_width() - 12) / g.days
        g.pixels_per_day = min(MAX_PIXELS_PER_DAY, max(least, g.pixels_per_day * factor))
        self._zoom_chosen = True
        self._update_scrollbars()
        self.horizontalScrollBar().setValue(round(day * g.pixels_per_day - anchor))
        self.viewport().update()

    def centre_on(self, day: dt.date, lane: int | None = None) -> None:
        """Scroll so that ``day`` (and ``lane``) is in the middle of the view."""
        g = self.geometry_
        self.horizontalScrollBar().setValue(round(g.x(day) - self.plot_width() / 2))
        if lane is not None:
            lanes_view = self.viewport().height() - g.header_height
            self.verticalScrollBar().setValue(round(g.lane_y(lane) - lanes_view / 2))

    def _update_scrollbars(self) -> None:
        g = self.geometry_
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setRange(0, max(0, round(g.plot_width - self.plot_width())))
        h.setPageStep(round(self.plot_width()))
        h.setSingleStep(max(10, round(self.plot_width() / 20)))
        lanes_view = max(1.0, self.viewport().height() - g.header_height)
        v.setRange(0, max(0, round(g.lanes_height - lanes_view)))
        v.setPageStep(round(lanes_view))
        v.setSingleStep(round(g.lane_height))

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.geometry_.label_width = self._label_width()
        if not self._zoom_chosen:
            self.fit()
        self._update_scrollbars()

    # -- where marks are on the screen --

    def to_plot(self, point: QPoint | QPointF) -> tuple[float, float]:
        """A viewport point as plot coordinates (x along the axis, y down the lanes)."""
        g = self.geometry_
        return (
            point.x() - g.label_width + self.horizontalScrollBar().value(),
            point.y() - g.header_height + self.verticalScrollBar().value(),
        )

    def mark_rect(self, index: int) -> QRect:
        """Where mark ``index`` is drawn in the viewport (it may be outside: scroll with :meth:`reveal`)."""
        g = self.geometry_
        rect = g.mark_rect(index)
        rect.translate(
            g.label_width - self.horizontalScrollBar().value(), g.header_height - self.verticalScrollBar().value()
        )
        return rect.toAlignedRect()

    def reveal(self, index: int) -> None:
        """Scroll mark ``index`` into view when it is not."""
        rect, area = self.mark_rect(index), self._plot_area()
        if not area.adjusted(8, 4, -8, -4).contains(rect.center()):
            mark = self.timeline.marks[index]
            self.centre_on(mark.start, mark.lane)

    def _plot_area(self) -> QRect:
        g = self.geometry_
        return QRect(round(g.label_width), round(g.header_height), round(self.plot_width()), self.viewport().height())

    def mark_at(self, point: QPoint | QPointF) -> int | None:
        if point.x() < self.geometry_.label_width or point.y() < self.geometry_.header_height:
            return None
        return self.geometry_.mark_at(*self.to_plot(point))

    # -- choosing and opening --

    def choose(self, index: int | None, open_page: bool = False) -> None:
        """Make mark ``index`` the chosen one (shown with a frame, said to screen readers); open its page if asked."""
        self.selected = index
        if index is not None:
            self.reveal(index)
            words = mark_words(self.timeline.marks[index])
            self.setAccessibleDescription(words)
            self.mark_chosen.emit(index)
            if open_page:
                entry = self.timeline.marks[index].entry
                self.page_requested.emit(entry.record_id, entry.first_page - 1)
        self.viewport().update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            index = self.mark_at(event.position())
            if index is not None:
                self.choose(index, open_page=True)
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.mark_at(event.position()) is not None  # a mark opens its page: the pointer says so
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def tooltip_at(self, point: QPoint) -> str:
        """What the tooltip says at a viewport point: a mark's words, a lane's name, a gap, the injury."""
        return self._tip(point)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, marks = event.key(), self.timeline.marks
        if not marks:
            super().keyPressEvent(event)
            return
        current = self.selected
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Left):
            step = 1 if key == Qt.Key.Key_Right else -1
            start = current if current is not None else (-1 if step > 0 else len(marks))
            self.choose(min(len(marks) - 1, max(0, start + step)))
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self.choose(0 if key == Qt.Key.Key_Home else len(marks) - 1)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.choose(self._neighbour_lane(current, -1 if key == Qt.Key.Key_Up else 1))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and current is not None:
            self.choose(current, open_page=True)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom(1 / ZOOM_STEP)
        else:
            super().keyPressEvent(event)

    def _neighbour_lane(self, current: int | None, step: int) -> int:
        """The mark nearest in date to the chosen one in the next lane (up or down) that has marks."""
        marks = self.timeline.marks
        if current is None:
            return 0
        here = marks[current]
        lane = here.lane + step
        while 0 <= lane < len(self.timeline.lanes):
            candidates = [i for i, m in enumerate(marks) if m.lane == lane]
            if candidates:
                return min(candidates, key=lambda i: abs((marks[i].start - here.start).days))
            lane += step
        return current

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom(ZOOM_STEP**steps, event.position().x())
            event.accept()
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and event.angleDelta().x() == 0:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - round(event.angleDelta().y() / 120 * bar.singleStep() * 3))
            event.accept()
            return
        super().wheelEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            QToolTip.showText(event.globalPos(), self._tip(event.pos()), self.viewport())
            return True
        return super().viewportEvent(event)

    def _tip(self, point: QPoint) -> str:
        g = self.geometry_
        index = self.mark_at(point)
        if index is not None:
            return mark_words(self.timeline.marks[index])
        if point.x() < g.label_width and point.y() >= g.header_height:
            lane = int(self.to_plot(point)[1] // g.lane_height)
            if 0 <= lane < len(self.timeline.lanes):
                item = self.timeline.lanes[lane]
                return f"{item.label}: {item.marks} documents"
            return ""
        if point.x() >= g.label_width:
            day = g.day_at(self.to_plot(point)[0])
            for gap in self.timeline.gaps:
                if gap.start <= day <= gap.end:
                    return gap.describe()
            injury = self.timeline.injury
            if injury is not None and abs(g.x(injury) - self.to_plot(point)[0]) <= 4:
                return f"Date of injury: {injury.strftime('%m/%d/%Y')}"
        return ""

    # -- painting --

    def colours(self) -> Colours:
        palette = self.palette()
        base, text = palette.base().color(), palette.text().color()
        stripe = palette.alternateBase().color()
        grid = QColor(text)
        grid.setAlpha(50)
        gap = QColor(240, 170, 40, 60 if base.lightness() > 128 else 80)
        focus = palette.highlight().color()
        return Colours(base, text, grid, stripe, gap, focus=focus)

    def paintEvent(self, event: QPaintEvent) -> None:
        # The picture is drawn once per scroll position and scale into a pixmap; choosing a mark (the
        # keyboard, a click) or a change of focus draws only the chosen mark's frame over it.
        g = self.geometry_
        colours = self.colours()
        painter = QPainter(self.viewport())
        try:
            if not self.timeline.marks:
                painter.fillRect(self.viewport().rect(), colours.background)
                painter.setFont(g.font)
                painter.setPen(colours.text)
                painter.drawText(
                    self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, "No dated documents to place yet."
                )
                return
            h, v = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
            size, ratio = self.viewport().size(), self.devicePixelRatioF()
            key = (h, v, size.width(), size.height(), ratio, g.pixels_per_day, g.label_width, id(g), colours.key())
            if self._picture is None or self._picture_key != key:
                picture = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
                picture.setDevicePixelRatio(ratio)
                into = QPainter(picture)
                try:
                    self._paint_picture(into, colours)
                finally:
                    into.end()
                self._picture, self._picture_key = picture, key
            painter.drawPixmap(0, 0, self._picture)
            if self.selected is not None:
                painter.setClipRect(self._plot_area())
                painter.translate(g.label_width - h, g.header_height - v)
                painter.setFont(g.font)
                draw_mark(painter, g, self.selected, colours, selected=True, focused=self.hasFocus())
        finally:
            painter.end()

    def _paint_picture(self, painter: QPainter, colours: Colours) -> None:
        g = self.geometry_
        painter.fillRect(self.viewport().rect(), colours.background)
        painter.setFont(g.font)
        h, v = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        width, height = self.viewport().width(), self.viewport().height()
        x0, x1 = float(h), float(h + width - g.label_width)
        first = max(0, int(v // g.lane_height))
        last = min(len(self.timeline.lanes), int((v + height - g.header_height) // g.lane_height) + 1)
        lanes = range(first, last)
        painter.save()
        painter.setClipRect(QRectF(g.label_width, g.header_height, width - g.label_width, height - g.header_height))
        painter.translate(g.label_width - h, g.header_height - v)
        if self._sprites.ratio != self.devicePixelRatioF():
            self._sprites = Sprites(self.devicePixelRatioF())
        draw_lanes(painter, g, x0, x1, lanes, colours, sprites=self._sprites)
        painter.restore()
        painter.save()
        painter.setClipRect(QRectF(g.label_width, 0, width - g.label_width, g.header_height))
        painter.translate(g.label_width - h, 0)
        draw_header(painter, g, x0, x1, colours)
        painter.restore()
        painter.save()
        painter.setClipRect(QRectF(0, g.header_height, g.label_width, height - g.header_height))
        painter.translate(0, g.header_height - v)
        draw_lane_labels(painter, g, lanes, colours)
        painter.restore()
        painter.setPen(colours.text)
        lanes_by = "Provider" if self.timeline.lanes_by == "provider" else "Type"
        painter.drawText(QPointF(6, g.header_height - 6), lanes_by)

    def focusInEvent(self, event: object) -> None:
        super().focusInEvent(event)  # type: ignore[arg-type]
        self.viewport().update()

    def focusOutEvent(self, event: object) -> None:
        super().focusOutEvent(event)  # type: ignore[arg-type]
        self.viewport().update()
