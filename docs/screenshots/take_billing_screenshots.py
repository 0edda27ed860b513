"""Screenshots of billing against the records (issue 14) on a large case: the Billing tab, and a billing
question with its lines in question beside the fields.

Run under a real X server: ``xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python
docs/screenshots/take_billing_screenshots.py``; writes billing.png and billing-question.png beside this file.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reviewer_app.app import build_main_window
from reviewer_app.services.importing import import_bundle
from tests.billing_corpus import make_corpus
from tests.bundle_builder import BundleSpec
from tests.pdf_corpus import text_pdf

HERE = Path(__file__).resolve().parent


def settle(app: QApplication, msecs: int = 600) -> None:
    done: list[bool] = []
    QTimer.singleShot(msecs, lambda: done.append(True))
    while not done:
        app.processEvents()


def large_case(folder: Path) -> Path:
    """Eight cases' records and bills as one case (~1,800 pages): many visits to a PDF, bills, plants."""
    spec = BundleSpec(files={})
    billing: list[dict[str, object]] = []
    number = 0
    for case in make_corpus(7, 4) + make_corpus(8, 4, other=True):
        for pages in case.records:
            number += 1
            spec.with_file(f"records/{number:03d}.pdf", text_pdf([page.split("\n") for page in pages]))
        billing += [{k: v for k, v in line.items() if k != "date_to"} for line in case.manifest_billing]
    spec.manifest["billing"] = billing
    spec.manifest["claimant"]["date_of_injury"] = "2025-06-14"
    spec.manifest["questions"].append(
        {"id": "q3", "text": "Does the billed treatment align with what was actually documented?", "topic": "billing"}
    )
    return spec.write_folder(folder)


def main() -> int:
    app = QApplication(sys.argv)
    from reviewer_app.ui.style import apply_style

    apply_style(app)
    with tempfile.TemporaryDirectory() as scratch:
        window = build_main_window(Path(scratch) / "data")
        import_bundle(window.folder, large_case(Path(scratch) / "bundle"))
        window.refresh_cases()
        window.resize(1920, 1080)
        window.show()
        window.open_case(window.case_list.model.cases()[0].id)
        workspace = window.workspace
        assert workspace is not None
        workspace.records.setCurrentWidget(workspace.billing)
        while workspace.billing.billing is None:
            settle(app, 200)
        workspace.billing.filter.setCurrentText("In question")
        workspace.splitter.setSizes([1100, 500, 320])
        view = workspace.billing.view
        view.selectRow(2)
        view.activated.emit(view.model().index(2, 6))
        settle(app, 1500)
        window.grab().save(str(HERE / "billing.png"))
        workspace.question_list.setCurrentRow(2)
        table = workspace.billing_question
        table.view.selectRow(0)
        settle(app, 1200)
        workspace.findings.findings_scroll.ensureWidgetVisible(table)
        settle(app, 600)
        window.grab().save(str(HERE / "billing-question.png"))
        window.close()
    print(f"billing screenshots written to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
