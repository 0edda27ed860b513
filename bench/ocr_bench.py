"""OCR benchmark: OcrRunner over an image-only PDF, beside plain Tesseract on the same pages as PNGs.

Prints figures; asserts nothing. The reference is what the machine can do at best: plain
``tesseract`` on pre-rendered PNGs, one single-threaded process per core (``OMP_THREAD_LIMIT=1``),
writing the same outputs (txt and pdf). The goal is OcrRunner at 80% or more of it.

Usage: python bench/ocr_bench.py [--pages N] [--dpi 300] [--workers W] [--default-threading-pages K]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from reviewer_app.domain.progress import SilentProgress
from reviewer_app.records.ocr import OcrJob, OcrOutcome, OcrRunner, tesseract_status
from reviewer_app.records.rasterize import render_pdf_page

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SCAN_DPI = 200  # a fine fax or an office scanner
SENTENCES = (
    "Patient reports low back pain radiating to the left leg since the lifting injury at work.",
    "Straight leg raise positive at 40 degrees on the left; reflexes 1+ at the left ankle.",
    "MRI of the lumbar spine shows a left paracentral disc protrusion at L5-S1.",
    "Assessment: lumbar radiculopathy. Claim WC-88-123456. Plan: physical therapy, 12 visits.",
    "Gabapentin 300 mg at bedtime; follow up in four weeks; modified duty, no lifting over 20 lb.",
)


def scanned_pages(count: int) -> list[Image.Image]:
    """Letter pages at 200 dpi, each a page of typed clinic note, slightly different from the others."""
    font = ImageFont.truetype(FONT, 30)
    pages = []
    for number in range(count):
        image = Image.new("L", (int(8.5 * SCAN_DPI), 11 * SCAN_DPI), 255)
        draw = ImageDraw.Draw(image)
        draw.text((110, 100), f"Progress note, page {number + 1}", font=font, fill=0)
        for line in range(42):
            sentence = SENTENCES[(number + line) % len(SENTENCES)]
            draw.text((110, 170 + line * 48), sentence[: 70 + (line * 7 + number) % 20], font=font, fill=0)
        pages.append(image)
    return pages


def plain_tesseract(images: list[Path], out: Path, dpi: int, processes: int, single_thread: bool) -> float:
    """Seconds for Tesseract alone on ``images``, ``processes`` at a time; txt and pdf outputs as OcrRunner.

    Run at nice 10 like OcrRunner's processes, so that other load on the machine weighs on both alike.
    """
    executable = shutil.which("tesseract")
    assert executable is not None
    env = dict(os.environ)
    if single_thread:
        env["OMP_THREAD_LIMIT"] = "1"
    else:
        env.pop("OMP_THREAD_LIMIT", None)
    nice = [nice_path, "-n", "10"] if (nice_path := shutil.which("nice")) else []

    def one(image: Path) -> None:
        args = [*nice, executable, str(image), str(out / image.stem), "-l", "eng", "--dpi", str(dpi), "txt", "pdf"]
        subprocess.run(args, env=env, check=True, capture_output=True)

    started = time.perf_counter()
    with ThreadPoolExecutor(processes) as pool:
        list(pool.map(one, images))
    return time.perf_counter() - started


def time_runner(pdf: Path, pages: int, workers: int, dpi: int) -> tuple[float, list[OcrOutcome], list[float]]:
    """Seconds for OcrRunner over ``pdf``, run on a thread while this one plays the GUI's event loop."""
    jobs = [OcrJob(f"page-{index}", pdf, index) for index in range(pages)]
    outcomes: list[OcrOutcome] = []
    runner = threading.Thread(
        target=lambda: outcomes.extend(OcrRunner(workers=workers, dpi=dpi).run(jobs, SilentProgress()))
    )
    started = time.perf_counter()
    runner.start()
    # The "GUI" wants to run every 10 ms: how late does it get there while OCR fills the cores?
    lateness = []
    while runner.is_alive():
        before = time.perf_counter()
        time.sleep(0.01)
        lateness.append(time.perf_counter() - before - 0.01)
    return time.perf_counter() - started, outcomes, sorted(lateness)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--dpi", type=int, default=300, help="OCR resolution (OcrRunner's default is 300)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=1, help="repeat (a) and (b) alternately; best of each counts")
    parser.add_argument("--default-threading-pages", type=int, default=3, help="pages for the default-threads run")
    options = parser.parse_args()
    status = tesseract_status()
    print(status.message)
    if not status.available:
        return
    cores, count = options.workers, options.pages
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as folder:
        work = Path(folder)
        pdf = work / "scanned.pdf"
        pages = scanned_pages(count)
        pages[0].save(pdf, "PDF", resolution=SCAN_DPI, save_all=True, append_images=pages[1:])
        del pages
        pngs, tiffs = [], []
        for index in range(count):
            image = render_pdf_page(pdf, index, options.dpi)
            pngs.append(work / f"page-{index:04d}.png")
            image.save(pngs[-1])
            # Uncompressed TIFF is what OcrRunner hands Tesseract: nothing to decode, and Tesseract embeds
            # such a page as JPEG instead of re-deflating it; this shows how much of a gap that makes.
            tiffs.append(work / f"page-{index:04d}.tif")
            image.save(tiffs[-1], dpi=(options.dpi, options.dpi))
        print(f"{count} Letter pages scanned at {SCAN_DPI} dpi ({pdf.stat().st_size / 1e6:.1f} MB PDF), "
              f"OCR at {options.dpi} dpi, {cores} at a time on {os.cpu_count()} cores; load average "
              f"{os.getloadavg()[0]:.2f} before")  # fmt: skip

        best: dict[str, float] = {}
        for round_number in range(1, options.rounds + 1):
            for label, images in (("png", pngs), ("tif", tiffs)):
                out = work / f"plain-{label}-{round_number}"
                out.mkdir()
                seconds = plain_tesseract(images, out, options.dpi, cores, single_thread=True)
                best[label] = min(best.get(label, seconds), seconds)
                print(f"[{round_number}] (a) plain tesseract on {label.upper()}s, OMP_THREAD_LIMIT=1, "
                      f"{cores} at a time: {seconds:6.1f} s  {count / seconds:5.2f} pages/s")  # fmt: skip
            seconds, outcomes, lateness = time_runner(pdf, count, cores, options.dpi)
            best["runner"] = min(best.get("runner", seconds), seconds)
            failed = sum(outcome.page is None for outcome in outcomes)
            median, p99, worst = (lateness[int((len(lateness) - 1) * q)] * 1000 for q in (0.5, 0.99, 1))
            print(f"[{round_number}] (b) OcrRunner over the PDF, {cores} workers:                  "
                  f"{seconds:6.1f} s  {count / seconds:5.2f} pages/s  ({failed} failed)")  # fmt: skip
            print(f"    meanwhile a 10 ms timer on this process's main thread ran late by {median:.1f} ms median, "
                  f"{p99:.1f} ms at the 99th percentile, {worst:.0f} ms at worst")  # fmt: skip
        made = [outcome.page for outcome in outcomes if outcome.page is not None]
        plain_pdfs = [path.stat().st_size for path in (work / "plain-png-1").glob("*.pdf")]
        print(f"text layer from OcrRunner {sum(len(p.pdf) for p in made) / max(1, len(made)) / 1e3:.1f} kB a page "
              f"(laid over the page as received), plain tesseract from a PNG "
              f"{sum(plain_pdfs) / len(plain_pdfs) / 1e6:.2f} MB (Flate); "
              f"{sum(p.seconds for p in made) / max(1, len(made)):.2f} s a page in one OcrRunner worker")  # fmt: skip
        rates = {label: count / seconds for label, seconds in best.items()}
        print(f"best pages/s: (a) PNG {rates['png']:.2f}, (a) TIFF {rates['tif']:.2f}, "
              f"(b) OcrRunner {rates['runner']:.2f}")  # fmt: skip
        print(f"ratio (b)/(a): {rates['runner'] / rates['png']:.0%} of plain Tesseract on PNGs (goal: 80%), "
              f"{rates['runner'] / rates['tif']:.0%} of plain Tesseract on TIFFs")  # fmt: skip

        few = pngs[: max(1, min(options.default_threading_pages, count))]
        out_default = work / "default"
        out_default.mkdir()
        default = plain_tesseract(few, out_default, options.dpi, 1, single_thread=False)
        print(f"(c) plain tesseract, default OpenMP threads, one page at a time ({len(few)} pages): "
              f"{default:6.1f} s  {len(few) / default:5.2f} pages/s")  # fmt: skip


if __name__ == "__main__":
    main()
