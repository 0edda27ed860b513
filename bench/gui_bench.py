"""The GUI under load: event-loop stalls during import and OCR, memory with a big case open.

Goals (issue 3): the event loop never blocked for more than 100 ms during import or OCR;
memory under 500 MB with the 5,000-page case open. Runs offscreen. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_case_bundle
from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from reviewer_app.app import build_main_window


class StallMeter:
    """A 10 ms timer; the longest gap between its ticks is the longest the GUI was unresponsive."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.clock = QElapsedTimer()
        self.gaps: list[float] = []
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.gaps.append(self.clock.restart())

    def start(self) -> None:
        self.gaps.clear()
        self.clock.start()
        self.timer.start()

    def stop(self) -> tuple[float, float]:
        self.timer.stop()
        gaps = sorted(self.gaps) or [0.0]
        return gaps[-1], gaps[int(len(gaps) * 0.99) - 1] if len(gaps) > 1 else gaps[-1]


def wait_until(app: QApplication, condition: object, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.002)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--scanned", type=int, default=200)
    args = parser.parse_args()
    app = QApplication([])
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        bundle = write_case_bundle(scratch / "bundle", args.pages, args.scanned)
        window = build_main_window(scratch / "data")
        window.resize(1500, 900)
        window.show()
        meter = StallMeter()
        print(f"memory with the window open, no case: {rss_mb():.0f} MB RSS")

        meter.start()
        started = time.perf_counter()
        window.import_path(bundle)
        wait_until(app, lambda: not window.busy, 600)
        worst, p99 = meter.stop()
        print(
            f"import in the GUI: {time.perf_counter() - started:.1f} s; longest event-loop stall {worst:.0f} ms, "
            f"p99 {p99:.0f} ms (goal: never over 100 ms)"
        )

        meter.start()
        started = time.perf_counter()
        window.ocr.start()
        wait_until(app, lambda: not window.ocr.busy, 1800)
        worst, p99 = meter.stop()
        print(
            f"OCR of {args.scanned} scanned pages in the GUI: {time.perf_counter() - started:.1f} s; "
            f"longest stall {worst:.0f} ms, p99 {p99:.0f} ms"
        )

        case_id = window.case_list.model.cases()[0].id
        meter.start()
        window.open_case(case_id)
        wait_until(app, lambda: False, 1.0)
        workspace = window.workspace
        assert workspace is not None
        for _ in range(40):
            workspace.page_view.next_page()
            app.processEvents()
        worst, _ = meter.stop()
        print(
            f"memory with the {args.pages + args.scanned}-page case open: {rss_mb():.0f} MB RSS (goal: under 500 MB); "
            f"opening it stalled the GUI for {worst:.0f} ms"
        )
        window.close()


if __name__ == "__main__":
    main()
