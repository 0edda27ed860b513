"""Rendered record pages: rendering one page through QtPdf, and the bounded cache that keeps them.

The viewer renders only what is on screen (plus the next page, while the reader reads) and keeps
the images in a least-recently-used cache bounded in bytes, so that a record of thousands of
pages scrolls back and forth without rendering again, and without the case growing past its
memory budget.
"""

from __future__ import annotations

import math
from collections import OrderedDict

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions

# Rendered page images kept for scrolling back and forth; beyond this the least recently used go.
CACHE_BUDGET_BYTES = 80 * 1024 * 1024  # a few dozen pages at fit width; the case must stay under 500 MB
# No single rendered image exceeds this many pixels (48 MB at 32 bits): a bigger page, such as
# an engineering drawing at 100 %, is rendered downscaled and stretched when painted. Letter at
# 400 % (13.8 Mpx) is barely touched; two such pages on screen and the next fit the cache.
MAX_RENDER_PIXELS = 12_000_000

ROTATION_OPTIONS = {
    0: QPdfDocumentRenderOptions.Rotation.None_,
    90: QPdfDocumentRenderOptions.Rotation.Clockwise90,
    180: QPdfDocumentRenderOptions.Rotation.Clockwise180,
    270: QPdfDocumentRenderOptions.Rotation.Clockwise270,
}

#: (page, image width, image height, rotation): one rendering of one page.
CacheKey = tuple[int, int, int, int]


class PageImageCache:
    """Least-recently-used rendered pages, bounded by their size in bytes."""

    def __init__(self, budget: int = CACHE_BUDGET_BYTES) -> None:
        self.budget = budget
        self._items: OrderedDict[CacheKey, QImage] = OrderedDict()
        self.bytes = 0

    def get(self, key: CacheKey) -> QImage | None:
        """The image for ``key``, now the most recently used; None when it is not kept."""
        image = self._items.get(key)
        if image is not None:
            self._items.move_to_end(key)
        return image

    def put(self, key: CacheKey, image: QImage) -> None:
        """Keep ``image``, letting the least recently used go while over budget."""
        old = self._items.pop(key, None)
        if old is not None:
            self.bytes -= old.sizeInBytes()
        self._items[key] = image
        self.bytes += image.sizeInBytes()
        # The newest entry always stays, even alone above budget: it is being painted.
        while self.bytes > self.budget and len(self._items) > 1:
            _, evicted = self._items.popitem(last=False)
            self.bytes -= evicted.sizeInBytes()

    def peek(self, key: CacheKey) -> QImage | None:
        """The image for ``key`` without making it more recently used."""
        return self._items.get(key)

    def entries(self) -> list[CacheKey]:
        """The keys kept, least recently used first."""
        return list(self._items)

    def largest(self, page: int, rotation: int) -> QImage | None:
        """The largest image of ``page`` kept at ``rotation``, if any."""
        best: QImage | None = None
        for key, image in self._items.items():
            if key[0] == page and key[3] == rotation and (best is None or image.width() > best.width()):
                best = image
        return best

    def clear(self) -> None:
        """Let every image go (the document closed)."""
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
    options.setRotation(ROTATION_OPTIONS[rotation])
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
