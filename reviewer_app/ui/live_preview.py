"""The draft preview follows the physician's writing: re-rendered in the background, throttled.

Each saved answer calls :meth:`LivePreview.changed`. The draft is rendered once the physician has
paused (``delay_ms`` after the last change), never more than one render at a time; a change made
while a render runs makes that render's result stale, and a new one starts as soon as it ends (the
stale pages are never shown). The window shows the new pages on the page and at the zoom the
physician was on. Renders alternate between two files, so the one on screen is never rewritten.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from reviewer_app.ui.report_preview import ReportPreview
from reviewer_app.ui.workers import TaskGroup, TaskProgress

#: Renders the draft into the file numbered by its argument (0 or 1) and returns its path (off the GUI thread).
RenderDraft = Callable[[int], Path]

DELAY_MS = 1500


class LivePreview(QObject):
    """Keeps the open :class:`ReportPreview` (found by ``find_preview``) up to date with the answers.

    ``state`` is "idle", "waiting" (a change, the pause not over) or "rendering"; ``renders`` counts
    the renders shown. ``failed(str)`` says in words why a render did not come.
    """

    rendered = Signal(Path)
    failed = Signal(object)

    def __init__(
        self,
        find_preview: Callable[[], ReportPreview | None],
        tasks: TaskGroup,
        parent: QObject | None = None,
        delay_ms: int = DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self._find_preview = find_preview
        self._tasks = tasks
        self._render: RenderDraft | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._start)
        self._in_flight = False
        self._stale = False  # a change came while the render in flight was running
        self._next_file = 1
        self.renders = 0

    @property
    def state(self) -> str:
        if self._in_flight:
            return "rendering"
        return "waiting" if self._timer.isActive() else "idle"

    def follow(self, render: RenderDraft | None) -> None:
        """Render with ``render`` from now on (None: the case closed; nothing more is rendered)."""
        self._render = render
        self._timer.stop()
        self._stale = False
        self._in_flight = False  # a late result of the previous case is dropped by its TaskGroup

    def changed(self) -> None:
        """An answer changed: re-render once the physician pauses, if a preview is open."""
        if self._render is None or self._find_preview() is None:
            return
        if self._in_flight:
            self._stale = True
            return
        self._timer.start()  # restarts: the pause counts from the last change

    def _start(self) -> None:
        render = self._render
        if render is None or self._find_preview() is None:
            return
        self._in_flight = True
        self._stale = False
        version = self._next_file
        self._next_file = 1 - version

        def work(_progress: TaskProgress) -> Path:
            return render(version)

        self._tasks.start(work, self._done, self._not_done)

    def _done(self, path: Path) -> None:
        self._in_flight = False
        if self._stale:  # the answers changed while this rendered: show the newer one only
            self._stale = False
            self._start()
            return
        preview = self._find_preview()
        if preview is None:
            return
        preview.reload(path)
        self.renders += 1
        self.rendered.emit(path)

    def _not_done(self, exc: BaseException) -> None:
        self._in_flight = False
        self.failed.emit(exc)
        if self._stale:
            self._stale = False
            self._start()
