"""Loading the shipped forms and overlays, and a practice's own forms folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reviewer_app.domain.case import CaseDetails, Claimant, LineOfBusiness, PersonName, QuestionTopic, Service, Vendor
from reviewer_app.domain.forms import FormError, answer_fields
from reviewer_app.resources import forms_path
from reviewer_app.services.forms import load_forms


def _case(
    service: Service, jurisdiction: str | None, lob: LineOfBusiness | None, form: str | None = None
) -> CaseDetails:
    return CaseDetails(
        reference="C-1",
        vendor=Vendor("Vendor"),
        service=service,
        claimant=Claimant(PersonName("Maria", "Lopez")),
        form=form,
        jurisdiction=jurisdiction,
        line_of_business=lob,
    )


def test_every_shipped_form_and_overlay_loads() -> None:
    library = load_forms()
    assert set(library.forms) == {"peer_review", "ime", "addendum"}
    assert set(library.overlays) == {"ca_workers_comp", "tx_workers_comp", "ny_workers_comp", "erisa_disability"}
    assert library.forms["peer_review"].source == "forms/peer_review.toml"
    assert all(o.declaration.strip() for o in library.overlays.values())
    assert library.notes == []


def test_form_for_uses_manifest_form_else_service_default() -> None:
    library = load_forms()
    assert library.form_for(_case(Service.IME, None, None)).id == "ime"
    assert library.form_for(_case(Service.RECORDS_REVIEW, None, None)).id == "peer_review"
    assert library.form_for(_case(Service.PEER_REVIEW, None, None, form="addendum")).id == "addendum"
    with pytest.raises(FormError, match="'qme' is not installed"):
        library.form_for(_case(Service.PEER_REVIEW, None, None, form="qme"))


@pytest.mark.parametrize(
    ("jurisdiction", "lob", "expected"),
    [
        ("CA", LineOfBusiness.WORKERS_COMP, ["ca_workers_comp"]),
        ("ca", LineOfBusiness.WORKERS_COMP, ["ca_workers_comp"]),
        ("TX", LineOfBusiness.WORKERS_COMP, ["tx_workers_comp"]),
        ("NY", LineOfBusiness.WORKERS_COMP, ["ny_workers_comp"]),
        ("CA", LineOfBusiness.DISABILITY, ["erisa_disability"]),
        ("CA", LineOfBusiness.AUTO, []),
        (None, None, []),
    ],
)
def test_overlays_for_case(jurisdiction: str | None, lob: LineOfBusiness | None, expected: list[str]) -> None:
    library = load_forms()
    case = _case(Service.PEER_REVIEW, jurisdiction, lob)
    assert [o.id for o in library.overlays_for(case)] == expected


def test_california_ime_gets_attestation_fields() -> None:
    library = load_forms()
    case = _case(Service.IME, "CA", LineOfBusiness.WORKERS_COMP)
    fields = answer_fields(library.form_for(case), case, library.overlays_for(case))
    ids = {f.id for f in fields}
    assert {"attestation.county", "history.chief_complaint", "examination.waddell_signs"} <= ids


BAD_FORM = """
[form]
id = "practice_peer"
version = 1
title = "Our peer review"
service = "peer_review"

[blocks.other]
title = "Answer"

[[blocks.other.fields]]
id = "answer"
label = "Answer"
type = "dropdown"
"""


def test_malformed_practice_form_is_refused_naming_file_and_key_path(tmp_path: Path) -> None:
    (tmp_path / "ours.toml").write_text(BAD_FORM, encoding="utf-8")
    with pytest.raises(FormError) as caught:
        load_forms(tmp_path)
    message = str(caught.value)
    assert str(tmp_path / "ours.toml") in message
    assert "blocks.other.fields[0].type: 'dropdown' is not a field type" in message


def test_invalid_toml_is_refused_naming_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text('[form]\nid = "x\n', encoding="utf-8")
    with pytest.raises(FormError, match=r"broken\.toml: not valid TOML: .*line 2"):
        load_forms(tmp_path)


def test_practice_form_with_higher_version_overrides(tmp_path: Path) -> None:
    text = (forms_path() / "addendum.toml").read_text(encoding="utf-8")
    (tmp_path / "addendum.toml").write_text(
        text.replace("version = 1", "version = 3").replace('title = "Addendum"', 'title = "Our addendum"', 1),
        encoding="utf-8",
    )
    library = load_forms(tmp_path)
    assert library.forms["addendum"].key == "addendum@3"
    assert library.forms["addendum"].title == "Our addendum"
    assert library.forms["peer_review"].key == "peer_review@2"


def test_practice_form_with_same_version_does_not_override(tmp_path: Path) -> None:
    shutil.copy(forms_path() / "ime.toml", tmp_path / "ime.toml")
    library = load_forms(tmp_path)
    assert library.forms["ime"].source == "forms/ime.toml"
    assert len(library.notes) == 1
    assert "ime.toml" in library.notes[0]


def test_practice_overlay_in_overlays_folder_is_loaded(tmp_path: Path) -> None:
    (tmp_path / "overlays").mkdir()
    (tmp_path / "overlays" / "fl.toml").write_text(
        '[overlay]\nid = "fl_workers_comp"\nversion = 1\ntitle = "Florida"\n'
        'applies_to = { jurisdiction = "FL", line_of_business = "workers_comp" }\ndeclaration = "Sworn."\n',
        encoding="utf-8",
    )
    library = load_forms(tmp_path)
    case = _case(Service.PEER_REVIEW, "FL", LineOfBusiness.WORKERS_COMP)
    assert [o.id for o in library.overlays_for(case)] == ["fl_workers_comp"]


def test_two_practice_forms_with_one_id_are_refused(tmp_path: Path) -> None:
    text = BAD_FORM.replace('"dropdown"', '"long_text"')
    (tmp_path / "a.toml").write_text(text, encoding="utf-8")
    (tmp_path / "b.toml").write_text(text, encoding="utf-8")
    with pytest.raises(FormError, match=r"b\.toml: form\.id: 'practice_peer' is also the id of"):
        load_forms(tmp_path)


def test_readme_examples_parse() -> None:
    import re
    import tomllib

    from reviewer_app.domain.forms import parse_form, parse_overlay

    text = (forms_path() / "README.md").read_text(encoding="utf-8")
    form_example, overlay_example = re.findall(r"```toml\n(.*?)```", text, re.S)
    assert parse_form(tomllib.loads(form_example), "README.md").key == "peer_review@1"
    assert parse_overlay(tomllib.loads(overlay_example), "README.md").key == "ca_workers_comp@1"


def test_diagnosis_codes_are_checked_against_the_icd10cm_code_set() -> None:
    from reviewer_app.codes.icd10cm import is_billable
    from reviewer_app.domain.forms import validate_value

    ime = load_forms().form("ime")
    diagnoses = next(f for f in ime.block_for(QuestionTopic.DIAGNOSIS).fields if f.id == "diagnoses")
    code = next(c for c in diagnoses.columns if c.id == "code")
    assert validate_value(code, "M51.16", icd10_valid=is_billable) is None
    assert validate_value(code, "S39.012", icd10_valid=is_billable) is not None, "needs its 7th character"
    assert validate_value(code, "X99.999", icd10_valid=is_billable) is not None
