"""Report forms as data: parsing, the fields of a case, answer validation, show_when and required rules."""

from __future__ import annotations

import math
import tomllib
from typing import Any

import pytest

from reviewer_app.domain.case import (
    CaseDetails,
    Claimant,
    LineOfBusiness,
    PersonName,
    QuestionTopic,
    ReferralQuestion,
    RequestedService,
    Service,
    Vendor,
)
from reviewer_app.domain.forms import (
    Choice,
    FieldSpec,
    FieldType,
    FormError,
    answer_fields,
    example_value,
    missing_required,
    parse_form,
    parse_overlay,
    validate_value,
    visible,
)
from reviewer_app.resources import forms_path

SMALL_FORM = """
[form]
id = "mini"
version = 2
title = "Mini"
service = "peer_review"

[blocks.necessity]
title = "Necessity"
per_service = true

[[blocks.necessity.fields]]
id = "determination"
label = "Determination"
type = "choice"
required = true
choices = ["certify", "modify", "non_certify"]

[[blocks.necessity.fields]]
id = "approved_quantity"
label = "Approved quantity"
type = "number"
required = true
min = 0
show_when = { field = "determination", equals = "modify" }

[[blocks.necessity.fields]]
id = "guideline"
label = "Guideline"
type = "guideline"
required_when = { field = "determination", not_equals = "certify" }

[blocks.other]
title = "Answer"

[[blocks.other.fields]]
id = "opinion"
label = "Opinion"
type = "long_text"
required = true

[[sections]]
id = "recommendation"
title = "Recommendation"

[[sections.fields]]
id = "ime_needed"
label = "IME needed"
type = "yes_no"
"""

CA_OVERLAY = """
[overlay]
id = "ca"
version = 1
title = "California"
applies_to = { jurisdiction = "CA", line_of_business = "workers_comp" }
required = ["necessity.guideline"]
declaration = "I declare under penalty of perjury."

[[fields]]
id = "county"
label = "County"
type = "text"
required = true
"""


def _case(jurisdiction: str = "CA", lob: LineOfBusiness = LineOfBusiness.WORKERS_COMP) -> CaseDetails:
    return CaseDetails(
        reference="PR-1",
        vendor=Vendor("Vendor"),
        service=Service.PEER_REVIEW,
        claimant=Claimant(PersonName("Maria", "Lopez")),
        line_of_business=lob,
        jurisdiction=jurisdiction,
        requested_services=(
            RequestedService("svc1", "Lumbar ESI L4-5"),
            RequestedService("svc2", "Physical therapy x12"),
        ),
        questions=(
            ReferralQuestion("q1", "Is the ESI necessary?", QuestionTopic.NECESSITY, ("svc1", "svc2")),
            ReferralQuestion("q2", "Is the condition related?", QuestionTopic.CAUSATION),
            ReferralQuestion("q3", "Is PT necessary?", QuestionTopic.NECESSITY, ("svc2",)),
        ),
    )


def _form() -> Any:
    return parse_form(tomllib.loads(SMALL_FORM), "forms/mini.toml")


def _spec(kind: FieldType, **kw: Any) -> FieldSpec:
    return FieldSpec(id="f", label="F", type=kind, **kw)


def test_form_key_records_id_and_version() -> None:
    assert _form().key == "mini@2"


def test_parse_error_names_file_and_key_path() -> None:
    doc = tomllib.loads(SMALL_FORM)
    doc["blocks"]["necessity"]["fields"][2]["type"] = "dropdown"
    with pytest.raises(FormError) as caught:
        parse_form(doc, "forms/peer_review.toml")
    message = str(caught.value)
    assert (
        "forms/peer_review.toml: blocks.necessity.fields[2].type: 'dropdown' is not a field type (text, long_text"
        in (message)
    )


