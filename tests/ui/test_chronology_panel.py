"""The chronology tab: documents in date order, a click opens a page, a re-date and a split survive a restart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView, QTabWidget

from reviewer_app.app import build_main_window
from reviewer_app.cli import main as cli_main
from reviewer_app.ui.chronology_panel import COPY_GREY, ENTRY_ROLE
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.page_viewer import PageViewer
from tests.bundle_builder import BundleSpec
from tests.pdf_corpus import text_pdf
from tests.ui.conftest import FakePrompts

VISITS = [
    ["PROGRESS NOTE", "Date of service: 03/16/2026", "Provider: Alan Chu, MD", "Low back pain after lifting."],
    ["Plan: physical therapy twice a week."],
    ["PROGRESS NOTE", "Date of service: 04/20/2026", "Provider: Alan Chu, MD", "Improving; radicular pain left."],
    ["Plan: continue therapy."],
]


def open_chronology(qtbot: Any, window: MainWindow) -> QTableView:
    window.refresh_cases()
    window.open_case(window.case_list.model.cases()[0].id)
    workspace = window.workspace
    assert workspace is not None
    tabs = workspace.records
    assert isinstance(tabs, QTabWidget)
    tabs.setCurrentWidget(workspace.chronology)
    view = window.findChild(QTableView, "chronologyView")
    qtbot.waitUntil(lambda: view.model().rowCount() > 0, timeout=20_000)
    return view


def rows(view: QTableView) -> list[tuple[str, str]]:
    model = view.model()
    return [(model.index(r, 0).data(), model.index(r, 4).data()) for r in range(model.rowCount())]


def test_a_re_date_and_a_split_survive_a_restart(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path, data_dir: Path
) -> None:
    bundle = BundleSpec(files={"records/001-clinic.pdf": text_pdf(VISITS)}).write_folder(tmp_path / "b")
    assert cli_main(["--data-dir", str(data_dir), "import", str(bundle)]) == 0
    window.show()
    view = open_chronology(qtbot, window)
    assert rows(view) == [("03/16/2026", "1-2"), ("04/20/2026", "3-4")]

    view.activated.emit(view.model().index(1, 0))  # a click opens the document's first page
    viewer = window.findChild(PageViewer, "pageView")
    qtbot.waitUntil(lambda: viewer.current_page() == 2, timeout=5000)

    panel = window.workspace.chronology
    panel.model.item(0, 0).setText("03/17/2026")  # what editing the date cell does
    qtbot.waitUntil(lambda: rows(view)[0] == ("03/17/2026", "1-2"), timeout=20_000)
    view.setCurrentIndex(view.model().index(1, 0))
    prompts.page = 4
    panel.split_button.click()  # pages 3-4 become 3 and 4
    qtbot.waitUntil(lambda: len(rows(view)) == 3, timeout=20_000)
    window.close()
    window.runner.wait()

    reopened = build_main_window(data_dir, prompts=prompts)
    qtbot.addWidget(reopened)
    view = open_chronology(qtbot, reopened)
    assert rows(view)[0] == ("03/17/2026", "1-2")
    assert [pages for _, pages in rows(view)] == ["1-2", "3", "4"]
    reopened.close()
    reopened.runner.wait()


THREE_VISITS = [
    ["PROGRESS NOTE", "Date of service: 03/16/2026", "Provider: Alan Chu, MD", "Low back pain after lifting."],
    ["PROGRESS NOTE", "Date of service: 04/20/2026", "Provider: Alan Chu, MD", "Improving; radicular pain left."],
    ["PROGRESS NOTE", "Date of service: 05/18/2026", "Provider: Alan Chu, MD", "MRI reviewed with her."],
]


def cells(view: QTableView, column: int) -> list[str]:
    model = view.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_a_merge_a_re_type_and_a_new_provider_survive_a_restart(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path, data_dir: Path
) -> None:
    from PySide6.QtCore import QItemSelectionModel

    bundle = BundleSpec(files={"records/001-clinic.pdf": text_pdf(THREE_VISITS)}).write_folder(tmp_path / "b")
    assert cli_main(["--data-dir", str(data_dir), "import", str(bundle)]) == 0
    window.show()
    view = open_chronology(qtbot, window)
    assert [pages for _, pages in rows(view)] == ["1", "2", "3"]
    panel = window.workspace.chronology

    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().select(view.model().index(0, 0), flags)
    view.selectionModel().select(view.model().index(1, 0), flags)
    panel.merge_button.click()  # the first two visits become one document, pages 1-2
    qtbot.waitUntil(lambda: [pages for _, pages in rows(view)] == ["1-2", "3"], timeout=20_000)

    panel.model.item(1, 3).setText("Imaging")  # what the type chooser does
    qtbot.waitUntil(lambda: [e.type for e in panel.entries()] == ["office_visit", "imaging"], timeout=20_000)
    panel.model.item(1, 1).setText("Kenji Watanabe, MD")
    qtbot.waitUntil(lambda: panel.entries()[1].provider == "Kenji Watanabe, MD", timeout=20_000)
    window.close()
    window.runner.wait()

    reopened = build_main_window(data_dir, prompts=prompts)
    qtbot.addWidget(reopened)
    view = open_chronology(qtbot, reopened)
    assert rows(view) == [("03/16/2026", "1-2"), ("05/18/2026", "3")]
    assert cells(view, 3) == ["Office visit", "Imaging"]
    assert cells(view, 1)[1] == "Kenji Watanabe, MD"
    reopened.close()
    reopened.runner.wait()


def test_documents_of_two_records_are_not_merged(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path, data_dir: Path
) -> None:
    from PySide6.QtCore import QItemSelectionModel

    files = {"records/001-a.pdf": text_pdf(THREE_VISITS[:1]), "records/002-b.pdf": text_pdf(THREE_VISITS[1:2])}
    bundle = BundleSpec(files=files).write_folder(tmp_path / "b")
    assert cli_main(["--data-dir", str(data_dir), "import", str(bundle)]) == 0
    window.show()
    view = open_chronology(qtbot, window)
    panel = window.workspace.chronology
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().select(view.model().index(0, 0), flags)
    view.selectionModel().select(view.model().index(1, 0), flags)
    panel.merge_button.click()
    assert "different records" in panel.status.text()
    assert len(rows(view)) == 2


def test_a_faxed_copy_of_a_note_is_shown_greyed_as_a_copy_not_as_another_visit(
    qtbot: Any, window: MainWindow, tmp_path: Path, data_dir: Path
) -> None:
    note = THREE_VISITS[0] + ["Plan: physical therapy twice a week for six weeks, then recheck in clinic."]
    faxed = ["FROM: Law Offices of R. Yuen (951) 555-0141 11/18/2026 10:42 P. 1/1", *note]
    files = {"records/001-clinic.pdf": text_pdf([note]), "records/002-attorney-fax.pdf": text_pdf([faxed])}
    bundle = BundleSpec(files=files).write_folder(tmp_path / "b")
    assert cli_main(["--data-dir", str(data_dir), "import", str(bundle)]) == 0
    window.show()
    view = open_chronology(qtbot, window)
    panel = window.workspace.chronology
    copy = next(e for e in panel.entries() if e.record.endswith("002-attorney-fax.pdf"))
    assert copy.duplicate_of is not None and copy.duplicate_of.record.endswith("001-clinic.pdf")
    row = next(r for r in range(view.model().rowCount()) if view.model().index(r, 0).data(ENTRY_ROLE) == copy)
    assert view.model().index(row, 5).data() == "copy of 03/16/2026 Alan Chu (Rec. 1 p. 1)"
    assert view.model().index(row, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == COPY_GREY
    assert panel.status.text().startswith("1 document in date order, and 1 copy of earlier ones")
