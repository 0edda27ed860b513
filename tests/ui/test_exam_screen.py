"""The IME exam screen: range of motion in bilateral rows computes the deficits shown beside it, stored as
the IME form's answers; strength by side; the ratings table shows its words whole."""

from __future__ import annotations

import tomllib
from typing import Any

from PySide6.QtWidgets import QLabel, QTableWidget

from reviewer_app.domain.case import CaseDetails, Claimant, PersonName, QuestionTopic, ReferralQuestion, Service, Vendor
from reviewer_app.domain.forms import AnswerField, answer_fields, parse_form, validate_value
from reviewer_app.resources import forms_path
from reviewer_app.ui.compound_editors import TableEditor
from reviewer_app.ui.exam_editors import RangeOfMotionEditor, SideBySideEditor
from reviewer_app.ui.exam_screen import ExamScreen
from reviewer_app.ui.findings_form import FindingsForm

ROM = "examination.range_of_motion"


def ime_fields() -> list[AnswerField]:
    with (forms_path() / "ime.toml").open("rb") as handle:
        form = parse_form(tomllib.load(handle), "forms/ime.toml")
    case = CaseDetails(
        reference="IME-1",
        vendor=Vendor("Vendor"),
        service=Service.IME,
        claimant=Claimant(PersonName("Marisol", "Ortega")),
        questions=(
            ReferralQuestion("q1", "What is the whole person impairment?", QuestionTopic.IMPAIRMENT),
            ReferralQuestion("q2", "What are the work restrictions?", QuestionTopic.WORK_STATUS),
        ),
    )
    return answer_fields(form, case)


def screen(qtbot: Any, answers: dict[str, Any] | None = None) -> tuple[ExamScreen, list[tuple[str, Any]]]:
    exam = ExamScreen()
    qtbot.addWidget(exam)
    exam.set_fields(ime_fields(), answers or {})
    saved: list[tuple[str, Any]] = []
    exam.answer_changed.connect(lambda field_id, value: saved.append((field_id, value)))
    exam.resize(1100, 800)
    exam.show()
    return exam, saved


def test_bilateral_range_of_motion_rows_compute_the_deficits_shown_beside_them(qtbot: Any) -> None:
    exam, saved = screen(qtbot)
    assert exam.tabs.tabText(0) == "History" and exam.tabs.tabText(1) == "Examination"
    assert exam.focus_field(ROM) and exam.tabs.currentIndex() == 1
    rom = exam.editor(ROM)
    assert isinstance(rom, RangeOfMotionEditor)

    rom.add_motion("Shoulder", "Flexion")
    rom.add_motion("Lumbar spine", "Flexion")
    normal = rom.table.item(0, 4)
    assert normal is not None and normal.text() == "180"  # the AMA Guides' normal, filled in
    assert rom.table.columnSpan(1, 2) == 2  # lumbar flexion is one motion of the midline: one readings cell
    rom.set_readings(0, left="140, 150, 145", right="178, 180")
    rom.set_readings(1, left="40, 42")

    assert exam.computed_lines("deficits") == [
        "Shoulder flexion (normal 180°): left 150° (deficit 30°, 17%); right 180° (full); "
        "left 30° less than the other side",
        "Lumbar spine flexion (normal 60°): 42° (deficit 18°, 30%)",
    ]
    shown = exam.findChild(QLabel, "examComputed:deficits")
    assert shown is not None and shown.isVisible() and "left 150° (deficit 30°, 17%)" in shown.text()
    field_id, value = saved[-1]
    assert field_id == ROM
    assert value == [
        {"joint": "Shoulder", "motion": "Flexion", "side": "left", "measured": 140.0, "measured_2": 150.0,
         "measured_3": 145.0, "normal": 180.0},
        {"joint": "Shoulder", "motion": "Flexion", "side": "right", "measured": 178.0, "measured_2": 180.0,
         "normal": 180.0},
        {"joint": "Lumbar spine", "motion": "Flexion", "measured": 40.0, "measured_2": 42.0, "normal": 60.0},
    ]  # fmt: skip
    rom_field = next(f for f in ime_fields() if f.id == ROM)
    assert validate_value(rom_field, value) is None  # the IME form takes it as it is: the report prints it


def test_a_reading_that_is_no_number_is_named_under_the_table(qtbot: Any) -> None:
    exam, _saved = screen(qtbot)
    rom = exam.editor(ROM)
    assert isinstance(rom, RangeOfMotionEditor)
    rom.add_motion("Knee", "Flexion")
    rom.set_readings(0, left="120, x")
    assert rom.problem_text() == "Knee flexion, left: 'x' is not a measurement in degrees"


