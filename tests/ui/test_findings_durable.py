"""Nothing typed is lost: an answer is saved the moment the physician moves on, whichever way they do it,
and at most a second after the last keystroke otherwise."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QTextEdit

from reviewer_app.app import build_main_window
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.findings import get_answers
from reviewer_app.ui.field_editor import LONG_TEXT_IDLE_MS, FieldEditor
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.workspace import CaseWorkspace
from tests.ui.conftest import FakePrompts

PEER_REVIEW = "PR-2026-004512"
WORDS = "Lumbar strain resolved by 12 weeks per the treating notes"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("durable") / "data"
    folder = open_data_folder(data_dir)
    ensure_demo_cases(folder)
    folder.close()
    return data_dir


@pytest.fixture
def window(qtbot: Any, demo_dir: Path, tmp_path: Path, prompts: FakePrompts) -> Any:
    data_dir = tmp_path / "data"
    shutil.copytree(demo_dir, data_dir)
    main = build_main_window(data_dir, prompts=prompts)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()
    main.runner.wait()


def saved(qtbot: Any, window: MainWindow, field_id: str) -> Any:
    """The answer as the database has it (what `findings export` prints), once the writer has what the
    workspace handed it: moving on hands the answer over at once, the writer saves it in a few ms."""
    window.folder.database.writer.call(lambda: None)  # the writer runs in order: every earlier save is done
    case = find_case(window.folder, PEER_REVIEW)
    return get_answers(window.folder, case).get(field_id)


def open_question(qtbot: Any, window: MainWindow, row: int) -> CaseWorkspace:
    window.open_case(find_case(window.folder, PEER_REVIEW).id)
    workspace = window.workspace
    assert workspace is not None
    workspace.question_list.setCurrentRow(row)
    return workspace


def type_into(qtbot: Any, editor: FieldEditor | None, text: str) -> Any:
    """Type ``text`` into the editor's text control as the physician would; returns the control."""
    assert editor is not None
    control = editor.findChild(QTextEdit) or editor.findChild(QLineEdit)
    assert control is not None
    control.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(control.hasFocus, timeout=2000)
    qtbot.keyClicks(control, text)
    return control


# The causation question (row 2) shows its rationale and pre-existing condition texts unconditionally.
LONG_TEXT = "q3.rationale"
LINE_NUMBER = "q3.apportionment_percent"


def test_typing_then_alt_down_at_once_keeps_the_words(qtbot: Any, window: MainWindow) -> None:
    workspace = open_question(qtbot, window, 2)
    control = type_into(qtbot, workspace.findings_form.editor(LONG_TEXT), WORDS)
    qtbot.keyClick(control, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert workspace.question_list.currentRow() == 3
    assert saved(qtbot, window, LONG_TEXT) == WORDS


def test_typing_then_alt_up_at_once_keeps_the_words(qtbot: Any, window: MainWindow) -> None:
    workspace = open_question(qtbot, window, 2)
    control = type_into(qtbot, workspace.findings_form.editor(LONG_TEXT), WORDS)
    qtbot.keyClick(control, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert workspace.question_list.currentRow() == 1
    assert saved(qtbot, window, LONG_TEXT) == WORDS
    workspace.question_list.setCurrentRow(2)
    shown = workspace.findings_form.editor(LONG_TEXT)
    assert shown is not None and shown.value() == WORDS  # and the box is not empty on coming back


def test_typing_then_clicking_another_question_keeps_the_words(qtbot: Any, window: MainWindow) -> None:
    workspace = open_question(qtbot, window, 2)
    type_into(qtbot, workspace.findings_form.editor(LONG_TEXT), WORDS)
    questions = workspace.question_list
    target = questions.visualItemRect(questions.item(4)).center()
    qtbot.mouseClick(questions.viewport(), Qt.MouseButton.LeftButton, pos=target)
    assert questions.currentRow() == 4
    assert saved(qtbot, window, LONG_TEXT) == WORDS


def test_a_number_typed_without_enter_is_kept_when_moving_on(qtbot: Any, window: MainWindow) -> None:
    workspace = open_question(qtbot, window, 2)
    control = type_into(qtbot, workspace.findings_form.editor(LINE_NUMBER), "25")
    qtbot.keyClick(control, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert saved(qtbot, window, LINE_NUMBER) == 25


def test_typing_then_going_back_to_the_case_list_keeps_the_words(qtbot: Any, window: MainWindow) -> None:
    workspace = open_question(qtbot, window, 2)
    control = type_into(qtbot, workspace.findings_form.editor(LONG_TEXT), WORDS)
    qtbot.keyClick(control, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.workspace is None
    assert saved(qtbot, window, LONG_TEXT) == WORDS


def test_typing_then_opening_another_case_keeps_the_words(qtbot: Any, window: MainWindow) -> None:
    workspace = open_question(qtbot, window, 2)
    type_into(qtbot, workspace.findings_form.editor(LONG_TEXT), WORDS)
    window.open_case(find_case(window.folder, "IME-2026-000871").id)
    assert saved(qtbot, window, LONG_TEXT) == WORDS


def test_typing_then_closing_the_window_keeps_the_words(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    workspace = open_question(qtbot, window, 2)
    type_into(qtbot, workspace.findings_form.editor(LONG_TEXT), WORDS)
    window.close()
    window.runner.wait()
    folder = open_data_folder(tmp_path / "data")
    try:
        assert get_answers(folder, find_case(folder, PEER_REVIEW)).get(LONG_TEXT) == WORDS
    finally:
        folder.close()


def test_typing_then_citing_the_page_keeps_the_words(qtbot: Any, window: MainWindow) -> None:
    workspace = open_question(qtbot, window, 2)
    workspace.show_record(workspace.case.records[0], 0)
    control = type_into(qtbot, workspace.findings_form.editor(LONG_TEXT), WORDS)
    qtbot.keyClick(control, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert saved(qtbot, window, LONG_TEXT) == WORDS
    assert saved(qtbot, window, "q3.citations")  # the citation went in too, and did not replace the words
    shown = workspace.findings_form.editor(LONG_TEXT)
    assert shown is not None and shown.value() == WORDS


def test_typing_and_pausing_saves_within_a_second(qtbot: Any, window: MainWindow) -> None:
    assert LONG_TEXT_IDLE_MS <= 1000
    workspace = open_question(qtbot, window, 2)
    type_into(qtbot, workspace.findings_form.editor(LONG_TEXT), WORDS)
    qtbot.waitUntil(lambda: saved(qtbot, window, LONG_TEXT) == WORDS, timeout=1500)


def test_typing_then_clicking_into_the_page_viewer_keeps_the_words(qtbot: Any, window: MainWindow) -> None:
    workspace = open_question(qtbot, window, 2)
    type_into(qtbot, workspace.findings_form.editor(LONG_TEXT), WORDS)
    workspace.page_view.setFocus(Qt.FocusReason.MouseFocusReason)
    QApplication.processEvents()
    assert saved(qtbot, window, LONG_TEXT) == WORDS
