"""OCR with the real Tesseract on scanned pages made here: text drawn into images, saved as image-only PDFs."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFont

from reviewer_app.domain.errors import Cancelled
from reviewer_app.records.ocr import (
    MISSING_MESSAGE,
    OcrFailed,
    OcrJob,
    OcrRunner,
    ocr_page,
    tesseract_status,
)
from reviewer_app.records.rasterize import (
    fit_dpi,
    hamming,
    image_hash,
    page_pixels,
    pdf_page_size,
    render_pdf_page,
)
from reviewer_app.resources import resource_path

FONT = str(resource_path("fonts", "DejaVuSans.ttf"))  # the shipped face: the same scans on every machine
SCAN_DPI = 200
WORDS = ("lumbar", "radiculopathy", "WC-88-123456")
LINES = (
    "Claim number WC-88-123456",
    "Assessment: lumbar radiculopathy at L5-S1",
    "Plan: physical therapy twice weekly",
)
FILLER = "Patient reports low back pain radiating to the left leg; straight leg raise positive."

pytestmark = pytest.mark.skipif(not tesseract_status().available, reason="Tesseract is not installed")


def scan_image(lines: tuple[str, ...], size: tuple[int, int] = (1655, 900), font_px: int = 40) -> Image.Image:
    """A white grayscale page with black text, as a scanner at 200 dpi would see it."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, font_px)
    y = 80
    for line in lines:
        draw.text((90, y), line, font=font, fill=0)
        y += int(font_px * 1.6)
    return image


def save_scan(path: Path, pages: list[Image.Image]) -> Path:
    """An image-only PDF: no text layer, exactly what a fax or a scanner sends."""
    pages[0].save(path, "PDF", resolution=SCAN_DPI, save_all=True, append_images=pages[1:])
    return path


def text_layer(pdf: bytes | Path) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        text_page = page.get_textpage()
        text: str = text_page.get_text_range()
        text_page.close()
        page.close()
        return text
    finally:
        document.close()


