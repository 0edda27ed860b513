"""Form values in the physician's words and back: one conversion for the editors and the report."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewer_app.domain.forms import (
    CellReading,
    Choice,
    FieldSpec,
    FieldType,
    date_range_text,
    display_text,
    parse_cell,
    parse_date,
)

DEGREES = FieldSpec("measured", "Measured", FieldType.NUMBER, unit="degrees", minimum=0, maximum=360)
PERCENT = FieldSpec("whole_person_percent", "Whole person", FieldType.NUMBER, unit="%", minimum=0, maximum=100)
GRADE = FieldSpec("grade", "Grade (0-5)", FieldType.INTEGER, minimum=0, maximum=5)
DATE = FieldSpec("date", "Date", FieldType.DATE)
SIDE = FieldSpec("side", "Side", FieldType.CHOICE, choices=(Choice("left", "left"), Choice("right", "right")))
OPINION = FieldSpec(
    "opinion",
    "Opinion",
    FieldType.CHOICE,
    choices=(Choice("related", "Related"), Choice("not_related", "Not related")),
)
WADDELL = FieldSpec(
    "signs",
    "Waddell signs",
    FieldType.MULTI_CHOICE,
    choices=(
        Choice("simulation", "Simulation (axial loading, rotation)"),
        Choice("overreaction", "Over-reaction"),
        Choice("distraction", "Distraction"),
    ),
)
RELATED = FieldSpec("related", "Related to the injury", FieldType.YES_NO)
CODE = FieldSpec("code", "ICD-10-CM code", FieldType.ICD10)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("04/20/2026", "2026-04-20"),
        ("4/2/2026", "2026-04-02"),
        ("2026-04-20", "2026-04-20"),
        (" 2026-4-20 ", "2026-04-20"),
    ],
)
def test_a_date_typed_either_way_is_stored_as_the_form_stores_dates(typed: str, stored: str) -> None:
    assert parse_cell(DATE, typed) == CellReading(stored)


def test_a_date_that_is_no_real_day_stays_as_typed_with_what_is_expected() -> None:
    reading = parse_cell(DATE, "02/30/2026")
    assert reading.value == "02/30/2026"
    assert reading.problem is not None and "04/20/2026" in reading.problem
    assert parse_date("20/04/2026") is None  # month first, as US claims files write dates


def test_a_stored_date_reads_as_the_report_prints_it() -> None:
    assert display_text(DATE, "2026-04-20") == "04/20/2026"
    assert display_text(DATE, dt.date(2026, 3, 16)) == "03/16/2026"
    assert date_range_text(dt.date(2026, 3, 1), dt.date(2026, 3, 15)) == "03/01/2026 to 03/15/2026"
    assert date_range_text(dt.date(2026, 3, 1), dt.date(2026, 3, 1)) == "03/01/2026"
    assert date_range_text(None, None) == ""


def test_numbers_are_read_with_or_without_their_unit_and_checked_against_the_range() -> None:
    assert parse_cell(DEGREES, "40") == CellReading(40.0)
    assert parse_cell(DEGREES, "40°") == CellReading(40.0)
    assert parse_cell(DEGREES, "42.5 degrees") == CellReading(42.5)
    assert parse_cell(PERCENT, "8%") == CellReading(8.0)
    too_far = parse_cell(DEGREES, "370")
    assert too_far.value == 370.0
    assert too_far.problem == "370 degrees is above the maximum 360 degrees"
    assert parse_cell(DEGREES, "forty") == CellReading("forty", "'forty' is not a number")


def test_whole_numbers_accept_4_0_but_not_4_5() -> None:
    assert parse_cell(GRADE, "4") == CellReading(4)
    assert parse_cell(GRADE, "4.0") == CellReading(4)
    assert parse_cell(GRADE, "4.5").problem == "'4.5' is not a whole number"
    assert parse_cell(GRADE, "6").problem == "6 is above the maximum 5"


def test_numbers_print_with_their_unit_except_in_a_table_cell() -> None:
    assert display_text(DEGREES, 40.0) == "40 degrees"
    assert display_text(DEGREES, 40.0, with_unit=False) == "40"
    assert display_text(PERCENT, 8) == "8%"
    assert display_text(DEGREES, 42.5) == "42.5 degrees"


def test_choices_are_read_by_label_or_value_in_any_case_and_shown_by_label() -> None:
    assert parse_cell(OPINION, "not related") == CellReading("not_related")
    assert parse_cell(OPINION, "NOT_RELATED") == CellReading("not_related")
    assert parse_cell(SIDE, "Left") == CellReading("left")
    assert display_text(OPINION, "not_related") == "Not related"
    assert display_text(SIDE, "left") == "Left"  # a plain-text choice starts with a capital
    reading = parse_cell(SIDE, "both")
    assert reading.value == "both" and reading.problem == "'both' is not one of Left, Right"


def test_several_choices_round_trip_even_when_a_label_holds_a_comma() -> None:
    stored = ["simulation", "overreaction"]
    shown = display_text(WADDELL, stored)
    assert shown == "Simulation (axial loading, rotation); Over-reaction"
    assert parse_cell(WADDELL, shown) == CellReading(stored)
    assert parse_cell(WADDELL, "Simulation (axial loading, rotation)") == CellReading(["simulation"])
    assert parse_cell(WADDELL, "over-reaction, distraction") == CellReading(["overreaction", "distraction"])


def test_yes_no_reads_the_usual_words() -> None:
    assert parse_cell(RELATED, "yes") == CellReading(True)
    assert parse_cell(RELATED, "N") == CellReading(False)
    assert parse_cell(RELATED, "maybe").problem == "'maybe': answer yes or no"
    assert display_text(RELATED, True) == "Yes" and display_text(RELATED, False) == "No"


def test_an_icd10_code_is_written_as_the_classification_prints_it() -> None:
    assert parse_cell(CODE, "s39012a") == CellReading("S39.012A")
    assert parse_cell(CODE, "M51.16") == CellReading("M51.16")
    described = display_text(
        CODE, "M51.16", describe_code=lambda code: "Intervertebral disc disorders with radiculopathy"
    )
    assert described == "M51.16 — Intervertebral disc disorders with radiculopathy"
    assert display_text(CODE, "m51.16") == "M51.16"


def test_an_empty_cell_is_no_answer() -> None:
    assert parse_cell(DEGREES, "   ") == CellReading(None)
    assert display_text(DEGREES, None) == ""


def test_a_guideline_prints_as_its_citation() -> None:
    spec = FieldSpec("guideline", "Guideline applied", FieldType.GUIDELINE)
    value = {"source": "ODG", "edition": "2026", "section": "Low Back: Epidural steroid injections"}
    assert display_text(spec, value) == "ODG, 2026 edition — Low Back: Epidural steroid injections"