def test_parse_errors_are_all_listed() -> None:
    doc = tomllib.loads(SMALL_FORM)
    doc["form"]["version"] = "two"
    doc["blocks"]["necessity"]["fields"][0]["choices"] = []
    doc["blocks"]["necessity"]["fields"][1]["show_when"] = {"field": "nothing"}
    doc["blocks"]["nonsense"] = {}
    doc["sections"][0]["fields"][0]["colour"] = "red"
    with pytest.raises(FormError) as caught:
        parse_form(doc, "x.toml")
    message = str(caught.value)
    for path in (
        "form.version",
        "blocks.necessity.fields[0].choices",
        "blocks.necessity.fields[1].show_when.field",
        "blocks.nonsense",
        "sections[0].fields[0].colour",
    ):
        assert f"x.toml: {path}:" in message, path
    assert len(caught.value.problems) == 5


def test_show_when_value_must_be_a_choice() -> None:
    doc = tomllib.loads(SMALL_FORM)
    doc["blocks"]["necessity"]["fields"][1]["show_when"]["equals"] = "modified"
    with pytest.raises(FormError, match=r"fields\[1\]\.show_when: 'modified' is not a choice of 'determination'"):
        parse_form(doc, "x.toml")


def test_form_needs_other_block() -> None:
    doc = tomllib.loads(SMALL_FORM)
    del doc["blocks"]["other"]
    with pytest.raises(FormError, match=r"blocks\.other: is missing"):
        parse_form(doc, "x.toml")


def test_overlay_error_names_key_path() -> None:
    doc = tomllib.loads(CA_OVERLAY)
    doc["overlay"]["applies_to"]["line_of_business"] = "workers"
    with pytest.raises(FormError, match=r"ca\.toml: overlay\.applies_to\.line_of_business: 'workers'"):
        parse_overlay(doc, "ca.toml")


def test_answer_fields_one_block_per_question_and_service() -> None:
    fields = answer_fields(_form(), _case())
    ids = [f.id for f in fields]
    assert ids[:6] == [
        "q1.svc1.determination",
        "q1.svc1.approved_quantity",
        "q1.svc1.guideline",
        "q1.svc2.determination",
        "q1.svc2.approved_quantity",
        "q1.svc2.guideline",
    ]
    # causation has no block in this form: the "other" block answers it
    assert "q2.opinion" in ids
    assert "q3.svc2.determination" in ids
    assert "recommendation.ime_needed" in ids
    by_id = {f.id: f for f in fields}
    assert by_id["q1.svc2.approved_quantity"].show_when is not None
    assert by_id["q1.svc2.approved_quantity"].show_when.field == "q1.svc2.determination"
    assert by_id["q1.svc2.determination"].label == "Q1 · Physical therapy x12 · Determination"
    assert by_id["q1.svc2.determination"].service_key == "svc2"


def test_overlay_adds_california_fields_and_requirements() -> None:
    overlay = parse_overlay(tomllib.loads(CA_OVERLAY), "ca.toml")
    assert overlay.declaration.startswith("I declare")
    fields = answer_fields(_form(), _case("CA"), [overlay])
    by_id = {f.id: f for f in fields}
    assert by_id["attestation.county"].required
    assert by_id["attestation.county"].overlay == "ca@1"
    assert by_id["q1.svc1.guideline"].required
    # Certify no longer excuses the guideline in California
    answers = {"q1.svc1.determination": "certify"}
    assert "q1.svc1.guideline" in missing_required(fields, answers)

    elsewhere = answer_fields(_form(), _case("NV"), [overlay])
    assert not any(f.id.startswith("attestation.") for f in elsewhere)
    assert "q1.svc1.guideline" not in missing_required(elsewhere, answers)
    disability = answer_fields(_form(), _case("CA", LineOfBusiness.DISABILITY), [overlay])
    assert "attestation.county" not in {f.id for f in disability}


