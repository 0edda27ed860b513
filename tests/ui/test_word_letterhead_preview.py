"""In the window: Report > Export draft as Word…, the profile dialog's letterhead section, and the
draft preview that follows the physician's writing."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from docx import Document
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog

from reviewer_app.app import build_main_window
from reviewer_app.domain.practice import Practice
from reviewer_app.domain.profile import PhysicianProfile
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import DataFolder, open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.findings import set_answers
from reviewer_app.services.practice import get_practice, letterhead_problems
from reviewer_app.services.reporting import draft_preview_file, live_preview_file
from reviewer_app.ui.live_preview import LivePreview
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.profile_dialog import ProfileDialog
from reviewer_app.ui.report_preview import ReportPreview
from reviewer_app.ui.workers import TaskGroup, TaskRunner
from tests.reports.demo_findings import PEER_REVIEW, fill_demo_findings
from tests.reports.practice_fixtures import PRACTICE, PRACTICE_NAME, practice_logo
from tests.ui.conftest import FakePrompts

SUMMARY = "clinical_summary.summary"


def pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(str(path))
    try:
        return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)
    finally:
        document.close()


@pytest.fixture(scope="module")
def prepared_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("word-gui") / "data"
    folder = open_data_folder(data_dir)
    try:
        ensure_demo_cases(folder)
        fill_demo_findings(folder)
    finally:
        folder.close()
    return data_dir


@pytest.fixture
def case_window(qtbot: Any, prepared_data: Path, prompts: FakePrompts) -> Iterator[MainWindow]:
    window = build_main_window(prepared_data, prompts=prompts)
    qtbot.addWidget(window)
    window.open_case(find_case(window.folder, PEER_REVIEW).id)
    yield window
    window.runner.wait()
    window.background.wait()


def test_export_draft_as_word_writes_the_copy_where_the_physician_chose(
    qtbot: Any, case_window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    prompts.save_paths = [tmp_path / "for-qa"]  # no extension typed: the copy is a .docx all the same
    action = case_window.findChild(QAction, "actionExportWordDraft")
    assert action is not None and action.isEnabled()
    action.trigger()
    out = tmp_path / "for-qa.docx"
    qtbot.waitUntil(lambda: case_window.report_actions.word_path == out, timeout=30_000)
    assert "choose_save_path:Export the draft as Word" in prompts.asked
    document = Document(io.BytesIO(out.read_bytes()))
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert "DRAFT — not signed" in header
    body = " ".join(p.text for p in document.paragraphs)
    for question in find_case(case_window.folder, PEER_REVIEW).details.questions:
        assert " ".join(question.text.split()) in " ".join(body.split())
    assert document.core_properties.author == ""


def test_export_draft_as_word_is_disabled_with_no_case_open(qtbot: Any, window: MainWindow) -> None:
    action = window.findChild(QAction, "actionExportWordDraft")
    assert action is not None and not action.isEnabled()


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[DataFolder]:
    opened = open_data_folder(tmp_path / "data")
    yield opened
    opened.close()


def test_the_profile_dialog_refuses_a_bad_logo_in_words_and_keeps_the_dialog_open(
    qtbot: Any, folder: DataFolder, tmp_path: Path
) -> None:
    dialog = ProfileDialog(
        PhysicianProfile(name="Dr. Test"),
        practice=Practice(),
        check_letterhead=lambda given: letterhead_problems(folder, given),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    section = dialog.letterhead
    assert section is not None and section.title() == "Practice letterhead"
    qtbot.keyClicks(section.name, PRACTICE_NAME)
    section.address.setPlainText("1200 Example Avenue, Suite 300\nPasadena, CA 91101")
    not_an_image = tmp_path / "logo.png"
    not_an_image.write_text("a letter, not a picture", encoding="utf-8")
    section.logo.setText(str(not_an_image))
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.problems.isVisible()
    assert f"Letterhead: logo: {not_an_image} is not an image" in dialog.problems.text()

    section.logo.setText(str(practice_logo(tmp_path / "real-logo.png")))
    section.accent.setText("#1F5C4A")
    section.font.setCurrentIndex(section.font.findData("serif"))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    letterhead = dialog.changes()["practice"]
    assert letterhead["name"] == PRACTICE_NAME and letterhead["font"] == "serif"
    assert letterhead["address"] == "1200 Example Avenue, Suite 300\nPasadena, CA 91101"


def test_saving_the_profile_keeps_the_letterhead_through_the_practice_service(
    qtbot: Any, case_window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    logo = practice_logo(tmp_path / "logo.png")
    prompts.profile_changes = {"name": "Łukasz Dvořák-Nguyễn", "practice": {**PRACTICE, "logo": str(logo)}}
    case_window.edit_profile()
    saved = get_practice(case_window.folder)
    assert saved.name == PRACTICE_NAME
    assert saved.logo == logo.read_bytes()
    assert Path(saved.logo_path).parent == case_window.folder.path / "practice"


@pytest.fixture
def live(qtbot: Any, prepared_data: Path) -> Iterator[tuple[DataFolder, ReportPreview, LivePreview]]:
    folder = open_data_folder(prepared_data)
    case = find_case(folder, PEER_REVIEW)
    runner = TaskRunner()
    tasks = TaskGroup(runner)
    preview = ReportPreview("Draft report", draft_preview_file(folder, case), print_document=lambda *_: False)
    qtbot.addWidget(preview)
    preview.show()
    follower = LivePreview(lambda: preview, tasks, delay_ms=200)
    follower.follow(lambda version: live_preview_file(folder, case, version))
    yield folder, preview, follower
    runner.wait()
    folder.close()


def test_the_preview_re_renders_after_an_edit_without_blocking_and_keeps_page_and_zoom(
    qtbot: Any, live: tuple[DataFolder, ReportPreview, LivePreview]
) -> None:
    folder, preview, follower = live
    case = find_case(folder, PEER_REVIEW)
    first_pdf = preview.pdf
    preview.view.set_zoom(1.3)
    preview.view.go_to_page(1)
    qtbot.waitUntil(lambda: preview.view.current_page() == 1)
    set_answers(folder, case, {SUMMARY: "Lumbar strain; the claimant returned to full duty on 11/02/2026."})
    follower.changed()
    assert follower.state == "waiting"  # changed() returns at once: the render runs later, elsewhere
    qtbot.waitUntil(lambda: follower.renders == 1, timeout=30_000)
    assert follower.state == "idle"
    assert preview.pdf != first_pdf
    assert "returned to full duty on 11/02/2026" in pdf_text(preview.pdf)
    assert preview.view.current_page() == 1
    assert preview.view.zoom() == pytest.approx(1.3, abs=0.01)
    assert "updated as you write" in preview.note.text()


def test_a_newer_edit_supersedes_the_render_in_flight(
    qtbot: Any, live: tuple[DataFolder, ReportPreview, LivePreview]
) -> None:
    folder, preview, follower = live
    case = find_case(folder, PEER_REVIEW)
    shown: list[Path] = []
    follower.rendered.connect(shown.append)
    set_answers(folder, case, {SUMMARY: "First wording of the summary."})
    follower.changed()
    qtbot.waitUntil(lambda: follower.state == "rendering", timeout=10_000)
    set_answers(folder, case, {SUMMARY: "Second wording of the summary, written during the render."})
    follower.changed()  # while the first render runs
    qtbot.waitUntil(lambda: follower.renders == 1 and follower.state == "idle", timeout=60_000)
    assert len(shown) == 1  # the stale render was never shown
    text = pdf_text(preview.pdf)
    assert "Second wording of the summary" in text and "First wording" not in text


def test_with_no_preview_open_edits_render_nothing(qtbot: Any, prepared_data: Path) -> None:
    runner = TaskRunner()
    follower = LivePreview(lambda: None, TaskGroup(runner), delay_ms=10)
    calls: list[int] = []
    follower.follow(lambda version: calls.append(version) or Path("unused"))  # type: ignore[func-returns-value]
    follower.changed()
    assert follower.state == "idle" and not calls


def test_the_window_s_open_draft_preview_follows_saved_answers(qtbot: Any, case_window: MainWindow) -> None:
    folder = case_window.folder
    case = find_case(folder, PEER_REVIEW)
    preview = ReportPreview.show_for(case_window, "Draft report", draft_preview_file(folder, case))
    set_answers(folder, case, {SUMMARY: "Summary as saved from the findings panel."})
    case_window.workspace.findings.answers_changed.emit()  # what a saved answer emits
    follower = case_window.report_actions.live_preview
    assert follower.state == "waiting"
    qtbot.waitUntil(lambda: follower.renders == 1, timeout=30_000)
    assert "Summary as saved from the findings panel." in pdf_text(preview.pdf)
