"""Take the README's screenshots on the demo cases: the case list, an open case, a search hit,
an OCR'd scanned page, a necessity question and the IME's range-of-motion table (at 1280x800),
then a signed peer review, its draft preview (and a word found in it) and its case history.

Run under a real X server (``make screenshots`` uses Xvfb); writes PNGs beside this file.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPointF, QTimer

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the synthetic findings live with the tests
from PySide6.QtWidgets import QApplication

from reviewer_app.app import build_main_window
from reviewer_app.domain.progress import SilentProgress
from reviewer_app.services.cases import find_case
from reviewer_app.services.certificates import create_profile_certificate
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.findings import set_answers
from reviewer_app.services.ocr import ocr_availability, run_pending_ocr
from reviewer_app.services.reporting import draft_preview_file, sign_report
from reviewer_app.ui.report_preview import ReportPreview
from reviewer_app.ui.style import apply_style
from tests.reports.demo_findings import PEER_REVIEW, fill_demo_findings

HERE = Path(__file__).resolve().parent

#: Synthetic exam findings for the IME screenshot.
EXAM_ANSWERS = {
    "examination.vitals": "BP 128/82, HR 74, height 5'4\", weight 152 lb",
    "examination.range_of_motion": [
        {"joint": "Lumbar spine", "motion": "Flexion", "measured": 45, "normal": 60},
        {"joint": "Lumbar spine", "motion": "Extension", "measured": 15, "normal": 25},
        {"joint": "Lumbar spine", "motion": "Right lateral bending", "measured": 20, "normal": 25},
        {"joint": "Lumbar spine", "motion": "Left lateral bending", "measured": 15, "normal": 25},
    ],
}


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
        workspace.records.choose_record(workspace.case.records[1].id or 0)
        settle(app, 1200)
        window.grab().save(str(HERE / "open-case.png"))

        workspace.record_search.setText('"straight leg raise"')
        workspace.run_search()
        settle(app, 1200)
        window.grab().save(str(HERE / "search-hit.png"))

        # A highlight with its note: the words dragged over on the page the search found, kept green.
        viewer = workspace.page_view
        marked = viewer.highlights()  # the search hit's words on the page shown
        if marked is not None and marked[1]:
            page, first = marked[0], marked[1][0]
            start = QPointF(first.left() + 1, first.center().y())
            viewer.words_dragged.emit(page, start, QPointF(first.left() + 260, first.center().y() + 22))
        if workspace.reader.quote:
            workspace.reader.highlight_colour.setCurrentText("Green")
            workspace.reader.highlight_selection()
            workspace.records.setCurrentWidget(workspace.highlights)
        settle(app, 1200)
        window.grab().save(str(HERE / "highlighted-page.png"))
        workspace.records.setCurrentIndex(0)

        workspace.record_search.setText("lifting")
        workspace.run_search()
        hits = workspace.reader.hits_model()
        for ordinal in range(hits.total):
            if hits.hit(ordinal).from_ocr:
                workspace.search_results.setCurrentIndex(hits.index_of(ordinal))
                break
        settle(app, 1200)
        window.grab().save(str(HERE / "scanned-page.png"))

        # The findings panel is shown at the default window size, where it is narrowest.
        window.resize(1280, 800)
        workspace.question_list.setCurrentRow(0)
        determination = workspace.findings_form.editor("q1.svc1.determination")
        if determination is not None and hasattr(determination, "choose"):
            determination.choose("modify")
        settle(app, 600)
        window.grab().save(str(HERE / "necessity-question.png"))

        ime = next(c for c in window.case_list.model.cases() if c.service.value == "ime")
        set_answers(window.folder, find_case(window.folder, ime.reference), EXAM_ANSWERS)
        window.open_case(ime.id)
        workspace = window.workspace
        assert workspace is not None
        workspace.records.choose_record(workspace.case.records[0].id or 0)
        # During the exam write-up the physician widens the findings column (drags the splitter) over the viewer.
        workspace.splitter.setSizes([200, 560, 520])
        settle(app, 300)
        workspace.focus_field("examination.range_of_motion")
        settle(app, 1200)
        window.grab().save(str(HERE / "ime-range-of-motion.png"))

        # The peer review answered, previewed and signed: its findings locked, its history verified.
        folder = window.folder
        fill_demo_findings(folder)
        case = find_case(folder, PEER_REVIEW)
        window.open_case(case.id)
        preview = ReportPreview.show_for(window, f"Draft report — {PEER_REVIEW}", draft_preview_file(folder, case))
        preview.resize(900, 780)
        settle(app, 1200)
        preview.grab().save(str(HERE / "report-preview.png"))
        # The same reader as the records: page 2, zoomed in, a word found in the draft.
        preview.view.go_to_page(1)
        preview.view.zoom_in()
        preview.find_bar.find("lumbar")
        settle(app, 800)
        preview.grab().save(str(HERE / "report-preview-find.png"))
        preview.close()
        create_profile_certificate(folder, Path(scratch) / "me.p12", "screenshots only")
        sign_report(folder, case, Path(scratch) / "signed.pdf", password="screenshots only")
        window.open_case(case.id)
        settle(app, 1200)
        window.grab().save(str(HERE / "signed-case.png"))
        history = window.show_case_history()
        if history is not None:
            history.resize(1000, 640)
            settle(app, 600)
            history.grab().save(str(HERE / "case-history.png"))
            history.close()
        window.close()
    print(f"screenshots written to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