def test_saved_answers_show_as_bilateral_rows_and_the_questions_computed_values_beside_them(qtbot: Any) -> None:
    answers = {
        ROM: [
            {"joint": "Lumbar spine", "motion": "Right lateral bending", "measured": 20, "normal": 25},
            {"joint": "Lumbar spine", "motion": "Left lateral bending", "measured": 15, "normal": 25},
        ],
        "examination.strength": [
            {"muscle_group": "Extensor hallucis longus", "side": "left", "grade": 4},
            {"muscle_group": "Extensor hallucis longus", "side": "right", "grade": 5},
        ],
        "q1.ratings": [
            {"body_part": "Lumbar spine", "table_or_figure": "Table 15-3", "whole_person_percent": 8},
            {"body_part": "Left knee", "table_or_figure": "Table 17-33", "whole_person_percent": 4},
        ],
    }
    exam, _saved = screen(qtbot, answers)
    rom = exam.editor(ROM)
    assert isinstance(rom, RangeOfMotionEditor)
    assert rom.table.rowCount() == 1
    assert [rom.table.item(0, c).text() for c in range(5)] == ["Lumbar spine", "Lateral bending", "15", "20", "25"]
    strength = exam.editor("examination.strength")
    assert isinstance(strength, SideBySideEditor)
    assert exam.computed_lines("sides") == ["Strength, Extensor hallucis longus: left 4, right 5"]
    assert exam.computed_lines("impairment") == [
        "Combined whole-person impairment: 12% WPI (8% C 4%, Combined Values formula)"
    ]
    exam.set_answers(
        answers | {"q2.status": "modified_duty", "q2.lift_occasionally": 20, "q2.lift_frequently": 10,
                   "q2.lift_constantly": 0}
    )  # fmt: skip
    assert exam.computed_lines("work") == [
        "DOT strength level: Light (up to 20 lb occasionally, 10 lb frequently, negligible constantly)"
    ]


def test_strength_is_entered_left_and_right_and_stored_one_row_per_side(qtbot: Any) -> None:
    exam, saved = screen(qtbot)
    strength = exam.editor("examination.strength")
    assert isinstance(strength, SideBySideEditor)
    strength.add_row("Extensor hallucis longus")
    strength.set_grades(0, left="4", right="5")
    assert saved[-1] == (
        "examination.strength",
        [
            {"muscle_group": "Extensor hallucis longus", "side": "left", "grade": 4},
            {"muscle_group": "Extensor hallucis longus", "side": "right", "grade": 5},
        ],
    )
    assert exam.computed_lines("sides") == ["Strength, Extensor hallucis longus: left 4, right 5"]


def test_the_ratings_table_shows_lumbar_spine_and_whole_person_whole(qtbot: Any) -> None:
    ratings = next(f for f in ime_fields() if f.id == "q1.ratings")
    form = FindingsForm()
    qtbot.addWidget(form)
    rows = [{"body_part": "Lumbar spine", "table_or_figure": "Table 15-3", "whole_person_percent": 8}]
    form.set_fields([ratings], {"q1.ratings": rows})
    form.resize(300, 400)  # the narrowest findings column
    form.show()
    editor = form.editor("q1.ratings")
    assert isinstance(editor, TableEditor)
    table = editor.findChild(QTableWidget)
    assert table is not None
    table.setCurrentCell(0, 2)  # the physician works in the last column
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    for column, words in ((0, "Lumbar spine"), (2, "Whole person (%) *")):
        left = header.sectionViewportPosition(column)
        assert left >= 0, f"column {column} starts left of the view: its first letters are cut"
        needed = metrics.horizontalAdvance(words)
        assert header.sectionSize(column) >= needed, f"{words!r} does not fit its column"


def test_the_case_wide_form_edits_the_exam_tables_by_side_and_other_tables_as_rows(qtbot: Any) -> None:
    fields = {f.id: f for f in ime_fields()}
    form = FindingsForm()
    qtbot.addWidget(form)
    form.set_fields([fields[ROM], fields["examination.strength"], fields["examination.special_tests"]], {})
    assert isinstance(form.editor(ROM), RangeOfMotionEditor)
    assert isinstance(form.editor("examination.strength"), SideBySideEditor)
    assert isinstance(form.editor("examination.special_tests"), TableEditor)
    assert ExamScreen.takes(fields[ROM]) and ExamScreen.takes(fields["history.chief_complaint"])
    assert not ExamScreen.takes(fields["q1.ratings"])


def test_the_history_from_the_records_is_kept_apart_from_the_interview(qtbot: Any) -> None:
    exam, _saved = screen(qtbot)
    records, interview = exam.form("records_summary"), exam.form("history")
    assert records is not None and interview is not None
    assert records.field_ids() == ["records_summary.summary"]
    assert "history.chief_complaint" in interview.field_ids()
    titles = [exam.findChild(QLabel, f"examSectionTitle:{s}") for s in ("records_summary", "history")]
    assert [t.text() for t in titles if t is not None] == ["History from the records", "History (from the interview)"]
    assert exam.focus_field("history.chief_complaint") and exam.tabs.currentIndex() == 0


def test_a_joints_motions_are_added_with_their_normals_and_nothing_is_stored_until_measured(qtbot: Any) -> None:
    exam, saved = screen(qtbot)
    rom = exam.editor(ROM)
    assert isinstance(rom, RangeOfMotionEditor)
    rom.add_joint("Shoulder")
    texts = [(rom.table.item(r, 1).text(), rom.table.item(r, 4).text()) for r in range(rom.table.rowCount())]
    assert texts == [
        ("Flexion", "180"),
        ("Extension", "50"),
        ("Abduction", "170"),
        ("Adduction", "40"),
        ("Internal rotation", "80"),
        ("External rotation", "60"),
    ]
    assert rom.value() is None and saved == []
    rom.set_readings(2, right="160")
    assert saved[-1] == (ROM, [{"joint": "Shoulder", "motion": "Abduction", "side": "right", "measured": 160.0,
                               "normal": 170.0}])  # fmt: skip
    assert exam.computed_lines("deficits") == ["Shoulder abduction (normal 170°): right 160° (deficit 10°, 6%)"]