def test_show_when_and_missing_required_count_only_visible_fields() -> None:
    fields = answer_fields(_form(), _case("NV"))
    by_id = {f.id: f for f in fields}
    quantity = by_id["q1.svc1.approved_quantity"]
    assert not visible(quantity, {})
    assert not visible(quantity, {"q1.svc1.determination": "certify"})
    assert visible(quantity, {"q1.svc1.determination": "modify"})

    answers: dict[str, Any] = {
        "q1.svc1.determination": "certify",
        "q1.svc2.determination": "modify",
        "q2.opinion": "Related.",
        "q3.svc2.determination": "certify",
    }
    # svc1 certified: no quantity, no guideline; svc2 modified: both needed
    assert missing_required(fields, answers) == ["q1.svc2.approved_quantity", "q1.svc2.guideline"]
    answers["q1.svc2.approved_quantity"] = 6
    answers["q1.svc2.guideline"] = {"source": "ODG", "edition": "2026", "section": "Low Back"}
    assert missing_required(fields, answers) == []
    answers["q2.opinion"] = "   "
    assert missing_required(fields, answers) == ["q2.opinion"]


def test_missing_required_yes_no_false_is_an_answer() -> None:
    form = parse_form(tomllib.loads(SMALL_FORM.replace('type = "yes_no"', 'type = "yes_no"\nrequired = true')), "m")
    fields = [f for f in answer_fields(form, _case("NV")) if f.id == "recommendation.ime_needed"]
    assert missing_required(fields, {}) == ["recommendation.ime_needed"]
    assert missing_required(fields, {"recommendation.ime_needed": False}) == []


YES_NO_CHOICES = (Choice("yes", "Yes"), Choice("no", "No"))


@pytest.mark.parametrize(
    ("spec", "good", "bad"),
    [
        (_spec(FieldType.TEXT), ["", "Low back pain"], [3, ["a"]]),
        (_spec(FieldType.LONG_TEXT), ["Rationale\nacross lines"], [True]),
        (
            _spec(FieldType.CHOICE, choices=YES_NO_CHOICES),
            ["yes", "no"],
            ["maybe", True, ["yes"]],
        ),
        (
            _spec(FieldType.MULTI_CHOICE, choices=YES_NO_CHOICES),
            [[], ["yes"], ["yes", "no"]],
            ["yes", ["yes", "yes"], ["x"]],
        ),
        (
            _spec(FieldType.NUMBER, minimum=0, maximum=100, unit="%"),
            [0, 12.5, 100],
            [-1, 100.5, math.nan, math.inf, "5", True],
        ),
        (_spec(FieldType.INTEGER, minimum=0, maximum=5), [0, 5], [6, -1, 2.5, "3", False]),
        (_spec(FieldType.DATE), ["2026-02-28"], ["2026-02-30", "02/28/2026", "2026-2-8", 20260228]),
        (_spec(FieldType.YES_NO), [True, False], ["yes", 1, 0]),
        (_spec(FieldType.ICD10), ["S39.012A", "M51.16", "m54.50"], ["S39-012A", "12345", "", 5]),
        (
            _spec(FieldType.GUIDELINE),
            [
                {"source": "MTUS/ACOEM", "edition": "2019", "section": "Low Back Disorders"},
                {"source": "plan policy", "name": "Policy 12.3", "section": "Criteria"},
            ],
            [
                {"source": "UpToDate", "section": "x"},
                {"source": "ODG"},
                {"source": "other", "section": "x"},
                {"source": "ODG", "section": "x", "page": 3},
                "ODG",
            ],
        ),
        (
            _spec(FieldType.CITATIONS),
            [[], [{"record": "records/a.pdf", "page": 3}, {"record": "b.pdf", "page": 1, "note": "MRI"}]],
            [{"record": "a", "page": 1}, [{"record": "a", "page": 0}], [{"record": "", "page": 1}], [{"page": 2}]],
        ),
    ],
)
def test_each_field_type_validates_and_refuses(spec: FieldSpec, good: list[Any], bad: list[Any]) -> None:
    for value in good:
        assert validate_value(spec, value) is None, value
    for value in bad:
        assert validate_value(spec, value) is not None, value


