"""The record page viewer: continuous scrolling over a PDF, rendered page by page through QtPdf.

Why not ``QPdfView``: the physician needs search-hit highlights, a rubber band for citations,
review tracking (which pages were on screen long enough to read) and a bounded memory use on
records of thousands of pages. QPdfView offers none of these hooks, so the viewer lays the pages
out itself, renders only what is on screen (plus the next page, while the reader reads) and
keeps the rendered images in a small LRU cache.

Coordinates: page geometry in the public API is in PDF points with the origin at the top left
of the page as QtPdf reports it (its own /Rotate already applied, the view rotation not), the
system QPdfSelection and QPdfLink use. Inside, "content" coordinates are pixels of the whole
laid-out document; the viewport shows the part of it the scroll bars select.
"""

from __future__ import annotations

import bisect
import math
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QElapsedTimer,
    QEvent,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    QSizeF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QHideEvent,
    QIcon,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QShowEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QFrame,
    QLabel,
    QScrollBar,
    QSpinBox,
    QToolBar,
    QToolButton,
    QWidget,
)

# Rendered page images kept for scrolling back and forth; beyond this the least recently used go.
CACHE_BUDGET_BYTES = 80 * 1024 * 1024  # a few dozen pages at fit width; the case must stay under 500 MB
# No single rendered image exceeds this many pixels (48 MB at 32 bits): a bigger page, such as
# an engineering drawing at 100 %, is rendered downscaled and stretched when painted. Letter at
# 400 % (13.8 Mpx) is barely touched; two such pages on screen and the next fit the cache.
MAX_RENDER_PIXELS = 12_000_000
ZOOM_LEVELS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 6.0, 8.0)
MIN_ZOOM = 0.1
MAX_ZOOM = 8.0
PAGE_GAP = 12
MARGIN = 12
SCROLL_STEP = 48
DEFAULT_DWELL_SECONDS = 5.0
# Page sizes are read in slices of a few milliseconds, the first while opening, the rest through
# a zero-timer: reading them costs 30 us a page for text and 300 us for scans (3,000 pages would
# take 0.1 to 1 s), while only the first few are needed to show page 1.
SIZE_FIRST_PAGES = 4
SIZE_SLICE_MS = 8
FALLBACK_PAGE_SIZE = (612.0, 792.0)  # US Letter, for a page whose size cannot be read

HIGHLIGHT_FILL = QColor(255, 213, 0, 100)
HIGHLIGHT_OUTLINE = QColor(214, 150, 0)

_ROTATIONS = {
    0: QPdfDocumentRenderOptions.Rotation.None_,
    90: QPdfDocumentRenderOptions.Rotation.Clockwise90,
    180: QPdfDocumentRenderOptions.Rotation.Clockwise180,
    270: QPdfDocumentRenderOptions.Rotation.Clockwise270,
}

_ERROR_TEXTS = {
    QPdfDocument.Error.FileNotFound: "The record's file could not be found or read; re-import the case if it moved.",
    QPdfDocument.Error.InvalidFileFormat: "This file is not a readable PDF; it may be damaged or of another type.",
    QPdfDocument.Error.UnsupportedSecurityScheme: "This PDF is protected by an encryption the viewer cannot open.",
    QPdfDocument.Error.DataNotYetAvailable: "The record is not fully available yet; try again in a moment.",
    QPdfDocument.Error.Unknown: "The record could not be opened.",
}

_Key = Qt.Key
_Mod = Qt.KeyboardModifier
_CTRL = _Mod.ControlModifier
_CTRL_SHIFT = _Mod.ControlModifier | _Mod.ShiftModifier
_NO_MOD = _Mod.NoModifier


def _shortcut_text(sequence: str) -> str:
    """A shortcut as the platform writes it (Ctrl+R here, ⌘R on a Mac)."""
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText)


