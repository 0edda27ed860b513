"""Screenshots of the treatment timeline (issue 14) on a large case, and its print rendered to PNG.

A case of about ``--pages`` pages from the labelled chronology corpus (many visits per PDF, faxed
copies, bills), with a history visit and a surgery dated before the injury, a stretch of months
without care, and a requested service dated. The window at 1600x1000 with the records pane widened
to the timeline; then the timeline printed to PDF through the print path and rendered with pdftoppm.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python docs/screenshots/take_timeline_screenshots.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from reviewer_app.app import build_main_window
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.importing import import_bundle
from reviewer_app.ui.timeline_print import print_timeline
from tests.bundle_builder import BundleSpec
from tests.chronology_corpus import make_corpus
from tests.pdf_corpus import text_pdf

HERE = Path(__file__).resolve().parent

EXTRA = [  # history before the injury (2025-06-14), a surgery misdated before it, and care resuming after a gap
    ["PROGRESS NOTE", "Date of service: 02/03/2025", "Provider: Alan Chu, MD", "Annual physical; no back complaints."],
    ["OPERATIVE REPORT", "Date of surgery: 05/02/2025", "Surgeon: Priya Raman, MD", "L4-5 microdiscectomy."],
    ["PROGRESS NOTE", "Date of service: 11/20/2026", "Provider: Alan Chu, MD", "Returns after months without care."],
    ["MRI LUMBAR SPINE", "Exam date: 12/01/2026", "Radiologist: Kim Park, MD", "Impression: L4-5 disc protrusion."],
]


def build_case(root: Path, pages: int) -> Path:
    spec = BundleSpec(files={})
    spec.manifest["claimant"]["name"] = {"given": "Dana", "family": "Whitfield"}
    spec.manifest["case"]["reference"] = "PR-TIMELINE-01"
    spec.manifest["requested_services"][0]["requested_on"] = "2026-12-03"
    spec.manifest["requested_services"].append(
        {"id": "svc2", "description": "Physical therapy 2x6 lumbar", "requested_on": "2025-09-02"}
    )
    records, seed = [], 500
    while sum(len(r.pages) for r in records) < pages:
        records += make_corpus(seed, records=8)
        seed += 1
    for n, record in enumerate(records):
        spec.with_file(f"records/{n:03d}.pdf", text_pdf([page.split("\n") for page in record.pages]))
    spec.with_file("records/900-history.pdf", text_pdf(EXTRA))
    return spec.write_folder(root / "bundle")


def settle(app: QApplication, msecs: int) -> None:
    done: list[bool] = []
    QTimer.singleShot(msecs, lambda: done.append(True))
    while not done:
        app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=1500)
    parser.add_argument("--keep-pdf", type=Path, help="keep the printed PDF here too")
    args = parser.parse_args()
    app = QApplication(sys.argv)
    from reviewer_app.ui.style import apply_style

    apply_style(app)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        bundle = build_case(root, args.pages)
        folder = open_data_folder(root / "data", None)
        try:
            import_bundle(folder, bundle)
        finally:
            folder.close()
        window = build_main_window(root / "data")
        window.resize(1600, 1000)
        window.show()
        window.refresh_cases()
        window.open_case(window.case_list.model.cases()[0].id)
        workspace = window.workspace
        assert workspace is not None
        workspace.records.setCurrentWidget(workspace.timeline)
        tab = workspace.timeline
        for _ in range(200):
            settle(app, 100)
            if tab.timeline.marks:
                break
        settle(app, 300)
        window.grab().save(str(HERE / "timeline-in-records-pane.png"))
        window.action_detach_viewer.trigger()  # the pages in their own window: the timeline takes the room
        settle(app, 300)
        workspace.splitter.setSizes([1180, 0, 420])
        settle(app, 800)
        window.grab().save(str(HERE / "timeline.png"))
        tab.view.zoom(4.0)
        tab.view.centre_on(dt.date(2025, 6, 14))
        settle(app, 300)
        tab.grab().save(str(HERE / "timeline-zoomed.png"))
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        pdf = root / "timeline.pdf"
        printer.setOutputFileName(str(pdf))
        print_timeline(
            printer, tab.timeline, "Treatment timeline — Dana Whitfield", "Case PR-TIMELINE-01 · claim WC-00-000001"
        )
        if args.keep_pdf:
            args.keep_pdf.write_bytes(pdf.read_bytes())
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(HERE / "timeline-print")], check=True)
        window.close()
        window.runner.wait()
    print(f"timeline screenshots written to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
