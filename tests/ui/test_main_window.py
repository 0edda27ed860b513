"""The main window driven as a physician would: import, refusals, cancel, drop, open a case."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QPushButton, QTableView, QTreeView, QWidget

from reviewer_app.cli import main as cli_main
from reviewer_app.domain.case import Service
from reviewer_app.domain.manual_case import ManualCaseEntry
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.page_viewer import PageViewer
from tests.bundle_builder import MINIMAL_PDF, BundleSpec, snapshot
from tests.ui.conftest import FakePrompts, record_rows


def case_rows(window: MainWindow) -> list[list[str]]:
    table = window.findChild(QTableView, "caseList")
    model = table.model()
    return [
        [str(model.index(row, column).data()) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def wait_idle(qtbot: Any, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.busy, timeout=20_000)


def test_import_through_the_gui_lists_the_case(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    prompts.bundle = BundleSpec().with_file("records/mri.pdf", MINIMAL_PDF).write_zip(tmp_path / "PR.zip", "PR")
    assert window.findChild(QTableView, "caseList").model().rowCount() == 0

    window.findChild(type(window.action_import), "actionImportBundle").trigger()
    qtbot.waitUntil(lambda: len(case_rows(window)) == 1, timeout=20_000)

    reference, service, claimant, lob, jurisdiction, received, due, status = case_rows(window)[0]
    assert (reference, service, claimant, lob, jurisdiction) == (
        "PR-TEST-0001",
        "Peer review",
        "Dvořák-Nguyễn, Łukasz",
        "Workers' comp",
        "CA",
    )
    assert received == "2026-11-20"
    assert "overdue" in due or due.startswith("due in")
    assert status == "New"
    assert "Imported PR-TEST-0001" in window.status_text.text()
    assert prompts.errors == []


def test_refused_bundle_shows_a_dialog_naming_bundle_and_item(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    spec = BundleSpec()
    spec.manifest["questions"].append({"id": "q1", "text": "Duplicate id", "topic": "other"})
    window.import_path(spec.write_folder(tmp_path / "broken-bundle"))
    qtbot.waitUntil(lambda: bool(prompts.errors), timeout=20_000)

    title, message = prompts.errors[0]
    assert title == "Import refused"
    assert "broken-bundle" in message and "questions[2].id" in message
    assert case_rows(window) == []
    assert snapshot(window.folder.path) == {}


def test_cancel_leaves_the_data_folder_as_before(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    before = snapshot(window.folder.path)
    release = threading.Event()
    # Hold the single worker thread so the import is queued when Cancel is pressed.
    window.runner.start(lambda _progress: release.wait(10), lambda _r: None, lambda _e: None)
    window.import_path(BundleSpec().write_zip(tmp_path / "to-cancel.zip"))
    cancel = window.findChild(QPushButton, "cancelTask")
    assert cancel.isVisibleTo(window)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    release.set()
    wait_idle(qtbot, window)

    assert "cancelled" in window.status_text.text()
    assert case_rows(window) == []
    assert snapshot(window.folder.path) == before
    assert not any(window.folder.staging_dir.glob("*"))
    assert prompts.errors == []


def test_dropping_a_bundle_on_the_window_imports_it(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    folder = BundleSpec().write_folder(tmp_path / "dropped")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    window.show()
    qtbot.waitExposed(window)
    # A drop arrives only after the window accepted the drag entering it, as in a real drag.
    enter = QDragEnterEvent(
        QPointF(20, 20).toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    assert QApplication.sendEvent(window, enter) and enter.isAccepted()
    drop = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    assert QApplication.sendEvent(window, drop)
    qtbot.waitUntil(lambda: len(case_rows(window)) == 1, timeout=20_000)


def test_folder_without_manifest_asks_for_the_details(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    loose = tmp_path / "faxed-records"
    loose.mkdir()
    (loose / "note.txt").write_text("Seen for back pain.\n", encoding="utf-8")
    prompts.case_details = ManualCaseEntry(
        reference="MAN-77",
        service=Service.IME,
        claimant_given="Ana",
        claimant_family="Reyes",
        questions=("Has the claimant reached MMI?",),
    )
    window.import_path(loose)
    qtbot.waitUntil(lambda: len(case_rows(window)) == 1, timeout=20_000)
    assert "ask_case_details:faxed-records" in prompts.asked
    assert case_rows(window)[0][:3] == ["MAN-77", "IME", "Reyes, Ana"]


def test_duplicate_case_offers_a_new_version(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    window.import_path(BundleSpec().write_folder(tmp_path / "v1"))
    qtbot.waitUntil(lambda: len(case_rows(window)) == 1, timeout=20_000)
    prompts.confirm_answer = True
    window.import_path(BundleSpec().with_file("records/new.pdf", MINIMAL_PDF).write_folder(tmp_path / "v2"))
    qtbot.waitUntil(lambda: "version 2" in window.status_text.text(), timeout=20_000)
    assert "confirm:Case already imported" in prompts.asked
    assert len(case_rows(window)) == 1


def test_cases_imported_by_the_cli_appear_in_the_case_list(
    qtbot: Any, data_dir: Path, prompts: FakePrompts, tmp_path: Path
) -> None:
    from reviewer_app.app import build_main_window

    bundle = BundleSpec().write_zip(tmp_path / "cli.zip")
    assert cli_main(["--data-dir", str(data_dir), "import", str(bundle)]) == 0
    window = build_main_window(data_dir, prompts=prompts)
    qtbot.addWidget(window)
    assert [row[0] for row in case_rows(window)] == ["PR-TEST-0001"]


def test_open_case_shows_the_workspace_panels_and_follows_the_related_link(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    peer = BundleSpec().with_file("records/mri.pdf", MINIMAL_PDF)
    ime = BundleSpec()
    ime.manifest["case"].update(reference="IME-TEST-0002", service="ime", related_reference="PR-TEST-0001")
    ime.manifest["questions"] = [{"id": "q1", "text": "Has the claimant reached MMI?", "topic": "mmi"}]
    for name, spec in (("peer", peer), ("ime", ime)):
        assert cli_main(["--data-dir", str(window.folder.path), "import", str(spec.write_folder(tmp_path / name))]) == 0
    window.refresh_cases()
    window.show()
    qtbot.waitExposed(window)

    table = window.findChild(QTableView, "caseList")
    row = next(r for r in range(table.model().rowCount()) if table.model().index(r, 0).data() == "IME-TEST-0002")
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(table.model().index(row, 0)).center()
    )
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.workspace is not None and window.workspace.case.reference == "IME-TEST-0002"

    for name, kind in [
        ("recordTree", QTreeView),
        ("pageView", PageViewer),
        ("recordSearch", QLineEdit),
        ("searchResults", QTreeView),
        ("questionList", QListWidget),
        ("findingsPanel", QWidget),
        ("readiness", QListWidget),
    ]:
        assert window.findChild(kind, name) is not None, name
    questions = window.findChild(QListWidget, "questionList")
    assert "Has the claimant reached MMI?" in questions.item(0).text()
    readiness = window.findChild(QListWidget, "readiness")
    assert "1 of 1 referral questions not answered" in readiness.item(0).text()

    link = window.findChild(QPushButton, "relatedCaseLink")
    assert "PR-TEST-0001" in link.text()
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    assert window.workspace.case.reference == "PR-TEST-0001"
    assert len(record_rows(window)) == 2


def test_case_list_filters_by_text_and_by_overdue(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    late = BundleSpec()
    late.manifest["case"].update(reference="PR-LATE", due_at="2020-01-01T17:00:00-08:00")
    later = BundleSpec()
    later.manifest["case"].update(reference="PR-LATER", due_at="2099-01-01T17:00:00-08:00")
    later.manifest["claimant"]["name"] = {"given": "Ana", "family": "Reyes"}
    for name, spec in (("late", late), ("later", later)):
        cli_main(["--data-dir", str(window.folder.path), "import", str(spec.write_folder(tmp_path / name))])
    window.refresh_cases()

    overdue_row = next(r for r in case_rows(window) if r[0] == "PR-LATE")
    assert overdue_row[6].endswith("overdue")
    window.findChild(QPushButton, "quickFilterOverdue").click()
    assert [r[0] for r in case_rows(window)] == ["PR-LATE"]
    window.findChild(QPushButton, "quickFilterAll").click()
    qtbot.keyClicks(window.findChild(QLineEdit, "caseFilter"), "reyes")
    assert [r[0] for r in case_rows(window)] == ["PR-LATER"]


def test_profile_edited_in_the_dialog_is_saved(qtbot: Any, window: MainWindow, prompts: FakePrompts) -> None:
    from reviewer_app.services.profile import get_profile

    prompts.profile_changes = {"name": "Dr. Test", "specialties": ["Orthopaedic Surgery"]}
    window.action_profile.trigger()
    assert get_profile(window.folder).specialties == ("Orthopaedic Surgery",)
    assert "Profile saved" in window.status_text.text()
