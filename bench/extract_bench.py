"""Text extraction alone, timed side by side with poppler's pdftotext over the same files.

Goal: the import takes at most 1.5x the time pdftotext takes; text extraction is most of
it. Prints figures; asserts nothing.
Usage: python bench/extract_bench.py [--pages 5000] [--documents 50] [--workers 2] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reviewer_app.domain.progress import SilentProgress
from reviewer_app.records.text_extraction import ExtractionJob, TextExtractor

_VOCABULARY = (
    "patient reports low back pain radiating left leg straight raise positive degrees lumbar spine "
    "tenderness paraspinal muscles range motion flexion extension limited guarding gait antalgic "
    "neurological exam intact sensation dermatome reflexes symmetric strength five plan physical "
    "therapy epidural steroid injection follow weeks medication ibuprofen cyclobenzaprine work modified "
    "duty lifting restriction pounds mri disc protrusion foraminal narrowing nerve root impression"
)
WORDS = _VOCABULARY.split()
LINES_PER_PAGE = 45  # a typed progress note: a header line and 44 lines of text
FONT, FONT_SIZE, MARGIN = "Helvetica", 10, 54
TEXT_WIDTH = letter[0] - 2 * MARGIN


def _line(rng: random.Random) -> str:
    """Words up to the right margin (about 90 characters), as a word processor fills a line.

    Text must stay on the page: lines running past its edge (14 long words at 10 pt do)
    cost PDFium 1.6 times as much per character, which no real record makes it pay.
    """
    words = [rng.choice(WORDS)]
    width = _WIDTHS[words[0]]
    while True:
        word = rng.choice(WORDS)
        width += _SPACE + _WIDTHS[word]
        if width > TEXT_WIDTH:
            return " ".join(words)
        words.append(word)


_WIDTHS = {word: stringWidth(word, FONT, FONT_SIZE) for word in WORDS}
_SPACE = stringWidth(" ", FONT, FONT_SIZE)


def write_documents(folder: Path, pages: int, documents: int) -> list[Path]:
    """``pages`` text pages spread over ``documents`` PDFs (the remainder in the first ones)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(documents):
        count = pages // documents + (1 if number < pages % documents else 0)
        path = folder / f"record-{number:03d}.pdf"
        rng = random.Random(number)
        pdf = canvas.Canvas(str(path), pagesize=letter, invariant=1)
        for page in range(count):
            text = pdf.beginText(MARGIN, 740)
            text.setFont(FONT, FONT_SIZE)
            text.textLine(f"Progress note {number}-{page + 1}  claim WC-88-{number:06d}")
            for _ in range(LINES_PER_PAGE - 1):
                text.textLine(_line(rng))
            pdf.drawText(text)
            pdf.showPage()
        pdf.save()
        paths.append(path)
    return paths


def pdftotext_seconds(pdfs: list[Path], parallel: int) -> float:
    """pdftotext over every file, ``parallel`` at a time."""

    def run(path: Path) -> None:
        subprocess.run(["pdftotext", "-q", str(path), "/dev/null"], check=False)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        list(pool.map(run, pdfs))
    return time.perf_counter() - started


def extractor_seconds(extractor: TextExtractor, pdfs: list[Path]) -> tuple[float, int]:
    jobs = [ExtractionJob(key=str(path), pdf_path=path) for path in pdfs]
    started = time.perf_counter()
    pages = sum(len(extraction.pages) for extraction in extractor.extract(jobs, SilentProgress()))
    return time.perf_counter() - started, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--documents", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement (median and best are shown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        pdfs = write_documents(Path(scratch), args.pages, args.documents)
        size_mb = sum(path.stat().st_size for path in pdfs) / 1e6
        print(
            f"generated {args.pages} pages ({LINES_PER_PAGE} lines each) in {args.documents} PDFs, "
            f"{size_mb:.1f} MB, in {time.perf_counter() - started:.1f} s"
        )
        have_pdftotext = shutil.which("pdftotext") is not None
        if not have_pdftotext:
            print("pdftotext is not installed (poppler-utils): no reference figures")
        sequential: list[float] = []
        parallel: list[float] = []
        ours: list[float] = []
        with TextExtractor(workers=args.workers) as extractor:
            cold, pages = extractor_seconds(extractor, pdfs[:1])
            print(f"TextExtractor first call (starts the workers), {pages} pages: {cold:.2f} s")
            # Interleaved, so that a change in the machine's load touches every figure alike.
            for _ in range(args.runs):
                if have_pdftotext:
                    sequential.append(pdftotext_seconds(pdfs, 1))
                    parallel.append(pdftotext_seconds(pdfs, 2))
                seconds, extracted = extractor_seconds(extractor, pdfs)
                ours.append(seconds)
                if extracted != args.pages:
                    print(f"warning: TextExtractor returned {extracted} pages, expected {args.pages}")
        # Best of the runs as well as the median: on a shared machine another program's burst
        # slows one run, never speeds one up, so the best run is the least disturbed.
        rows: list[tuple[str, list[float]]] = []
        if have_pdftotext:
            rows.append(("pdftotext, one file at a time", sequential))
            rows.append(("pdftotext, two files at a time", parallel))
        rows.append((f"TextExtractor, {args.workers} workers (pool already started)", ours))

        width = max(len(name) for name, _ in rows)
        print(f"\n{'':{width}}  {'median s':>8}  {'pages/s':>8}  {'best s':>8}  {'pages/s':>8}")
        for name, times in rows:
            median, best = statistics.median(times), min(times)
            print(f"{name:{width}}  {median:8.2f}  {args.pages / median:8.0f}  {best:8.2f}  {args.pages / best:8.0f}")
        for name, times in rows[:-1]:
            by_median = statistics.median(ours) / statistics.median(times)
            by_best = min(ours) / min(times)
            print(
                f"ratio TextExtractor / {name}: {by_median:.2f} (medians), {by_best:.2f} (best runs); goal at most 1.5"
            )


if __name__ == "__main__":
    main()
