"""Reading record PDFs' text: real-world broken and encrypted files, time limits, crashes, cancel."""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from reviewer_app.domain.case import RecordState
from reviewer_app.domain.errors import Cancelled
from reviewer_app.domain.progress import SilentProgress
from reviewer_app.records.text_extraction import (
    CRASH_DETAIL,
    DamagedPdf,
    Extraction,
    ExtractionJob,
    PasswordRequired,
    TextExtractor,
    extract_pdf_text,
)

PASSWORD_21579 = "pässwört"


# --- test hooks, run inside the worker processes (module level, so that they pickle) ---------


def hang_or_crash(path: Path) -> None:
    """Simulate PDFs that make the reader hang ("hang-*") or crash ("crash-*")."""
    if path.name.startswith("hang-"):
        threading.Event().wait()  # blocks forever, as a reader stuck in a loop does
    if path.name.startswith("crash-"):
        os.kill(os.getpid(), signal.SIGSEGV)


SLOW_CHUNK_S = 0.6  # what the slow reader takes per piece of work, well within the 1.5 s limit below


def slow_or_stuck_later(path: Path) -> None:
    """Called before each piece of work (a file's first pages, or a later chunk of them).

    "slow-*": every piece takes SLOW_CHUNK_S, as a steadily progressing but slow reader does.
    "stuck-later-*": the first piece reads, every later one hangs (the reader gets stuck in the
    middle of a long file).
    """
    if path.name.startswith("slow-"):
        time.sleep(SLOW_CHUNK_S)
    if path.name.startswith("stuck-later-"):
        marker = path.with_suffix(".first-piece-read")
        if marker.exists():
            threading.Event().wait()
        marker.touch()


# --- helpers ---------------------------------------------------------------------------------


class RecordingProgress:
    """Records reports. With ``cancel_after``, the user presses Cancel ``cancel_delay_s``
    after that many files are done (from another thread, as the GUI's button does)."""

    def __init__(self, cancel_after: int | None = None, cancel_delay_s: float = 0.3) -> None:
        self.reports: list[tuple[int, int, str]] = []
        self.cancel_after = cancel_after
        self.cancel_delay_s = cancel_delay_s
        self.pressed = threading.Event()
        self.pressed_at: float | None = None
        self._timer: threading.Timer | None = None

    def report(self, done: int, total: int, message: str) -> None:
        self.reports.append((done, total, message))
        if self.cancel_after is not None and done >= self.cancel_after and self._timer is None:
            self._timer = threading.Timer(self.cancel_delay_s, self._press)
            self._timer.start()

    def _press(self) -> None:
        self.pressed_at = time.monotonic()
        self.pressed.set()

    def cancelled(self) -> bool:
        return self.pressed.is_set()


def write_text_pdf(path: Path, pages: int, label: str = "page") -> Path:
    pdf = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    for number in range(pages):
        pdf.setFont("Helvetica", 11)
        pdf.drawString(72, 700, f"{label} {number} of {pages}: lumbar strain, follow up in two weeks")
        pdf.showPage()
    pdf.save()
    return path


def by_key(extractions: Iterator[Extraction]) -> dict[str, Extraction]:
    found: dict[str, Extraction] = {}
    for extraction in extractions:
        assert extraction.key not in found, f"{extraction.key} reported twice"
        found[extraction.key] = extraction
    return found


@pytest.fixture(scope="module")
def extractor() -> Iterator[TextExtractor]:
    with TextExtractor(workers=2, file_timeout_s=60) as shared:
        yield shared


@pytest.fixture(scope="module")
def real_pdfs(tmp_path_factory: pytest.TempPathFactory, pdf_corpus: Path) -> Path:
    """A private copy of a corpus (shared or synthetic): the corpus folders are read-only."""
    target = tmp_path_factory.mktemp("real-pdfs")
    for source in pdf_corpus.glob("*"):
        shutil.copyfile(source, target / source.name)
    return target


# --- real-world PDFs -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_results(extractor: TextExtractor, real_pdfs: Path) -> dict[str, Extraction]:
    jobs = [ExtractionJob(path.name, path) for path in sorted(real_pdfs.glob("*.pdf"))]
    jobs += [
        ExtractionJob("21579 NFC", real_pdfs / "issue21579.pdf", unicodedata.normalize("NFC", PASSWORD_21579)),
        ExtractionJob("21579 NFD", real_pdfs / "issue21579.pdf", unicodedata.normalize("NFD", PASSWORD_21579)),
        ExtractionJob("21579 wrong", real_pdfs / "issue21579.pdf", "passwort"),
        ExtractionJob("R6 view", real_pdfs / "enc-XI-R6,V5,U=view,O=master.pdf", "view"),
        ExtractionJob("R2 view", real_pdfs / "enc-R2,V1,U=view,O=master.pdf", "view"),
    ]
    started = time.monotonic()
    results = by_key(extractor.extract(jobs, SilentProgress()))
    elapsed = time.monotonic() - started
    print(f"{len(jobs)} real-world PDFs read in {elapsed:.2f} s")
    # None hangs: 31 small files take well under a second once the workers run.
    assert elapsed < 30
    assert set(results) == {job.key for job in jobs}
    return results


