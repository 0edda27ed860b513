"""Take the README's screenshots on the demo cases: the case list, an open case, a search hit
and an OCR'd scanned page.

Run under a real X server (``make screenshots`` uses Xvfb); writes PNGs beside this file.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from reviewer_app.app import build_main_window
from reviewer_app.domain.progress import SilentProgress
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.ocr import ocr_availability, run_pending_ocr
from reviewer_app.ui.style import apply_style

HERE = Path(__file__).resolve().parent


def settle(app: QApplication, msecs: int = 400) -> None:
    """Let Qt lay out and paint (pages render as they come into view)."""
    done: list[bool] = []
    QTimer.singleShot(msecs, lambda: done.append(True))
    while not done:
        app.processEvents()


def main() -> int:
    app = QApplication(sys.argv)
    apply_style(app)
    with tempfile.TemporaryDirectory() as scratch:
        window = build_main_window(Path(scratch) / "data")
        ensure_demo_cases(window.folder)
        if ocr_availability().available:
            run_pending_ocr(window.folder, SilentProgress())
        window.refresh_cases()
        window.resize(1600, 950)
        window.show()
        settle(app)
        window.grab().save(str(HERE / "case-list.png"))

        peer_review = next(c for c in window.case_list.model.cases() if c.service.value == "peer_review")
        window.open_case(peer_review.id)
        workspace = window.workspace
        assert workspace is not None
        workspace.record_tree.setCurrentItem(workspace.record_tree.topLevelItem(1))
        settle(app, 1200)
        window.grab().save(str(HERE / "open-case.png"))

        workspace.record_search.setText('"straight leg raise"')
        workspace.run_search()
        settle(app, 1200)
        window.grab().save(str(HERE / "search-hit.png"))

        workspace.record_search.setText("lifting")
        workspace.run_search()
        for row in range(workspace.search_results.count()):
            if "OCR" in workspace.search_results.item(row).text():
                workspace.search_results.setCurrentRow(row)
                break
        settle(app, 1200)
        window.grab().save(str(HERE / "scanned-page.png"))

        workspace.question_list.setCurrentRow(0)
        determination = window.findChild(QWidget, "field:q1.svc1.determination")
        if determination is not None and hasattr(determination, "choose"):
            determination.choose("modify")
        settle(app, 600)
        window.grab().save(str(HERE / "necessity-question.png"))
        window.close()
    print(f"screenshots written to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
