"""Page text of record PDFs, read with PDFium in worker processes that may hang or crash.

A physician's bundle holds PDFs nobody on this project wrote: damaged, fuzzed, encrypted,
thousands of pages. Reading them happens in worker processes so that a PDF that makes the
reader loop forever or crash costs one file, never the application or the rest of the case:
a worker stuck on one piece of work past the time limit is killed, a worker that dies is
replaced, and the file it was reading is reported unreadable in words a physician understands.

Speed matters as much (the goal is at most 1.5 times poppler's ``pdftotext`` on the same
files), so the parent splits the work in chunks that keep every core busy: large files are
read in page ranges by several workers, small files travel in batches, each chunk's text
comes back in one message, and nothing is done per page beyond getting its text, its size and
its duplicate fingerprint (records.page_reading).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from types import TracebackType
from typing import Any, Final

from reviewer_app.domain.case import RecordState
from reviewer_app.domain.errors import Cancelled, ReviewerError
from reviewer_app.domain.progress import Progress
from reviewer_app.records.page_reading import FileHook, PageReader, PageTuple, WorkItem, worker_main
from reviewer_app.records.pdf_documents import LOCKED_DETAIL, WRONG_PASSWORD_DETAIL, DamagedPdf, PasswordRequired

__all__ = [
    "DamagedPdf",
    "Extraction",
    "ExtractionJob",
    "PageText",
    "PasswordRequired",
    "TextExtractor",
    "extract_pdf_text",
]

log = logging.getLogger(__name__)

# The time limit for one piece of work a worker is given: opening a file and reading at most
# CHUNK_PAGES of its pages. Per piece, not per file: the pieces of a long file are read by
# several workers at once, and their times added up would mark a 100,000-page PDF (1,563
# chunks, each read in about 60 ms) unreadable only because it is long. A piece has a bounded
# size, so a limit on it catches a reader stuck in a loop however long the file, while a file
# that keeps progressing is never stopped. 120 s is some 2,000 times what a chunk takes: room
# for a slow disk, a busy machine and qpdf repairing a damaged file as it is opened.
DEFAULT_FILE_TIMEOUT_S: Final = 120.0
CRASH_DETAIL: Final = "the file made the PDF reader crash"
DECRYPTED_DETAIL: Final = "its encryption is malformed; the text was read from a decrypted copy"
REPAIRED_DETAIL: Final = "the file was damaged; its pages are shown from a repaired copy (the original is kept)"

# Pages a worker reads before the parent knows a file's length; later chunks are as large.
# About 60 ms of work: large enough that per-chunk costs (a message, reopening the file in
# another worker) vanish, small enough that the last chunk leaves no core idle for long.
CHUNK_PAGES: Final = 64
# Small files travel to a worker together, so that a case of 400 one-page faxes is not
# 400 round trips; bounded, so that the batches still spread across the workers and the
# last one leaves no core idle for long (a text page takes 2 to 5 kB: 256 kB is a chunk).
_BATCH_FILES: Final = 8
_BATCH_BYTES: Final = 256 * 1024
_BATCHES_IN_FLIGHT: Final = 2  # the next batch waits in the worker's pipe: no idle gap
_POLL_S: Final = 0.1  # how often the user's Cancel is looked at while waiting
_STARTUP_FAILURES_ALLOWED: Final = 3
_STARTUP_LIMIT_S: Final = 60.0  # a worker that has not answered by then is stuck importing


@dataclass(frozen=True)
class PageText:
    """The text of one page, as the PDF's text layer gives it."""

    index: int  # 0-based
    text: str
    has_text_layer: bool  # False when the page gives no text: a scan or fax that needs OCR
    width_pt: float  # as displayed, after the page's /Rotate (0 x 0: a page that cannot be loaded)
    height_pt: float
    # records.fingerprints.text_fingerprint of the text as stored (none without a text layer)
    text_fingerprint: bytes = field(default=b"", repr=False)