def test_every_real_world_pdf_yields_an_extraction_with_a_plain_reason(real_results: dict[str, Extraction]) -> None:
    for key, extraction in real_results.items():
        if extraction.state in (RecordState.UNREADABLE, RecordState.LOCKED, RecordState.NEEDS_OCR):
            assert extraction.detail, f"{key}: {extraction.state} without a reason"
            assert "PDFium" not in extraction.detail and "Error" not in extraction.detail


def test_the_baseline_paper_reads_with_its_words_and_page_sizes(real_results: dict[str, Extraction]) -> None:
    paper = real_results["tracemonkey.pdf"]
    assert paper.state is RecordState.READABLE
    assert len(paper.pages) == 14
    assert [page.index for page in paper.pages] == list(range(14))
    assert "Trace-based Just-in-Time Type Specialization" in paper.pages[0].text
    assert "Mozilla Corporation" in paper.pages[0].text
    assert all(page.has_text_layer for page in paper.pages)
    assert (paper.pages[0].width_pt, paper.pages[0].height_pt) == pytest.approx((612, 792))
    # PDFium marks words hyphenated across lines; the mark is removed, so they search whole.
    assert "\ufffe" not in "".join(page.text for page in paper.pages)
    assert "\r" not in paper.pages[0].text


def test_page_counts_agree_with_poppler(real_results: dict[str, Extraction], real_pdfs: Path) -> None:
    manifest = json.loads((real_pdfs / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest:
        extraction = real_results[entry["file"]]
        if entry["pages"] is None or entry["user_password"]:
            continue
        assert len(extraction.pages) == entry["pages"], entry["file"]


def test_rotated_pages_report_their_displayed_size(real_results: dict[str, Extraction]) -> None:
    rotation = real_results["rotation.pdf"]
    assert (rotation.pages[0].width_pt, rotation.pages[0].height_pt) == pytest.approx((612, 792))
    assert (rotation.pages[1].width_pt, rotation.pages[1].height_pt) == pytest.approx((792, 612))
    assert "first page" in rotation.pages[0].text


def test_files_with_a_user_password_are_locked_until_it_is_given(real_results: dict[str, Extraction]) -> None:
    for name in ("issue21579.pdf", "enc-XI-R6,V5,U=view,O=master.pdf", "enc-R2,V1,U=view,O=master.pdf"):
        assert real_results[name].state is RecordState.LOCKED, name
        assert "password" in real_results[name].detail
        assert real_results[name].pages == ()
    for key in ("21579 NFC", "21579 NFD"):  # typed composed or decomposed, the same password
        assert real_results[key].state is RecordState.READABLE, key
        assert len(real_results[key].pages) == 1
    assert real_results["R6 view"].state is RecordState.READABLE
    assert len(real_results["R6 view"].pages) == 30
    assert real_results["R2 view"].state is RecordState.READABLE
    assert len(real_results["R2 view"].pages) == 30
    wrong = real_results["21579 wrong"]
    assert wrong.state is RecordState.LOCKED
    assert "not correct" in wrong.detail


def test_empty_user_passwords_and_owner_only_passwords_open_without_asking(
    real_results: dict[str, Extraction],
) -> None:
    for name in ("V4-aes.pdf", "enc-R2,V1.pdf", "enc-XI-R6,V5,O=master.pdf", "leading-junk.pdf"):
        assert real_results[name].state is RecordState.READABLE, name
        assert len(real_results[name].pages) == 30, name


def test_damaged_and_fuzzed_files_are_unreadable_in_plain_words(real_results: dict[str, Extraction]) -> None:
    assert real_results["bad1.pdf"].state is RecordState.UNREADABLE
    assert real_results["bad1.pdf"].detail == "damaged PDF (data format error)"
    for name in ("issue-141a.pdf", "issue-335b.pdf"):  # bad-direct-root.pdf is repaired now (test_repair.py)
        assert real_results[name].state is RecordState.UNREADABLE, name
        assert real_results[name].detail.startswith("damaged PDF"), name
    # Broken cross-reference tables, loops and truncated tokens are repaired by the reader.
    for name in ("bad-xref.pdf", "bad-xref-entry.pdf", "append-xref-loop.pdf", "eof-reading-token.pdf"):
        assert real_results[name].state is RecordState.READABLE, name


def test_a_malformed_encryption_dictionary_is_read_through_a_decrypted_copy(
    real_results: dict[str, Extraction],
) -> None:
    # PDFium (and poppler) refuse its /Encrypt (a misspelt /Length); qpdf opens it without a password.
    extraction = real_results["bad-encryption-length.pdf"]
    assert extraction.state is RecordState.READABLE
    assert extraction.needs_decrypted_copy
    assert extraction.pages[0].text.strip() == "Potato"
    assert not real_results["tracemonkey.pdf"].needs_decrypted_copy


def test_scanned_pages_are_marked_as_needing_ocr(real_results: dict[str, Extraction]) -> None:
    fax = real_results["fax-decode-parms.pdf"]
    assert fax.state is RecordState.NEEDS_OCR
    without_text = [page.index for page in fax.pages if not page.has_text_layer]
    assert without_text and f"{len(without_text)} of 10 pages" in fax.detail
    images = real_results["encrypted-with-images.pdf"]
    assert images.state is RecordState.NEEDS_OCR
    assert images.scanned_pages == 2


# --- splitting, batching, progress ---------------------------------------------------------------


def test_a_long_file_split_across_workers_comes_back_whole_and_in_order(
    extractor: TextExtractor, tmp_path: Path
) -> None:
    long_file = write_text_pdf(tmp_path / "long.pdf", 300, label="sheet")
    small = [write_text_pdf(tmp_path / f"small-{n}.pdf", 1, label=f"note{n}") for n in range(25)]
    jobs = [ExtractionJob("long", long_file)] + [ExtractionJob(path.stem, path) for path in small]
    progress = RecordingProgress()
    results = by_key(extractor.extract(jobs, progress))
    long = results["long"]
    assert long.state is RecordState.READABLE
    assert [page.index for page in long.pages] == list(range(300))
    for page in long.pages:
        assert f"sheet {page.index} of 300" in page.text
    for n in range(25):
        assert f"note{n} 0 of 1" in results[f"small-{n}"].pages[0].text
    # Progress counts files, up to all of them, naming each.
    assert progress.reports[0][:2] == (0, 26)
    assert [done for done, _, _ in progress.reports[1:]] == list(range(1, 27))
    assert {message for _, _, message in progress.reports[1:]} >= {
        "Reading text: long.pdf",
        "Reading text: small-0.pdf",
    }


def test_a_missing_file_is_unreadable_not_an_error(extractor: TextExtractor, tmp_path: Path) -> None:
    [result] = extractor.extract([ExtractionJob("gone", tmp_path / "gone.pdf")], SilentProgress())
    assert result.state is RecordState.UNREADABLE
    assert "could not be opened" in result.detail


def test_a_pdf_without_pages_is_unreadable(extractor: TextExtractor, tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    with pikepdf.new() as pdf:
        pdf.save(empty)
    [result] = extractor.extract([ExtractionJob("empty", empty)], SilentProgress())
    assert result.state is RecordState.UNREADABLE
    assert result.detail == "the PDF has no pages"


def test_no_jobs_yield_nothing(extractor: TextExtractor) -> None:
    assert list(extractor.extract([], SilentProgress())) == []


# --- time limit, crash, cancel -----------------------------------------------------------------


def test_a_file_past_the_time_limit_is_stopped_and_reported(tmp_path: Path) -> None:
    hanging = write_text_pdf(tmp_path / "hang-forever.pdf", 1)
    fine = write_text_pdf(tmp_path / "fine.pdf", 2)
    with TextExtractor(workers=2, file_timeout_s=1.5, before_file=hang_or_crash) as extractor:
        started = time.monotonic()
        results = by_key(
            extractor.extract([ExtractionJob("hang", hanging), ExtractionJob("fine", fine)], SilentProgress())
        )
        elapsed = time.monotonic() - started
        print(f"timed-out file reported after {elapsed:.2f} s (limit 1.5 s, includes starting the workers)")
        assert results["hang"].state is RecordState.UNREADABLE
        assert results["hang"].detail == "text extraction timed out after 1.5 s"
        assert results["fine"].state is RecordState.READABLE
        # The limit plus worker start-up (a Python start, well under a few seconds), not "forever".
        assert elapsed < 1.5 + 6
        # The killed worker is replaced: the extractor keeps working.
        [again] = extractor.extract([ExtractionJob("again", fine)], SilentProgress())
        assert again.state is RecordState.READABLE


def test_a_long_file_whose_pieces_each_finish_in_time_is_read_whole_however_long_it_takes(
    tmp_path: Path,
) -> None:
    # 300 pages: five pieces of work, each well within the limit; their times added up (3 s)
    # are twice the limit, as the pieces of a 100,000-page file add up to far more than it.
    long_file = write_text_pdf(tmp_path / "slow-long.pdf", 300, label="sheet")
    with TextExtractor(workers=2, file_timeout_s=1.5, before_file=slow_or_stuck_later) as extractor:
        [result] = extractor.extract([ExtractionJob("long", long_file)], SilentProgress())
    assert result.state is RecordState.READABLE, result.detail
    assert [page.index for page in result.pages] == list(range(300))
    for page in result.pages:
        assert f"sheet {page.index} of 300" in page.text


def test_a_reader_stuck_in_the_middle_of_a_long_file_is_stopped_and_reported(tmp_path: Path) -> None:
    stuck = write_text_pdf(tmp_path / "stuck-later-chart.pdf", 300)
    fine = write_text_pdf(tmp_path / "fine.pdf", 2)
    jobs = [ExtractionJob("stuck", stuck), ExtractionJob("fine", fine)]
    with TextExtractor(workers=2, file_timeout_s=1.5, before_file=slow_or_stuck_later) as extractor:
        results = by_key(extractor.extract(jobs, SilentProgress()))
        assert results["stuck"].state is RecordState.UNREADABLE
        # Where the reader got stuck: a later piece, not the first pages.
        assert results["stuck"].detail.startswith("text extraction timed out after 1.5 s on pages ")
        assert "on pages 1 to" not in results["stuck"].detail
        assert results["stuck"].pages == ()
        assert results["fine"].state is RecordState.READABLE
        # The killed workers are replaced: the extractor keeps working.
        [again] = extractor.extract([ExtractionJob("again", fine)], SilentProgress())
        assert again.state is RecordState.READABLE


def test_a_file_that_crashes_the_reader_is_reported_and_the_others_complete(tmp_path: Path) -> None:
    crashing = write_text_pdf(tmp_path / "crash-me.pdf", 1)
    others = [write_text_pdf(tmp_path / f"other-{n}.pdf", 3) for n in range(6)]
    jobs = [ExtractionJob("crash", crashing)] + [ExtractionJob(path.stem, path) for path in others]
    with TextExtractor(workers=2, file_timeout_s=30, before_file=hang_or_crash) as extractor:
        started = time.monotonic()
        results = by_key(extractor.extract(jobs, SilentProgress()))
        assert time.monotonic() - started < 10
        assert results["crash"].state is RecordState.UNREADABLE
        assert results["crash"].detail == CRASH_DETAIL
        for path in others:
            assert results[path.stem].state is RecordState.READABLE
            assert len(results[path.stem].pages) == 3


def test_cancel_stops_promptly_even_while_workers_are_stuck(tmp_path: Path) -> None:
    first = write_text_pdf(tmp_path / "first.pdf", 1)
    stuck = [write_text_pdf(tmp_path / f"hang-{n}.pdf", 1) for n in range(4)]
    jobs = [ExtractionJob("first", first)] + [ExtractionJob(path.stem, path) for path in stuck]
    with TextExtractor(workers=2, file_timeout_s=60, before_file=hang_or_crash) as extractor:
        # Cancel is pressed while both workers are stuck in files and the caller waits.
        progress = RecordingProgress(cancel_after=1, cancel_delay_s=0.3)
        yielded = []
        with pytest.raises(Cancelled):
            for extraction in extractor.extract(jobs, progress):
                yielded.append(extraction.key)
        raised_at = time.monotonic()
        assert progress.pressed_at is not None
        waited = raised_at - progress.pressed_at
        print(f"Cancelled raised {waited:.3f} s after Cancel was pressed")
        assert waited < 1.0
        assert yielded == ["first"]
        # The stuck workers were stopped; a later call starts fresh ones.
        [again] = extractor.extract([ExtractionJob("again", first)], SilentProgress())
        assert again.state is RecordState.READABLE


# --- in-process extraction -------------------------------------------------------------------


def test_extract_pdf_text_in_process(real_pdfs: Path) -> None:
    pages = extract_pdf_text(real_pdfs / "tracemonkey.pdf")
    assert len(pages) == 14
    assert "Trace-based" in pages[0].text
    with pytest.raises(DamagedPdf, match="damaged PDF"):
        extract_pdf_text(real_pdfs / "bad1.pdf")
    with pytest.raises(PasswordRequired) as locked:
        extract_pdf_text(real_pdfs / "issue21579.pdf")
    assert not locked.value.wrong_password
    with pytest.raises(PasswordRequired) as wrong:
        extract_pdf_text(real_pdfs / "issue21579.pdf", "wrong")
    assert wrong.value.wrong_password
    [page] = extract_pdf_text(real_pdfs / "issue21579.pdf", unicodedata.normalize("NFD", PASSWORD_21579))
    assert page.has_text_layer
