"""Take the README's screenshots: the case list and an open case, on the demo cases.

Run under a real X server (``make screenshots`` uses Xvfb); writes PNGs beside this file.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from reviewer_app.app import build_main_window
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.ui.style import apply_style

HERE = Path(__file__).resolve().parent


def settle(app: QApplication, msecs: int = 400) -> None:
    """Let Qt lay out and paint (PDF pages render asynchronously)."""
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
        window.refresh_cases()
        window.resize(1500, 900)
        window.show()
        settle(app)
        window.grab().save(str(HERE / "case-list.png"))

        peer_review = next(c for c in window.case_list.model.cases() if c.service.value == "peer_review")
        window.open_case(peer_review.id)
        assert window.workspace is not None
        window.workspace.record_tree.setCurrentItem(window.workspace.record_tree.topLevelItem(1))
        settle(app, 1200)
        window.grab().save(str(HERE / "open-case.png"))
        window.close()
    print(f"screenshots written to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
