"""The findings panel on the demo cases: readiness items lead to their fields, questions needing attention,
the peer review's recommendation in the IME that follows it, and values computed as the physician types."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QTabWidget, QWidget

from reviewer_app.app import build_main_window
from reviewer_app.domain.readiness import ReadinessItem, Target
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.findings import get_answers, set_answers
from reviewer_app.ui.exam_editors import RangeOfMotionEditor
from reviewer_app.ui.exam_screen import ExamScreen
from reviewer_app.ui.field_editor import FieldEditor
from reviewer_app.ui.main_window import MainWindow
from reviewer_app.ui.workspace import CaseWorkspace
from tests.ui.conftest import FakePrompts, wait_saved

PEER_REVIEW = "PR-2026-004512"
IME = "IME-2026-000871"


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


def open_case(window: MainWindow, reference: str) -> CaseWorkspace:
    window.open_case(find_case(window.folder, reference).id)
    assert window.workspace is not None
    return window.workspace


def readiness_item(workspace: CaseWorkspace, words: str) -> Any:
    readiness = workspace.findChild(QListWidget, "readiness")
    items = [readiness.item(i) for i in range(readiness.count())]
    found = next((i for i in items if words in i.text()), None)
    assert found is not None, [i.text() for i in items]
    return found


def test_a_readiness_item_leads_to_the_guideline_a_non_certification_needs(qtbot: Any, demo_window: Any) -> None:
    workspace = open_case(demo_window, PEER_REVIEW)
    workspace.question_list.setCurrentRow(0)
    workspace.findings_form.editor("q1.svc1.determination").choose("non_certify")
    wait_saved(qtbot, workspace)
    assert "In progress" in workspace.question_list.item(0).text()
    workspace.question_list.setCurrentRow(2)

    item = readiness_item(workspace, "must cite the guideline applied")
    workspace.readiness.itemActivated.emit(item)
    assert workspace.question_list.currentRow() == 0
    guideline = workspace.findings_form.editor("q1.svc1.guideline")  # the panel's new editor, not the old one
    qtbot.waitUntil(lambda: guideline.focusProxy().hasFocus() or guideline.hasFocus(), timeout=3000)


def test_profile_and_record_items_open_the_profile_and_the_first_unread_page(
    qtbot: Any, demo_window: Any, prompts: FakePrompts
) -> None:
    workspace = open_case(demo_window, PEER_REVIEW)
    workspace.readiness.itemActivated.emit(readiness_item(workspace, "profile needs your name"))
    assert "edit_profile" in prompts.asked

    workspace.readiness.itemActivated.emit(readiness_item(workspace, "pages not yet reviewed"))
    assert workspace.current_record is not None
    assert workspace.current_record.id == workspace.case.records[0].id
    assert workspace.page_view.current_page() == 0

    workspace.go_to_readiness_item(ReadinessItem("3 of 5 referral questions not answered", True, Target.QUESTION))
    assert workspace.question_list.currentRow() == 0


def test_conclusory_wording_marks_the_question_as_needing_attention(qtbot: Any, demo_window: Any) -> None:
    workspace = open_case(demo_window, PEER_REVIEW)
    workspace.question_list.setCurrentRow(0)
    rationale = demo_window.findChild(FieldEditor, "field:q1.svc1.rationale")
    rationale.set_value("Not medically necessary.")
    rationale.edited.emit("q1.svc1.rationale", "Not medically necessary.")  # as the idle timer does
    wait_saved(qtbot, workspace)
    assert "⚠ Needs attention" in workspace.question_list.item(0).text()


def test_the_ime_shows_the_peer_reviews_recommendation(qtbot: Any, demo_window: Any) -> None:
    set_answers(
        demo_window.folder,
        find_case(demo_window.folder, PEER_REVIEW),
        {
            "recommendation.ime_needed": True,
            "recommendation.open_questions": [
                {"question": "Is there an L5 radiculopathy?", "reason": "No neurological examination on file."}
            ],
            "recommendation.exam_focus": "Straight leg raise, L5 strength and sensation.",
            "recommendation.specialty_to_match": "Physical Medicine and Rehabilitation",
        },
    )
    workspace = open_case(demo_window, IME)
    panel = workspace.findChild(QWidget, "peerReviewHandoff")
    assert panel is not None and panel.isVisible()
    text = panel.findChild(QLabel, "handoffText").text()
    for words in (PEER_REVIEW, "Is there an L5 radiculopathy?", "No neurological examination", "Straight leg raise"):
        assert words in text

    peer_review = open_case(demo_window, PEER_REVIEW)
    assert peer_review.findChild(QWidget, "peerReviewHandoff") is None


def test_ime_impairment_and_work_status_show_computed_values(qtbot: Any, demo_window: Any) -> None:
    workspace = open_case(demo_window, IME)
    workspace.question_list.setCurrentRow(3)  # q4: impairment
    ratings = demo_window.findChild(FieldEditor, "field:q4.ratings")
    ratings.set_value([{"body_part": "Lumbar spine", "table_or_figure": "Table 15-3", "whole_person_percent": 8}])
    ratings.add_row()
    ratings.table.item(1, 0).setText("Left lower extremity")
    ratings.table.item(1, 1).setText("Table 16-10")
    ratings.table.item(1, 2).setText("5")
    assert workspace.findings_form.computed_text("q4.ratings") == (
        "Combined whole-person impairment: 13% WPI (8% C 5%, Combined Values formula)"
    )

    workspace.question_list.setCurrentRow(4)  # q5: work status
    demo_window.findChild(FieldEditor, "field:q5.status").choose("modified_duty")
    for field_id, pounds in (("q5.lift_occasionally", "20"), ("q5.lift_frequently", "10"), ("q5.lift_constantly", "0")):
        line = demo_window.findChild(FieldEditor, f"field:{field_id}").line
        qtbot.keyClicks(line, pounds)
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert (workspace.findings_form.computed_text("q5.lift_constantly") or "").startswith("DOT strength level: Light")


def test_the_imes_range_of_motion_is_entered_by_side_on_the_exam_tab_and_saved_as_the_form_stores_it(
    qtbot: Any, demo_window: Any
) -> None:
    workspace = open_case(demo_window, IME)
    tabs = demo_window.findChild(QTabWidget, "findingsTabs")
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Question", "History and examination"]
    exam = demo_window.findChild(ExamScreen, "examScreen")
    rom = exam.findChild(FieldEditor, "field:examination.range_of_motion")
    assert isinstance(rom, RangeOfMotionEditor), "the range of motion is on the exam screen"
    assert workspace.case_sections_form.editor("examination.range_of_motion") is None  # and only there
    assert workspace.focus_field("examination.range_of_motion")
    assert tabs.currentWidget() is exam
    rom.add_motion("Lumbar spine", "Lateral bending")
    rom.set_readings(0, left="15, 17", right="22")
    wait_saved(qtbot, workspace)
    saved = get_answers(demo_window.folder, find_case(demo_window.folder, IME))["examination.range_of_motion"]
    assert saved == [
        {"joint": "Lumbar spine", "motion": "Lateral bending", "side": "left", "measured": 15.0, "measured_2": 17.0,
         "normal": 25.0},
        {"joint": "Lumbar spine", "motion": "Lateral bending", "side": "right", "measured": 22.0, "normal": 25.0},
    ]  # fmt: skip
    assert rom.deficit_lines() == [
        "Lumbar spine lateral bending (normal 25°): left 17° (deficit 8°, 32%); right 22° (deficit 3°, 12%); "
        "left 5° less than the other side"
    ]
    assert any("Lumbar spine lateral bending" in line for line in exam.summary.lines("deficits")), (
        "the deficits are listed beside the exam"
    )


def test_the_language_check_shows_under_the_rationale_as_it_is_written(qtbot: Any, demo_window: Any) -> None:
    workspace = open_case(demo_window, PEER_REVIEW)
    workspace.question_list.setCurrentRow(2)  # q3: causation
    rationale = demo_window.findChild(FieldEditor, "field:q3.rationale")
    assert rationale is not None
    rationale.set_value("The radiculopathy could possibly be related to the lifting injury.")
    rationale.edited.emit("q3.rationale", rationale.value())
    wait_saved(qtbot, workspace)
    problem = rationale.problem_text() or ""
    assert "reasonable degree of medical probability" in problem, problem  # under the field, not only far away
