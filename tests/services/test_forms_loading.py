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


# -- the library a data folder uses: parsed once, parsed again when a form file changes --


class _ParseCounter:
    """Counts the form files read and parsed, through the one function that reads them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import reviewer_app.services.forms as forms_module

        self.paths: list[str] = []
        real = forms_module._read

        def counting_read(path: Path) -> dict[str, object]:
            self.paths.append(path.name)
            return real(path)

        monkeypatch.setattr(forms_module, "_read", counting_read)


def _practice_addendum(version: int, title: str) -> str:
    text = (forms_path() / "addendum.toml").read_text(encoding="utf-8")
    return text.replace("version = 1", f"version = {version}").replace('title = "Addendum"', f'title = "{title}"', 1)


def _saved_a_minute_ago(path: Path) -> None:
    # A file saved within the mtime tick of being parsed is parsed once more (it may change again unseen).
    import os
    import time

    os.utime(path, ns=(time.time_ns() - 60_000_000_000,) * 2)


def test_unchanged_forms_are_not_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reviewer_app.services.forms import forms_of_data_folder

    (tmp_path / "forms").mkdir()
    addendum = tmp_path / "forms" / "addendum.toml"
    addendum.write_text(_practice_addendum(3, "Our addendum"), encoding="utf-8")
    _saved_a_minute_ago(addendum)
    counter = _ParseCounter(monkeypatch)
    first = forms_of_data_folder(tmp_path)
    parsed_first = len(counter.paths)
    again = forms_of_data_folder(tmp_path)
    assert parsed_first >= 4 and "addendum.toml" in counter.paths
    assert len(counter.paths) == parsed_first, "nothing changed on disk: no form is parsed again"
    assert again.forms["addendum"].title == first.forms["addendum"].title == "Our addendum"


def test_a_practice_form_changed_on_disk_is_used_by_the_next_call(tmp_path: Path) -> None:
    import os

    from reviewer_app.services.forms import forms_of_data_folder

    practice = tmp_path / "forms"
    practice.mkdir()
    addendum = practice / "addendum.toml"
    addendum.write_text(_practice_addendum(3, "Our addendum"), encoding="utf-8")
    assert forms_of_data_folder(tmp_path).forms["addendum"].title == "Our addendum"

    addendum.write_text(_practice_addendum(4, "Our addendum, revised"), encoding="utf-8")
    stat = addendum.stat()
    os.utime(addendum, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a later save, surely
    library = forms_of_data_folder(tmp_path)
    assert library.forms["addendum"].key == "addendum@4"
    assert library.forms["addendum"].title == "Our addendum, revised"

    addendum.unlink()  # removed: the shipped addendum is back
    assert forms_of_data_folder(tmp_path).forms["addendum"].title == "Addendum"


def test_a_practice_form_added_later_is_picked_up(tmp_path: Path) -> None:
    from reviewer_app.services.forms import forms_of_data_folder

    assert forms_of_data_folder(tmp_path).forms["addendum"].title == "Addendum"
    (tmp_path / "forms").mkdir()
    (tmp_path / "forms" / "addendum.toml").write_text(_practice_addendum(2, "Ours"), encoding="utf-8")
    assert forms_of_data_folder(tmp_path).forms["addendum"].title == "Ours"


def test_a_bad_practice_form_is_refused_on_every_call_until_fixed(tmp_path: Path) -> None:
    from reviewer_app.services.forms import forms_of_data_folder

    (tmp_path / "forms").mkdir()
    broken = tmp_path / "forms" / "broken.toml"
    broken.write_text('[form]\nid = "x\n', encoding="utf-8")
    for _ in range(2):
        with pytest.raises(FormError, match=r"broken\.toml: not valid TOML"):
            forms_of_data_folder(tmp_path)
    broken.unlink()
    assert "peer_review" in forms_of_data_folder(tmp_path).forms


def test_a_form_saved_twice_within_one_mtime_tick_is_still_picked_up(tmp_path: Path) -> None:
    import os

    from reviewer_app.services.forms import forms_of_data_folder

    (tmp_path / "forms").mkdir()
    addendum = tmp_path / "forms" / "addendum.toml"
    addendum.write_text(_practice_addendum(3, "Ours A"), encoding="utf-8")
    assert forms_of_data_folder(tmp_path).forms["addendum"].title == "Ours A"
    stamp = addendum.stat().st_mtime_ns
    addendum.write_text(_practice_addendum(3, "Ours B"), encoding="utf-8")  # same size
    os.utime(addendum, ns=(stamp, stamp))  # and the same mtime, as a coarse clock would give
    assert forms_of_data_folder(tmp_path).forms["addendum"].title == "Ours B"
