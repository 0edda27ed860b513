"""The one way to a thread: run a service call off the GUI thread, with progress and Cancel.

Workers never touch widgets: results, errors and progress come back as queued signals.
Database writes do not need a serial pool (they go through the database's one writer); a
runner with one thread is for work that must queue, imports. Every task belongs to whoever
started it (a :class:`TaskGroup`): its Cancel is that task's, and when the owner closes, its
tasks are cancelled and their late results dropped (napari's and superqt's workers are the model).
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
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
    started = Signal()  # the task left the queue and runs now
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
        self._started = threading.Event()
        self.dropped = False  # set on the GUI thread: results arriving after it reach no one

    def cancel(self) -> None:
        """Ask the work to stop at its next check; its result or failure is still delivered."""
        self.progress.cancel()

    def drop(self) -> None:
        """Cancel, and deliver nothing more (the owner is closing: its widgets may be gone)."""
        self.dropped = True
        self.progress.cancel()

    @property
    def started(self) -> bool:
        """Whether the task has left its runner's queue (set before ``signals.started`` is emitted)."""
        return self._started.is_set()

    def run(self) -> None:
        self._started.set()
        self.signals.started.emit()
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

    def __init__(self, parent: QObject | None = None, threads: int = 1) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._running: set[Task] = set()

    def start(
        self,
        work: Callable[[TaskProgress], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        task = Task(work)

        # The checks run on the GUI thread, where drop() is called: no result slips past one.
        def succeeded(result: Any) -> None:
            if not task.dropped:
                on_success(result)

        def failed(exc: BaseException) -> None:
            if not task.dropped:
                on_failure(exc)

        def progressed(done: int, total: int, message: str) -> None:
            if not task.dropped and on_progress is not None:
                on_progress(done, total, message)

        task.signals.succeeded.connect(succeeded)
        task.signals.failed.connect(failed)
        task.signals.progressed.connect(progressed)
        task.signals.finished.connect(lambda: self._running.discard(task))
        self._running.add(task)
        self._pool.start(task)
        return task

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def tasks(self) -> list[Task]:
        return list(self._running)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the pool is idle (used when closing the window)."""
        for task in self._running:
            task.progress.cancel()
        return self._pool.waitForDone(msecs)


class TaskGroup(QObject):
    """The tasks one owner (a workspace, the report actions for a case) started on a runner.

    ``close`` cancels each and drops its late results, so that nothing arrives at widgets that
    are gone ("QTreeWidget already deleted"); it never waits for the threads.
    """

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._tasks: set[Task] = set()
        tasks = self._tasks  # not self: the group is being deleted when this runs
        # An owner deleted without closing (its window destroyed) drops the late results all the same.
        self.destroyed.connect(lambda *_: [task.drop() for task in list(tasks)])

    def start(
        self,
        work: Callable[[TaskProgress], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        task = self.runner.start(work, on_success, on_failure, on_progress)
        self._tasks.add(task)
        task.signals.finished.connect(lambda: self._tasks.discard(task))
        return task

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def tasks(self) -> list[Task]:
        return list(self._tasks)

    def close(self) -> None:
        """Cancel every task of this owner and drop whatever they deliver from now on."""
        for task in list(self._tasks):
            task.drop()
        self._tasks.clear()


class _Delivery(QObject):
    done = Signal(object)  # the finished future, emitted on the writer's thread, received on the GUI's


def on_gui_thread(
    future: Future[Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None],
    owner: QObject | None = None,
) -> None:
    """Call ``on_success(result)`` or ``on_failure(exc)`` on the GUI thread once ``future`` is done.

    The way to take a write's result from the database's writer (``CaseSession.submit_answer``)
    without waiting for it: a queued signal carries it. With an ``owner`` (a workspace), nothing
    is delivered once the owner is deleted.
    """
    delivery = _Delivery(owner)
    keep = {delivery}  # alive until delivered, whether or not an owner holds it

    def deliver(done: Future[Any]) -> None:
        keep.clear()
        delivery.deleteLater()
        exc = done.exception()
        if exc is None:
            on_success(done.result())
        else:
            on_failure(exc)

    def emit(done: Future[Any]) -> None:
        # The owner, and the delivery with it, may have been deleted: then there is no one to tell.
        with contextlib.suppress(RuntimeError):
            delivery.done.emit(done)

    delivery.done.connect(deliver)
    future.add_done_callback(emit)
