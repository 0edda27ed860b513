"""The treatment timeline of a 5,000-page case: building it, laying it out, painting it, finding a mark, printing it.

The chronology's entries come from the labelled corpus (``tests/chronology_corpus.py``, the pages
``bench/chronology_bench.py`` times) built once in memory; what is timed is the timeline's own
work, which must stay instant whatever the case's size: the view paints only the marks in view.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/timeline_bench.py [--pages 5000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(work: Callable[[], object], repeat: int) -> float:
    """The median of ``repeat`` runs, in milliseconds."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from PySide6.QtCore import QPoint
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from reviewer_app.domain.case import RequestedService
    from reviewer_app.domain.chronology import RecordPages, build_chronology
    from reviewer_app.domain.timeline import LANES_BY_TYPE, build_timeline
    from reviewer_app.ui.timeline_painting import Geometry
    from reviewer_app.ui.timeline_print import print_timeline
    from reviewer_app.ui.timeline_view import TimelineView
    from tests.chronology_corpus import make_corpus

    app = QApplication.instance() or QApplication(sys.argv)
    records, seed = [], 1000
    while sum(len(r.pages) for r in records) < args.pages:
        records += make_corpus(seed, records=10, filler=32)
        seed += 1
    pages = sum(len(r.pages) for r in records)
    entries = build_chronology([RecordPages(n, f"records/{n:03d}.pdf", r.pages) for n, r in enumerate(records)])
    injury = dt.date(2025, 6, 14)
    services = [RequestedService("svc1", "Lumbar ESI L4-5", requested_on=dt.date(2026, 3, 1))]
    print(f"Timeline of a {pages:,}-page case: {len(entries):,} chronology entries")

    build_ms = timed(lambda: build_timeline(entries, injury, services), args.repeat)
    by_type_ms = timed(lambda: build_timeline(entries, injury, services, LANES_BY_TYPE), args.repeat)
    timeline = build_timeline(entries, injury, services)
    print(f"  build (lanes by provider): {build_ms:.1f} ms; by type {by_type_ms:.1f} ms")
    print(
        f"  {len(timeline.marks):,} marks in {len(timeline.lanes)} lanes, {len(timeline.gaps)} gaps in care, "
        f"{len(timeline.undated)} undated"
    )

    view = TimelineView()
    view.resize(1600, 1000)
    view.show()
    app.processEvents()
    layout_ms = timed(lambda: view.set_timeline(timeline), args.repeat)
    print(f"  layout (set_timeline, fit to 1600 px): {layout_ms:.1f} ms")

    def paint() -> None:  # the picture drawn afresh (a new scale, scroll position or timeline)
        view._picture = None
        view.viewport().repaint()

    fit_ms = timed(paint, args.repeat)
    view.choose(len(timeline.marks) // 3)
    again_ms = timed(view.viewport().repaint, args.repeat)  # the picture kept, the chosen mark drawn over it
    view.zoom(12.0)
    view.centre_on(dt.date(2025, 12, 1))
    zoomed_ms = timed(paint, args.repeat)
    scroll_bar = view.horizontalScrollBar()

    def scroll_and_paint() -> None:
        scroll_bar.setValue((scroll_bar.value() + 300) % max(1, scroll_bar.maximum()))
        view.viewport().repaint()

    scroll_ms = timed(scroll_and_paint, args.repeat)
    visible = len(view.geometry_.visible(scroll_bar.value(), scroll_bar.value() + view.plot_width()))
    print(
        f"  paint 1600x1000, whole span ({len(timeline.marks):,} marks): {fit_ms:.1f} ms drawn, "
        f"{again_ms:.1f} ms a repaint (another mark chosen, focus)"
    )
    print(f"  paint zoomed x12 ({visible:,} marks in view): {zoomed_ms:.1f} ms; scroll and paint {scroll_ms:.1f} ms")
    g: Geometry = view.geometry_
    middle = QPoint(int(g.label_width + view.plot_width() / 2), int(g.header_height + g.lane_height / 2))
    hit_ms = timed(lambda: [view.mark_at(middle) for _ in range(100)], args.repeat) / 100
    print(f"  a mark under the pointer (click, tooltip): {hit_ms * 1000:.0f} µs")
    index = len(timeline.marks) // 2
    view.choose(index)
    key_ms = timed(lambda: view.choose(index), args.repeat)
    print(f"  choose a mark (keyboard, reveal): {key_ms:.2f} ms")

    with tempfile.TemporaryDirectory() as scratch:
        pdf = Path(scratch) / "timeline.pdf"

        def printed() -> int:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(pdf))
            return print_timeline(printer, timeline, "Treatment timeline — bench", "5,000 pages")

        print_ms = timed(printed, max(1, args.repeat // 5))
        sheets = printed()
        print(f"  print to PDF: {print_ms:.0f} ms, {sheets} page(s), {pdf.stat().st_size / 1024:.0f} KiB")
    view.close()


if __name__ == "__main__":
    main()
