"""Missing records in the window: listed, a click opens the mentioning page, the request letter through the seam;
and a conflict of interest acknowledged from the "Before signing" list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QListWidget, QTabWidget

from reviewer_app.cli import main as cli_main
from reviewer_app.domain.readiness import Target
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.page_viewer import PageViewer
from tests.bundle_builder import BundleSpec
from tests.pdf_corpus import text_pdf
from tests.services.test_missing_records_service import MRI, NOTE
from tests.ui.conftest import FakePrompts

COVER = ["FAX COVER SHEET", "To: Test Review Services", "Pages: 3"]


def open_case(window: MainWindow) -> Any:
    window.refresh_cases()
    window.open_case(window.case_list.model.cases()[0].id)
    workspace = window.workspace
    assert workspace is not None
    return workspace


def test_the_missing_records_are_listed_a_click_opens_the_page_and_the_letter_asks_only_for_those_ticked(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path, data_dir: Path
) -> None:
    spec = BundleSpec(files={})
    spec.with_file("records/001-notes.pdf", text_pdf([COVER, NOTE]))
    spec.with_file("records/002-mri.pdf", text_pdf([MRI]))
    assert cli_main(["--data-dir", str(data_dir), "import", str(spec.write_folder(tmp_path / "b"))]) == 0
    window.show()
    workspace = open_case(window)
    tabs = workspace.records
    assert isinstance(tabs, QTabWidget)
    tabs.setCurrentWidget(workspace.missing_records)
    listed = window.findChild(QListWidget, "missingRecordsList")
    qtbot.waitUntil(lambda: listed.count() == 2, timeout=20_000)
    texts = [listed.item(i).text() for i in range(listed.count())]
    assert texts[0].startswith("Visit of 03/30/2026 (Dr. Raman) — mentioned in records/001-notes.pdf, page 2")
    assert texts[1].startswith("EMG/NCS of 05/02/2026 — mentioned in records/001-notes.pdf, page 2")

    listed.itemActivated.emit(listed.item(1))  # opens the page that mentions it
    viewer = window.findChild(PageViewer, "pageView")
    qtbot.waitUntil(lambda: viewer.current_page() == 1, timeout=5000)

    letter = tmp_path / "request.pdf"
    prompts.untick = {"Visit of 03/30/2026 (Dr. Raman)"}
    prompts.save_paths = [letter]
    action = window.findChild(QAction, "actionRequestMissingRecords")
    action.trigger()
    qtbot.waitUntil(letter.exists, timeout=20_000)
    assert prompts.offered == [["Visit of 03/30/2026 (Dr. Raman)", "EMG/NCS of 05/02/2026"]]
    pdf = pdfium.PdfDocument(letter)
    text = " ".join(pdf[0].get_textpage().get_text_range().split())
    pdf.close()
    assert "EMG/NCS, 05/02/2026" in text and "records/001-notes.pdf, page 2" in text
    assert "Raman" not in text and "MRI" not in text
    window.close()
    window.runner.wait()


def test_a_conflict_blocks_signing_until_acknowledged_from_the_before_signing_list(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path, data_dir: Path
) -> None:
    profile = tmp_path / "profile.json"
    profile.write_text('{"name": "Pat Reviewer", "conflicts": ["Coast Orthopedics"]}', encoding="utf-8")
    assert cli_main(["--data-dir", str(data_dir), "profile", "set", str(profile)]) == 0
    spec = BundleSpec(files={})
    spec.with_file("records/001-notes.pdf", text_pdf([NOTE]))
    assert cli_main(["--data-dir", str(data_dir), "import", str(spec.write_folder(tmp_path / "b"))]) == 0
    window.show()
    workspace = open_case(window)
    readiness = window.findChild(QListWidget, "readiness")
    conflict = next(
        readiness.item(i) for i in range(readiness.count()) if "Conflict of interest" in readiness.item(i).text()
    )
    assert conflict.text() == (
        '✗ Conflict of interest with "Coast Orthopedics": acknowledge it with a reason, or decline the case'
    )
    prompts.conflict_reason = "Former partner; no financial tie since 2019"
    readiness.itemActivated.emit(conflict)
    assert prompts.asked[-1] == "ask_conflict_reason:Coast Orthopedics"
    items = [readiness.item(i).data(0x0100) for i in range(readiness.count())]
    assert not [item for item in items if item is not None and item.target is Target.CONFLICT]
    assert workspace.session.readiness() == [i for i in items if i is not None]
    window.close()
    window.runner.wait()


def test_a_conflict_added_to_the_profile_is_warned_of_in_the_open_case_without_reopening_it(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path, data_dir: Path
) -> None:
    spec = BundleSpec(files={})
    spec.with_file("records/001-notes.pdf", text_pdf([NOTE]))
    assert cli_main(["--data-dir", str(data_dir), "import", str(spec.write_folder(tmp_path / "b"))]) == 0
    window.show()
    workspace = open_case(window)
    warnings = window.findChild(QListWidget, "caseWarnings")
    before = [warnings.item(i).text() for i in range(warnings.count())]
    assert not [text for text in before if "Conflict of interest" in text]

    prompts.profile_changes = {"name": "Pat Reviewer", "conflicts": ["Coast Orthopedics"]}
    window.edit_profile()  # saved at once; the open cases are read again in the background

    def conflict_listed() -> bool:
        return any("Conflict of interest" in warnings.item(i).text() for i in range(warnings.count()))

    qtbot.waitUntil(conflict_listed, timeout=20_000)
    tabs = workspace.records
    assert tabs.tabText(tabs.indexOf(warnings)) == f"Warnings ({warnings.count()})"
    readiness = window.findChild(QListWidget, "readiness")
    qtbot.waitUntil(
        lambda: any("Conflict of interest" in readiness.item(i).text() for i in range(readiness.count())),
        timeout=5000,
    )
    window.close()
    window.runner.wait()