def page_count(pdf: bytes) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def tesseract_children() -> list[int]:
    """Tesseract processes started by this test process (other sessions' OCR is none of our business)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # exited while we looked
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        if name == "tesseract" and parent == os.getpid():
            found.append(int(entry.name))
    return found


class RecordingProgress:
    """A Progress that remembers what it was told and can be cancelled from any thread."""

    def __init__(self) -> None:
        self.reports: list[tuple[int, int, str]] = []
        self.stop = threading.Event()

    def report(self, done: int, total: int, message: str) -> None:
        self.reports.append((done, total, message))

    def cancelled(self) -> bool:
        return self.stop.is_set()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ocr")


@pytest.fixture(scope="module")
def scanned(folder: Path) -> Path:
    # 1655 px at 200 dpi is 595.8 points: not a whole number of pixels at 300 dpi, so Tesseract's
    # page (whole pixels * 72 / dpi) differs from it and the size correction has to do its job.
    return save_scan(folder / "scanned.pdf", [scan_image(LINES)])


def test_tesseract_is_found_with_its_version() -> None:
    status = tesseract_status()
    assert status.available
    assert status.version and status.version[0].isdigit()
    assert status.version in status.message


def test_ocr_page_recovers_the_words_and_makes_a_searchable_page_of_the_same_size(scanned: Path) -> None:
    assert not text_layer(scanned).strip()  # really a scan: nothing to search before OCR

    page = ocr_page(scanned, 0)

    for word in WORDS:
        assert word in page.text
    assert page.page_index == 0
    assert page_count(page.pdf) == 1
    assert pdf_page_size(page.pdf) == pytest.approx(pdf_page_size(scanned), abs=0.01)
    assert pdf_page_size(scanned) == pytest.approx((1655 * 72 / SCAN_DPI, 900 * 72 / SCAN_DPI), abs=0.01)
    searchable = text_layer(page.pdf)
    for word in WORDS:
        assert word in searchable
    assert len(page.image_hash) == 16 and int(page.image_hash, 16) >= 0
    assert page.seconds > 0
    assert "radiculopathy" not in repr(page)  # page text is patient data: kept out of logs


def test_a_rotated_page_comes_back_upright_at_the_size_a_viewer_shows(folder: Path) -> None:
    sideways = scan_image(LINES).rotate(90, expand=True)  # scanned sideways; the PDF's /Rotate puts it right
    path = save_scan(folder / "sideways.pdf", [sideways])
    document = pdfium.PdfDocument(path)
    document[0].set_rotation(90)  # clockwise, undoing Pillow's counter-clockwise turn
    rotated = folder / "rotated.pdf"
    document.save(rotated)
    document.close()

    page = ocr_page(rotated, 0, dpi=200)

    assert pdf_page_size(rotated) == pytest.approx((1655 * 72 / SCAN_DPI, 900 * 72 / SCAN_DPI), abs=0.01)
    assert pdf_page_size(page.pdf) == pytest.approx(pdf_page_size(rotated), abs=0.01)
    assert "radiculopathy" in page.text and "radiculopathy" in text_layer(page.pdf)


def test_a_giant_fax_page_is_rendered_within_max_pixels(folder: Path) -> None:
    # 8,400 points is 35,000 pixels at 300 dpi: 1.2 billion pixels if rendered as asked.
    document = pdfium.PdfDocument.new()
    document.new_page(8400, 8400)
    path = folder / "giant.pdf"
    document.save(path)
    document.close()
    assert page_pixels(8400, 8400, 300) == (35_000, 35_000)

    image = render_pdf_page(path, 0, dpi=300)

    assert image.width * image.height <= 40_000_000
    assert image.info["dpi"][0] < 300
    assert image.size == page_pixels(8400, 8400, image.info["dpi"][0])
    small = render_pdf_page(path, 0, dpi=300, max_pixels=1_000_000)
    assert small.width * small.height <= 1_000_000
    # Tesseract warns below 70 dpi yet sizes its PDF by the dpi it is given: still the original's size.
    page = ocr_page(path, 0)
    assert pdf_page_size(page.pdf) == pytest.approx((8400, 8400), abs=0.01)


def test_fit_dpi_keeps_the_asked_dpi_when_the_page_fits() -> None:
    assert fit_dpi(612, 792, 300) == 300
    assert page_pixels(612, 792, 300) == (2550, 3300)  # no spurious row from float rounding
    assert fit_dpi(612, 792, 300, max_pixels=2550 * 3300 - 1) == 299


def test_the_hash_finds_the_same_page_at_another_resolution(scanned: Path, folder: Path) -> None:
    # A page of another layout. (Pages of the same layout, e.g. two short notes on one letterhead,
    # hash close together: 9 x 8 cells of mostly white paper say little about the words.)
    other = save_scan(folder / "other.pdf", [scan_image(tuple(f"{n} {FILLER}" for n in range(40)), (1700, 2200), 26)])
    at_150 = image_hash(render_pdf_page(scanned, 0, dpi=150))
    at_300 = image_hash(render_pdf_page(scanned, 0, dpi=300))
    different = image_hash(render_pdf_page(other, 0, dpi=150))

    assert hamming(at_150, at_150) == 0
    assert hamming(at_150, at_300) <= 4
    assert hamming(at_150, different) > 10
    with pytest.raises(ValueError):
        hamming("abc", at_150)


def test_the_runner_yields_every_page_and_reports_progress(folder: Path) -> None:
    pages = [scan_image((f"Page marker {n}", *LINES[:2])) for n in range(4)]
    path = save_scan(folder / "four.pdf", pages)
    jobs = [OcrJob(f"record-1/page-{n}", path, n) for n in range(4)]
    progress = RecordingProgress()

    outcomes = list(OcrRunner(workers=2, dpi=200).run(jobs, progress))

    assert sorted(outcome.job.key for outcome in outcomes) == sorted(job.key for job in jobs)
    for outcome in outcomes:
        assert outcome.error is None and outcome.page is not None
        assert f"Page marker {outcome.job.page_index}" in outcome.page.text
        assert outcome.page.page_index == outcome.job.page_index
    assert [done for done, _, _ in progress.reports] == [0, 1, 2, 3, 4]
    assert all(total == 4 for _, total, _ in progress.reports)
    assert progress.reports[-1][2] == "OCR page 4 of 4"


@pytest.fixture(scope="module")
def quick_then_dense(folder: Path) -> Path:
    """A quick page, then pages that keep Tesseract busy for seconds each."""
    quick = scan_image(("Quick page",), size=(800, 300))
    dense = scan_image(tuple(f"{n} {FILLER}" for n in range(40)), size=(1700, 2200), font_px=26)
    return save_scan(folder / "long.pdf", [quick, dense, dense, dense, dense])


def test_cancelling_kills_running_tesseract_and_raises_cancelled(quick_then_dense: Path) -> None:
    jobs = [OcrJob(f"page-{n}", quick_then_dense, n) for n in range(5)]
    progress = RecordingProgress()
    outcomes = OcrRunner(workers=2).run(jobs, progress)

    first = next(outcomes)  # the quick page; a dense one (seconds of work) is under way beside it
    assert first.job.key == "page-0" and first.page is not None
    assert tesseract_children(), "a Tesseract process should be running when the user cancels"
    progress.stop.set()
    cancelled_at = time.monotonic()
    with pytest.raises(Cancelled):
        next(outcomes)

    assert time.monotonic() - cancelled_at < 1.0
    assert tesseract_children() == []
    assert [done for done, _, _ in progress.reports] == [0, 1]  # nothing after the cancel


def test_leaving_the_loop_early_stops_the_work_too(quick_then_dense: Path) -> None:
    jobs = [OcrJob(f"page-{n}", quick_then_dense, n) for n in range(5)]
    outcomes = OcrRunner(workers=2).run(jobs, RecordingProgress())
    next(outcomes)
    assert tesseract_children()

    outcomes.close()  # what a `break` out of the consumer's for loop does, once the generator is dropped

    assert tesseract_children() == []


def test_a_run_cancelled_before_it_starts_starts_nothing(scanned: Path) -> None:
    progress = RecordingProgress()
    progress.stop.set()
    with pytest.raises(Cancelled):
        next(OcrRunner().run([OcrJob("a", scanned, 0)], progress))
    assert tesseract_children() == []


def test_a_corrupt_pdf_is_an_error_outcome_and_the_other_pages_go_on(folder: Path, scanned: Path) -> None:
    corrupt = folder / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\ngarbage, then the file ends")
    jobs = [
        OcrJob("corrupt", corrupt, 0),
        OcrJob("missing-page", scanned, 7),
        OcrJob("good", scanned, 0),
    ]

    outcomes = {outcome.job.key: outcome for outcome in OcrRunner(workers=2, dpi=150).run(jobs, RecordingProgress())}

    assert outcomes["corrupt"].page is None
    assert "corrupt.pdf" in (outcomes["corrupt"].error or "")
    assert "damaged" in (outcomes["corrupt"].error or "")
    assert outcomes["missing-page"].page is None
    assert "no page 8" in (outcomes["missing-page"].error or "")
    good = outcomes["good"].page
    assert good is not None and "lumbar" in good.text


def test_a_locked_pdf_needs_its_password(folder: Path, scanned: Path) -> None:
    locked = folder / "locked.pdf"
    with pikepdf.open(scanned) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(owner="owner-secret", user="open-sesame"))

    with pytest.raises(OcrFailed, match="password-protected"):
        ocr_page(locked, 0)
    page = ocr_page(locked, 0, dpi=150, password="open-sesame")
    assert "lumbar" in page.text
    assert "open-sesame" not in repr(OcrJob("locked", locked, 0, "open-sesame"))


def test_a_page_slower_than_the_timeout_is_killed(scanned: Path) -> None:
    with pytest.raises(OcrFailed, match="took longer than"):
        ocr_page(scanned, 0, timeout_s=0.1)
    assert tesseract_children() == []


def test_a_failing_tesseract_is_reported_with_its_exit_status(scanned: Path) -> None:
    with pytest.raises(OcrFailed, match="exited with status") as raised:
        ocr_page(scanned, 0, dpi=100, language="xyz")  # no such language data
    assert "xyz" in str(raised.value)


@pytest.fixture
def no_tesseract(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: the lookup finds nothing
    yield


@pytest.mark.usefixtures("no_tesseract")
def test_without_tesseract_the_status_and_the_error_say_so_clearly(scanned: Path) -> None:
    status = tesseract_status()
    assert not status.available
    assert status.version is None
    assert status.message == MISSING_MESSAGE
    assert "not installed" in status.message and "tesseract-ocr" in status.message

    with pytest.raises(OcrFailed) as raised:
        ocr_page(scanned, 0)
    assert str(raised.value) == MISSING_MESSAGE
    with pytest.raises(OcrFailed, match="not installed"):
        next(OcrRunner().run([OcrJob("a", scanned, 0)], RecordingProgress()))