@dataclass(frozen=True)
class Extraction:
    """What reading one file gave: its state for the record list and its pages' text."""

    key: str  # the caller's id of the file, e.g. its SHA-256
    state: RecordState
    detail: str = ""  # why a file is unreadable, locked or needs OCR, for the physician
    pages: tuple[PageText, ...] = ()
    # True when PDFium refused the file's encryption but qpdf opened it (a malformed
    # /Encrypt dictionary): the viewer, which is PDFium too, must show the decrypted copy
    # that renditions.decrypt_pdf(path, password or "") makes, not the original.
    needs_decrypted_copy: bool = False
    # True when PDFium refused the file as damaged and the pages were read from the copy
    # qpdf reconstructed: the viewer must show the copy repair.repair_pdf(path) makes.
    needs_repaired_copy: bool = False

    @property
    def scanned_pages(self) -> int:
        """Pages without a text layer."""
        return sum(1 for page in self.pages if not page.has_text_layer)


@dataclass(frozen=True)
class ExtractionJob:
    """One PDF to read; ``name`` is what progress messages call it (default: the file name)."""

    key: str
    pdf_path: Path
    password: str | None = None
    name: str | None = None

    @property
    def display_name(self) -> str:
        return self.name or self.pdf_path.name


def _page_texts(pages: Sequence[PageTuple], first_index: int = 0) -> list[PageText]:
    return [
        PageText(first_index + offset, text, has_text, width, height, fingerprint)
        for offset, (text, has_text, width, height, fingerprint) in enumerate(pages)
    ]


def extract_pdf_text(path: Path, password: str | None = None) -> list[PageText]:
    """Every page's text of one PDF, read in this process.

    For one file whose origin is trusted (a PDF this application wrote, an OCR result);
    received record files go through :class:`TextExtractor`, whose workers may crash.
    Raises :class:`PasswordRequired` when the PDF needs a (different) password and
    :class:`DamagedPdf` when it cannot be read.
    """
    reader = PageReader()
    try:
        _, _, _, pages = reader.read(str(path), password, 0, 2**31 - 1)
    finally:
        reader.close()
    return _page_texts(pages)


_Finished = deque[tuple[ExtractionJob, Extraction]]

# --- the parent: scheduling, time limits, crashes --------------------------------------------


@dataclass(eq=False)
class _FileWork:
    """A job being read: its chunks' results as they arrive."""

    job: ExtractionJob
    size: int
    page_count: int | None = None
    pages: list[PageTuple] = field(default_factory=list)
    chunks_left: int = 1
    decrypted: bool = False
    repaired: bool = False
    finished: bool = False


@dataclass(eq=False)
class _Item:
    """Pages ``[start, stop)`` of one file, the unit a worker is given."""

    item_id: int
    work: _FileWork
    start: int
    stop: int

    def message(self) -> WorkItem:
        return (self.item_id, str(self.work.job.pdf_path), self.work.job.password, self.start, self.stop)


@dataclass(eq=False)
class _Worker:
    process: Any  # multiprocessing.Process from the spawn context (its type is private)
    conn: Connection
    assigned: deque[_Item] = field(default_factory=deque)  # sent, not answered, in order
    batches: deque[int] = field(default_factory=deque)  # items left in each batch in flight
    current: _Item | None = None
    started_at: float = 0.0
    answered: bool = False  # has it ever sent a message (a worker that never does failed to start)
    spawned_at: float = field(default_factory=time.monotonic)

    @property
    def busy(self) -> bool:
        return bool(self.assigned)


