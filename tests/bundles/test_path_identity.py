"""One file, one identity: record paths are compared, stored and shown normalised; keys given once."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from reviewer_app.bundles.manifest import parse_manifest_bytes
from reviewer_app.cli import main
from reviewer_app.domain.errors import BundleRefused
from reviewer_app.services.cases import list_cases
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.importing import import_bundle
from tests.bundle_builder import BundleSpec

NOTE = b"Progress note: low back pain.\n"
SHA = hashlib.sha256(NOTE).hexdigest()


def _listing(*paths: str) -> BundleSpec:
    spec = BundleSpec(files={"records/note.txt": NOTE})
    spec.manifest["records"] = [{"path": path, "sha256": SHA, "title": "Note"} for path in paths]
    return spec


def test_three_spellings_of_one_path_are_one_file_listed_three_times(tmp_path: Path, data_folder: DataFolder) -> None:
    bundle = _listing("./records/note.txt", "records//note.txt", "records/note.txt/").write_folder(tmp_path / "b")
    with pytest.raises(BundleRefused) as refused:
        import_bundle(data_folder, bundle)
    problems = refused.value.problems
    assert any("records[1].path" in p and "(also records[0].path)" in p for p in problems), problems
    assert any("records[2].path" in p and "(also records[0].path)" in p for p in problems), problems
    assert list_cases(data_folder) == []


@pytest.mark.parametrize("given", ["./records/note.txt", "records//note.txt", "records/./note.txt"])
def test_a_path_spelt_oddly_is_stored_and_shown_normalised(
    given: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    bundle = _listing(given).write_zip(tmp_path / "b.zip")
    assert main(["import", str(bundle), *data]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["show", "PR-TEST-0001", "--json", *data]) == 0
    [record] = json.loads(capsys.readouterr().out)["records"]
    assert record["path"] == "records/note.txt"


def test_a_path_naming_the_bundle_folder_itself_is_refused(tmp_path: Path, data_folder: DataFolder) -> None:
    with pytest.raises(BundleRefused) as refused:
        import_bundle(data_folder, _listing("records/note.txt", "./").write_folder(tmp_path / "b"))
    assert any(p.startswith("records[1].path: './'") for p in refused.value.problems), refused.value.problems


def test_a_key_given_twice_is_refused_with_its_key_path(tmp_path: Path, data_folder: DataFolder) -> None:
    spec = _listing("records/note.txt")
    text = json.dumps(spec.resolved_manifest())
    # "case" twice at the top, and "path" twice in the first record.
    twice = text[:-1] + ', "case": {"reference": "PR-OTHER"}}'
    twice = twice.replace('"path": "records/note.txt"', '"path": "records/other.txt", "path": "records/note.txt"')
    with pytest.raises(BundleRefused) as refused:
        import_bundle(data_folder, spec.write_folder(tmp_path / "b", manifest_bytes=twice.encode()))
    assert refused.value.problems == [
        "case: is given twice in case.json; each key may appear once",
        "records[0].path: is given twice in case.json; each key may appear once",
    ]
    assert list_cases(data_folder) == []


def test_the_same_key_in_different_objects_is_fine() -> None:
    document, problems = parse_manifest_bytes(b'{"a": {"id": 1}, "b": [{"id": 2}, {"id": 3}]}')
    assert problems == [] and document == {"a": {"id": 1}, "b": [{"id": 2}, {"id": 3}]}


def _compressible_manifest(spec: BundleSpec) -> bytes:
    manifest = spec.resolved_manifest()
    manifest["case"]["instructions"] = "Please address each question with reference to the records. " * 1500
    line = {"date_of_service": "2026-01-05", "code": "97110", "code_system": "CPT", "units": 1, "charge": 45.0}
    manifest["billing"] = [line] * 12_000
    return json.dumps(manifest, indent=1).encode()


def test_a_long_highly_compressible_manifest_in_a_zip_imports(tmp_path: Path, data_folder: DataFolder) -> None:
    spec = _listing("records/note.txt")
    raw = _compressible_manifest(spec)
    bundle = spec.write_zip(tmp_path / "b.zip", manifest_bytes=raw)
    with zipfile.ZipFile(bundle) as archive:
        entry = archive.getinfo("case.json")
        assert entry.file_size > 1024 * 1024 and entry.file_size > 200 * entry.compress_size  # what the cap saw
    result = import_bundle(data_folder, bundle)
    assert result.reference == "PR-TEST-0001" and result.records_added == 1


def test_the_manifest_allowance_is_for_case_json_alone(tmp_path: Path, data_folder: DataFolder) -> None:
    spec = _listing("records/note.txt")
    raw = _compressible_manifest(spec)
    bundle = spec.write_zip(tmp_path / "b.zip")
    with zipfile.ZipFile(bundle, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("records/letter.json", raw)  # the same bytes under another name get the usual cap
    with pytest.raises(BundleRefused) as refused:
        import_bundle(data_folder, bundle)
    assert any("records/letter.json" in p and "zip bomb" in p for p in refused.value.problems), refused.value.problems
