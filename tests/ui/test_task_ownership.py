"""Tasks belong to who started them: each Cancel cancels its own task, and a closed case's late
results reach nothing. Failures reach the screen as words."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from reviewer_app import faults
from reviewer_app.cli import main as cli_main
from reviewer_app.domain.errors import InvalidInput
from reviewer_app.domain.review import PageKey
from reviewer_app.services.presenting import log_file_of
from reviewer_app.ui import ocr_control
from reviewer_app.ui.case_session import CaseSession
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.task_bar import TaskRow
from reviewer_app.ui.workers import on_gui_thread
from reviewer_app.ui.workspace import CaseWorkspace
from tests.bundle_builder import MINIMAL_PDF, BundleSpec
from tests.ui.conftest import FakePrompts

PATIENT = "Dvořák-Nguyễn"  # the test bundle's claimant: must reach neither the screen's raw text nor the log


def bundle(tmp_path: Path, reference: str) -> Path:
    # A file of its own: one the data folder holds already is not read again, and the import never
    # reaches the point where a test holds it.
    spec = BundleSpec().with_file("records/002-mri.pdf", MINIMAL_PDF + f"\n% {reference}".encode())
    spec.manifest["case"]["reference"] = reference
    return spec.write_folder(tmp_path / reference)


def open_imported_case(window: MainWindow, tmp_path: Path, reference: str = "PR-TEST-0001") -> CaseWorkspace:
    assert cli_main(["--data-dir", str(window.folder.path), "import", str(bundle(tmp_path, reference))]) == 0
    window.refresh_cases()
    window.open_case(next(c.id for c in window.case_list.model.cases() if c.reference == reference))
    assert window.workspace is not None
    return window.workspace


@pytest.fixture
def held_imports(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldImports]:
    """Once armed, every import stops in the middle of its slow phase (its first file read) until released."""
    held = HeldImports()
    reached = faults.reached

    def hold(point: str) -> None:
        if held.armed and point == faults.IMPORT_FILE_SAVED:
            held.in_the_middle.set()
            held.release.wait(30)
        reached(point)

    monkeypatch.setattr(faults, "reached", hold)
    yield held
    held.release.set()


class HeldImports:
    def __init__(self) -> None:
        self.armed = False
        self.in_the_middle, self.release = threading.Event(), threading.Event()


def rows(window: MainWindow) -> list[TaskRow]:
    return list(window.task_rows.values())


def references(window: MainWindow) -> set[str]:
    return {c.reference for c in window.case_list.model.cases()}


def test_a_preview_during_an_import_is_shown_and_cancel_stops_the_import_not_the_preview(
    qtbot: Any,
    window: MainWindow,
    prompts: FakePrompts,
    tmp_path: Path,
    held_imports: HeldImports,
) -> None:
    open_imported_case(window, tmp_path)
    held_imports.armed = True
    in_the_middle, release = held_imports.in_the_middle, held_imports.release
    importing = window.import_path(bundle(tmp_path, "PR-TEST-0002"))
    qtbot.waitUntil(in_the_middle.is_set, timeout=20_000)

    window.findChild(QAction, "actionPreviewReport").trigger()
    qtbot.waitUntil(lambda: len(prompts.shown_pdfs) == 1, timeout=20_000)  # not queued behind the import
    qtbot.waitUntil(lambda: len(rows(window)) == 1, timeout=5_000)  # the preview's row goes once it is done
    [import_row] = rows(window)
    assert import_row.task is importing
    qtbot.mouseClick(import_row.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not window.busy, timeout=20_000)

    assert "Import of PR-TEST-0002 cancelled" in window.status_text.text()
    assert references(window) == {"PR-TEST-0001"}
    assert prompts.errors == []


def test_an_answer_submitted_during_an_import_is_saved_and_said_on_the_gui_thread(
    qtbot: Any, window: MainWindow, tmp_path: Path, held_imports: HeldImports
) -> None:
    workspace = open_imported_case(window, tmp_path)
    held_imports.armed = True
    window.import_path(bundle(tmp_path, "PR-TEST-0002"))
    qtbot.waitUntil(held_imports.in_the_middle.is_set, timeout=20_000)

    outcomes: list[tuple[str, object, bool]] = []

    def said(kind: str) -> Callable[[object], None]:
        return lambda value: outcomes.append((kind, value, threading.current_thread() is threading.main_thread()))

    session = workspace.session
    on_gui_thread(session.submit_answer("q1.svc1.determination", "certify"), said("saved"), said("refused"), workspace)
    on_gui_thread(session.submit_answer("q1.svc1.determination", "maybe"), said("saved"), said("refused"), workspace)
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=5_000)  # the import is still held meanwhile
    assert not held_imports.release.is_set() and window.busy

    (first, _, first_on_gui), (second, problem, second_on_gui) = outcomes
    assert (first, second) == ("saved", "refused") and first_on_gui and second_on_gui
    assert isinstance(problem, InvalidInput)
    assert session.answers()["q1.svc1.determination"] == "certify"
    held_imports.release.set()
    qtbot.waitUntil(lambda: not window.busy, timeout=20_000)


def test_two_imports_queued_each_cancel_cancels_its_own(
    qtbot: Any,
    window: MainWindow,
    prompts: FakePrompts,
    tmp_path: Path,
    held_imports: HeldImports,
) -> None:
    held_imports.armed = True
    in_the_middle, release = held_imports.in_the_middle, held_imports.release
    first = window.import_path(bundle(tmp_path, "PR-TEST-0001"))
    second = window.import_path(bundle(tmp_path, "PR-TEST-0002"))
    qtbot.waitUntil(in_the_middle.is_set, timeout=20_000)
    assert [row.task for row in rows(window)] == [first, second]

    qtbot.mouseClick(window.task_rows[second].cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not window.busy, timeout=20_000)

    assert references(window) == {"PR-TEST-0001"}, "the first import went on; only the second was cancelled"
    assert "Import of PR-TEST-0002 cancelled" in window.status_text.text()
    assert prompts.errors == []


def test_two_imports_queued_both_complete(qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path) -> None:
    window.import_path(bundle(tmp_path, "PR-TEST-0001"))
    window.import_path(bundle(tmp_path, "PR-TEST-0002"))
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert references(window) == {"PR-TEST-0001", "PR-TEST-0002"}
    assert prompts.errors == []


def test_closing_a_case_while_its_duplicates_are_counted_drops_the_late_result(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counting, release = threading.Event(), threading.Event()
    delivered: list[object] = []

    def slow_count(_session: CaseSession) -> list[list[PageKey]]:
        counting.set()
        release.wait(30)
        return [[(1, 0), (2, 0)]]

    monkeypatch.setattr(CaseSession, "count_duplicates", slow_count)
    monkeypatch.setattr(CaseWorkspace, "_duplicates_counted", lambda self, groups: delivered.append(groups))
    workspace = open_imported_case(window, tmp_path)
    qtbot.waitUntil(counting.is_set, timeout=10_000)

    window.show_case_list()  # the workspace is closed and deleted while the count runs
    release.set()
    qtbot.waitUntil(lambda: not window.background.busy, timeout=10_000)

    assert delivered == [], "a result of the closed case reached its workspace"
    assert not workspace.tasks.busy
    assert prompts.errors == []


def test_an_unexpected_ocr_failure_is_said_in_words_and_logged_without_patient_data(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = f"tesseract choked on the page naming {PATIENT}"

    def broken(*_args: Any) -> None:
        raise RuntimeError(words)  # the traceback shows this line: the message is not in it

    monkeypatch.setattr(ocr_control, "pending_ocr_pages", lambda _folder: 1)
    monkeypatch.setattr(ocr_control, "ocr_availability", lambda: _Available())
    monkeypatch.setattr(ocr_control, "run_pending_ocr", broken)
    window.ocr.start()
    qtbot.waitUntil(lambda: not window.ocr.busy, timeout=10_000)

    shown = window.status_text.text()
    assert "OCR stopped" in shown and "pages read so far are kept" in shown
    assert str(log_file_of(window.folder.path)) in shown and "Try again" in shown
    assert "choked" not in shown and PATIENT not in shown and "RuntimeError" not in shown
    logged = log_file_of(window.folder.path).read_text(encoding="utf-8")
    assert "RuntimeError" in logged and "Traceback" in logged
    assert PATIENT not in logged and "choked" not in logged


def test_an_unexpected_unlock_failure_is_said_in_words(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = open_imported_case(window, tmp_path)

    words = f"pikepdf: damaged xref in the file of {PATIENT}"

    def broken(_session: CaseSession, _record_id: int, _password: str) -> None:
        raise ValueError(words)

    monkeypatch.setattr(CaseSession, "unlock", broken)
    prompts.password = "view"
    workspace.show_record(workspace.case.records[0])
    workspace.unlock_current_record()

    [(title, message)] = prompts.errors
    assert title == "Not unlocked"
    assert "did not expect" in message and str(log_file_of(window.folder.path)) in message
    assert "xref" not in message and PATIENT not in message
    assert PATIENT not in log_file_of(window.folder.path).read_text(encoding="utf-8")


class _Available:
    available = True
    message = ""


def test_an_import_queued_behind_another_says_it_waits_until_it_runs(
    qtbot: Any, window: MainWindow, tmp_path: Path, held_imports: HeldImports
) -> None:
    held_imports.armed = True
    first = window.import_path(bundle(tmp_path, "PR-TEST-0001"))
    second = window.import_path(bundle(tmp_path, "PR-TEST-0002"))
    qtbot.waitUntil(held_imports.in_the_middle.is_set, timeout=20_000)
    running, waiting = window.task_rows[first], window.task_rows[second]
    assert running.text.startswith("Importing PR-TEST-0001") and running.progress_bar.isVisibleTo(running)
    assert waiting.text.startswith("Waiting: Importing PR-TEST-0002")
    assert not waiting.progress_bar.isVisibleTo(waiting)  # no moving bar for work that has not started
    held_imports.armed = False
    held_imports.release.set()
    qtbot.waitUntil(lambda: second not in window.task_rows or not window.task_rows[second].text.startswith("Waiting"))
    qtbot.waitUntil(lambda: not window.busy, timeout=20_000)
    assert references(window) == {"PR-TEST-0001", "PR-TEST-0002"}


def test_an_owner_deleted_without_closing_gets_no_late_result(qtbot: Any) -> None:
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QObject

    from reviewer_app.ui.workers import TaskGroup, TaskRunner

    runner = TaskRunner()
    owner = QObject()
    group = TaskGroup(runner, owner)
    started, release = threading.Event(), threading.Event()
    delivered: list[object] = []

    def work(_progress: object) -> str:
        started.set()
        release.wait(30)
        return "late"

    group.start(work, delivered.append, delivered.append)
    assert started.wait(10)
    shiboken6.delete(owner)  # its window destroyed, the group with it, without close()
    release.set()
    qtbot.waitUntil(lambda: not runner._running, timeout=10_000)
    QCoreApplication.processEvents()  # a queued delivery, had one been made, arrives here
    QCoreApplication.processEvents()
    assert delivered == [], "a result reached an owner that is gone"
