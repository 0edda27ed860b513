"""Values the findings panel computes from the answers: combined impairment and DOT strength level."""

from __future__ import annotations

import pytest

from reviewer_app.domain.computed import combined_impairment_text, computed_text, strength_level_text
from reviewer_app.domain.forms import FormError, parse_form

LIFTS = ("lift_occasionally", "lift_frequently", "lift_constantly")


def test_ratings_combine_by_the_combined_values_formula() -> None:
    rows = [{"body_part": "Lumbar", "whole_person_percent": 10}, {"body_part": "Knee", "whole_person_percent": 20}]
    assert (
        combined_impairment_text(rows)
        == "Combined whole-person impairment: 28% WPI (20% C 10%, Combined Values formula)"
    )
    assert combined_impairment_text([{"whole_person_percent": 8}]) == "Combined whole-person impairment: 8% WPI"
    assert combined_impairment_text([]) is None
    assert combined_impairment_text([{"body_part": "Lumbar"}]) is None
    partly = combined_impairment_text([{"whole_person_percent": 8}, {"body_part": "Knee"}])
    assert partly is not None and "1 row(s) without a whole-person percent left out" in partly


def test_lifting_restrictions_give_the_dot_strength_level() -> None:
    light = strength_level_text(None, dict(zip(LIFTS, (20, 10, 0), strict=True)))
    assert light is not None and light.startswith("DOT strength level: Light (")
    assert strength_level_text(None, {}) is None
    asks = strength_level_text(None, {"lift_occasionally": 20})
    assert asks is not None and "give the lift/carry weight" in asks


def test_computed_text_reads_siblings_under_the_fields_prefix() -> None:
    answers = {
        "q5.lift_occasionally": 50,
        "q5.lift_frequently": 25,
        "q5.lift_constantly": 10,
        "q4.lift_occasionally": 1,
    }
    text = computed_text("dot_strength_level", "q5.lift_constantly", "lift_constantly", answers)
    assert text is not None and "Medium" in text
    assert computed_text("no_such_thing", "q5.x", "x", answers) is None


FORM = """
[form]
id = "mini"
version = 1
title = "Mini"
service = "ime"

[blocks.other]
title = "Answer"

[[blocks.other.fields]]
id = "answer"
label = "Answer"
type = "long_text"
computed = "{name}"
"""


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("nonsense", "'nonsense' is not a computation"),
        ("combined_whole_person", "needs a table with a number column 'whole_person_percent'"),
        ("dot_strength_level", "needs a number field 'lift_occasionally' in the same block"),
    ],
)
def test_a_form_naming_a_computation_it_cannot_feed_is_refused(name: str, problem: str) -> None:
    import tomllib

    with pytest.raises(FormError) as caught:
        parse_form(tomllib.loads(FORM.replace("{name}", name)), "mini.toml")
    assert any("blocks.other.fields[0].computed" in p and problem in p for p in caught.value.problems), caught.value
