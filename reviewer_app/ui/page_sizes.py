"""The sizes of a record's pages, read a few at a time.

Reading a page's size costs 30 us for text and 300 us for scans (3,000 pages would take 0.1 to
1 s), while only the first few are needed to show page 1: the viewer reads the first pages while
opening and the rest in slices of a few milliseconds, assuming meanwhile that every page not
yet read is the size of the first.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QSizeF
from PySide6.QtPdf import QPdfDocument

FALLBACK_PAGE_SIZE = (612.0, 792.0)  # US Letter, for a page whose size cannot be read
SIZE_FIRST_PAGES = 4
SIZE_SLICE_MS = 8


class PageSizes:
    """Page sizes in points of one open document: read, or assumed until read."""

    def __init__(self, document: QPdfDocument) -> None:
        self._document = document
        self.sizes: list[tuple[float, float]] = []
        self._measured = bytearray()  # 1 for each page whose size has been read
        self.known = 0  # pages 0 .. known - 1 are all read

    def reset(self, count: int) -> None:
        """Start on a document of ``count`` pages (0 when closed), none read yet."""
        self.sizes = [FALLBACK_PAGE_SIZE] * count
        self._measured = bytearray(count)
        self.known = 0

    def __len__(self) -> int:
        return len(self.sizes)

    def complete(self) -> bool:
        """Whether every page's size has been read."""
        return self.known >= len(self.sizes)

    def size_pt(self, page: int) -> QSizeF:
        """One page's size, asked of the document when not read yet (without changing the layout)."""
        if self._measured[page]:
            return QSizeF(*self.sizes[page])
        size = self._document.pagePointSize(page)
        return size if size.width() > 0 and size.height() > 0 else QSizeF(*FALLBACK_PAGE_SIZE)

    def measure(self, page: int) -> bool:
        """Read one page's size; True when it differs from the size assumed in the layout."""
        if self._measured[page]:
            return False
        self._measured[page] = 1
        size = self._document.pagePointSize(page)
        measured = (size.width(), size.height()) if size.width() > 0 and size.height() > 0 else FALLBACK_PAGE_SIZE
        changed = self.sizes[page] != measured
        self.sizes[page] = measured
        return changed

    def measure_for(self, budget_ms: int = SIZE_SLICE_MS, at_least: int = 1) -> bool:
        """Read the sizes not yet read, in order, for about ``budget_ms`` (but at least
        ``at_least`` pages); True when one differed from the size assumed in the layout."""
        changed = False
        clock = QElapsedTimer()
        clock.start()
        start = self.known
        for page in range(start, len(self.sizes)):
            if page - start >= at_least and clock.elapsed() >= budget_ms:
                break
            changed = self.measure(page) or changed
            self.known = page + 1
            if page == 0:
                # Until read, a page is assumed to be the size of the first.
                self.sizes[1:] = [self.sizes[0]] * (len(self.sizes) - 1)
        return changed
