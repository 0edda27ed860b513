"""Page viewer benchmark: what the physician waits for, from the call to the finished paint.

Generates two records of --pages pages each: a text PDF (ReportLab, ~45 lines a page) and a
scanned-like PDF (Pillow: 200 dpi grayscale letter pages with noise and text, JPEG-compressed
as scanners and fax servers store them). Then, in a window like the workspace's centre (toolbar,
thumbnails, viewer), times with time.perf_counter around real, forced paints
(``viewport().repaint()`` is synchronous):

- open: ``open_document`` until page 1 is painted (cache empty: it is closed before each run);
- turn: ``next_page`` until painted, after a short pause as when reading (the viewer renders the
  next page while the reader reads: this is the usual case);
- jump: ``go_to_page`` to a random page never rendered, until painted (a search hit, a
  thumbnail click, Ctrl+G: also what a turn costs when the reader is faster than the prefetch);
- thumbnails: the longest single batch (the GUI's longest stall) and the time until the
  visible thumbnails are all drawn.

Prints the median and 95th percentile of each; asserts nothing. Goals: open < 150 ms,
turn < 50 ms. Usage (from the project root):

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/viewer_bench.py [--pages 500] [--runs 20]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import img2pdf
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QHBoxLayout, QVBoxLayout, QWidget
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from reviewer_app.ui.page_viewer import PageViewer
from reviewer_app.ui.thumbnails import ThumbnailStrip

LINE = "Patient reports low back pain radiating to the left leg; straight leg raise positive at 40 degrees."
SCAN_DPI = 200


def write_text_pdf(path: Path, pages: int) -> None:
    pdf = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    for page in range(pages):
        text = pdf.beginText(54, 740)
        text.setFont("Helvetica", 10)
        for line in range(45):
            text.textLine(f"{page + 1}.{line + 1} {LINE}")
        pdf.drawText(text)
        pdf.showPage()
    pdf.save()


def write_scanned_pdf(path: Path, pages: int) -> None:
    """Letter pages scanned at 200 dpi in grayscale: sensor noise softened by the optics, text lines,
    a slight skew; JPEG at quality 60 (~400 KB a page, as scanners store them), assembled by img2pdf
    without re-encoding."""
    width, height = round(8.5 * SCAN_DPI), round(11 * SCAN_DPI)
    random.seed(7)
    backgrounds = [
        Image.effect_noise((width, height), 16 + 2 * n)
        .filter(ImageFilter.GaussianBlur(1.5))
        .point(lambda v: min(255, v + 110))
        for n in range(4)
    ]
    font = ImageFont.load_default(size=26)
    scans: list[bytes] = []
    for page in range(pages):
        image = backgrounds[page % len(backgrounds)].copy()
        draw = ImageDraw.Draw(image)
        skew = random.randint(-6, 6)
        for line in range(45):
            y = 110 + line * 43
            draw.text((130 + skew, y + skew * line // 30), f"{page + 1}.{line + 1} {LINE}", fill=25, font=font)
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=60, dpi=(SCAN_DPI, SCAN_DPI))
        scans.append(buffer.getvalue())
    path.write_bytes(img2pdf.convert(scans))


def quantiles(samples: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    ordered = sorted(samples)
    p95 = statistics.quantiles(ordered, n=20, method="inclusive")[18] if len(ordered) > 1 else ordered[0]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed(action: Callable[[], object], viewer: PageViewer) -> float:
    started = time.perf_counter()
    action()
    viewer.viewport().repaint()
    return time.perf_counter() - started


def bench_record(
    app: QApplication, viewer: PageViewer, strip: ThumbnailStrip, path: Path, runs: int
) -> dict[str, float]:
    opens = []
    for _ in range(runs):
        viewer.close_document()
        app.processEvents()
        opens.append(timed(lambda: viewer.open_document(path), viewer))
        QTest.qWait(20)

    viewer.open_document(path)
    QTest.qWait(50)
    turns = []
    for _ in range(min(runs * 3, viewer.page_count() - 1)):
        QTest.qWait(25)  # the reader reads; the viewer renders the next page meanwhile
        turns.append(timed(viewer.next_page, viewer))

    rng = random.Random(11)
    jumps = []
    for _ in range(runs):
        target = rng.randrange(viewer.page_count())
        viewer._cache.clear()  # never rendered: the worst case
        jumps.append(timed(lambda t=target: viewer.go_to_page(t), viewer))
        QTest.qWait(10)

    # Thumbnails: fresh open, then drive the strip's batches by hand to time each stall.
    viewer.open_document(path)
    strip.viewport().repaint()  # the view asks for the visible icons: they are queued
    started = time.perf_counter()
    batches = []
    while strip.pending_pages():
        batch_start = time.perf_counter()
        strip._render_batch()
        batches.append(time.perf_counter() - batch_start)
        strip.viewport().repaint()
    thumbnails_done = time.perf_counter() - started

    open_median, open_p95 = quantiles(opens)
    turn_median, turn_p95 = quantiles(turns)
    jump_median, jump_p95 = quantiles(jumps)
    return {
        "open_median": open_median,
        "open_p95": open_p95,
        "turn_median": turn_median,
        "turn_p95": turn_p95,
        "jump_median": jump_median,
        "jump_p95": jump_p95,
        "thumb_batch_max": max(batches, default=0.0) * 1000,
        "thumb_visible": thumbnails_done * 1000,
        "thumb_count": float(len(strip.rendered_pages())),
        "cache_mb": viewer._cache.bytes / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--width", type=int, default=1280, help="window width (the viewer gets ~1,100 px)")
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--folder", type=Path, help="keep the generated records here and reuse them on the next run")
    args = parser.parse_args()

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    window = QWidget()
    viewer = PageViewer()
    strip = ThumbnailStrip(viewer)
    column = QVBoxLayout(window)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(viewer.toolbar())
    row = QHBoxLayout()
    row.addWidget(strip)
    row.addWidget(viewer, 1)
    column.addLayout(row, 1)
    window.resize(args.width, args.height)
    window.show()
    QTest.qWaitForWindowExposed(window)
    print(f"platform {app.platformName()}, viewport {viewer.viewport().width()} x {viewer.viewport().height()} px")

    with tempfile.TemporaryDirectory(prefix="viewer-bench-") as temporary:
        folder = args.folder or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        records = {
            "text": (folder / f"text-{args.pages}.pdf", write_text_pdf),
            "scanned": (folder / f"scanned-{args.pages}.pdf", write_scanned_pdf),
        }
        results = {}
        for name, (path, write) in records.items():
            if not path.exists():
                started = time.perf_counter()
                write(path, args.pages)
                print(f"generated {name} in {time.perf_counter() - started:.1f} s")
            print(f"{name}: {path.name}, {args.pages} pages, {path.stat().st_size / 2**20:.2f} MB")
            results[name] = bench_record(app, viewer, strip, path, args.runs)
        viewer.close_document()

    print()
    print(f"{'ms (median / p95)':<22}{'open':>16}{'turn':>16}{'jump':>16}{'thumb batch max':>18}{'thumbs in view':>18}")
    for name, r in results.items():
        print(
            f"{name:<22}"
            f"{r['open_median']:>8.1f} /{r['open_p95']:>6.1f}"
            f"{r['turn_median']:>8.1f} /{r['turn_p95']:>6.1f}"
            f"{r['jump_median']:>8.1f} /{r['jump_p95']:>6.1f}"
            f"{r['thumb_batch_max']:>18.1f}"
            f"{r['thumb_visible']:>11.1f} ({int(r['thumb_count'])} pp)"
        )
    print()
    print("goals: open < 150 ms, turn < 50 ms (p95). cache after the run:")
    for name, r in results.items():
        print(f"  {name}: {r['cache_mb']:.0f} MB of rendered pages held")


if __name__ == "__main__":
    main()