class _ImageCache:
    """Least-recently-used rendered pages, bounded by their size in bytes."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._items: OrderedDict[tuple[int, int, int, int], QImage] = OrderedDict()
        self.bytes = 0

    def get(self, key: tuple[int, int, int, int]) -> QImage | None:
        image = self._items.get(key)
        if image is not None:
            self._items.move_to_end(key)
        return image

    def put(self, key: tuple[int, int, int, int], image: QImage) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self.bytes -= old.sizeInBytes()
        self._items[key] = image
        self.bytes += image.sizeInBytes()
        # The newest entry always stays, even alone above budget: it is being painted.
        while self.bytes > self.budget and len(self._items) > 1:
            _, evicted = self._items.popitem(last=False)
            self.bytes -= evicted.sizeInBytes()

    def peek(self, key: tuple[int, int, int, int]) -> QImage | None:
        """The image for ``key`` without making it more recently used."""
        return self._items.get(key)

    def entries(self) -> list[tuple[int, int, int, int]]:
        return list(self._items)

    def clear(self) -> None:
        self._items.clear()
        self.bytes = 0


def render_size(page_pixels: QSize, max_pixels: int = MAX_RENDER_PIXELS) -> QSize:
    """The image size to render for a page shown at ``page_pixels``: the same, or downscaled to fit."""
    width, height = max(1, page_pixels.width()), max(1, page_pixels.height())
    if width * height <= max_pixels:
        return QSize(width, height)
    factor = math.sqrt(max_pixels / (width * height))
    return QSize(max(1, int(width * factor)), max(1, int(height * factor)))


def render_page(
    document: QPdfDocument, page: int, size: QSize, rotation: int, background: QColor | None = None
) -> QImage:
    """Render one page into an opaque image of ``size`` (already rotated), or a null image on failure.

    QtPdf renders onto a transparent image; pages without a painted background would show the
    viewer's grey through them, so the result is composed onto white once here rather than
    blended at every paint.
    """
    options = QPdfDocumentRenderOptions()
    options.setRotation(_ROTATIONS[rotation])
    # Stamps, sticky-note icons and filled-in form appearances are part of what was received.
    options.setRenderFlags(QPdfDocumentRenderOptions.RenderFlag.Annotations)
    rendered = document.render(page, size, options)
    if rendered.isNull():
        return rendered
    image = QImage(rendered.size(), QImage.Format.Format_RGB32)
    image.fill(background if background is not None else QColor(Qt.GlobalColor.white))
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return image


class PageViewer(QAbstractScrollArea):
    """Continuous-scroll viewer of one PDF record, objectName ``pageView``.

    Owns its ``QPdfDocument`` (parented to this widget, never to a child view: see the known
    trap in the architecture notes). Renders only the pages on screen, plus one ahead while idle.

    Signals:
        document_opened(int page_count): a document was opened and laid out.
        document_closed(): the document was closed (also before another one opens).
        current_page_changed(int page): the page occupying most of the viewport changed (0-based).
        zoom_changed(float zoom): the zoom factor or the zoom mode changed.
        rotation_changed(int degrees): the view rotation changed (0, 90, 180, 270).
        page_dwelled(int page): a page was readable on screen for the dwell threshold (once per
            page per opened document).
        area_selected(int page, QRectF rect_pt): the reader dragged a rectangle on a page.
    """

    document_opened = Signal(int)
    document_closed = Signal()
    current_page_changed = Signal(int)
    zoom_changed = Signal(float)
    rotation_changed = Signal(int)
    page_dwelled = Signal(int)
    area_selected = Signal(int, QRectF)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageView")
        self.setAccessibleName("Record page viewer")
        self.setAccessibleDescription("Pages of the open record; drag a rectangle to select an area to cite")
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

        self._sizes: list[tuple[float, float]] = []
        self._measured = bytearray()  # 1 for each page whose size has been read
        self._sizes_known = 0  # pages 0 .. _sizes_known - 1 are all measured
        self._rects: list[QRect] = []
        self._bottoms: list[int] = []
        self._content = QSize(0, 0)
        self._fit_width = True
        self._zoom = 1.0
        self._rotation = 0
        self._cache = _ImageCache(CACHE_BUDGET_BYTES)

        self._current = -1
        self._pinned: tuple[int, int] | None = None  # (page, scroll value) set by go_to_page
        self._direction = 1
        self._highlights: tuple[int, list[QRectF]] | None = None
        self._selection: tuple[int, QRectF] | None = None
        self._drag_page: int | None = None
        self._drag_start = QPointF()
        self._drag_rect: QRectF | None = None

        self._dwell_ms = int(DEFAULT_DWELL_SECONDS * 1000)
        self._dwelled: set[int] = set()
        self._dwell_started: dict[int, int] = {}
        self._clock = QElapsedTimer()
        self._clock.start()
        self._dwell_timer = QTimer(self)
        self._dwell_timer.setSingleShot(True)
        self._dwell_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._dwell_timer.timeout.connect(self._dwell_timeout)

        self._prefetch_timer = QTimer(self)
        self._prefetch_timer.setSingleShot(True)
        self._prefetch_timer.setInterval(0)
        self._prefetch_timer.timeout.connect(self._prefetch)
        self._size_timer = QTimer(self)
        self._size_timer.setSingleShot(True)
        self._size_timer.setInterval(0)
        self._size_timer.timeout.connect(self._measure_next_slice)

        self._page_prompt: Callable[[], int | None] | None = None
        self._toolbar: _ViewerToolbar | None = None
        # Set while the viewer moves the scroll bars itself, so that the intermediate positions
        # neither unpin the page gone to nor emit page changes.
        self._quiet = False
        self._laid_out_width = -1

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
        self._sizes = [FALLBACK_PAGE_SIZE] * count
        self._measured = bytearray(count)
        self._sizes_known = 0
        self._measure_sizes(SIZE_SLICE_MS, at_least=SIZE_FIRST_PAGES)
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
        if self._sizes_known < count:
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
        self._dwell_timer.stop()
        self._document.close()
        self._path = None
        self._error = ""
        self._needs_password = False
        self._sizes = []
        self._measured = bytearray()
        self._sizes_known = 0
        self._rects = []
        self._bottoms = []
        self._content = QSize(0, 0)
        self._cache.clear()
        self._highlights = None
        self._selection = None
        self._drag_page = None
        self._drag_rect = None
        self._dwelled = set()
        self._dwell_started = {}
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
        if self._measured[page]:
            return QSizeF(*self._sizes[page])
        # Not measured yet: ask the document, without laying out (callers may be painting).
        size = self._document.pagePointSize(page)
        return size if size.width() > 0 and size.height() > 0 else QSizeF(*FALLBACK_PAGE_SIZE)

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
        rect = self._rects[index]
        if y_pt is None or self._rotation in (90, 270):
            # In a sideways view a height on the page runs across the screen: show the page top.
            target = rect.top() - PAGE_GAP // 2
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
        """The zoom factor (1.0 = 100 %); in fit-width mode, the current page's effective zoom."""
        if self._fit_width and self._open and self._rects:
            page = max(0, self.current_page())
            width_pt = self._display_size_pt(page)[0]
            return self._rects[page].width() / (width_pt * self._pixels_per_point())
        return self._zoom

    def is_fit_width(self) -> bool:
        """Whether the pages follow the viewport's width."""
        return self._fit_width

    def set_zoom(self, factor: float) -> None:
        """Show the pages at ``factor`` (1.0 = 100 %), keeping the centre of the view in place."""
        factor = max(MIN_ZOOM, min(MAX_ZOOM, float(factor)))
        if not self._fit_width and math.isclose(factor, self._zoom):
            return
        self._fit_width = False
        self._zoom = factor
        self._relayout(QPointF(self.viewport().width() / 2, self.viewport().height() / 2))
        self.zoom_changed.emit(self.zoom())

    def zoom_in(self) -> None:
        """Next zoom level up (Ctrl++)."""
        current = self.zoom()
        self.set_zoom(next((z for z in ZOOM_LEVELS if z > current * 1.01), MAX_ZOOM))

    def zoom_out(self) -> None:
        """Next zoom level down (Ctrl+-)."""
        current = self.zoom()
        self.set_zoom(next((z for z in reversed(ZOOM_LEVELS) if z < current / 1.01), MIN_ZOOM))

    def fit_width(self) -> None:
        """Fit every page to the viewport's width, and keep it so on resize (Ctrl+0; the default)."""
        self._fit_width = True
        self._relayout(QPointF(self.viewport().width() / 2, 0.0))
        self.zoom_changed.emit(self.zoom())

    def rotation(self) -> int:
        """The view rotation in degrees clockwise: 0, 90, 180 or 270."""
        return self._rotation

    def set_rotation(self, degrees: int) -> None:
        """Rotate the view of every page to ``degrees`` clockwise (a multiple of 90)."""
        degrees %= 360
        if degrees not in _ROTATIONS or degrees == self._rotation:
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

    def clear_selection(self) -> None:
        """Remove the selected area (also Escape)."""
        self._selection = None
        self.viewport().update()

    # ------------------------------------------------------------------ review tracking

    def set_dwell_threshold(self, seconds: float) -> None:
        """How long a page must be readable on screen, continuously, before it counts as reviewed."""
        self._dwell_ms = max(0, round(seconds * 1000))
        self._update_dwell()

    def dwell_threshold(self) -> float:
        """The dwell threshold in seconds."""
        return self._dwell_ms / 1000

    def dwelled_pages(self) -> frozenset[int]:
        """Pages of the open record that have been on screen long enough to read."""
        return frozenset(self._dwelled)

    # ------------------------------------------------------------------ geometry, for callers and tests

    def page_rect(self, page: int) -> QRect:
        """Where ``page`` is drawn, in viewport coordinates (an empty rect when there is none)."""
        if not self._open or not 0 <= page < len(self._rects):
            return QRect()
        return self._rects[page].translated(-self._origin())

    def map_from_page(self, page: int, rect_pt: QRectF) -> QRectF:
        """A rectangle in the page's points, in viewport coordinates (view rotation and zoom applied)."""
        if not self._open or not 0 <= page < len(self._rects):
            return QRectF()
        return self._page_transform(page).mapRect(QRectF(rect_pt)).translated(-QPointF(self._origin()))

    def map_to_page(self, page: int, rect: QRectF) -> QRectF:
        """A rectangle in viewport coordinates, in the page's points."""
        if not self._open or not 0 <= page < len(self._rects):
            return QRectF()
        inverse, _ = self._page_transform(page).inverted()
        return inverse.mapRect(QRectF(rect).translated(QPointF(self._origin())))

    def rendered_image(self, page: int) -> QImage | None:
        """The largest image of ``page`` already rendered at the current rotation, if any (lets the
        thumbnails scale down what is on screen instead of rendering the page again)."""
        best: QImage | None = None
        for key in self._cache.entries():
            if key[0] == page and key[3] == self._rotation:
                image = self._cache.peek(key)
                if image is not None and (best is None or image.width() > best.width()):
                    best = image
        return best

    # ------------------------------------------------------------------ toolbar

    def toolbar(self) -> QToolBar:
        """The viewer's toolbar (objectName ``viewerToolbar``), built on first call; the caller places it."""
        if self._toolbar is None:
            self._toolbar = _ViewerToolbar(self)
        return self._toolbar

    # ------------------------------------------------------------------ layout (internal)

    def _pixels_per_point(self) -> float:
        # 100 % is the page's physical size at the screen's logical resolution, as in QPdfView.
        return self.viewport().logicalDpiX() / 72.0

    def _display_size_pt(self, page: int) -> tuple[float, float]:
        width, height = self._sizes[page]
        return (height, width) if self._rotation in (90, 270) else (width, height)

    def _measure_page(self, page: int) -> bool:
        """Read one page's size; True when it differs from the size assumed in the layout."""
        if self._measured[page]:
            return False
        self._measured[page] = 1
        size = self._document.pagePointSize(page)
        measured = (size.width(), size.height()) if size.width() > 0 and size.height() > 0 else FALLBACK_PAGE_SIZE
        changed = self._sizes[page] != measured
        self._sizes[page] = measured
        return changed

    def _measure_sizes(self, budget_ms: int, at_least: int = 1) -> bool:
        """Read the sizes of the pages not yet measured, in order, for about ``budget_ms`` (but at
        least ``at_least`` pages); True when one differed from the size assumed in the layout."""
        changed = False
        clock = QElapsedTimer()
        clock.start()
        start = self._sizes_known
        for page in range(start, len(self._sizes)):
            if page - start >= at_least and clock.elapsed() >= budget_ms:
                break
            changed = self._measure_page(page) or changed
            self._sizes_known = page + 1
            if page == 0:
                # Until measured, a page is assumed to be the size of the first.
                self._sizes[1:] = [self._sizes[0]] * (len(self._sizes) - 1)
        return changed

    def _ensure_size(self, page: int) -> None:
        """Measure one page out of turn (one about to be shown), laying out again if it is not the
        size assumed. The pages before it may still be assumed: when the background reading
        corrects them, the layout keeps the view where it is."""
        if self._open and self._measure_page(page):
            self._relayout(QPointF(self.viewport().width() / 2, 0.0))

    def _measure_next_slice(self) -> None:
        if not self._open:
            return
        if self._measure_sizes(SIZE_SLICE_MS):
            self._relayout(QPointF(self.viewport().width() / 2, 0.0))
        if self._sizes_known < len(self._sizes):
            self._size_timer.start()

    def _layout(self) -> None:
        if not self._open:
            return
        available = max(32, self.viewport().width() - 2 * MARGIN)
        fixed_scale = self._zoom * self._pixels_per_point()
        sizes: list[tuple[int, int]] = []
        widest = 0
        for page in range(len(self._sizes)):
            width_pt, height_pt = self._display_size_pt(page)
            # Fit width is per page (as in Okular): a landscape scan in a letter-size record is as
            # readable as its neighbours.
            scale = available / width_pt if self._fit_width else fixed_scale
            width, height = max(1, round(width_pt * scale)), max(1, round(height_pt * scale))
            sizes.append((width, height))
            widest = max(widest, width)
        self._laid_out_width = self.viewport().width()
        rects: list[QRect] = []
        bottoms: list[int] = []
        top = MARGIN
        for width, height in sizes:
            rect = QRect(MARGIN + (widest - width) // 2, top, width, height)
            rects.append(rect)
            bottoms.append(rect.bottom())
            top += height + PAGE_GAP
        self._rects = rects
        self._bottoms = bottoms
        self._content = QSize(widest + 2 * MARGIN, top - PAGE_GAP + MARGIN)
        self._update_scrollbars()

    def _update_scrollbars(self) -> None:
        viewport = self.viewport().size()
        vertical, horizontal = self.verticalScrollBar(), self.horizontalScrollBar()
        vertical.setRange(0, max(0, self._content.height() - viewport.height()))
        vertical.setPageStep(max(1, viewport.height()))
        horizontal.setRange(0, max(0, self._content.width() - viewport.width()))
        horizontal.setPageStep(max(1, viewport.width()))

    def _origin(self) -> QPoint:
        """Content coordinates of the viewport's top-left corner."""
        spare = max(0, (self.viewport().width() - self._content.width()) // 2)
        return QPoint(self.horizontalScrollBar().value() - spare, self.verticalScrollBar().value())

    def _page_transform(self, page: int) -> QTransform:
        """Page points (unrotated view) to content pixels."""
        width, height = self._sizes[page]
        shown_width, shown_height = self._display_size_pt(page)
        rect = self._rects[page]
        turn = {
            0: QTransform(),
            90: QTransform(0, 1, -1, 0, height, 0),
            180: QTransform(-1, 0, 0, -1, width, height),
            270: QTransform(0, -1, 1, 0, 0, width),
        }[self._rotation]
        place = QTransform(rect.width() / shown_width, 0, 0, rect.height() / shown_height, rect.x(), rect.y())
        return turn * place

    def _page_at(self, point: QPointF, nearest: bool = False) -> int | None:
        """The page under a content point; with ``nearest``, the closest one vertically."""
        if not self._rects:
            return None
        index = min(bisect.bisect_left(self._bottoms, math.floor(point.y())), len(self._rects) - 1)
        if nearest:
            return index
        return index if QRectF(self._rects[index]).contains(point) else None

    def _relayout(self, anchor: QPointF) -> None:
        """Lay out again, keeping the page point under ``anchor`` (viewport coordinates) in place."""
        if not self._open or not self._rects:
            self._layout()
            return
        origin = QPointF(self._origin())
        page = self._page_at(anchor + origin, nearest=True)
        assert page is not None
        inverse, _ = self._page_transform(page).inverted()
        point_pt = inverse.map(anchor + origin)
        pinned = self._pinned
        self._quiet = True
        try:
            self._layout()
            content = self._page_transform(page).map(point_pt)
            spare = max(0, (self.viewport().width() - self._content.width()) // 2)
            self.horizontalScrollBar().setValue(round(content.x() - anchor.x() + spare))
            self.verticalScrollBar().setValue(round(content.y() - anchor.y()))
        finally:
            self._quiet = False
        if pinned is not None and pinned[0] < len(self._rects):
            # The page the reader went to stays the current one through a zoom or a resize.
            self._pinned = (pinned[0], self.verticalScrollBar().value())
        self.viewport().update()
        self._after_scroll()

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
                page_top = self._rects[page].top() - PAGE_GAP // 2
                vertical.setValue(round(max(page_top, rect.top() - self.viewport().height() / 3)))
            if rect.left() < visible.left() or rect.right() > visible.right():
                horizontal.setValue(round(rect.center().x() - self.viewport().width() / 2))
        finally:
            self._quiet = False
        self._direction = 1 if page >= self._current else -1
        self._pinned = (page, vertical.value())
        self._after_scroll()

    def _visible_pages(self) -> list[tuple[int, float, float]]:
        """(page, visible area, page area) for each page intersecting the viewport."""
        if not self._open or not self._rects:
            return []
        origin = self._origin()
        view = QRect(origin, self.viewport().size())
        first = bisect.bisect_left(self._bottoms, view.top())
        result: list[tuple[int, float, float]] = []
        for page in range(first, len(self._rects)):
            rect = self._rects[page]
            if rect.top() > view.bottom():
                break
            shown = rect.intersected(view)
            if not shown.isEmpty():
                result.append((page, shown.width() * shown.height(), rect.width() * rect.height()))
        return result

    def _after_scroll(self) -> None:
        """Bring the current page, the review tracking and the toolbar up to date."""
        if not self._open:
            return
        if self._pinned is not None and self._pinned[1] != self.verticalScrollBar().value():
            self._pinned = None
        if self._pinned is not None:
            current = self._pinned[0]
        else:
            visible = self._visible_pages()
            current = max(visible, key=lambda v: (v[1], -v[0]))[0] if visible else max(self._current, 0)
        if current != self._current:
            self._current = current
            self.current_page_changed.emit(current)
            if self._fit_width:
                self.zoom_changed.emit(self.zoom())
        self._update_dwell()

    # ------------------------------------------------------------------ rendering (internal)

    def _render_key(self, page: int, rect: QRect) -> tuple[int, int, int, int]:
        ratio = self.viewport().devicePixelRatioF()
        size = render_size(QSize(round(rect.width() * ratio), round(rect.height() * ratio)))
        return (page, size.width(), size.height(), self._rotation)

    def _image(self, page: int, rect: QRect) -> QImage | None:
        key = self._render_key(page, rect)
        size = QSize(key[1], key[2])
        image = self._cache.get(key)
        if image is None:
            image = render_page(self._document, page, size, self._rotation)
            if image.isNull():
                return None
            self._cache.put(key, image)
        return image

    def _prefetch(self) -> None:
        """Render the page after the visible ones (before, when reading backwards) while the reader reads."""
        if not self._open or not self.isVisible():
            return
        visible = self._visible_pages()
        if not visible:
            return
        target = visible[-1][0] + 1 if self._direction >= 0 else visible[0][0] - 1
        if not 0 <= target < len(self._rects):
            return
        key = self._render_key(target, self._rects[target])
        on_screen = sum(k[1] * k[2] * 4 for k in (self._render_key(p, self._rects[p]) for p, _, _ in visible))
        # At a high zoom, the page ahead could push a page on screen out of the cache, to be
        # rendered again at the next scroll step: better no prefetch than that.
        if on_screen + key[1] * key[2] * 4 <= self._cache.budget:
            self._image(target, self._rects[target])

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        palette = self.palette()
        window = palette.color(QPalette.ColorRole.Window)
        painter.fillRect(event.rect(), window.darker(112 if window.lightness() > 128 else 135))
        if not self._open:
            if self._error:
                painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
                painter.drawText(
                    self.viewport().rect().adjusted(24, 24, -24, -24),
                    int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                    self._error,
                )
            painter.end()
            return
        origin = self._origin()
        exposed = event.rect().translated(origin)
        painter.translate(-origin)
        first = bisect.bisect_left(self._bottoms, exposed.top() - 4)
        for page in range(first, len(self._rects)):
            rect = self._rects[page]
            if rect.top() > exposed.bottom() + 4:
                break
            self._paint_page(painter, page, rect, exposed)
        self._paint_marks(painter, exposed)
        painter.end()
        self._prefetch_timer.start()

    def _paint_page(self, painter: QPainter, page: int, rect: QRect, exposed: QRect) -> None:
        # A hairline border and a soft offset shadow lift the page off the background.
        painter.fillRect(rect.adjusted(2, 2, 3, 3), QColor(0, 0, 0, 28))
        painter.fillRect(rect.adjusted(-1, -1, 1, 1), QColor(0, 0, 0, 70))
        shown = rect.intersected(exposed)
        if shown.isEmpty():
            return
        image = self._image(page, rect)
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
        ratio = self.viewport().devicePixelRatioF()
        # Smooth scaling only when the image was downscaled for memory; otherwise it is 1:1.
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, abs(scale_x - ratio) > 0.01)
        painter.drawImage(QRectF(shown), image, source)

    def _paint_marks(self, painter: QPainter, exposed: QRect) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self._highlights is not None:
            page, rects = self._highlights
            if page < len(self._rects) and self._rects[page].intersects(exposed):
                transform = self._page_transform(page)
                pen = QPen(HIGHLIGHT_OUTLINE, 1.5)
                pen.setCosmetic(True)
                painter.setPen(pen)
                painter.setBrush(HIGHLIGHT_FILL)
                for rect in rects:
                    painter.drawRect(transform.mapRect(rect).adjusted(-1, -1, 1, 1))
        marks: list[QRectF] = []
        if self._selection is not None and self._selection[0] < len(self._rects):
            marks.append(self._page_transform(self._selection[0]).mapRect(self._selection[1]))
        if self._drag_rect is not None:
            marks.append(self._drag_rect)
        if marks:
            accent = self.palette().color(QPalette.ColorRole.Highlight)
            fill = QColor(accent)
            fill.setAlpha(45)
            pen = QPen(accent, 1.5, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(fill)
            for rect in marks:
                painter.drawRect(rect)

    # ------------------------------------------------------------------ review tracking (internal)

    def _tracking_active(self) -> bool:
        window = self.window()
        return self._open and self.isVisible() and window.isActiveWindow() and not window.isMinimized()

    def _readable_pages(self) -> list[int]:
        """Pages at least half visible, or filling at least half the viewport (a page zoomed
        taller than two screens can never be half visible, yet is being read)."""
        viewport = self.viewport().size()
        half_view = viewport.width() * viewport.height() / 2
        return [page for page, shown, area in self._visible_pages() if shown >= area / 2 or shown >= half_view]

    def _update_dwell(self) -> None:
        if not self._tracking_active():
            self._dwell_started = {}
            self._dwell_timer.stop()
            return
        now = self._clock.elapsed()
        candidates = [page for page in self._readable_pages() if page not in self._dwelled]
        self._dwell_started = {page: self._dwell_started.get(page, now) for page in candidates}
        self._schedule_dwell(now)

    def _schedule_dwell(self, now: int) -> None:
        if not self._dwell_started:
            self._dwell_timer.stop()
            return
        due = min(self._dwell_started.values()) + self._dwell_ms
        self._dwell_timer.start(max(0, due - now))

    def _dwell_timeout(self) -> None:
        self._update_dwell()
        now = self._clock.elapsed()
        done = sorted(page for page, since in self._dwell_started.items() if now - since >= self._dwell_ms)
        for page in done:
            del self._dwell_started[page]
            self._dwelled.add(page)
        self._schedule_dwell(now)
        for page in done:
            self.page_dwelled.emit(page)

    # ------------------------------------------------------------------ Qt event handlers

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        if dy:
            self._direction = 1 if dy < 0 else -1
        self.viewport().scroll(dx, dy)
        if not self._quiet:
            self._after_scroll()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Called for the frame and again for the viewport; lay out once per width.
        if self._open and self.viewport().width() != self._laid_out_width:
            self._relayout(QPointF(self.viewport().width() / 2, 0.0))
        else:
            self._update_scrollbars()
            self._after_scroll()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._update_dwell()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._update_dwell()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._update_dwell()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.ActivationChange, QEvent.Type.WindowStateChange):
            self._update_dwell()
        elif event.type() == QEvent.Type.PaletteChange:
            self.viewport().update()

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
        modifiers = event.modifiers() & ~_Mod.KeypadModifier
        key = event.key()
        if modifiers == _NO_MOD:
            plain: dict[int, Callable[[], None]] = {
                _Key.Key_PageDown: self.next_page,
                _Key.Key_PageUp: self.previous_page,
                _Key.Key_Home: self.first_page,
                _Key.Key_End: self.last_page,
                _Key.Key_Down: lambda: self._scroll_by(self.verticalScrollBar(), SCROLL_STEP),
                _Key.Key_Up: lambda: self._scroll_by(self.verticalScrollBar(), -SCROLL_STEP),
                _Key.Key_Right: lambda: self._scroll_by(self.horizontalScrollBar(), SCROLL_STEP),
                _Key.Key_Left: lambda: self._scroll_by(self.horizontalScrollBar(), -SCROLL_STEP),
            }
            if key == _Key.Key_Escape and (self._selection is not None or self._drag_rect is not None):
                return self._cancel_selection
            return plain.get(key)
        if modifiers == _CTRL:
            with_ctrl: dict[int, Callable[[], None]] = {
                _Key.Key_Home: self.first_page,
                _Key.Key_End: self.last_page,
                _Key.Key_Plus: self.zoom_in,
                _Key.Key_Equal: self.zoom_in,
                _Key.Key_Minus: self.zoom_out,
                _Key.Key_0: self.fit_width,
                _Key.Key_G: self.ask_for_page,
                _Key.Key_R: self.rotate_clockwise,
            }
            return with_ctrl.get(key)
        if modifiers == _CTRL_SHIFT:
            # Ctrl++ is Ctrl+Shift+= on many layouts.
            with_shift: dict[int, Callable[[], None]] = {
                _Key.Key_Plus: self.zoom_in,
                _Key.Key_R: self.rotate_counterclockwise,
            }
            return with_shift.get(key)
        return None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._key_action(event)
        if action is None:
            super().keyPressEvent(event)
            return
        action()
        event.accept()

    def _scroll_by(self, bar: QScrollBar, delta: int) -> None:
        bar.setValue(bar.value() + delta)

    def _cancel_selection(self) -> None:
        self._drag_page = None
        self._drag_rect = None
        self.clear_selection()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & _Mod.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps and self._open:
                anchor = event.position()
                current = self.zoom()
                factor = max(MIN_ZOOM, min(MAX_ZOOM, current * (1.15**steps)))
                self._fit_width = False
                self._zoom = factor
                self._relayout(anchor)
                self.zoom_changed.emit(self.zoom())
            event.accept()
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._open:
            point = event.position() + QPointF(self._origin())
            page = self._page_at(point)
            if page is not None:
                self._drag_page = page
                self._drag_start = point
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
            self._scroll_by(self.verticalScrollBar(), round(position.y() / 2) - 1)
        elif position.y() > height:
            self._scroll_by(self.verticalScrollBar(), round((position.y() - height) / 2) + 1)
        page_rect = QRectF(self._rects[self._drag_page])
        point = position + QPointF(self._origin())
        point = QPointF(
            min(max(point.x(), page_rect.left()), page_rect.right() + 1),
            min(max(point.y(), page_rect.top()), page_rect.bottom() + 1),
        )
        self._drag_rect = QRectF(self._drag_start, point).normalized()
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
        width, height = self._sizes[page]
        rect_pt = inverse.mapRect(rect).intersected(QRectF(0, 0, width, height))
        self._selection = (page, rect_pt)
        self.viewport().update()
        self.area_selected.emit(page, rect_pt)


# ---------------------------------------------------------------------- toolbar


def _arrow_head(painter: QPainter, tip: QPointF, direction: QPointF, length: float = 3.6) -> None:
    """Two strokes back from ``tip`` against ``direction`` (a unit vector), 40 degrees apart."""
    for sign in (1, -1):
        angle = math.atan2(direction.y(), direction.x()) + math.pi + sign * math.radians(40)
        painter.drawLine(tip, tip + QPointF(math.cos(angle) * length, math.sin(angle) * length))


def _draw_rotate(painter: QPainter) -> None:
    # A clockwise arc open at the top right, its arrow head at the top pointing on round (16-unit box).
    centre, radius = QPointF(8, 8.6), 5.4
    start, sweep = 40.0, -290.0
    path = QPainterPath()
    box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
    path.arcMoveTo(box, start)
    path.arcTo(box, start, sweep)
    painter.drawPath(path)
    end = math.radians(start + sweep)
    tip = QPointF(centre.x() + radius * math.cos(end), centre.y() - radius * math.sin(end))
    _arrow_head(painter, tip, QPointF(math.sin(end), math.cos(end)), 4.0)


def _draw_icon(painter: QPainter, kind: str) -> None:
    """Vector drawings of the toolbar icons in a 16 x 16 box: crisp at any scale, in the palette's
    text colour (so they follow a dark theme), with no icon files to ship."""
    if kind == "previous":
        painter.drawPolyline([QPointF(3.5, 10.5), QPointF(8, 6), QPointF(12.5, 10.5)])
    elif kind == "next":
        painter.drawPolyline([QPointF(3.5, 5.5), QPointF(8, 10), QPointF(12.5, 5.5)])
    elif kind in ("zoom_in", "zoom_out"):
        painter.drawEllipse(QPointF(6.8, 6.8), 4.6, 4.6)
        painter.drawLine(QPointF(10.2, 10.2), QPointF(14, 14))
        painter.drawLine(QPointF(4.6, 6.8), QPointF(9.0, 6.8))
        if kind == "zoom_in":
            painter.drawLine(QPointF(6.8, 4.6), QPointF(6.8, 9.0))
    elif kind == "fit_width":
        painter.drawLine(QPointF(1.8, 3.5), QPointF(1.8, 12.5))
        painter.drawLine(QPointF(14.2, 3.5), QPointF(14.2, 12.5))
        painter.drawLine(QPointF(4.5, 8), QPointF(11.5, 8))
        _arrow_head(painter, QPointF(4.5, 8), QPointF(-1, 0), 2.8)
        _arrow_head(painter, QPointF(11.5, 8), QPointF(1, 0), 2.8)
    elif kind == "rotate_right":
        _draw_rotate(painter)
    elif kind == "rotate_left":
        painter.translate(16, 0)
        painter.scale(-1, 1)
        _draw_rotate(painter)


def toolbar_icon(kind: str, colour: QColor) -> QIcon:
    """One of the viewer's icons (previous, next, zoom_in, zoom_out, fit_width, rotate_left,
    rotate_right) drawn in ``colour`` at the usual sizes and at 1x and 2x."""
    icon = QIcon()
    for logical in (16, 20, 24):
        for ratio in (1.0, 2.0):
            pixmap = QPixmap(round(logical * ratio), round(logical * ratio))
            pixmap.fill(Qt.GlobalColor.transparent)
            pixmap.setDevicePixelRatio(ratio)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.scale(logical / 16, logical / 16)
            pen = QPen(colour, 1.5)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            _draw_icon(painter, kind)
            painter.end()
            icon.addPixmap(pixmap)
    return icon


class _ViewerToolbar(QToolBar):
    """Page n of N, previous/next, zoom, fit width and rotation, bound to one PageViewer."""

    _ZOOM_PRESETS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)

    def __init__(self, viewer: PageViewer) -> None:
        super().__init__()
        self.setObjectName("viewerToolbar")
        self.setAccessibleName("Page viewer tools")
        self.setMovable(False)
        self.setFloatable(False)
        self.setIconSize(QSize(18, 18))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self._viewer = viewer
        self._icons: dict[QToolButton, str] = {}

        self.previous = self._button("previousPage", "previous", "Previous page", "PgUp", viewer.previous_page)
        self.next = self._button("nextPage", "next", "Next page", "PgDown", viewer.next_page)
        self.page_number = QSpinBox(objectName="pageNumber")
        self.page_number.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.page_number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.page_number.setKeyboardTracking(False)  # go on Enter, not at every digit typed
        self.page_number.setAccessibleName("Page number")
        self.page_number.setToolTip(f"Page number: type a page and press Enter ({_shortcut_text('Ctrl+G')})")
        self.page_number.valueChanged.connect(self._page_entered)
        self.page_number.editingFinished.connect(self._page_edit_finished)
        self.page_total = QLabel(objectName="pageTotal")
        self.page_total.setAccessibleName("Number of pages")
        self.page_total.setContentsMargins(4, 0, 6, 0)
        self.zoom_out = self._button("zoomOut", "zoom_out", "Zoom out", "Ctrl+-", viewer.zoom_out)
        self.zoom_level = QComboBox(objectName="zoomLevel")
        self.zoom_level.setEditable(True)
        self.zoom_level.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zoom_level.setAccessibleName("Zoom level")
        self.zoom_level.setToolTip("Zoom level: pick one or type a percentage")
        self.zoom_level.addItem("Fit width")
        for preset in self._ZOOM_PRESETS:
            self.zoom_level.addItem(f"{round(preset * 100)} %", preset)
        self.zoom_level.setMinimumContentsLength(6)
        self.zoom_level.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.zoom_level.activated.connect(self._zoom_picked)
        line_edit = self.zoom_level.lineEdit()
        if line_edit is not None:
            line_edit.returnPressed.connect(self._zoom_typed)
        self.zoom_in = self._button("zoomIn", "zoom_in", "Zoom in", "Ctrl++", viewer.zoom_in)
        self.fit_width = self._button("fitWidth", "fit_width", "Fit width", "Ctrl+0", viewer.fit_width)
        self.fit_width.setCheckable(True)
        self.rotate_left = self._button(
            "rotateLeft", "rotate_left", "Rotate left", "Ctrl+Shift+R", viewer.rotate_counterclockwise
        )
        self.rotate_right = self._button(
            "rotateRight", "rotate_right", "Rotate right", "Ctrl+R", viewer.rotate_clockwise
        )

        for widget in (self.previous, self.next, self.page_number, self.page_total):
            self.addWidget(widget)
        self.addSeparator()
        for widget in (self.zoom_out, self.zoom_level, self.zoom_in, self.fit_width):
            self.addWidget(widget)
        self.addSeparator()
        for widget in (self.rotate_left, self.rotate_right):
            self.addWidget(widget)
        self._paint_icons()
        # Qt's own overflow button, shown when the toolbar is too narrow: it needs a name too.
        extension = self.findChild(QToolButton, "qt_toolbar_ext_button")
        if extension is not None:
            extension.setAccessibleName("More viewer tools")
            extension.setToolTip("More viewer tools")

        viewer.document_opened.connect(self._document_opened)
        viewer.document_closed.connect(self._document_closed)
        viewer.current_page_changed.connect(self._page_changed)
        viewer.zoom_changed.connect(self._zoom_changed)
        viewer.destroyed.connect(self._viewer_gone)
        if viewer.is_open():
            self._document_opened(viewer.page_count())
            self._page_changed(viewer.current_page())
            self._zoom_changed(viewer.zoom())
        else:
            self._document_closed()

    def _button(self, name: str, icon: str, text: str, shortcut: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton(objectName=name)
        button.setText(text)
        button.setAccessibleName(text)
        button.setToolTip(f"{text} ({_shortcut_text(shortcut)})")
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(slot)
        self._icons[button] = icon
        return button

    def _paint_icons(self) -> None:
        colour = self.palette().color(QPalette.ColorRole.ButtonText)
        for button, kind in self._icons.items():
            button.setIcon(toolbar_icon(kind, colour))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._paint_icons()  # the icons follow a switch between light and dark

    def _document_opened(self, count: int) -> None:
        self.page_number.blockSignals(True)
        self.page_number.setSpecialValueText("")
        self.page_number.setRange(1, max(1, count))
        self.page_number.setValue(1)
        self.page_number.blockSignals(False)
        digits = self.page_number.fontMetrics().horizontalAdvance("0" * max(2, len(str(count))))
        self.page_number.setFixedWidth(digits + 16)
        self.page_total.setText(f"of {count}")
        for widget in self._icons:
            widget.setEnabled(True)
        self.page_number.setEnabled(True)
        self.zoom_level.setEnabled(True)

    def _document_closed(self) -> None:
        self.page_number.blockSignals(True)
        self.page_number.setRange(0, 0)
        self.page_number.setSpecialValueText(" ")
        self.page_number.blockSignals(False)
        self.page_number.setFixedWidth(self.page_number.fontMetrics().horizontalAdvance("000") + 16)
        self.page_total.setText("of 0")
        for widget in self._icons:
            widget.setEnabled(False)
        self.page_number.setEnabled(False)
        self.zoom_level.setEnabled(False)

    def _page_changed(self, page: int) -> None:
        if page < 0:
            return
        self.page_number.blockSignals(True)
        self.page_number.setValue(page + 1)
        self.page_number.blockSignals(False)
        count = self._viewer.page_count()
        self.previous.setEnabled(page > 0)
        self.next.setEnabled(page < count - 1)

    def _page_entered(self, number: int) -> None:
        self._viewer.go_to_page(number - 1)

    def _page_edit_finished(self) -> None:
        # After Enter, back to reading with the keyboard; after a click elsewhere, leave the focus there.
        if self.page_number.hasFocus():
            self._viewer.setFocus(Qt.FocusReason.OtherFocusReason)

    def _zoom_changed(self, zoom: float) -> None:
        self.zoom_level.setEditText(f"{round(zoom * 100)} %")
        self.fit_width.setChecked(self._viewer.is_fit_width())

    def _zoom_picked(self, index: int) -> None:
        preset = self.zoom_level.itemData(index)
        if preset is None:
            self._viewer.fit_width()
        else:
            self._viewer.set_zoom(float(preset))
        self._zoom_changed(self._viewer.zoom())

    def _zoom_typed(self) -> None:
        text = self.zoom_level.currentText().replace("%", "").strip()
        try:
            percent = float(text.replace(",", "."))
        except ValueError:
            percent = 0.0
        if percent > 0:
            self._viewer.set_zoom(percent / 100)
        self._zoom_changed(self._viewer.zoom())

    def _viewer_gone(self) -> None:
        self.setEnabled(False)
