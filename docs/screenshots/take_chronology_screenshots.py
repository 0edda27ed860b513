"""Screenshots of the chronology tab (issue 14) on the demo peer review, scanned records OCR'd first.

Run under a real X server: ``xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python
docs/screenshots/take_chronology_screenshots.py``; writes chronology*.png beside this file.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from PySide6.QtWidgets import QApplication, QSplitter

from docs.screenshots.take_workspace_screenshots import settle
from reviewer_app.app import build_main_window
from reviewer_app.domain.progress import SilentProgress
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.ocr import ocr_availability, run_pending_ocr

HERE = Path(__file__).resolve().parent


def main() -> int:
    app = QApplication(sys.argv)
    from reviewer_app.ui.style import apply_style

    apply_style(app)
    with tempfile.TemporaryDirectory() as scratch:
        window = build_main_window(Path(scratch) / "data")
        ensure_demo_cases(window.folder)
        if ocr_availability().available:
            run_pending_ocr(window.folder, SilentProgress())
        window.refresh_cases()
        window.show()
        window.resize(1600, 1000)
        for case in window.case_list.model.cases():
            window.open_case(case.id)
            workspace = window.workspace
            assert workspace is not None
            workspace.records.setCurrentWidget(workspace.chronology)
            for _ in range(100):  # built in the background
                settle(app, 200)
                if workspace.chronology.model.rowCount():
                    break
            settle(app, 300)
            for splitter in workspace.findChildren(QSplitter):  # the chronology wide, the pages beside it
                if splitter.count() == 3:
                    splitter.setSizes([1050, 330, 220])
                    break
            settle(app, 800)
            name = "chronology" if case.service.value == "peer_review" else f"chronology-{case.service.value}"
            window.grab().save(str(HERE / f"{name}.png"))
        window.close()
    print(f"chronology screenshots written to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
