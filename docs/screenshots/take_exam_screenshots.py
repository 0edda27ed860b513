"""Take the screenshots of the findings side: the IME exam screen (examination and history tabs, at
1366x768 and 1920x1080), the IME's case-wide exam tables and impairment ratings in the workspace, and a
peer review's question form, on the demo cases with synthetic findings.

Run under a real X server (``xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python
docs/screenshots/take_exam_screenshots.py``) or offscreen; writes PNGs beside this file.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the synthetic findings live with the tests
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from reviewer_app.app import build_main_window
from reviewer_app.services.cases import find_case
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.findings import findings_template, get_answers, set_answers
from reviewer_app.ui.exam_screen import ExamScreen
from reviewer_app.ui.style import apply_style
from tests.reports.demo_findings import IME, PEER_REVIEW, fill_demo_findings

HERE = Path(__file__).resolve().parent

#: Synthetic exam findings by side (the demo's IME findings have the lumbar spine only).
EXAM_BY_SIDE = {
    "examination.range_of_motion": [
        {"joint": "Lumbar spine", "motion": "Flexion", "measured": 40, "measured_2": 42, "measured_3": 41,
         "normal": 60},
        {"joint": "Lumbar spine", "motion": "Extension", "measured": 15, "measured_2": 16, "normal": 25},
        {"joint": "Lumbar spine", "motion": "Lateral bending", "side": "left", "measured": 15, "measured_2": 17,
         "normal": 25},
        {"joint": "Lumbar spine", "motion": "Lateral bending", "side": "right", "measured": 22, "measured_2": 23,
         "normal": 25},
        {"joint": "Hip", "motion": "Flexion", "side": "left", "measured": 90, "measured_2": 95, "normal": 100},
        {"joint": "Hip", "motion": "Flexion", "side": "right", "measured": 100, "normal": 100},
    ],
    "examination.strength": [
        {"muscle_group": "Extensor hallucis longus", "side": "left", "grade": 4},
        {"muscle_group": "Extensor hallucis longus", "side": "right", "grade": 5},
        {"muscle_group": "Ankle dorsiflexors", "side": "bilateral", "grade": 5},
    ],
    "examination.reflexes_by_side": [
        {"reflex": "Patellar", "side": "bilateral", "grade": "2+"},
        {"reflex": "Achilles", "side": "left", "grade": "1+"},
        {"reflex": "Achilles", "side": "right", "grade": "2+"},
    ],
}  # fmt: skip


def settle(app: QApplication, msecs: int = 400) -> None:
    """Let Qt lay out and paint."""
    done: list[bool] = []
    QTimer.singleShot(msecs, lambda: done.append(True))
    while not done:
        app.processEvents()


def main() -> int:
    app = QApplication(sys.argv)
    apply_style(app)
    with tempfile.TemporaryDirectory() as scratch:
        window = build_main_window(Path(scratch) / "data")
        folder = window.folder
        ensure_demo_cases(folder)
        fill_demo_findings(folder)
        ime = find_case(folder, IME)
        set_answers(folder, ime, EXAM_BY_SIDE)

        template = findings_template(folder, ime)
        exam = ExamScreen()
        exam.set_fields(template.fields, get_answers(folder, ime))
        for width, height in ((1366, 768), (1920, 1080)):
            exam.resize(width, height)
            exam.show()
            exam.focus_field("examination.range_of_motion")
            settle(app, 600)
            exam.grab().save(str(HERE / f"exam-screen-{width}x{height}.png"))
        exam.resize(1366, 768)
        exam.focus_field("history.chief_complaint")
        settle(app, 400)
        exam.grab().save(str(HERE / "exam-history-1366x768.png"))
        exam.close()

        window.refresh_cases()
        window.resize(1366, 768)
        window.show()
        window.open_case(ime.id)
        workspace = window.workspace
        assert workspace is not None
        workspace.splitter.setSizes([200, 560, 600])
        settle(app, 300)
        workspace.focus_field("examination.range_of_motion")
        settle(app, 800)
        window.grab().save(str(HERE / "ime-exam-in-workspace-1366x768.png"))
        workspace.focus_field("q4.ratings")
        settle(app, 800)
        window.grab().save(str(HERE / "ime-ratings-1366x768.png"))

        window.open_case(find_case(folder, PEER_REVIEW).id)
        workspace = window.workspace
        assert workspace is not None
        workspace.question_list.setCurrentRow(0)
        settle(app, 800)
        window.grab().save(str(HERE / "peer-review-question-1366x768.png"))
        window.resize(1920, 1080)
        settle(app, 800)
        window.grab().save(str(HERE / "peer-review-question-1920x1080.png"))
        window.close()
    print(f"screenshots written to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
