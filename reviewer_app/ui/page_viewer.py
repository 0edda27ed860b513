"""The record page viewer: continuous scrolling over a PDF, rendered page by page through QtPdf.

Why not ``QPdfView``: the physician needs search-hit highlights, a rubber band for citations,
review tracking (which pages were on screen long enough to read) and a bounded memory use on
records of thousands of pages. QPdfView offers none of these hooks, so the viewer lays the pages
out itself, renders only what is on screen (plus the next page, while the reader reads) and
keeps the rendered images in a small LRU cache.

The parts, one job each: ``page_geometry`` (zoom modes, page positions, hit testing; no Qt),
``page_sizes`` (reading page sizes a slice at a time), ``page_cache`` (rendering and the cache),
``page_painting``, ``read_time`` (review tracking) and ``viewer_toolbar``. This module is the
widget that holds them together: the document, scrolling, keys and mouse.

Coordinates: page geometry in the public API is in PDF points with the origin at the top left
of the page as QtPdf reports it (its own /Rotate applied, the view rotation not), the
system QPdfSelection and QPdfLink use. Inside, "content" coordinates are pixels of the whole
laid-out document; the viewport shows the part of it the scroll bars select.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QWheelEvent,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QScrollBar, QToolBar, QWidget

from reviewer_app.ui import viewer_keys
from reviewer_app.ui.page_cache import MAX_RENDER_PIXELS, render_page, render_size
from reviewer_app.ui.page_canvas import PageCanvas, qrect
from reviewer_app.ui.page_geometry import (
    MARGIN,
    MAX_ZOOM,
    MIN_ZOOM,
    ROTATIONS,
    ZOOM_LEVELS,
    PageLayout,
    ZoomMode,
    clamp_zoom,
    zoom_step_in,
    zoom_step_out,
)
from reviewer_app.ui.page_sizes import SIZE_FIRST_PAGES, SIZE_SLICE_MS
from reviewer_app.ui.read_time import DEFAULT_DWELL_SECONDS
from reviewer_app.ui.viewer_toolbar import ViewerToolbar, toolbar_icon

# Re-exported: the thumbnails, the tests and the benchmarks import them from here.
__all__ = [
    "DEFAULT_DWELL_SECONDS",
    "MARGIN",
    "MAX_RENDER_PIXELS",
    "MAX_ZOOM",
    "MIN_ZOOM",
    "ZOOM_LEVELS",
    "PageViewer",
    "ZoomMode",
    "render_page",
    "render_size",
    "toolbar_icon",
]

_ERROR_TEXTS = {
    QPdfDocument.Error.FileNotFound: "The record's file could not be found or read; re-import the case if it moved.",
    QPdfDocument.Error.InvalidFileFormat: "This file is not a readable PDF; it may be damaged or of another type.",
    QPdfDocument.Error.UnsupportedSecurityScheme: "This PDF is protected by an encryption the viewer cannot open.",
    QPdfDocument.Error.DataNotYetAvailable: "The record is not fully available yet; try again in a moment.",
    QPdfDocument.Error.Unknown: "The record could not be opened.",
}


class PageViewer(PageCanvas):
    """Continuous-scroll viewer of one PDF record, objectName ``pageView``.

    Owns its ``QPdfDocument`` (parented to this widget, never to a child view: see the known
    trap in the architecture notes), so the viewer can be moved to another window (detached to a
    second monitor) and back with its document, page and zoom. Renders only the pages on screen,
    plus one ahead while idle.

    Signals:
        document_opened(int page_count): a document was opened and laid out.
        document_closed(): the document was closed (also before another one opens).
        current_page_changed(int page): the page occupying most of the viewport changed (0-based).
        zoom_changed(float zoom): the zoom factor or the zoom mode changed.
        rotation_changed(int degrees): the view rotation changed (0, 90, 180, 270).
        page_dwelled(int page): a page was readable on screen for the dwell threshold (once per
            page per opened document).
        area_selected(int page, QRectF rect_pt): the reader dragged a rectangle on a page.
        words_dragged(int page, QPointF start_pt, QPointF end_pt): the same drag as the points it
            went from and to, in PDF points: the words between them, in reading order, are selected.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageView")
        self.setAccessibleName("Record page viewer")
        self.setAccessibleDescription("Pages of the open record; drag a rectangle to select an area to cite")
        self._page_prompt: Callable[[], int | None] | None = None
        self._toolbar: ViewerToolbar | None = None

    # ------------------------------------------------------------------ document

    def open_document(self, path: Path, password: str | None = None) -> bool:
        """Open the PDF at ``path``; False (see ``error_text``, ``needs_password``) when it cannot be.

        The zoom mode is kept from the previous record; rotation, highlights, selection and the
        review tracking start afresh.
        """
        self.close_document()
        self._document.setPassword(password or "")
        error = self._document.load(str(path))
        if error != QPdfDocument.Error.None_ or self._document.pageCount() <= 0:
            self._needs_password = error == QPdfDocument.Error.IncorrectPassword
            if self._needs_password:
                self._error = (
                    "The password is not correct for this record. Check it and try again."
                    if password
                    else "This record is protected by a password. Enter the password to open it."
                )
            elif error == QPdfDocument.Error.None_:
                self._error = "This PDF has no pages to show."
            else:
                self._error = _ERROR_TEXTS.get(error, _ERROR_TEXTS[QPdfDocument.Error.Unknown])
            self._document.close()
            self.viewport().update()
            return False

        self._open = True
        self._path = Path(path)
        count = self._document.pageCount()
        self._sizes.reset(count)
        self._sizes.measure_for(SIZE_SLICE_MS, at_least=SIZE_FIRST_PAGES)
        rotated = self._rotation != 0
        self._rotation = 0
        self._quiet = True
        try:
            self._layout()
            self.verticalScrollBar().setValue(0)
            self.horizontalScrollBar().setValue(0)
        finally:
            self._quiet = False
        self._current = -1
        self._pinned = None
        if not self._sizes.complete():
            self._size_timer.start()
        self.viewport().update()
        self.document_opened.emit(count)
        if rotated:
            self.rotation_changed.emit(0)
        self._after_scroll()
        self.zoom_changed.emit(self.zoom())
        return True

    def close_document(self) -> None:
        """Close the open record (if any) and free its rendered pages."""
        was_open = self._open
        self._open = False
        self._size_timer.stop()
        self._prefetch_timer.stop()
        self._reading.reset()
        self._document.close()
        self._path = None
        self._error = ""
        self._needs_password = False
        self._sizes.reset(0)
        self._geometry = PageLayout([], viewport=self._viewport_size())
        self._cache.clear()
        self._highlights = None
        self._selection = None
        self._drag_page = None
        self._drag_rect = None
        self._current = -1
        self._pinned = None
        self._update_scrollbars()
        self.viewport().update()
        if was_open:
            self.document_closed.emit()

    def document(self) -> QPdfDocument:
        """The QPdfDocument this viewer owns (for text extraction); do not close or reparent it."""
        return self._document

    def file_path(self) -> Path | None:
        """The path of the open record, or None."""
        return self._path

    def is_open(self) -> bool:
        """Whether a record is open."""
        return self._open

    def error_text(self) -> str:
        """Why the last ``open_document`` failed, in words a physician can act on; empty otherwise."""
        return self._error

    def needs_password(self) -> bool:
        """Whether the last ``open_document`` failed for want of the right password."""
        return self._needs_password

    def page_count(self) -> int:
        """Number of pages of the open record (0 when none is open)."""
        return len(self._sizes) if self._open else 0

    def page_size_pt(self, page: int) -> QSizeF:
        """Size of a page in points, as QtPdf reports it (its /Rotate applied, the view rotation not)."""
        if not self._open or not 0 <= page < len(self._sizes):
            return QSizeF()
        return self._sizes.size_pt(page)

    # ------------------------------------------------------------------ navigation

    def current_page(self) -> int:
        """The 0-based page occupying most of the viewport (-1 when no record is open)."""
        return self._current if self._open else -1

    def go_to_page(self, index: int, y_pt: float | None = None) -> None:
        """Scroll so that page ``index`` (0-based), or the point ``y_pt`` points down it, is at the top."""
        if not self._open:
            return
        index = max(0, min(index, len(self._sizes) - 1))
        self._ensure_size(index)
        if y_pt is None or self._rotation in (90, 270):
            # In a sideways view a height on the page runs across the screen: show the page top.
            target = self._geometry.top_of(index)
        else:
            target = round(self._page_transform(index).map(QPointF(0.0, y_pt)).y())
        self._direction = 1 if index >= self._current else -1
        bar = self.verticalScrollBar()
        self._quiet = True
        try:
            bar.setValue(target)
        finally:
            self._quiet = False
        self._pinned = (index, bar.value())
        self._after_scroll()

    def next_page(self) -> None:
        """Go to the next page (Page Down)."""
        if self._open:
            self.go_to_page(min(self.current_page() + 1, self.page_count() - 1))

    def previous_page(self) -> None:
        """Go to the previous page (Page Up)."""
        if self._open:
            self.go_to_page(max(self.current_page() - 1, 0))

    def first_page(self) -> None:
        """Go to the first page (Home)."""
        self.go_to_page(0)

    def last_page(self) -> None:
        """Go to the last page (End)."""
        self.go_to_page(self.page_count() - 1)

    def set_page_prompt(self, prompt: Callable[[], int | None] | None) -> None:
        """Set what Ctrl+G calls to ask for a page: it returns a 1-based page number, or None.

        Without a prompt, Ctrl+G moves the keyboard focus to the toolbar's page field.
        """
        self._page_prompt = prompt

    def ask_for_page(self) -> None:
        """Ask for a page number (Ctrl+G) and go there."""
        if not self._open:
            return
        if self._page_prompt is None:
            if self._toolbar is not None and self._toolbar.isVisible():
                self._toolbar.page_number.setFocus(Qt.FocusReason.ShortcutFocusReason)
                self._toolbar.page_number.selectAll()
            return
        number = self._page_prompt()
        if number is not None:
            self.go_to_page(int(number) - 1)

    # ------------------------------------------------------------------ zoom and rotation

    def zoom(self) -> float:
        """The zoom factor (1.0 = 100 %); when fitting width or page, the current page's effective zoom."""
        return self._effective_zoom() if self._mode is not ZoomMode.FIXED else self._zoom

    def zoom_mode(self) -> ZoomMode:
        """Whether the pages fit the viewer's width, its whole area, or follow a zoom factor."""
        return self._mode

    def is_fit_width(self) -> bool:
        """Whether the pages follow the viewport's width."""
        return self._mode is ZoomMode.FIT_WIDTH

    def is_fit_page(self) -> bool:
        """Whether each page is shown whole, following the viewport's width and height."""
        return self._mode is ZoomMode.FIT_PAGE

    def set_zoom(self, factor: float) -> None:
        """Show the pages at ``factor`` (1.0 = 100 %), keeping the centre of the view in place."""
        factor = clamp_zoom(factor)
        if self._mode is ZoomMode.FIXED and math.isclose(factor, self._zoom):
            return
        self._set_mode(ZoomMode.FIXED, factor, QPointF(self.viewport().width() / 2, self.viewport().height() / 2))

    def zoom_in(self) -> None:
        """Next zoom level up (Ctrl++)."""
        self.set_zoom(zoom_step_in(self.zoom()))

    def zoom_out(self) -> None:
        """Next zoom level down (Ctrl+-)."""
        self.set_zoom(zoom_step_out(self.zoom()))

    def fit_width(self) -> None:
        """Fit every page to the viewport's width, and keep it so on resize (Ctrl+0; the default)."""
        self._set_mode(ZoomMode.FIT_WIDTH, self._zoom, QPointF(self.viewport().width() / 2, 0.0))

    def fit_page(self) -> None:
        """Show every page whole, as large as the viewport allows, and keep it so on resize (Ctrl+9)."""
        self._set_mode(ZoomMode.FIT_PAGE, self._zoom, QPointF(self.viewport().width() / 2, 0.0))
        if self._open:
            self.go_to_page(self.current_page())

    def _set_mode(self, mode: ZoomMode, zoom: float, anchor: QPointF) -> None:
        self._mode = mode
        self._zoom = zoom
        self._relayout(anchor)
        self.zoom_changed.emit(self.zoom())

    def rotation(self) -> int:
        """The view rotation in degrees clockwise: 0, 90, 180 or 270."""
        return self._rotation

    def set_rotation(self, degrees: int) -> None:
        """Rotate the view of every page to ``degrees`` clockwise (a multiple of 90)."""
        degrees %= 360
        if degrees not in ROTATIONS or degrees == self._rotation:
            return
        self._rotation = degrees
        self._relayout(QPointF(self.viewport().width() / 2, self.viewport().height() / 2))
        self.rotation_changed.emit(degrees)
        self.zoom_changed.emit(self.zoom())

    def rotate_clockwise(self) -> None:
        """Turn the pages a quarter clockwise (Ctrl+R)."""
        self.set_rotation(self._rotation + 90)

    def rotate_counterclockwise(self) -> None:
        """Turn the pages a quarter counter-clockwise (Ctrl+Shift+R)."""
        self.set_rotation(self._rotation - 90)

    # ------------------------------------------------------------------ highlights and selection

    def set_highlights(self, page: int, rects: Sequence[QRectF]) -> None:
        """Highlight ``rects`` (PDF points) on ``page``, replacing any earlier highlights, and scroll
        so that the first one is visible."""
        if not self._open or not 0 <= page < self.page_count():
            return
        self._highlights = (page, [QRectF(r) for r in rects])
        self._ensure_size(page)
        if not rects:
            self.go_to_page(page)
        else:
            self._reveal(page, self._page_transform(page).mapRect(QRectF(rects[0])))
        self.viewport().update()

    def set_pen_marks(self, marks: Mapping[int, Sequence[tuple[QRectF, tuple[int, int, int]]]]) -> None:
        """The physician's highlights of the open document: by page, (rect in points, RGB colour)."""
        self._pen_marks = {page: [(QRectF(r), QColor(*rgb)) for r, rgb in rows] for page, rows in marks.items()}
        self.viewport().update()

    def pen_marks(self) -> dict[int, int]:
        """How many highlight boxes each page shows."""
        return {page: len(rows) for page, rows in self._pen_marks.items()}

    def clear_highlights(self) -> None:
        """Remove the highlights."""
        self._highlights = None
        self.viewport().update()

    def highlights(self) -> tuple[int, list[QRectF]] | None:
        """The highlighted page and rectangles (points), or None."""
        return self._highlights

    def selection(self) -> tuple[int, QRectF] | None:
        """The page and rectangle (points) of the area the reader selected, or None."""
        return self._selection

    def is_dragging(self) -> bool:
        """Whether the reader is dragging out an area on a page."""
        return self._drag_rect is not None

    def clear_selection(self) -> None:
        """Remove the selected area (also Escape)."""
        self._selection = None
        self.viewport().update()

    # ------------------------------------------------------------------ review tracking

    def set_dwell_threshold(self, seconds: float) -> None:
        """How long a page must be readable on screen, continuously, before it counts as reviewed."""
        self._reading.set_threshold(seconds)

    def dwell_threshold(self) -> float:
        """The dwell threshold in seconds."""
        return self._reading.threshold()

    def set_detached(self, detached: bool) -> None:
        """Say whether the viewer is in a window of its own beside the main window (a second
        monitor): then its pages count as read while any window of the application is active,
        since the physician reads them while typing in another; otherwise only while the
        viewer's own window is active. Moving the widget is the caller's (actionDetachViewer)."""
        self._detached = bool(detached)
        self._reading.update()

    def is_detached(self) -> bool:
        """Whether the viewer was said to be in a window of its own (``set_detached``)."""
        return self._detached

    def dwelled_pages(self) -> frozenset[int]:
        """Pages of the open record that have been on screen long enough to read."""
        return self._reading.dwelled()

    # ------------------------------------------------------------------ geometry, for callers and tests

    def page_rect(self, page: int) -> QRect:
        """Where ``page`` is drawn, in viewport coordinates (an empty rect when there is none)."""
        if not self._open or not 0 <= page < len(self._geometry):
            return QRect()
        return qrect(self._geometry.rects[page]).translated(-self._origin())

    def map_from_page(self, page: int, rect_pt: QRectF) -> QRectF:
        """A rectangle in the page's points, in viewport coordinates (view rotation and zoom applied)."""
        if not self._open or not 0 <= page < len(self._geometry):
            return QRectF()
        return self._page_transform(page).mapRect(QRectF(rect_pt)).translated(-QPointF(self._origin()))

    def map_to_page(self, page: int, rect: QRectF) -> QRectF:
        """A rectangle in viewport coordinates, in the page's points."""
        if not self._open or not 0 <= page < len(self._geometry):
            return QRectF()
        inverse, _ = self._page_transform(page).inverted()
        return inverse.mapRect(QRectF(rect).translated(QPointF(self._origin())))

    def rendered_image(self, page: int) -> QImage | None:
        """The largest image of ``page`` already rendered at the current rotation, if any (lets the
        thumbnails scale down what is on screen instead of rendering the page again)."""
        return self._cache.largest(page, self._rotation)

    # ------------------------------------------------------------------ toolbar

    def toolbar(self) -> QToolBar:
        """The viewer's toolbar (objectName ``viewerToolbar``), built on first call; the caller places it."""
        if self._toolbar is None:
            self._toolbar = ViewerToolbar(self)
        return self._toolbar

    def event(self, event: QEvent) -> bool:
        # Keys the viewer handles win over window shortcuts while it has the focus.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._key_action(event) is not None
        ):
            event.accept()
            return True
        return super().event(event)

    def _key_action(self, event: QKeyEvent) -> Callable[[], None] | None:
        return viewer_keys.key_command(self, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._key_action(event)
        if action is None:
            super().keyPressEvent(event)
            return
        action()
        event.accept()

    def scroll_by(self, bar: QScrollBar, delta: int) -> None:
        """Scroll ``bar`` by ``delta`` pixels (arrow keys, dragging past the edge)."""
        bar.setValue(bar.value() + delta)

    def cancel_selection(self) -> None:
        """Drop the area being dragged and the one selected (Escape)."""
        self._drag_page = None
        self._drag_rect = None
        self.clear_selection()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps and self._open:
                factor = clamp_zoom(self.zoom() * (1.15**steps))
                self._set_mode(ZoomMode.FIXED, factor, event.position())
            event.accept()
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._open:
            point = event.position() + QPointF(self._origin())
            page = self._geometry.page_at(point.x(), point.y())
            if page is not None:
                self._drag_page = page
                self._drag_start = point
                self._drag_end = None
                self._drag_rect = QRectF(point, point)
                self.viewport().setCursor(Qt.CursorShape.CrossCursor)
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_page is None:
            super().mouseMoveEvent(event)
            return
        position = event.position()
        # Dragging past the edge scrolls, so that an area taller than the screen can be selected.
        height = self.viewport().height()
        if position.y() < 0:
            self.scroll_by(self.verticalScrollBar(), round(position.y() / 2) - 1)
        elif position.y() > height:
            self.scroll_by(self.verticalScrollBar(), round((position.y() - height) / 2) + 1)
        page_rect = QRectF(qrect(self._geometry.rects[self._drag_page]))
        point = position + QPointF(self._origin())
        point = QPointF(
            min(max(point.x(), page_rect.left()), page_rect.right() + 1),
            min(max(point.y(), page_rect.top()), page_rect.bottom() + 1),
        )
        self._drag_rect = QRectF(self._drag_start, point).normalized()
        self._drag_end = point
        self.viewport().update()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_page is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        page, rect = self._drag_page, self._drag_rect
        self._drag_page = None
        self._drag_rect = None
        self.viewport().unsetCursor()
        event.accept()
        if rect is None or rect.width() < 3 or rect.height() < 3:
            self.viewport().update()  # a click, not a drag: keep whatever was selected before
            return
        inverse, _ = self._page_transform(page).inverted()
        width, height = self._geometry.sizes_pt[page]
        rect_pt = inverse.mapRect(rect).intersected(QRectF(0, 0, width, height))
        self._selection = (page, rect_pt)
        self.viewport().update()
        self.area_selected.emit(page, rect_pt)
        start, end = self._drag_start, self._drag_end if self._drag_end is not None else rect.bottomRight()
        self.words_dragged.emit(page, inverse.map(start), inverse.map(end))
