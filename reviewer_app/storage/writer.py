"""The one writer: every change to the database runs, one at a time, on a thread of its own.

Anki's serial collection executor is the model. Callers hand over a function and either wait
for its result (:meth:`SerialWriter.call`, from a worker thread or for a short edit) or get a
:class:`concurrent.futures.Future` (:meth:`SerialWriter.submit`). Because each function is one
short transaction, an answer typed during a 5,000-page import waits for at most one of them,
never for the import, and SQLite's "database is locked" has no second writer to come from.
No Qt here: the window wraps results in queued signals itself.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

WRITER_THREAD_NAME = "reviewer-database-writer"


class SerialWriter:
    """A single daemon thread that runs submitted functions in the order they came."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[Callable[[], object], Future[object]] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._closed = False

    def submit(self, work: Callable[[], T]) -> Future[T]:
        """Queue ``work``; the future holds its result or the exception it raised."""
        future: Future[T] = Future()
        if self.on_writer_thread():
            # A write that starts another (a service calling a service): run it in place, else it
            # would wait for itself.
            _run_into(work, future)
            return future
        if self._closed:
            raise RuntimeError("the database writer is closed")
        self._ensure_thread()
        self._jobs.put((work, future))  # type: ignore[arg-type]
        return future

    def call(self, work: Callable[[], T]) -> T:
        """Run ``work`` on the writer thread and wait for it; its exception is raised here."""
        return self.submit(work).result()

    def on_writer_thread(self) -> bool:
        thread = self._thread
        return thread is not None and threading.get_ident() == thread.ident

    def close(self, timeout: float = 30.0) -> None:
        """Finish what is queued, then stop the thread (closing the data folder)."""
        with self._start_lock:
            self._closed = True
            thread = self._thread
        if thread is not None and thread.is_alive() and not self.on_writer_thread():
            self._jobs.put(None)
            thread.join(timeout)

    def _ensure_thread(self) -> None:
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._serve, name=WRITER_THREAD_NAME, daemon=True)
                self._thread.start()

    def _serve(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            work, future = job
            if future.set_running_or_notify_cancel():
                _run_into(work, future)


def _run_into(work: Callable[[], T], future: Future[T]) -> None:
    try:
        result = work()
    except BaseException as exc:  # the caller decides what a failure means; the writer goes on
        future.set_exception(exc)
    else:
        future.set_result(result)
