"""The findings editors: one per field type, round-tripping valid answers, and the form that shows and hides them."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateEdit, QLabel, QLineEdit, QRadioButton, QTextEdit

from reviewer_app.domain.forms import AnswerField, Choice, Condition, FieldSpec, FieldType, display_text, validate_value
from reviewer_app.domain.phrases import GuidelineCitation, Phrase, fill_placeholders
from reviewer_app.ui.compound_editors import CitationsEditor, GuidelineEditor, TableEditor
from reviewer_app.ui.field_editor import FieldEditor
from reviewer_app.ui.findings_editors import ChoiceEditor, Icd10Editor, LongTextEditor, NumberEditor
from reviewer_app.ui.findings_form import EDITORS, FindingsForm, create_editor


def answer_field(spec: FieldSpec) -> AnswerField:
    return AnswerField(
        id=f"q1.{spec.id}",
        spec=spec,
        label=spec.label,
        required=spec.required,
        show_when=Condition(f"q1.{spec.show_when.field}", spec.show_when.equals) if spec.show_when else None,
    )


DETERMINATION = FieldSpec(
    "determination",
    "Determination",
    FieldType.CHOICE,
    required=True,
    choices=(Choice("certify", "Certify"), Choice("modify", "Modify"), Choice("non_certify", "Non-certify")),
)
APPROVED = FieldSpec(
    "approved_quantity",
    "Approved quantity",
    FieldType.NUMBER,
    required=True,
    minimum=0,
    maximum=10,
    unit="sessions",
    show_when=Condition("determination", ("modify",)),
    help="How many of the requested sessions are approved.",
)
MEDICATIONS = FieldSpec(
    "medications",
    "Medications",
    FieldType.TABLE,
    columns=(
        FieldSpec("drug", "Drug", FieldType.TEXT, required=True),
        FieldSpec("dose_mg", "Dose", FieldType.INTEGER, minimum=0),
        FieldSpec("effective", "Effective", FieldType.YES_NO),
        FieldSpec("route", "Route", FieldType.CHOICE, choices=(Choice("oral", "By mouth"), Choice("iv", "IV"))),
    ),
)

ROUND_TRIPS: list[tuple[FieldSpec, Any]] = [
    (FieldSpec("summary", "Summary", FieldType.TEXT), "Lumbar MRI reviewed"),
    (FieldSpec("opinion", "Opinion", FieldType.LONG_TEXT), "First line.\nSecond line."),
    (DETERMINATION, "modify"),
    (
        FieldSpec(
            "body_part", "Body part", FieldType.CHOICE, choices=tuple(Choice(f"p{i}", f"Part {i}") for i in range(6))
        ),
        "p4",
    ),
    (
        FieldSpec(
            "tried",
            "Treatments tried",
            FieldType.MULTI_CHOICE,
            choices=(Choice("pt", "PT"), Choice("nsaid", "NSAID"), Choice("esi", "ESI")),
        ),
        ["pt", "esi"],
    ),
    (APPROVED, 2.5),
    (FieldSpec("visits", "Visits", FieldType.INTEGER, minimum=0, maximum=24), 12),
    (FieldSpec("visits0", "Visits", FieldType.INTEGER, minimum=0, maximum=24), 0),
    (FieldSpec("injury_date", "Date of injury", FieldType.DATE), "2026-01-15"),
    (FieldSpec("mmi", "At MMI", FieldType.YES_NO), True),
    (FieldSpec("mmi_no", "At MMI", FieldType.YES_NO), False),
    (FieldSpec("diagnosis", "Diagnosis", FieldType.ICD10), "M51.16"),
    (
        FieldSpec("guideline", "Guideline", FieldType.GUIDELINE),
        {"source": "ODG", "edition": "2026", "section": "Low Back: Epidural steroid injections"},
    ),
    (
        FieldSpec("policy", "Policy", FieldType.GUIDELINE),
        {"source": "plan policy", "name": "Acme spine policy", "section": "4.2"},
    ),
    (FieldSpec("cited", "Pages cited", FieldType.CITATIONS), [{"record": "records/x.pdf", "page": 3}]),
    (MEDICATIONS, [{"drug": "Gabapentin", "dose_mg": 300, "effective": True, "route": "oral"}]),
]


def make(qtbot: Any, spec: FieldSpec) -> FieldEditor:
    editor = create_editor(answer_field(spec))
    qtbot.addWidget(editor)
    return editor


def test_every_field_type_has_an_editor() -> None:
    assert set(EDITORS) == set(FieldType)


@pytest.mark.parametrize(("spec", "value"), ROUND_TRIPS, ids=[f"{s.type}-{s.id}" for s, _ in ROUND_TRIPS])
def test_editor_round_trips_a_valid_value_without_emitting(qtbot: Any, spec: FieldSpec, value: Any) -> None:
    editor = make(qtbot, spec)
    assert editor.objectName() == f"field:q1.{spec.id}"
    assert editor.value() is None
    with qtbot.assertNotEmitted(editor.edited):
        editor.set_value(value)
        assert editor.value() == value
        assert validate_value(spec, editor.value()) is None
        assert editor.problem_text() is None
        editor.set_value(None)
        assert editor.value() is None


def test_typing_in_a_text_field_emits_the_text(qtbot: Any) -> None:
    editor = make(qtbot, FieldSpec("summary", "Summary", FieldType.TEXT))
    line = editor.findChild(QLineEdit)
    qtbot.keyClicks(line, "Request reviewed")
    with qtbot.waitSignal(editor.edited, timeout=2000) as blocker:
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert blocker.args == ["q1.summary", "Request reviewed"]


def test_long_text_is_saved_after_a_pause_in_typing(qtbot: Any) -> None:
    editor = make(qtbot, FieldSpec("opinion", "Opinion", FieldType.LONG_TEXT))
    with qtbot.waitSignal(editor.edited, timeout=3000) as blocker:
        qtbot.keyClicks(editor.findChild(QTextEdit), "Not necessary")
    assert blocker.args == ["q1.opinion", "Not necessary"]


def test_number_outside_its_bounds_shows_a_problem(qtbot: Any) -> None:
    editor = make(qtbot, APPROVED)
    assert isinstance(editor, NumberEditor)
    assert editor.unit.text() == "sessions"
    line = editor.findChild(QLineEdit)
    qtbot.keyClicks(line, "30")
    with qtbot.waitSignal(editor.edited, timeout=2000) as blocker:
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert blocker.args == ["q1.approved_quantity", 30.0]
    assert "above the maximum 10" in (editor.problem_text() or "")
    assert not editor.problem.isHidden()


def test_choosing_modify_shows_the_approved_quantity_and_certify_hides_it(qtbot: Any) -> None:
    form = FindingsForm()
    qtbot.addWidget(form)
    form.set_fields([answer_field(DETERMINATION), answer_field(APPROVED)], {})
    form.show()
    qtbot.waitExposed(form)
    assert not form.is_shown("q1.approved_quantity")
    determination = form.editor("q1.determination")
    assert isinstance(determination, ChoiceEditor)
    modify = determination.findChild(QRadioButton, "option:modify")
    with qtbot.waitSignal(form.answer_changed, timeout=2000) as blocker:
        qtbot.mouseClick(modify, Qt.MouseButton.LeftButton)
    assert blocker.args == ["q1.determination", "modify"]
    assert form.is_shown("q1.approved_quantity")
    with qtbot.waitSignal(form.answer_changed, timeout=2000):
        determination.choose("certify")
    assert not form.is_shown("q1.approved_quantity")
    assert form.answers() == {"q1.determination": "certify"}


def test_form_fills_editors_from_answers_and_shows_problems(qtbot: Any) -> None:
    form = FindingsForm()
    qtbot.addWidget(form)
    with qtbot.assertNotEmitted(form.answer_changed):
        form.set_fields(
            [answer_field(DETERMINATION), answer_field(APPROVED)],
            {"q1.determination": "modify", "q1.approved_quantity": 4.0, "q2.other": "x"},
        )
    assert form.is_shown("q1.approved_quantity")
    quantity = form.editor("q1.approved_quantity")
    assert quantity is not None and quantity.value() == 4.0
    assert form.findChild(FieldEditor, "field:q1.approved_quantity") is quantity
    form.show_problems({"q1.approved_quantity": "Not saved: the case is signed"})
    assert quantity.problem_text() == "Not saved: the case is signed"
    assert not quantity.problem.isHidden()
    form.show_problems({})
    assert quantity.problem.isHidden()
    assert form.editor("q9.nothing") is None


def test_icd10_is_normalised_described_and_flagged(qtbot: Any) -> None:
    editor = make(qtbot, FieldSpec("diagnosis", "Diagnosis", FieldType.ICD10))
    assert isinstance(editor, Icd10Editor)
    with qtbot.waitSignal(editor.edited, timeout=10000) as blocker:
        qtbot.keyClicks(editor.line, "m5116")
        qtbot.keyClick(editor.line, Qt.Key.Key_Return)
    assert blocker.args == ["q1.diagnosis", "M51.16"]
    assert editor.line.text() == "M51.16"
    assert "lumbar" in editor.description.text().lower()
    assert editor.problem_text() is None

    editor.line.clear()
    with qtbot.waitSignal(editor.edited, timeout=2000) as blocker:
        qtbot.keyClicks(editor.line, "X99.999")
        qtbot.keyClick(editor.line, Qt.Key.Key_Return)
    assert blocker.args == ["q1.diagnosis", "X99.999"]
    assert "not in the ICD-10-CM code set" in (editor.problem_text() or "")
    assert editor.description.text() == ""
    editor.set_problem(None)  # the caller clearing its problems keeps the editor's own
    assert not editor.problem.isHidden()

    editor.set_value("S39.012")
    assert "not billable" in (editor.problem_text() or "")


def test_table_adds_a_row_keyed_by_column_ids_and_converts_cells(qtbot: Any) -> None:
    editor = make(qtbot, MEDICATIONS)
    assert isinstance(editor, TableEditor)
    with qtbot.waitSignal(editor.edited, timeout=2000) as blocker:
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert blocker.args[1] == [{"drug": None, "dose_mg": None, "effective": None, "route": None}]
    value = editor.value()
    assert isinstance(value, list) and len(value) == 1
    assert list(value[0]) == ["drug", "dose_mg", "effective", "route"]

    for column, text in ((0, "Naproxen"), (1, "500"), (2, "No"), (3, "By mouth")):
        with qtbot.waitSignal(editor.edited, timeout=2000):
            editor.table.item(0, column).setText(text)
    assert editor.value() == [{"drug": "Naproxen", "dose_mg": 500, "effective": False, "route": "oral"}]
    assert validate_value(MEDICATIONS, editor.value()) is None

    with qtbot.waitSignal(editor.edited, timeout=2000) as blocker:
        qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["q1.medications", None]


def test_citations_are_added_listed_and_removed(qtbot: Any) -> None:
    editor = make(qtbot, FieldSpec("cited", "Pages cited", FieldType.CITATIONS))
    assert isinstance(editor, CitationsEditor)
    with qtbot.waitSignal(editor.edited, timeout=2000) as blocker:
        editor.add_citation("records/x.pdf", 3)
    assert blocker.args == ["q1.cited", [{"record": "records/x.pdf", "page": 3}]]
    with qtbot.assertNotEmitted(editor.edited):
        editor.add_citation("records/x.pdf", 3)  # already cited
    editor.add_citation("records/y.pdf", 7)
    assert editor.value() == [{"record": "records/x.pdf", "page": 3}, {"record": "records/y.pdf", "page": 7}]
    assert editor.list.item(0).text() == "records/x.pdf, p. 3"
    editor.list.setCurrentRow(0)
    with qtbot.waitSignal(editor.edited, timeout=2000):
        qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert editor.value() == [{"record": "records/y.pdf", "page": 7}]


# -- computed values, libraries, layout --

RATINGS = FieldSpec(
    "ratings",
    "Ratings",
    FieldType.TABLE,
    columns=(
        FieldSpec("body_part", "Body part", FieldType.TEXT, required=True),
        FieldSpec("whole_person_percent", "Whole person", FieldType.NUMBER, unit="%", minimum=0, maximum=100),
    ),
    computed="combined_whole_person",
)
LIFTS = [
    FieldSpec(f"lift_{how}", f"Lift/carry {how}", FieldType.NUMBER, unit="lb", minimum=0)
    for how in ("occasionally", "frequently", "constantly")
]
LIFTS[-1] = FieldSpec(
    "lift_constantly", "Lift/carry constantly", FieldType.NUMBER, unit="lb", minimum=0, computed="dot_strength_level"
)


def test_the_combined_impairment_follows_the_rows_as_they_are_typed(qtbot: Any) -> None:
    form = FindingsForm()
    qtbot.addWidget(form)
    form.set_fields(
        [answer_field(RATINGS)], {"q1.ratings": [{"body_part": "Lumbar spine", "whole_person_percent": 20}]}
    )
    form.show()
    assert form.computed_text("q1.ratings") == "Combined whole-person impairment: 20% WPI"
    table = form.editor("q1.ratings")
    assert isinstance(table, TableEditor)
    table.add_row()
    table.table.item(1, 0).setText("Left knee")
    table.table.item(1, 1).setText("10")
    shown = form.findChild(QLabel, "computed:q1.ratings")
    assert shown is not None and shown.isVisible()
    assert shown.text() == "Combined whole-person impairment: 28% WPI (20% C 10%, Combined Values formula)"
    table.set_value(None)
    form.set_fields([answer_field(RATINGS)], {})
    assert form.computed_text("q1.ratings") is None  # no ratings, nothing to show


def test_the_dot_strength_level_follows_the_lifting_weights_while_typing(qtbot: Any) -> None:
    form = FindingsForm()
    qtbot.addWidget(form)
    form.set_fields([answer_field(s) for s in LIFTS], {"q1.lift_occasionally": 20.0, "q1.lift_frequently": 10.0})
    form.show()
    assert "give the lift/carry weight" in (form.computed_text("q1.lift_constantly") or "")
    constantly = form.editor("q1.lift_constantly")
    with qtbot.assertNotEmitted(form.answer_changed):  # not saved yet: still typing
        qtbot.keyClicks(constantly.findChild(QLineEdit), "0")
    assert (form.computed_text("q1.lift_constantly") or "").startswith("DOT strength level: Light (")
    occasionally = form.editor("q1.lift_occasionally").findChild(QLineEdit)
    occasionally.selectAll()
    qtbot.keyClicks(occasionally, "50")
    assert (form.computed_text("q1.lift_constantly") or "").startswith("DOT strength level: Light")  # needs 25 lb freq.


class FakeLibraries:
    def __init__(self) -> None:
        self.edited: list[str] = []

    def phrases(self) -> list[Phrase]:
        return [Phrase("Intro", "{claimant} was examined on {exam_date}.")]

    def guidelines(self) -> list[GuidelineCitation]:
        return [GuidelineCitation("ODG", "Low Back: Lumbar fusion", "2026")]

    def fill(self, text: str) -> str:
        return fill_placeholders(text, {"claimant": "Ana Ruiz"})

    def edit_phrases(self, parent: Any) -> bool:
        self.edited.append("phrases")
        return False

    def edit_guidelines(self, parent: Any) -> bool:
        self.edited.append("guidelines")
        return False


def test_a_phrase_is_inserted_filled_from_the_case_and_saved(qtbot: Any) -> None:
    form = FindingsForm()
    qtbot.addWidget(form)
    form.set_libraries(FakeLibraries())
    form.set_fields([answer_field(FieldSpec("opinion", "Opinion", FieldType.LONG_TEXT))], {})
    editor = form.editor("q1.opinion")
    assert isinstance(editor, LongTextEditor)
    assert not editor.phrase_button.isHidden()
    menu = editor.phrase_button.menu()
    menu.aboutToShow.emit()
    titles = [a.text() for a in menu.actions() if a.text()]
    assert titles == ["Intro", "Edit phrase library…"]
    with qtbot.waitSignal(form.answer_changed, timeout=3000) as blocker:
        menu.actions()[0].trigger()
    # The case has no exam date here: that placeholder stays for the physician to see.
    assert blocker.args == ["q1.opinion", "Ana Ruiz was examined on {exam_date}."]


def test_a_guideline_is_filled_from_the_library(qtbot: Any) -> None:
    form = FindingsForm()
    qtbot.addWidget(form)
    libraries = FakeLibraries()
    form.set_fields([answer_field(FieldSpec("guideline", "Guideline", FieldType.GUIDELINE))], {})
    form.set_libraries(libraries)
    editor = form.editor("q1.guideline")
    assert isinstance(editor, GuidelineEditor)
    editor.library_menu.aboutToShow.emit()
    with qtbot.waitSignal(form.answer_changed, timeout=2000) as blocker:
        editor.library_menu.actions()[0].trigger()
    assert blocker.args == ["q1.guideline", {"source": "ODG", "edition": "2026", "section": "Low Back: Lumbar fusion"}]
    editor.library_menu.actions()[-1].trigger()
    assert libraries.edited == ["guidelines"]


def test_long_radio_labels_are_stacked_so_the_panel_stays_narrow(qtbot: Any) -> None:
    status = FieldSpec(
        "status",
        "Work status",
        FieldType.CHOICE,
        choices=(
            Choice("full_duty", "Full duty"),
            Choice("modified_duty", "Modified duty"),
            Choice("ttd", "Temporarily totally disabled"),
        ),
    )
    editor = make(qtbot, status)
    assert editor.minimumSizeHint().width() < 300
    short = make(qtbot, FieldSpec("mmi", "At MMI", FieldType.YES_NO))
    yes, no = (short.findChild(QRadioButton, f"option:{v}") for v in (True, False))
    short.show()
    assert yes.y() == no.y()  # Yes and No stay side by side


def test_a_date_reads_as_the_report_prints_it_and_is_stored_as_an_iso_date(qtbot: Any) -> None:
    spec = FieldSpec("date", "Date of MMI", FieldType.DATE)
    editor = make(qtbot, spec)
    editor.set_value("2026-04-20")
    shown = editor.findChild(QDateEdit)
    assert shown is not None and shown.text() == "04/20/2026" == display_text(spec, "2026-04-20")
    assert editor.value() == "2026-04-20"