def test_icd10_uses_the_validator_given() -> None:
    spec = _spec(FieldType.ICD10)
    known = {"S39.012A"}
    assert validate_value(spec, "S39.012A", known.__contains__) is None
    assert "not in the ICD-10-CM code set" in (validate_value(spec, "S39.999A", known.__contains__) or "")


def test_table_rows_validate_each_column() -> None:
    columns = (
        FieldSpec("code", "Code", FieldType.TEXT, required=True),
        FieldSpec("units", "Units billed", FieldType.INTEGER, minimum=0),
    )
    spec = _spec(FieldType.TABLE, columns=columns)
    assert validate_value(spec, [{"code": "97110", "units": 4}, {"code": "97140"}]) is None
    assert validate_value(spec, [{"code": "97110", "units": -1}]) == "row 1, Units billed: -1 is below the minimum 0"
    assert validate_value(spec, [{"code": "97110"}, {"units": 2}]) == "row 2: Code is required"
    assert "unknown column" in (validate_value(spec, [{"code": "1", "color": "red"}]) or "")
    assert validate_value(spec, {"code": "1"}) is not None
    assert validate_value(spec, ["97110"]) is not None


def _shipped() -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for path in sorted(forms_path().glob("*.toml")):
        out.append((path.name, parse_form(tomllib.loads(path.read_text("utf-8")), path.name)))
    for path in sorted((forms_path() / "overlays").glob("*.toml")):
        out.append((path.name, parse_overlay(tomllib.loads(path.read_text("utf-8")), path.name)))
    return out


def _all_specs(item: Any) -> list[FieldSpec]:
    specs: list[FieldSpec] = list(getattr(item, "fields", ()))
    for block in getattr(item, "blocks", {}).values():
        specs.extend(block.fields)
    for section in getattr(item, "sections", ()):
        specs.extend(section.fields)
    return specs + [c for s in specs for c in s.columns]


@pytest.mark.parametrize(("name", "item"), _shipped())
def test_example_value_validates_for_every_shipped_field(name: str, item: Any) -> None:
    specs = _all_specs(item)
    assert specs
    for spec in specs:
        assert validate_value(spec, example_value(spec)) is None, f"{name}: {spec.id}"


def test_peer_review_form_with_every_overlay_gives_answerable_fields() -> None:
    items = dict(_shipped())
    form = items["peer_review.toml"]
    overlays = [v for k, v in items.items() if k != "peer_review.toml" and not hasattr(v, "blocks")]
    fields = answer_fields(form, _case("CA"), overlays)
    by_id = {f.id: f for f in fields}
    assert by_id["q1.svc1.determination"].type is FieldType.CHOICE
    assert "q2.opinion" in by_id  # causation block
    assert "attestation.county" in by_id
    assert "attestation.texas_license" not in by_id
    answers = {f.id: example_value(f) for f in fields}
    assert missing_required(fields, answers) == []
    # modify shows the approved quantity; certify hides it and drops it from what is missing
    assert visible(by_id["q1.svc1.approved_quantity"], {"q1.svc1.determination": "modify"})
    assert "q1.svc1.approved_quantity" not in missing_required(fields, {"q1.svc1.determination": "certify"})


def test_sitting_standing_and_walking_are_hours_of_an_eight_hour_workday() -> None:
    work_status = dict(_shipped())["ime.toml"].blocks[QuestionTopic.WORK_STATUS]
    by_id = {spec.id: spec for spec in work_status.fields}
    for posture in ("sit_hours", "stand_hours", "walk_hours"):
        spec = by_id[posture]
        assert spec.unit == "hours in an 8-hour workday"
        assert validate_value(spec, 6) is None and validate_value(spec, 8) is None
        assert validate_value(spec, 9) is not None, f"{posture}: 9 hours of an 8-hour workday was accepted"
