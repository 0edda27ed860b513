"""Read-time tracking: which pages of the open record have been on screen long enough to read.

A page counts as reviewed once it has been readable (see ``PageLayout.readable_pages``) for the
dwell threshold without a break, while the viewer's window is active: a page scrolled past, or
left on screen behind another application, is not reviewed. Each page counts once per opened
document.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer, Signal

DEFAULT_DWELL_SECONDS = 5.0


class ReadTimeTracker(QObject):
    """Times the pages on screen and says when one has been read.

    Signals:
        page_dwelled(int page): ``page`` was readable for the whole threshold (once per document).
    """

    page_dwelled = Signal(int)

    def __init__(self, readable_now: Callable[[], list[int] | None], parent: QObject | None = None) -> None:
        """``readable_now`` gives the pages readable at this moment, or None when nothing is being
        read (the window inactive, minimised or hidden, or no document open)."""
        super().__init__(parent)
        self._readable_now = readable_now
        self._dwell_ms = int(DEFAULT_DWELL_SECONDS * 1000)
        self._dwelled: set[int] = set()
        self._started: dict[int, int] = {}
        self._clock = QElapsedTimer()
        self._clock.start()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._timeout)

    def set_threshold(self, seconds: float) -> None:
        """How long a page must be readable on screen, continuously, before it counts as reviewed."""
        self._dwell_ms = max(0, round(seconds * 1000))
        self.update()

    def threshold(self) -> float:
        """The dwell threshold in seconds."""
        return self._dwell_ms / 1000

    def dwelled(self) -> frozenset[int]:
        """Pages that have been on screen long enough to read."""
        return frozenset(self._dwelled)

    def reset(self) -> None:
        """Forget every page (another document was opened, or this one closed)."""
        self._dwelled = set()
        self._started = {}
        self._timer.stop()

    def update(self) -> None:
        """Look again at what is readable (after a scroll, a resize, a change of window state).

        A page still readable keeps its start time; one no longer readable starts again.
        """
        readable = self._readable_now()
        if readable is None:
            self._started = {}
            self._timer.stop()
            return
        now = self._clock.elapsed()
        candidates = [page for page in readable if page not in self._dwelled]
        self._started = {page: self._started.get(page, now) for page in candidates}
        self._schedule(now)

    def _schedule(self, now: int) -> None:
        if not self._started:
            self._timer.stop()
            return
        due = min(self._started.values()) + self._dwell_ms
        self._timer.start(max(0, due - now))

    def _timeout(self) -> None:
        self.update()
        now = self._clock.elapsed()
        done = sorted(page for page, since in self._started.items() if now - since >= self._dwell_ms)
        for page in done:
            del self._started[page]
            self._dwelled.add(page)
        self._schedule(now)
        for page in done:
            self.page_dwelled.emit(page)
