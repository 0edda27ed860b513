"""Where the page viewer puts each page: zoom modes, page positions, hit testing, what is on screen.

Plain Python with no Qt, so that the arithmetic a physician relies on ("fit width fills the
viewer", "the page I went to stays the current one") is tested without a window.

Units: page sizes are PDF points as QtPdf reports them (the page's own /Rotate applied, the view
rotation not). "Content" coordinates are pixels of the whole laid-out document, top to bottom;
the viewport shows the part of it the scroll bars select. Rectangles follow Qt's convention:
``bottom`` and ``right`` are the last pixel inside (``y + height - 1``).
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Sequence
from dataclasses import dataclass

ZOOM_LEVELS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 6.0, 8.0)
MIN_ZOOM = 0.1
MAX_ZOOM = 8.0
PAGE_GAP = 12
# Above the first page and below the last.
MARGIN = 12
# Either side of the pages: only what the page's hairline border and shadow need, so that fit
# width gives the page (nearly) all the width the viewer has.
SIDE_MARGIN = 4
# A page too narrow to read is not made narrower than this, however small the viewer.
MIN_FIT_PIXELS = 32
ROTATIONS = (0, 90, 180, 270)


class ZoomMode(enum.Enum):
    """How the pages are scaled."""

    FIT_WIDTH = "fit_width"  # every page as wide as the viewer (the default)
    FIT_PAGE = "fit_page"  # every page whole on screen, width and height
    FIXED = "fixed"  # a zoom factor, 1.0 = the page's physical size


@dataclass(frozen=True, slots=True)
class Rect:
    """An integer rectangle in content pixels; ``right``/``bottom`` are inclusive, as in QRect."""

    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width - 1

    @property
    def bottom(self) -> int:
        return self.y + self.height - 1

    @property
    def area(self) -> int:
        return self.width * self.height

    def contains(self, x: float, y: float) -> bool:
        """Whether the point lies on the rectangle (its far edges included, as QRectF does)."""
        return self.x <= x <= self.x + self.width and self.y <= y <= self.y + self.height

    def overlap(self, other: Rect) -> int:
        """The area the two rectangles share, in pixels."""
        width = min(self.x + self.width, other.x + other.width) - max(self.x, other.x)
        height = min(self.y + self.height, other.y + other.height) - max(self.y, other.y)
        return max(0, width) * max(0, height)


@dataclass(frozen=True)
class Affine:
    """A 2-D affine map in QTransform's terms: x' = m11 x + m21 y + dx, y' = m12 x + m22 y + dy."""

    m11: float
    m12: float
    m21: float
    m22: float
    dx: float
    dy: float

    def map(self, x: float, y: float) -> tuple[float, float]:
        return (self.m11 * x + self.m21 * y + self.dx, self.m12 * x + self.m22 * y + self.dy)

    def inverse(self) -> Affine:
        det = self.m11 * self.m22 - self.m12 * self.m21
        m11, m12, m21, m22 = self.m22 / det, -self.m12 / det, -self.m21 / det, self.m11 / det
        return Affine(m11, m12, m21, m22, -(m11 * self.dx + m21 * self.dy), -(m12 * self.dx + m22 * self.dy))


@dataclass(frozen=True, slots=True)
class VisiblePage:
    """A page on screen: how much of it (pixels) and how big it is (pixels)."""

    page: int
    shown: int
    area: int


def display_size(size_pt: tuple[float, float], rotation: int) -> tuple[float, float]:
    """A page's width and height in points as shown, after the view rotation."""
    width, height = size_pt
    return (height, width) if rotation in (90, 270) else (width, height)


def clamp_zoom(factor: float) -> float:
    """The zoom factor kept between the smallest and largest the viewer offers."""
    return max(MIN_ZOOM, min(MAX_ZOOM, float(factor)))


def zoom_step_in(current: float) -> float:
    """The next zoom level above ``current`` (Ctrl++)."""
    return next((z for z in ZOOM_LEVELS if z > current * 1.01), MAX_ZOOM)


def zoom_step_out(current: float) -> float:
    """The next zoom level below ``current`` (Ctrl+-)."""
    return next((z for z in reversed(ZOOM_LEVELS) if z < current / 1.01), MIN_ZOOM)


def page_scale(
    mode: ZoomMode,
    zoom: float,
    shown_pt: tuple[float, float],
    viewport: tuple[int, int],
    pixels_per_point: float,
) -> float:
    """Pixels per point for one page shown at ``shown_pt`` (after rotation) in a viewport.

    Fit width and fit page are per page (as in Okular): a landscape scan in a letter-size record
    is as readable as its neighbours.
    """
    width_pt, height_pt = shown_pt
    available_width = max(MIN_FIT_PIXELS, viewport[0] - 2 * SIDE_MARGIN)
    if mode is ZoomMode.FIT_WIDTH:
        return available_width / width_pt
    if mode is ZoomMode.FIT_PAGE:
        available_height = max(MIN_FIT_PIXELS, viewport[1] - 2 * MARGIN)
        return min(available_width / width_pt, available_height / height_pt)
    return zoom * pixels_per_point