class TextExtractor:
    """Reads many PDFs' text in worker processes, with a time limit per piece of work.

    ``file_timeout_s`` bounds each piece a worker is given (opening a file and reading up to
    CHUNK_PAGES of its pages; see DEFAULT_FILE_TIMEOUT_S): a worker stuck longer on one is
    killed and its file reported unreadable, however long the file's other pieces took.

    The pool starts on first use and is kept for later calls (starting a worker costs a
    Python start-up); :meth:`close` or ``with`` ends it. Use one extractor from one
    thread at a time.

    Workers are *spawned* (a fresh interpreter), so the program's main module must be
    safe to import, as with any spawned multiprocessing: ``python -m reviewer_app`` and
    the ``reviewer`` script are; a script needs the ``if __name__ == "__main__":`` idiom.

    ``before_file`` is a seam for tests: a picklable function the worker calls with each
    file's path before reading it (to simulate a PDF that hangs or crashes the reader).
    """

    def __init__(
        self,
        workers: int | None = None,
        file_timeout_s: float = DEFAULT_FILE_TIMEOUT_S,
        *,
        before_file: FileHook | None = None,
    ) -> None:
        self.max_workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self.file_timeout_s = file_timeout_s
        self._before_file = before_file
        # spawn, not fork: the GUI calls this from a thread, and forking a threaded process
        # can deadlock the child; spawn also behaves the same on Windows and macOS.
        self._context = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []
        self._next_item_id = 0
        self._running = False
        self._startup_failures = 0

    def __enter__(self) -> TextExtractor:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def start(self) -> None:
        """Start every worker now rather than on first use (say, when a case import begins),
        so that the first files do not wait for Python to start; they start in the background."""
        while len(self._workers) < self.max_workers:
            self._start_worker()

    def close(self) -> None:
        """Stop the worker processes (idle ones are asked to exit, busy ones killed)."""
        for worker in list(self._workers):
            if worker.busy:
                self._kill(worker)
                continue
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.process.join(timeout=2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout=2)
            worker.conn.close()
        self._workers.clear()

    def extract(self, jobs: Sequence[ExtractionJob], progress: Progress) -> Iterator[Extraction]:
        """Read every job's PDF; yield one :class:`Extraction` per job, as each completes.

        Every job yields exactly once, whatever its file does: READABLE, NEEDS_OCR (some
        pages have no text layer), LOCKED (a password is needed, or the one given is
        wrong) or UNREADABLE (damaged, timed out, crashed the reader). Progress counts
        files; :class:`Cancelled` is raised within a tenth of a second of the user
        cancelling, and the work in flight is abandoned.
        """
        if self._running:
            raise RuntimeError("TextExtractor.extract is already running; use one extractor per thread")
        self._running = True
        try:
            yield from self._extract(jobs, progress)
        finally:
            self._running = False
            # Work still in flight (cancelled, or the caller stopped iterating) would answer
            # into the next call: those workers are stopped; idle ones are kept.
            for worker in list(self._workers):
                if worker.busy:
                    self._kill(worker)

    def _extract(self, jobs: Sequence[ExtractionJob], progress: Progress) -> Iterator[Extraction]:
        total = len(jobs)
        if total == 0:
            return
        self._startup_failures = 0
        queue: deque[_Item] = deque()
        for job in jobs:
            work = _FileWork(job, _file_size(job.pdf_path))
            queue.append(self._new_item(work, 0, CHUNK_PAGES))
        items: dict[int, _Item] = {item.item_id: item for item in queue}
        done = 0
        finished: deque[tuple[ExtractionJob, Extraction]] = deque()
        progress.report(0, total, "Reading text")
        while done < total:
            self._check_cancelled(progress)
            self._dispatch(queue)
            if not queue and not any(worker.busy for worker in self._workers) and not finished:
                raise RuntimeError("text extraction lost track of its work")  # a bug, never a hang
            self._wait_and_handle(queue, items, finished, 0.0 if finished else _POLL_S)
            self._enforce_time_limits(queue, items, finished)
            self._dispatch(queue)  # before the caller indexes a result: workers never idle through a burst
            if finished:
                job, extraction = finished.popleft()
                done += 1
                progress.report(done, total, f"Reading text: {job.display_name}")
                yield extraction

    # --- scheduling ---

    def _new_item(self, work: _FileWork, start: int, stop: int) -> _Item:
        self._next_item_id += 1
        return _Item(self._next_item_id, work, start, stop)

    def _dispatch(self, queue: deque[_Item]) -> None:
        """Give queued work to workers that have room, starting workers as work needs them."""
        while queue:
            # Drop chunks of files that have already failed.
            while queue and queue[0].work.finished:
                queue.popleft()
            if not queue:
                return
            worker = self._worker_with_room()
            if worker is None:
                return
            batch = self._take_batch(queue)
            if not batch:
                return
            worker.assigned.extend(batch)
            worker.batches.append(len(batch))
            # A worker that died meanwhile refuses the batch; its sentinel tells, and the
            # batch is requeued then.
            with contextlib.suppress(OSError):
                worker.conn.send([item.message() for item in batch])

    def _worker_with_room(self) -> _Worker | None:
        idle = [w for w in self._workers if not w.busy]
        if idle:
            return idle[0]
        if len(self._workers) < self.max_workers:
            return self._start_worker()
        # Every worker is busy: prefetch a second batch to the least loaded one.
        candidates = [w for w in self._workers if len(w.batches) < _BATCHES_IN_FLIGHT]
        return min(candidates, key=lambda w: len(w.assigned)) if candidates else None

    def _take_batch(self, queue: deque[_Item]) -> list[_Item]:
        batch: list[_Item] = []
        size = 0
        while queue and len(batch) < _BATCH_FILES:
            item = queue[0]
            if item.work.finished:
                queue.popleft()
                continue
            if item.start > 0:
                # A later chunk of a long file is a full chunk of work on its own.
                if not batch:
                    batch.append(queue.popleft())
                break
            if batch and size + item.work.size > _BATCH_BYTES:
                break
            batch.append(queue.popleft())
            size += item.work.size
        return batch

    def _start_worker(self) -> _Worker:
        parent_end, child_end = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=worker_main, args=(child_end, self._before_file), name="reviewer-text-extraction", daemon=True
        )
        process.start()
        child_end.close()  # so that the parent sees EOF when the worker dies
        worker = _Worker(process, parent_end)
        self._workers.append(worker)
        return worker

    # --- answers from workers ---

    def _wait_and_handle(self, queue: deque[_Item], items: dict[int, _Item], finished: _Finished, limit: float) -> None:
        busy = [w for w in self._workers if w.busy]
        if not busy:
            return
        timeout = limit
        now = time.monotonic()
        for worker in busy:
            if worker.current is not None:
                timeout = min(timeout, max(0.0, self._deadline(worker) - now))
        waitables: list[Any] = [w.conn for w in busy] + [w.process.sentinel for w in busy]
        ready = set(wait(waitables, timeout=timeout))
        for worker in busy:
            if worker.conn in ready:
                self._drain(worker, queue, items, finished)
            if worker.process.sentinel in ready or not worker.process.is_alive():
                self._drain(worker, queue, items, finished)
                if worker in self._workers:
                    self._worker_died(worker, queue, items, finished)

    def _drain(self, worker: _Worker, queue: deque[_Item], items: dict[int, _Item], finished: _Finished) -> None:
        try:
            while worker.conn.poll():
                message = worker.conn.recv()
                worker.answered = True
                self._handle(worker, message, queue, items, finished)
        except (EOFError, OSError):
            pass  # the worker is gone; its sentinel reports it

    def _handle(
        self,
        worker: _Worker,
        message: tuple[Any, ...],
        queue: deque[_Item],
        items: dict[int, _Item],
        finished: _Finished,
    ) -> None:
        kind, item_id = message[0], message[1]
        item = items.get(item_id)
        if item is None:
            return
        if kind == "start":
            worker.current = item
            worker.started_at = time.monotonic()
            return
        self._answered(worker, item)
        del items[item_id]
        work = item.work
        if work.finished:
            return  # another chunk of this file failed already
        if kind == "done":
            _, _, page_count, decrypted, repaired, pages = message
            work.repaired = work.repaired or repaired
            self._chunk_done(work, item, page_count, decrypted, pages, queue, items, finished)
        elif kind == "locked":
            detail = WRONG_PASSWORD_DETAIL if message[2] else LOCKED_DETAIL
            self._finish(work, RecordState.LOCKED, detail, finished)
        elif kind == "damaged":
            self._finish(work, RecordState.UNREADABLE, message[2], finished)
        else:
            log.error("text extraction of record %s failed: %s", work.job.key, message[2])
            self._finish(work, RecordState.UNREADABLE, "the text could not be read (unexpected error)", finished)

    def _answered(self, worker: _Worker, item: _Item) -> None:
        if worker.assigned and worker.assigned[0] is item:
            worker.assigned.popleft()
        else:
            worker.assigned.remove(item)
        worker.current = None
        if worker.batches:
            worker.batches[0] -= 1
            if worker.batches[0] <= 0:
                worker.batches.popleft()
        self._startup_failures = 0

    def _chunk_done(
        self,
        work: _FileWork,
        item: _Item,
        page_count: int,
        decrypted: bool,
        pages: list[PageTuple],
        queue: deque[_Item],
        items: dict[int, _Item],
        finished: _Finished,
    ) -> None:
        work.decrypted = work.decrypted or decrypted
        if work.page_count is None:
            work.page_count = page_count
            work.pages = [("", False, 0.0, 0.0, b"")] * page_count
            # The file's length is known now: the rest goes out in chunks, ahead of files not
            # started yet, so that a long file finishes early and its chunks spread over cores.
            later = [
                self._new_item(work, start, min(start + CHUNK_PAGES, page_count))
                for start in range(item.stop, page_count, CHUNK_PAGES)
            ]
            for chunk in reversed(later):
                queue.appendleft(chunk)
                items[chunk.item_id] = chunk
            work.chunks_left += len(later)
        work.pages[item.start : item.start + len(pages)] = pages
        work.chunks_left -= 1
        if work.chunks_left > 0:
            return
        pages_text = tuple(_page_texts(work.pages))
        scanned = sum(1 for page in pages_text if not page.has_text_layer)
        if scanned:
            state, detail = RecordState.NEEDS_OCR, f"{scanned} of {len(pages_text)} pages are scanned images"
        elif work.repaired:
            state, detail = RecordState.REPAIRED, ""
        else:
            state, detail = RecordState.READABLE, ""
        if work.decrypted:
            detail = f"{detail}; {DECRYPTED_DETAIL}" if detail else DECRYPTED_DETAIL
        if work.repaired:
            detail = f"{detail}; {REPAIRED_DETAIL}" if detail else REPAIRED_DETAIL
        work.finished = True
        work.pages = []
        extraction = Extraction(
            work.job.key,
            state,
            detail,
            pages_text,
            needs_decrypted_copy=work.decrypted,
            needs_repaired_copy=work.repaired,
        )
        finished.append((work.job, extraction))

    def _finish(self, work: _FileWork, state: RecordState, detail: str, finished: _Finished) -> None:
        work.finished = True
        work.pages = []
        finished.append((work.job, Extraction(work.job.key, state, detail)))

    # --- time limits and crashes ---

    def _deadline(self, worker: _Worker) -> float:
        assert worker.current is not None
        return worker.started_at + self.file_timeout_s  # for this piece alone: see DEFAULT_FILE_TIMEOUT_S

    def _enforce_time_limits(self, queue: deque[_Item], items: dict[int, _Item], finished: _Finished) -> None:
        now = time.monotonic()
        for worker in list(self._workers):
            item = worker.current
            if item is None:
                if worker.busy and not worker.answered and now - worker.spawned_at > _STARTUP_LIMIT_S:
                    log.error("a text extraction worker did not start within %s s", _STARTUP_LIMIT_S)
                    self._kill(worker)
                    self._requeue(worker, None, queue, items)
                    self._startup_failed()
                continue
            if now < self._deadline(worker):
                continue
            log.warning("text extraction of record %s timed out; stopping its worker", item.work.job.key)
            self._kill(worker)
            self._requeue(worker, item, queue, items)
            if not item.work.finished:
                detail = f"text extraction timed out after {self.file_timeout_s:g} s"
                if item.start > 0:  # a later chunk: say where the reader got stuck
                    detail += f" on pages {item.start + 1} to {item.stop}"
                self._finish(item.work, RecordState.UNREADABLE, detail, finished)

    def _worker_died(self, worker: _Worker, queue: deque[_Item], items: dict[int, _Item], finished: _Finished) -> None:
        worker.process.join(timeout=5)
        exit_code = worker.process.exitcode
        item = worker.current
        self._forget(worker)
        self._requeue(worker, item, queue, items)
        if item is not None:
            log.warning("text extraction worker crashed (exit code %s) reading record %s", exit_code, item.work.job.key)
            if not item.work.finished:
                self._finish(item.work, RecordState.UNREADABLE, CRASH_DETAIL, finished)
        elif not worker.answered:
            # Died before reading anything: the worker cannot start, no file is to blame.
            log.error("a text extraction worker exited on start-up (exit code %s)", exit_code)
            self._startup_failed()

    def _startup_failed(self) -> None:
        self._startup_failures += 1
        if self._startup_failures >= _STARTUP_FAILURES_ALLOWED:
            raise ReviewerError(
                "The text of the records cannot be read: the reader process does not start. See the log."
            )

    def _requeue(self, worker: _Worker, culprit: _Item | None, queue: deque[_Item], items: dict[int, _Item]) -> None:
        """Put a stopped worker's unanswered items back at the front of the queue."""
        for item in reversed(worker.assigned):
            if item is culprit:
                items.pop(item.item_id, None)
                continue
            queue.appendleft(item)
        worker.assigned.clear()
        worker.batches.clear()
        worker.current = None

    def _kill(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(timeout=5)
        self._forget(worker)

    def _forget(self, worker: _Worker) -> None:
        if worker in self._workers:
            self._workers.remove(worker)
        worker.conn.close()

    @staticmethod
    def _check_cancelled(progress: Progress) -> None:
        if progress.cancelled():
            raise Cancelled("Reading the records' text")


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
