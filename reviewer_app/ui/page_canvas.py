"""The surface the page viewer draws on: a scroll area showing the pages of one PDF, laid out by
``page_geometry``, rendered through ``page_cache`` and painted by ``page_painting``.

It knows where every page is and what is on screen; the reader's commands (open, go to a page,
zoom, highlight, select) are ``PageViewer``'s, built on top of it. The two share their state:
this class holds it, so that the viewer's public methods read as what they do for the reader.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QGuiApplication,
    QHideEvent,
    QImage,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
    QTransform,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QWidget

from reviewer_app.ui import page_painting
from reviewer_app.ui.page_cache import PageImageCache, render_page, render_size
from reviewer_app.ui.page_geometry import PageLayout, Rect, ZoomMode
from reviewer_app.ui.page_sizes import SIZE_SLICE_MS, PageSizes
from reviewer_app.ui.read_time import ReadTimeTracker

SCROLL_STEP = 48


def qrect(rect: Rect) -> QRect:
    """A geometry rectangle as a QRect."""
    return QRect(rect.x, rect.y, rect.width, rect.height)


class PageCanvas(QAbstractScrollArea):
    """Lays out, scrolls, renders and paints the pages; tracks the current page and reading time.

    The signals are documented on ``PageViewer``.
    """

    document_opened = Signal(int)
    document_closed = Signal()
    current_page_changed = Signal(int)
    zoom_changed = Signal(float)
    rotation_changed = Signal(int)
    page_dwelled = Signal(int)
    area_selected = Signal(int, QRectF)
    words_dragged = Signal(int, QPointF, QPointF)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Always shown: in fit-width mode a scroll bar appearing would narrow the pages, which
        # could make it disappear again.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.verticalScrollBar().setSingleStep(SCROLL_STEP)
        self.horizontalScrollBar().setSingleStep(SCROLL_STEP)
        self.viewport().setAutoFillBackground(False)

        self._document = QPdfDocument(self)
        self._path: Path | None = None
        self._open = False
        self._error = ""
        self._needs_password = False

        self._sizes = PageSizes(self._document)
        self._mode = ZoomMode.FIT_WIDTH
        self._zoom = 1.0
        self._rotation = 0
        self._geometry = PageLayout([], viewport=(0, 0))
        self._laid_out_size = (-1, -1)
        self._cache = PageImageCache()

        self._current = -1
        self._pinned: tuple[int, int] | None = None  # (page, scroll value) set by go_to_page
        self._direction = 1
        self._highlights: tuple[int, list[QRectF]] | None = None
        # The physician's own highlights (kept with the case), by page: (rect in points, colour).
        self._pen_marks: dict[int, list[tuple[QRectF, QColor]]] = {}
        self._selection: tuple[int, QRectF] | None = None
        self._drag_page: int | None = None
        self._drag_start = QPointF()
        self._drag_end: QPointF | None = None
        self._drag_rect: QRectF | None = None

        self._reading = ReadTimeTracker(self._readable_now, self)
        self._reading.page_dwelled.connect(self.page_dwelled)
        self._prefetch_timer = self._idle_timer(self._prefetch)
        self._size_timer = self._idle_timer(self._measure_next_slice)
        self._detached = False
        QGuiApplication.instance().applicationStateChanged.connect(self._application_state_changed)
        # Set while the viewer moves the scroll bars itself, so that the intermediate positions
        # neither unpin the page gone to nor emit page changes.
        self._quiet = False

    def _idle_timer(self, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(0)
        timer.timeout.connect(slot)
        return timer

    def _readable_now(self) -> list[int] | None:
        window = self.window()
        if not (self._open and self.isVisible() and not window.isMinimized()):
            return None
        # Pages are read in the active window; a viewer detached beside the main window (a second
        # monitor) is read while the physician types the findings: then any of the application's
        # windows being active will do, and another application's will not.
        application_active = QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive
        if not (window.isActiveWindow() or (self._detached and application_active)):
            return None
        return self._geometry.readable_pages(self._origin_xy())

    def _application_state_changed(self, _state: Qt.ApplicationState) -> None:
        self._reading.update()

    # ------------------------------------------------------------------ layout (internal)

    def _viewport_size(self) -> tuple[int, int]:
        return (self.viewport().width(), self.viewport().height())

    def _pixels_per_point(self) -> float:
        # 100 % is the page's physical size at the screen's logical resolution, as in QPdfView.
        return self.viewport().logicalDpiX() / 72.0

    def _ensure_size(self, page: int) -> None:
        """Measure one page out of turn (one about to be shown), laying out again if it is not the
        size assumed. The pages before it may still be assumed: when the background reading
        corrects them, the layout keeps the view where it is."""
        if self._open and self._sizes.measure(page):
            self._follow_viewport()

    def _measure_next_slice(self) -> None:
        if not self._open:
            return
        if self._sizes.measure_for(SIZE_SLICE_MS):
            self._follow_viewport()
        if not self._sizes.complete():
            self._size_timer.start()

    def _layout(self) -> None:
        if not self._open:
            return
        self._laid_out_size = self._viewport_size()
        self._geometry = PageLayout(
            self._sizes.sizes,
            viewport=self._laid_out_size,
            mode=self._mode,
            zoom=self._zoom,
            rotation=self._rotation,
            pixels_per_point=self._pixels_per_point(),
        )
        self._update_scrollbars()

    def _needs_layout(self) -> bool:
        """Whether the viewport changed in a way the pages follow (its height matters to fit page only)."""
        width, height = self._viewport_size()
        if width != self._laid_out_size[0]:
            return True
        return self._mode is ZoomMode.FIT_PAGE and height != self._laid_out_size[1]

    def _update_scrollbars(self) -> None:
        geometry = self._geometry
        geometry.viewport = self._viewport_size()  # the scroll range follows every resize
        horizontal_range, vertical_range = geometry.scroll_range()
        vertical, horizontal = self.verticalScrollBar(), self.horizontalScrollBar()
        vertical.setRange(0, vertical_range)
        vertical.setPageStep(max(1, geometry.viewport[1]))
        horizontal.setRange(0, horizontal_range)
        horizontal.setPageStep(max(1, geometry.viewport[0]))

    def _origin_xy(self) -> tuple[int, int]:
        return self._geometry.origin(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def _origin(self) -> QPoint:
        """Content coordinates of the viewport's top-left corner."""
        return QPoint(*self._origin_xy())

    def _page_transform(self, page: int) -> QTransform:
        """Page points (unrotated view) to content pixels."""
        a = self._geometry.page_to_content(page)
        return QTransform(a.m11, a.m12, a.m21, a.m22, a.dx, a.dy)

    def _relayout(self, anchor: QPointF) -> None:
        """Lay out again, keeping the page point under ``anchor`` (viewport coordinates) in place."""
        if not self._open or not len(self._geometry):
            self._layout()
            return
        origin = QPointF(self._origin())
        page = self._geometry.nearest_page(anchor.y() + origin.y())
        inverse, _ = self._page_transform(page).inverted()
        point_pt = inverse.map(anchor + origin)
        pinned = self._pinned
        self._quiet = True
        try:
            self._layout()
            content = self._page_transform(page).map(point_pt)
            spare = self._geometry.spare_width()
            self.horizontalScrollBar().setValue(round(content.x() - anchor.x() + spare))
            self.verticalScrollBar().setValue(round(content.y() - anchor.y()))
        finally:
            self._quiet = False
        if pinned is not None and pinned[0] < len(self._geometry):
            # The page the reader went to stays the current one through a zoom or a resize.
            self._pinned = (pinned[0], self.verticalScrollBar().value())
        self.viewport().update()
        self._after_scroll()

    def _follow_viewport(self) -> None:
        """Lay out again after the viewport or a page size changed, the top of the view kept.

        When fitting, the zoom follows too: say so, or the zoom box would keep the old figure.
        """
        before = self._effective_zoom()
        self._relayout(QPointF(self.viewport().width() / 2, 0.0))
        after = self._effective_zoom()
        if self._mode is not ZoomMode.FIXED and not math.isclose(before, after, abs_tol=1e-4):
            self.zoom_changed.emit(after)

    def _effective_zoom(self) -> float:
        if self._open and len(self._geometry):
            return self._geometry.effective_zoom(max(0, self._current))
        return self._zoom

    def _reveal(self, page: int, rect: QRectF) -> None:
        """Scroll so that ``rect`` (content coordinates) is visible, if it is not already."""
        origin = self._origin()
        visible = QRectF(QPointF(origin), QSizeF(self.viewport().size()))
        if visible.contains(rect):
            return
        vertical, horizontal = self.verticalScrollBar(), self.horizontalScrollBar()
        self._quiet = True
        try:
            if rect.top() < visible.top() or rect.bottom() > visible.bottom():
                # A third of a screen of context above the hit, but no more than the page's top.
                page_top = self._geometry.top_of(page)
                vertical.setValue(round(max(page_top, rect.top() - self.viewport().height() / 3)))
            if rect.left() < visible.left() or rect.right() > visible.right():
                horizontal.setValue(round(rect.center().x() - self.viewport().width() / 2))
        finally:
            self._quiet = False
        self._direction = 1 if page >= self._current else -1
        self._pinned = (page, vertical.value())
        self._after_scroll()

    def _after_scroll(self) -> None:
        """Bring the current page, the review tracking and the toolbar up to date."""
        if not self._open:
            return
        if self._pinned is not None and self._pinned[1] != self.verticalScrollBar().value():
            self._pinned = None
        if self._pinned is not None:
            current = self._pinned[0]
        else:
            shown = self._geometry.most_visible_page(self._origin_xy())
            current = shown if shown is not None else max(self._current, 0)
        if current != self._current:
            self._current = current
            self.current_page_changed.emit(current)
            if self._mode is not ZoomMode.FIXED:
                self.zoom_changed.emit(self.zoom())
        self._reading.update()

    # ------------------------------------------------------------------ rendering (internal)

    def _render_key(self, page: int) -> tuple[int, int, int, int]:
        rect = self._geometry.rects[page]
        ratio = self.viewport().devicePixelRatioF()
        size = render_size(QSize(round(rect.width * ratio), round(rect.height * ratio)))
        return (page, size.width(), size.height(), self._rotation)

    def _image(self, page: int) -> QImage | None:
        key = self._render_key(page)
        image = self._cache.get(key)
        if image is None:
            image = render_page(self._document, page, QSize(key[1], key[2]), self._rotation)
            if image.isNull():
                return None
            self._cache.put(key, image)
        return image

    def _prefetch(self) -> None:
        """Render the page after the visible ones (before, when reading backwards) while the reader reads."""
        if not self._open or not self.isVisible():
            return
        visible = self._geometry.visible_pages(self._origin_xy())
        if not visible:
            return
        target = visible[-1].page + 1 if self._direction >= 0 else visible[0].page - 1
        if not 0 <= target < len(self._geometry):
            return
        key = self._render_key(target)
        on_screen = sum(k[1] * k[2] * 4 for k in (self._render_key(v.page) for v in visible))
        # At a high zoom, the page ahead could push a page on screen out of the cache, to be
        # rendered again at the next scroll step: better no prefetch than that.
        if on_screen + key[1] * key[2] * 4 <= self._cache.budget:
            self._image(target)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        palette = self.palette()
        page_painting.paint_background(painter, event.rect(), palette)
        if not self._open:
            if self._error:
                page_painting.paint_message(painter, self.viewport().rect(), palette, self._error)
            painter.end()
            return
        origin = self._origin()
        exposed = event.rect().translated(origin)
        painter.translate(-origin)
        ratio = self.viewport().devicePixelRatioF()
        geometry = self._geometry
        first = geometry.nearest_page(exposed.top() - 4)
        for page in range(first, len(geometry)):
            rect = geometry.rects[page]
            if rect.y > exposed.bottom() + 4:
                break
            shown = qrect(rect)
            image = self._image(page) if shown.intersects(exposed) else None
            page_painting.paint_page(painter, page, image, shown, exposed, ratio)
        self._paint_marks(painter, exposed)
        painter.end()
        self._prefetch_timer.start()

    def _paint_marks(self, painter: QPainter, exposed: QRect) -> None:
        for page, marks in self._pen_marks.items():
            if page < len(self._geometry) and qrect(self._geometry.rects[page]).intersects(exposed):
                page_painting.paint_pen_marks(painter, self._page_transform(page), marks)
        if self._highlights is not None:
            page, rects = self._highlights
            if page < len(self._geometry) and qrect(self._geometry.rects[page]).intersects(exposed):
                page_painting.paint_highlights(painter, self._page_transform(page), rects)
        marks: list[QRectF] = []
        if self._selection is not None and self._selection[0] < len(self._geometry):
            marks.append(self._page_transform(self._selection[0]).mapRect(self._selection[1]))
        if self._drag_rect is not None:
            marks.append(self._drag_rect)
        page_painting.paint_areas(painter, marks, self.palette())

    # ------------------------------------------------------------------ Qt event handlers

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        if dy:
            self._direction = 1 if dy < 0 else -1
        self.viewport().scroll(dx, dy)
        if not self._quiet:
            self._after_scroll()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Called for the frame and again for the viewport; lay out once per size the pages follow.
        if self._open and self._needs_layout():
            self._follow_viewport()
        else:
            self._update_scrollbars()
            self._after_scroll()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._reading.update()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._reading.update()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._reading.update()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.ActivationChange, QEvent.Type.WindowStateChange, QEvent.Type.ParentChange):
            # A move to another window (detached to a second monitor, and back) is a change of
            # window: reading counts in the new one only while it is active.
            self._reading.update()
        elif event.type() == QEvent.Type.PaletteChange:
            self.viewport().update()