class PageLayout:
    """The pages of one document laid out top to bottom, centred, for one viewport and zoom.

    Built afresh whenever the sizes, zoom, rotation or viewport change (a few milliseconds for
    thousands of pages); queries use a binary search over the pages' bottoms.
    """

    def __init__(
        self,
        sizes_pt: Sequence[tuple[float, float]],
        *,
        viewport: tuple[int, int],
        mode: ZoomMode = ZoomMode.FIT_WIDTH,
        zoom: float = 1.0,
        rotation: int = 0,
        pixels_per_point: float = 96 / 72,
    ) -> None:
        self.sizes_pt = list(sizes_pt)
        # Follows the viewport when it is resized in a way the pages do not follow (the height,
        # unless fitting the page): what is visible depends on it, the page positions do not.
        self.viewport = viewport
        self.mode = mode
        self.zoom = zoom
        self.rotation = rotation
        self.pixels_per_point = pixels_per_point
        # Most records have one or two page sizes: each is scaled once.
        known: dict[tuple[float, float], tuple[int, int]] = {}
        scaled: list[tuple[int, int]] = []
        for size in self.sizes_pt:
            pixels = known.get(size)
            if pixels is None:
                shown = display_size(size, rotation)
                scale = page_scale(mode, zoom, shown, viewport, pixels_per_point)
                pixels = known[size] = (max(1, round(shown[0] * scale)), max(1, round(shown[1] * scale)))
            scaled.append(pixels)
        widest = max((width for width, _ in known.values()), default=0)
        self.rects: list[Rect] = []
        self.bottoms: list[int] = []
        top = MARGIN
        for width, height in scaled:
            rect = Rect(SIDE_MARGIN + (widest - width) // 2, top, width, height)
            self.rects.append(rect)
            self.bottoms.append(rect.bottom)
            top += height + PAGE_GAP
        self.content_width = widest + 2 * SIDE_MARGIN if scaled else 0
        self.content_height = top - PAGE_GAP + MARGIN if scaled else 0

    def __len__(self) -> int:
        return len(self.rects)

    # -- scrolling

    def spare_width(self) -> int:
        """Pixels either side of the content when it is narrower than the viewport (it is centred)."""
        return max(0, (self.viewport[0] - self.content_width) // 2)

    def scroll_range(self) -> tuple[int, int]:
        """The largest horizontal and vertical scroll values."""
        return (max(0, self.content_width - self.viewport[0]), max(0, self.content_height - self.viewport[1]))

    def origin(self, scroll_x: int, scroll_y: int) -> tuple[int, int]:
        """Content coordinates of the viewport's top-left corner at these scroll values."""
        return (scroll_x - self.spare_width(), scroll_y)

    def top_of(self, page: int) -> int:
        """The vertical scroll value that puts ``page`` at the top, with half a gap above it."""
        return self.rects[page].y - PAGE_GAP // 2

    # -- hit testing

    def page_at(self, x: float, y: float) -> int | None:
        """The page under a content point, or None between pages and beside them."""
        if not self.rects:
            return None
        index = self.nearest_page(y)
        return index if self.rects[index].contains(x, y) else None

    def nearest_page(self, y: float) -> int:
        """The page at a content height, or the one just below it (the last past the end)."""
        return min(bisect.bisect_left(self.bottoms, int(y // 1)), len(self.rects) - 1)

    def visible_pages(self, origin: tuple[int, int]) -> list[VisiblePage]:
        """The pages the viewport shows from ``origin`` (content coordinates), top to bottom."""
        if not self.rects:
            return []
        view = Rect(origin[0], origin[1], self.viewport[0], self.viewport[1])
        result: list[VisiblePage] = []
        for page in range(bisect.bisect_left(self.bottoms, view.y), len(self.rects)):
            rect = self.rects[page]
            if rect.y > view.bottom:
                break
            shown = rect.overlap(view)
            if shown:
                result.append(VisiblePage(page, shown, rect.area))
        return result

    def most_visible_page(self, origin: tuple[int, int]) -> int | None:
        """The page taking most of the viewport (the first of equals), or None when none shows."""
        visible = self.visible_pages(origin)
        if not visible:
            return None
        return max(visible, key=lambda v: (v.shown, -v.page)).page

    def readable_pages(self, origin: tuple[int, int]) -> list[int]:
        """Pages at least half visible, or filling at least half the viewport (a page zoomed
        taller than two screens can never be half visible, yet is being read)."""
        half_view = self.viewport[0] * self.viewport[1] / 2
        return [v.page for v in self.visible_pages(origin) if v.shown >= v.area / 2 or v.shown >= half_view]

    # -- page points to pixels

    def effective_zoom(self, page: int) -> float:
        """The zoom factor ``page`` is shown at (1.0 = its physical size), whatever the mode."""
        width_pt = display_size(self.sizes_pt[page], self.rotation)[0]
        return self.rects[page].width / (width_pt * self.pixels_per_point)

    def page_to_content(self, page: int) -> Affine:
        """The map from a page's points (unrotated view) to content pixels."""
        width, height = self.sizes_pt[page]
        shown_width, shown_height = display_size(self.sizes_pt[page], self.rotation)
        turn = {
            0: Affine(1, 0, 0, 1, 0, 0),
            90: Affine(0, 1, -1, 0, height, 0),
            180: Affine(-1, 0, 0, -1, width, height),
            270: Affine(0, -1, 1, 0, 0, width),
        }[self.rotation]
        rect = self.rects[page]
        sx, sy = rect.width / shown_width, rect.height / shown_height
        return Affine(
            sx * turn.m11, sy * turn.m12, sx * turn.m21, sy * turn.m22, sx * turn.dx + rect.x, sy * turn.dy + rect.y
        )
