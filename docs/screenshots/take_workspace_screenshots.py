"""Screenshots of the case workspace (issue 12): the peer review and the IME demo cases at
1366x768 (compact layout) and 1920x1080 (reading layout; the IME also in the writing layout),
and with the pages in their own window (the main window and that window side by side).

Run under a real X server: ``xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python
docs/screenshots/take_workspace_screenshots.py``; writes workspace-*.png beside this file.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from PySide6.QtWidgets import QApplication

from reviewer_app.app import build_main_window
from reviewer_app.domain.progress import SilentProgress
from reviewer_app.services.cases import find_case
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.findings import set_answers
from reviewer_app.services.ocr import ocr_availability, run_pending_ocr
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.workspace_layouts import Layout

HERE = Path(__file__).resolve().parent
EXAM_ANSWERS = {
    "examination.vitals": "BP 128/82, HR 74, height 5'4\", weight 152 lb",
    "examination.range_of_motion": [
        {"joint": "Lumbar spine", "motion": "Flexion", "measured": 45, "normal": 60},
        {"joint": "Lumbar spine", "motion": "Extension", "measured": 15, "normal": 25},
    ],
}


def settle(app: QApplication, msecs: int = 600) -> None:
    """Let Qt lay out and paint (pages render as they come into view)."""
    done: list[bool] = []
    QTimer.singleShot(msecs, lambda: done.append(True))
    while not done:
        app.processEvents()


def choose(window: MainWindow, layout: Layout) -> None:
    action = next(a for a in window.layout_actions.actions() if a.data() == layout.value)
    action.trigger()


def shoot_case(app: QApplication, window: MainWindow, service: str, name: str) -> None:
    case = next(c for c in window.case_list.model.cases() if c.service.value == service)
    shots = [((1366, 768), Layout.COMPACT, "1366x768"), ((1920, 1080), Layout.READING, "1920x1080")]
    if service == "ime":
        shots.append(((1920, 1080), Layout.WRITING, "1920x1080-writing"))
    for (width, height), layout, label in shots:
        window.resize(width, height)
        window.open_case(case.id)
        workspace = window.workspace
        assert workspace is not None
        choose(window, layout)
        settle(app, 300)
        records = workspace.case.records
        workspace.records.choose_record(records[min(1, len(records) - 1)].id or 0)
        workspace.question_list.setCurrentRow(0)
        settle(app, 1200)
        window.grab().save(str(HERE / f"workspace-{name}-{label}.png"))

    window.resize(1600, 1000)
    window.open_case(case.id)
    choose(window, Layout.READING)
    workspace = window.workspace
    assert workspace is not None
    window.action_detach_viewer.trigger()
    reader_window = workspace.reader_window
    assert reader_window is not None
    reader_window.resize(1100, 1000)
    settle(app, 1500)
    window.grab().save(str(HERE / f"workspace-{name}-detached-main.png"))
    reader_window.grab().save(str(HERE / f"workspace-{name}-detached-pages.png"))
    reader_window.close()
    settle(app, 300)


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
        ime = next(c for c in window.case_list.model.cases() if c.service.value == "ime")
        set_answers(window.folder, find_case(window.folder, ime.reference), EXAM_ANSWERS)
        window.show()
        shoot_case(app, window, "peer_review", "peer-review")
        shoot_case(app, window, "ime", "ime")
        window.close()
    print(f"workspace screenshots written to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
