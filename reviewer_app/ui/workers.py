"""The one way to a thread: run a service call off the GUI thread, with progress and Cancel.

Workers never touch widgets: results, errors and progress come back as queued signals.
One serial pool means database work never runs concurrently (Anki's pattern).
"""

from __future__ import annotations

import ctypes
import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


def _heap_trimmer() -> Callable[[], None]:
    """malloc_trim on glibc: hand the memory a finished task freed back to the system."""
    if sys.platform.startswith("linux"):
        try:
            trim = ctypes.CDLL("libc.so.6").malloc_trim

            def trim_heap() -> None:
                trim(0)

            return trim_heap
        except (OSError, AttributeError):
            pass
    return lambda: None


_trim_heap = _heap_trimmer()


class TaskSignals(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    finished = Signal()


class TaskProgress:
    """The services' Progress, reporting through Qt signals; Cancel sets an event."""

    def __init__(self, signals: TaskSignals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def report(self, done: int, total: int, message: str) -> None:
        self._signals.progressed.emit(done, total, message)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class Task(QRunnable):
    """A unit of long work: ``work(progress)`` runs in the pool's thread."""

    def __init__(self, work: Callable[[TaskProgress], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps it until its signals have been delivered
        self.signals = TaskSignals()
        self.progress = TaskProgress(self.signals)
        self._work = work

    def run(self) -> None:
        try:
            result = self._work(self.progress)
        except BaseException as exc:  # every failure must reach the GUI, never die in a thread
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)
        finally:
            # An import or OCR run leaves hundreds of MB freed but still held by the allocator.
            _trim_heap()
            self.signals.finished.emit()


class TaskRunner(QObject):
    """Starts tasks on one background thread and keeps them alive until they finish."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._running: set[Task] = set()

    def start(
        self,
        work: Callable[[TaskProgress], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        task = Task(work)
        task.signals.succeeded.connect(on_success)
        task.signals.failed.connect(on_failure)
        if on_progress is not None:
            task.signals.progressed.connect(on_progress)
        task.signals.finished.connect(lambda: self._running.discard(task))
        self._running.add(task)
        self._pool.start(task)
        return task

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the pool is idle (used when closing the window)."""
        for task in self._running:
            task.progress.cancel()
        return self._pool.waitForDone(msecs)
