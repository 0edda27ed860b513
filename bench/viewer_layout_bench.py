"""Page viewer layout benchmark: what a zoom or a resize costs on a long record.

Every zoom, fit and resize lays all the pages out again (``ui.page_geometry.PageLayout``, plain
Python). Times, with time.perf_counter, on a text record of --pages pages:

- layout: ``PageLayout`` alone for every page (no Qt);
- zoom: ``set_zoom`` / ``fit_width`` in turn, from the middle of the record, until painted;
- resize: the viewer 40 px wider or narrower in fit width, until painted.

Prints the medians; asserts nothing. Goal: a zoom or a resize of a 3,000-page record under 50 ms.
Usage (from the project root):

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/viewer_layout_bench.py [--pages 3000] [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from reviewer_app.ui.page_geometry import PageLayout, ZoomMode
from reviewer_app.ui.page_viewer import PageViewer


def write_pdf(path: Path, pages: int) -> None:
    pdf = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    for page in range(pages):
        pdf.drawString(54, 740, f"Page {page + 1}: lumbar strain, improving.")
        pdf.showPage()
    pdf.save()


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    app = QApplication(sys.argv)

    sizes = [letter] * args.pages
    layouts = []
    for run in range(args.runs):
        started = time.perf_counter()
        PageLayout(sizes, viewport=(900 + run % 2, 900), mode=ZoomMode.FIT_WIDTH)
        layouts.append(time.perf_counter() - started)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.pdf"
        write_pdf(path, args.pages)
        viewer = PageViewer()
        viewer.resize(900, 900)
        viewer.show()
        QTest.qWaitForWindowExposed(viewer)
        viewer.open_document(path)
        while viewer.page_count() and not viewer._sizes.complete():  # the sizes read in the background
            app.processEvents()
        viewer.go_to_page(args.pages // 2)
        zooms, resizes = [], []
        for run in range(args.runs):
            started = time.perf_counter()
            viewer.set_zoom(1.25) if run % 2 == 0 else viewer.fit_width()
            viewer.viewport().repaint()
            zooms.append(time.perf_counter() - started)
            QTest.qWait(5)
        for run in range(args.runs):
            started = time.perf_counter()
            viewer.resize(900 + (run % 2) * 40, 900)
            app.processEvents()
            viewer.viewport().repaint()
            resizes.append(time.perf_counter() - started)
            QTest.qWait(5)
        viewer.close_document()

    print(f"{args.pages} pages, median of {args.runs} runs:")
    print(f"  layout (no Qt)      {median_ms(layouts):6.1f} ms")
    print(f"  zoom / fit width    {median_ms(zooms):6.1f} ms")
    print(f"  resize, fit width   {median_ms(resizes):6.1f} ms")
    print("goal: a zoom or a resize under 50 ms")


if __name__ == "__main__":
    main()
