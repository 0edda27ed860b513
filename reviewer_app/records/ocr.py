"""OCR of scanned PDF pages with Tesseract: plain text plus a searchable single-page PDF.

Tesseract runs as a subprocess, one page per process, with ``OMP_THREAD_LIMIT=1``: its OpenMP
threads thrash on a small machine (measured here: a 300 dpi page took 14 s with default threading
on 2 cores against 2.4 s single-threaded), so the parallelism comes from running one process per
core instead. :class:`OcrRunner` drives those processes from a few threads of this process;
nothing here touches the GUI, and ``OcrRunner.run`` is meant to be consumed on a background thread.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import logging
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from reviewer_app.domain.errors import Cancelled, ReviewerError
from reviewer_app.domain.progress import Progress, check_cancelled
from reviewer_app.records.fingerprints import text_fingerprint
from reviewer_app.records.rasterize import PDFIUM_LOCK, RenderFailed, image_hash, pdf_page_size, render_pdf_page

log = logging.getLogger(__name__)

MISSING_MESSAGE = (
    "Tesseract OCR is not installed; scanned pages stay unsearchable. Install the Debian package tesseract-ocr."
)
# How often a waiting thread looks at the cancel flag: bounds how long a killed page takes to stop.
_POLL_S = 0.05
# Page sizes are compared in points; PDF writers round to 2 decimals, so 0.01 pt is "the same".
_SIZE_TOLERANCE_PT = 0.01
# No console window on Windows, and a lower priority there as the nice value gives elsewhere.
if sys.platform == "win32":
    _CREATION_FLAGS = subprocess.CREATE_NO_WINDOW | subprocess.BELOW_NORMAL_PRIORITY_CLASS
else:
    _CREATION_FLAGS = 0
_LANGUAGE = re.compile(r"[A-Za-z0-9_]+(\+[A-Za-z0-9_]+)*\Z")  # "eng", "eng+spa": never an option


class OcrFailed(ReviewerError):
    """A page could not be OCR'd (Tesseract missing, failed, or too slow); the message says why."""


@dataclass(frozen=True)
class TesseractStatus:
    """Whether OCR can run here, for the diagnostics panel and the import summary."""

    available: bool
    version: str | None
    message: str


@dataclass(frozen=True)
class OcrPage:
    """One OCR'd page: its text, and the same text as an invisible layer to lay over the original page."""

    page_index: int
    text: str = field(repr=False)  # patient data: kept out of reprs, hence out of logs
    pdf: bytes = field(repr=False)  # one page of invisible text, the original page's size in points
    image_hash: str  # dHash of the rendered page, for near-duplicate detection
    seconds: float  # wall time: rendering plus Tesseract
    # records.fingerprints.text_fingerprint of ``text``, computed as it arrives (beside Tesseract's
    # next page) rather than when duplicates are counted; b"" when not computed.
    text_fingerprint: bytes = field(default=b"", repr=False)


@dataclass(frozen=True)
class OcrJob:
    """A page to OCR; ``key`` is the caller's name for it (e.g. a record id and page number)."""

    key: str
    pdf_path: Path
    page_index: int
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class OcrOutcome:
    """What became of one job: ``page`` when it worked, else ``error`` (a user-facing message)."""

    job: OcrJob
    page: OcrPage | None
    error: str | None


