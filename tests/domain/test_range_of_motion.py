"""Range of motion in bilateral rows: the normal from the AMA Guides' values, deficits, the stored table."""

from __future__ import annotations

from reviewer_app.domain.range_of_motion import (
    MotionRow,
    answer_from_rows,
    deficit_lines,
    deficits,
    normal_motion,
    parse_readings,
    rows_from_answer,
)


def test_the_normal_comes_from_the_guides_values_for_the_joint_and_motion() -> None:
    flexion = normal_motion("Lumbar spine", "Flexion")
    assert flexion is not None and flexion.degrees == 60 and not flexion.sided
    bending = normal_motion("lumbar", "Right lateral bending")
    assert bending is not None and bending.degrees == 25 and bending.sided
    shoulder = normal_motion("Shoulder", "abduction")
    assert shoulder is not None and shoulder.degrees == 170
    assert normal_motion("Shoulder", "Circumduction") is None


def test_the_greatest_of_three_readings_is_used_and_the_deficit_is_against_the_normal() -> None:
    row = MotionRow("Shoulder", "Flexion", left=(140, 150, 145), right=(178, 180))
    (motion,) = deficits([row])
    left, right = motion.sides
    assert motion.normal == 180  # filled from the Guides' values
    assert (left.used, left.deficit, left.percent_lost) == (150, 30, 17)
    assert (right.used, right.deficit) == (180, 0)
    assert motion.left_less_than_right == 30
    assert motion.text() == (
        "Shoulder flexion (normal 180°): left 150° (deficit 30°, 17%); right 180° (full); "
        "left 30° less than the other side"
    )


def test_readings_too_far_apart_are_flagged_for_repeating() -> None:
    (motion,) = deficits([MotionRow("Lumbar spine", "Flexion", midline=(30, 45, 40))])
    assert not motion.sides[0].consistent
    assert motion.text().endswith("; repeat the measurements (more than 10% or 5° apart)")
    (steady,) = deficits([MotionRow("Lumbar spine", "Flexion", midline=(40, 43, 44))])
    assert steady.sides[0].consistent


def test_the_physicians_normal_wins_over_the_guides_value() -> None:
    (motion,) = deficits([MotionRow("Knee", "Flexion", left=(120,), normal=135)])
    assert motion.sides[0].deficit == 15


def test_bilateral_rows_are_stored_one_row_per_side_and_read_back() -> None:
    rows = [
        MotionRow("Lumbar spine", "Flexion", midline=(40, 42), normal=60),
        MotionRow("Lumbar spine", "Lateral bending", left=(15,), right=(20, 22, 21), normal=25),
        MotionRow("Shoulder", "Abduction"),  # named, not yet measured: nothing to store
    ]
    stored = answer_from_rows(rows)
    assert stored == [
        {"joint": "Lumbar spine", "motion": "Flexion", "measured": 40, "measured_2": 42, "normal": 60},
        {"joint": "Lumbar spine", "motion": "Lateral bending", "side": "left", "measured": 15, "normal": 25},
        {
            "joint": "Lumbar spine",
            "motion": "Lateral bending",
            "side": "right",
            "measured": 20,
            "measured_2": 22,
            "measured_3": 21,
            "normal": 25,
        },
    ]
    assert rows_from_answer(stored) == rows[:2]


def test_rows_stored_before_the_side_column_read_as_bilateral_rows() -> None:
    old = [
        {"joint": "Lumbar spine", "motion": "Right lateral bending", "measured": 20, "normal": 25},
        {"joint": "Lumbar spine", "motion": "Left lateral bending", "measured": 15, "normal": 25},
    ]
    (row,) = rows_from_answer(old)
    assert (row.motion, row.left, row.right) == ("Lateral bending", (15.0,), (20.0,))
    assert deficit_lines(old) == [
        "Lumbar spine lateral bending (normal 25°): left 15° (deficit 10°, 40%); right 20° (deficit 5°, 20%); "
        "left 5° less than the other side"
    ]


def test_readings_are_typed_in_one_cell() -> None:
    assert parse_readings("150, 155, 152") == ((150, 155, 152), None)
    assert parse_readings("150 / 155°") == ((150, 155), None)
    assert parse_readings("") == ((), None)
    assert parse_readings("150, x")[1] == "'x' is not a measurement in degrees"
    assert parse_readings("400")[1] == "400 degrees is not between 0 and 360"
    assert parse_readings("1 2 3 4") == ((1, 2, 3), "up to 3 measurements per side; the first three are kept")