def tesseract_status(language: str = "eng") -> TesseractStatus:
    """Find Tesseract and its ``language`` data. Runs two short subprocesses: call it off the GUI thread."""
    executable = shutil.which("tesseract")
    if executable is None:
        return TesseractStatus(False, None, MISSING_MESSAGE)
    try:
        found = subprocess.run(
            [executable, "--version"], capture_output=True, text=True, timeout=15, creationflags=_CREATION_FLAGS
        )
        languages = subprocess.run(
            [executable, "--list-langs"], capture_output=True, text=True, timeout=15, creationflags=_CREATION_FLAGS
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return TesseractStatus(False, None, f"Tesseract OCR at {executable} does not run ({exc}); OCR is off.")
    # Tesseract 4+ prints its version on stdout, 3.x on stderr.
    first_line = (found.stdout or found.stderr).strip().splitlines()[:1]
    version = first_line[0].removeprefix("tesseract").strip() if first_line else None
    # One language a line after a header line ('List of available languages in "..." (2):').
    listed = {line.strip() for line in (languages.stdout + languages.stderr).splitlines() if " " not in line.strip()}
    wanted = language.split("+")
    missing = [name for name in wanted if name not in listed]
    if found.returncode != 0 or missing:
        problem = (
            f"has no language data for {', '.join(missing)} (install tesseract-ocr-{missing[0]})"
            if missing
            else f"does not run (exit status {found.returncode})"
        )
        return TesseractStatus(
            False, version, f"Tesseract OCR {version or ''} {problem}; OCR is off.".replace("  ", " ")
        )
    return TesseractStatus(True, version, f"Tesseract OCR {version} is ready ({language}).")


def ocr_page(
    pdf_path: Path,
    page_index: int,
    *,
    dpi: int = 300,
    password: str | None = None,
    timeout_s: float = 180,
    language: str = "eng",
) -> OcrPage:
    """OCR one page (0-based) of a PDF: render it, run Tesseract, return text and a searchable PDF page.

    Blocks for seconds (Tesseract takes 2-3 s for a 300 dpi page): call it off the GUI thread.
    Raises :class:`OcrFailed` when Tesseract is missing, fails, or takes longer than ``timeout_s``
    (the process is killed), and when the page cannot be rendered.
    """
    return _ocr_page(pdf_path, page_index, dpi, password, timeout_s, language, _Processes())


class OcrRunner:
    """OCR many pages at once, one Tesseract process per core, with progress and cancel."""

    def __init__(
        self, workers: int | None = None, *, dpi: int = 300, timeout_s: float = 180, language: str = "eng"
    ) -> None:
        """``workers`` is how many pages run at the same time (default: one per CPU core)."""
        if not _LANGUAGE.match(language):
            raise ValueError(f"not a Tesseract language: {language!r}")
        self.workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self.dpi = dpi
        self.timeout_s = timeout_s
        self.language = language

    def run(self, jobs: Iterable[OcrJob], progress: Progress) -> Iterator[OcrOutcome]:
        """OCR ``jobs``, yielding each page's outcome as soon as it is done (not in job order).

        A page that fails is yielded with its ``error``; the other pages go on. Progress is
        reported as ``report(done, total, "OCR page 3 of 200")``. Once ``progress.cancelled()``
        is true no further page starts, running Tesseract processes are killed (within ~0.1 s)
        and :class:`Cancelled` is raised; closing the generator early stops the work the same way.
        Raises :class:`OcrFailed` before any page when Tesseract is not installed.

        ``progress`` is only called from the thread iterating this generator. Cancel is noticed
        while waiting for the next page, so the consumer should not dawdle over each outcome.
        """
        pending = list(jobs)
        total = len(pending)
        if total == 0:
            return
        if shutil.which("tesseract") is None:
            raise OcrFailed(MISSING_MESSAGE)
        check_cancelled(progress, "OCR")
        todo: queue.SimpleQueue[OcrJob] = queue.SimpleQueue()
        for job in pending:
            todo.put(job)
        workers = min(self.workers, total)
        # Bounded so that a slow consumer holds back the workers instead of piling up PDFs in memory.
        done_pages: queue.Queue[OcrOutcome] = queue.Queue(maxsize=workers * 2)
        processes = _Processes()
        threads = [
            threading.Thread(target=self._work, args=(todo, done_pages, processes), name=f"ocr-{n}", daemon=True)
            for n in range(workers)
        ]
        progress.report(0, total, f"OCR of {total} page{'s' if total != 1 else ''}")
        for thread in threads:
            thread.start()
        done = 0
        try:
            while done < total:
                if progress.cancelled():
                    raise Cancelled("OCR")
                try:
                    outcome = done_pages.get(timeout=_POLL_S)
                except queue.Empty:
                    if not any(thread.is_alive() for thread in threads) and done_pages.empty():
                        raise RuntimeError("the OCR worker threads stopped with pages left") from None
                    continue
                done += 1
                progress.report(done, total, f"OCR page {done} of {total}")
                yield outcome
        finally:
            # Reached on completion, on Cancelled, and when the consumer closes the generator.
            processes.stop_all()
            for thread in threads:
                # A thread still rendering (PDFium cannot be interrupted) stops right after; it is a
                # daemon, and it starts no process once stopped, so the wait is bounded, not required.
                thread.join(timeout=5)

    def _work(
        self, todo: queue.SimpleQueue[OcrJob], done_pages: queue.Queue[OcrOutcome], processes: _Processes
    ) -> None:
        while not processes.stopped:
            try:
                job = todo.get_nowait()
            except queue.Empty:
                return
            try:
                page = _ocr_page(
                    job.pdf_path, job.page_index, self.dpi, job.password, self.timeout_s, self.language, processes
                )
                outcome = OcrOutcome(job, page, None)
            except _Stopped:
                return
            except ReviewerError as exc:
                log.info("OCR of %s failed: %s", job.key, type(exc).__name__)
                outcome = OcrOutcome(job, None, str(exc))
            except Exception:
                log.exception("unexpected error in the OCR of %s", job.key)
                outcome = OcrOutcome(job, None, "Unexpected error during OCR; see the log.")
            while not processes.stopped:
                try:
                    done_pages.put(outcome, timeout=_POLL_S)
                    break
                except queue.Full:
                    continue


class _Stopped(Exception):
    """Internal: the run was cancelled while this page was in progress."""


class _Processes:
    """The Tesseract processes of one run, so that cancelling can kill them all at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._live: set[subprocess.Popen[bytes]] = set()
        self._stopped = False

    @property
    def stopped(self) -> bool:
        return self._stopped

    def start(self, args: list[str], stderr_path: Path) -> subprocess.Popen[bytes]:
        # Under the lock: once stop_all() has run, no process can slip in after its sweep.
        with self._lock:
            if self._stopped:
                raise _Stopped
            env = dict(os.environ, OMP_THREAD_LIMIT="1")
            with open(stderr_path, "wb") as stderr:  # a file, not a pipe: a chatty stderr cannot stall it
                process = subprocess.Popen(
                    args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr, env=env,
                    creationflags=_CREATION_FLAGS,
                )  # fmt: skip
            self._live.add(process)
        _lower_priority(process.pid)
        return process

    def finished(self, process: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._live.discard(process)

    def stop_all(self) -> None:
        """Start no more processes and kill the running ones; returns once they have exited."""
        with self._lock:
            self._stopped = True
            live = list(self._live)
        for process in live:
            _kill(process)


def _ocr_page(
    pdf_path: Path,
    page_index: int,
    dpi: int,
    password: str | None,
    timeout_s: float,
    language: str,
    processes: _Processes,
) -> OcrPage:
    started = time.perf_counter()
    if not _LANGUAGE.match(language):
        raise ValueError(f"not a Tesseract language: {language!r}")
    executable = shutil.which("tesseract")
    if executable is None:
        raise OcrFailed(MISSING_MESSAGE)
    page_label = f"page {page_index + 1} of {Path(pdf_path).name}"
    try:
        image = render_pdf_page(pdf_path, page_index, dpi, password)
        original_size = pdf_page_size(pdf_path, page_index, password)  # in points, not rounded to pixels
    except RenderFailed as exc:
        raise OcrFailed(f"OCR of {page_label} failed: {exc}") from exc
    used_dpi = int(image.info["dpi"][0])
    fingerprint = image_hash(image)
    with tempfile.TemporaryDirectory(prefix="reviewer-ocr-") as folder:  # mode 0700: page images are patient data
        work = Path(folder)
        # Uncompressed TIFF: written in milliseconds (PNG takes ~0.1 s at 300 dpi). Only the text goes into
        # Tesseract's PDF (textonly_pdf): the page image stays the original's, a few kB instead of ~150 kB.
        image.save(work / "page.tif", dpi=(used_dpi, used_dpi))
        del image
        args = [executable, str(work / "page.tif"), str(work / "out"), "-l", language, "--dpi", str(used_dpi)]
        _run_tesseract(
            [*args, "-c", "textonly_pdf=1", "txt", "pdf"], work / "stderr.txt", timeout_s, page_label, processes
        )
        try:
            text = (work / "out.txt").read_text(encoding="utf-8", errors="replace")
            pdf = (work / "out.pdf").read_bytes()
        except OSError as exc:
            raise OcrFailed(f"OCR of {page_label} failed: Tesseract wrote no output ({exc.strerror}).") from exc
    pdf = _match_page_size(pdf, original_size, page_label)
    # Tesseract ends each page's text with a form feed (its page separator); one page needs none.
    text = text.rstrip()
    return OcrPage(page_index, text, pdf, fingerprint, time.perf_counter() - started, text_fingerprint(text))


def _run_tesseract(
    args: list[str], stderr_path: Path, timeout_s: float, page_label: str, processes: _Processes
) -> None:
    deadline = time.monotonic() + timeout_s
    try:
        process = processes.start(args, stderr_path)
    except OSError as exc:
        raise OcrFailed(f"OCR of {page_label} failed: Tesseract could not be started ({exc.strerror or exc}).") from exc
    try:
        while True:
            try:
                returncode = process.wait(timeout=_POLL_S)
                break
            except subprocess.TimeoutExpired:
                if processes.stopped:
                    _kill(process)
                    raise _Stopped from None
                if time.monotonic() > deadline:
                    _kill(process)
                    raise OcrFailed(
                        f"OCR of {page_label} took longer than {timeout_s:.0f} s and was stopped."
                    ) from None
    finally:
        processes.finished(process)
    if processes.stopped:  # killed by stop_all() while we waited
        raise _Stopped
    if returncode != 0:
        detail = stderr_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
        reason = "; ".join(detail) if detail else "no message"
        raise OcrFailed(f"OCR of {page_label} failed: Tesseract exited with status {returncode} ({reason}).")


def _match_page_size(pdf: bytes, size: tuple[float, float], page_label: str) -> bytes:
    """Give Tesseract's page exactly the original page's size, scaling its content to fit.

    Tesseract sizes its page as pixels * 72 / dpi, so whole pixels make it differ from the
    original by up to half a pixel (A4 at 300 dpi: 595.2 against 595.28 points), and a rotated
    original page comes back upright at the rotated size. A layer laid over the original
    must measure the same, so the content is scaled by that hair and the box set exactly.
    """
    width, height = size
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise OcrFailed(f"OCR of {page_label} failed: Tesseract's PDF cannot be read ({exc}).") from exc
        try:
            page = document[0]
            try:
                got_width, got_height = page.get_size()
                if abs(got_width - width) <= _SIZE_TOLERANCE_PT and abs(got_height - height) <= _SIZE_TOLERANCE_PT:
                    return pdf
                matrix = pdfium_c.FS_MATRIX(width / got_width, 0, 0, height / got_height, 0, 0)
                if not pdfium_c.FPDFPage_TransFormWithClip(page, ctypes.byref(matrix), None):
                    raise OcrFailed(f"OCR of {page_label} failed: the searchable page could not be resized.")
                page.set_mediabox(0, 0, width, height)
            finally:
                page.close()
            output = io.BytesIO()
            document.save(output)
        finally:
            document.close()
    fixed = output.getvalue()
    try:
        got = pdf_page_size(fixed)
    except RenderFailed as exc:
        raise OcrFailed(f"OCR of {page_label} failed: the resized searchable page cannot be read ({exc}).") from exc
    if abs(got[0] - width) > _SIZE_TOLERANCE_PT or abs(got[1] - height) > _SIZE_TOLERANCE_PT:
        raise OcrFailed(
            f"OCR of {page_label} failed: the searchable page measures {got[0]:.2f} x {got[1]:.2f} points, "
            f"not {width:.2f} x {height:.2f} like the original."
        )
    return fixed


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill a Tesseract process and reap it (Tesseract has no children: killing it is enough)."""
    with contextlib.suppress(OSError):  # it exited meanwhile
        process.kill()
    process.wait()


def _lower_priority(pid: int) -> None:
    # A nice value keeps the GUI responsive while OCR fills every core; throughput is unchanged on
    # an otherwise idle machine. Windows gets the same through its creation flags.
    if sys.platform != "win32":
        with contextlib.suppress(OSError):  # it already exited, or the system refuses: not worth failing for
            os.setpriority(os.PRIO_PROCESS, pid, 10)
