"""Whatever arrives as a bundle, the answer is a case or a list of problems, never an exception.

Beyond the manifest properties in tests/bundles: here any JSON is the ``case.json`` of a real zip,
and the zip itself has any structure (odd and duplicate names, files where folders should be,
links, devices, encrypted entries, truncation), opened by the same code the import uses.
"""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer_app.bundles import ExtractionLimits, open_bundle
from reviewer_app.domain.errors import BundleRefused, ManifestMissing
from reviewer_app.domain.progress import SilentProgress
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.importing import import_bundle
from tests.bundle_builder import MINIMAL_PDF, base_manifest
from tests.bundles.test_manifest_properties import json_values

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
LIMITS = ExtractionLimits(max_total_bytes=200_000, ratio_floor_bytes=50_000, max_entries=40)

NAMES = st.sampled_from(
    [
        "case.json", "records/001-note.txt", "records/002-mri.pdf", "records/", "records", "top/case.json",
        "top/records/001-note.txt", "top/", "../escape.txt", "/etc/absolute", "C:\\windows\\x", "a/../../b",
        "a//b", "./case.json", "records/001-note.txt/inside", "__MACOSX/._case.json", ".DS_Store", "CASE.JSON",
        "records/ü-naïve.txt", "con", "a\x00b", "", " ", "records/nul\u202e.txt",
    ]
) | st.text(min_size=1, max_size=12)  # fmt: skip
CONTENTS = st.sampled_from([b"", b"Progress note: low back pain.\n", MINIMAL_PDF, b"\x00" * 10_000]) | st.binary(
    max_size=300
)
MODES = st.sampled_from(
    [0, stat.S_IFREG | 0o644, stat.S_IFDIR | 0o755, stat.S_IFLNK | 0o777, stat.S_IFCHR | 0o600, stat.S_IFIFO | 0o600]
)


@st.composite
def manifests(draw: st.DrawFn, files: dict[str, bytes]) -> bytes:
    """A manifest listing some of the zip's files (hashes right or wrong), or any JSON, or any bytes."""
    kind = draw(st.sampled_from(["valid", "json", "bytes"]))
    if kind == "json":
        return json.dumps(draw(json_values)).encode()
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    document = base_manifest()
    listed = draw(st.lists(st.sampled_from(sorted(files) or ["records/none.txt"]), max_size=4))
    document["records"] = [
        {
            "path": path.removeprefix("top/"),
            "sha256": hashlib.sha256(files.get(path, b"")).hexdigest() if draw(st.booleans()) else "0" * 64,
        }
        for path in listed
    ]
    return json.dumps(document).encode()


@st.composite
def zips(draw: st.DrawFn, tmp: Path) -> Path:
    entries = draw(st.lists(st.tuples(NAMES, CONTENTS, MODES, st.booleans(), st.booleans()), max_size=8))
    files = {name: content for name, content, *_ in entries}
    manifest_name = draw(st.sampled_from(["case.json", "top/case.json", None]))
    path = tmp / f"bundle-{draw(st.integers(0, 10**9))}.zip"
    with zipfile.ZipFile(path, "w") as archive:
        if manifest_name:
            archive.writestr(manifest_name, draw(manifests(files)))
        for name, content, mode, deflated, encrypted in entries:
            info = zipfile.ZipInfo(name or "unnamed")
            info.external_attr = mode << 16
            info.compress_type = zipfile.ZIP_DEFLATED if deflated else zipfile.ZIP_STORED
            if encrypted:
                info.flag_bits |= 0x1
            with __import__("warnings").catch_warnings():
                __import__("warnings").simplefilter("ignore")  # duplicate names are the point
                archive.writestr(info, content)
    if draw(st.booleans()):  # cut short, as an interrupted download is
        raw = path.read_bytes()
        path.write_bytes(raw[: draw(st.integers(0, len(raw)))])
    return path


def open_or_refuse(source: Path, staging: Path) -> Any:
    """The bundle's details (None without case.json) or its problems; any other exception fails."""
    try:
        with open_bundle(source, staging, LIMITS, SilentProgress()) as bundle:
            assert all(record.file.is_file() for record in bundle.records)
            return bundle.details
    except BundleRefused as refused:
        assert refused.problems and all(isinstance(p, str) and p.strip() for p in refused.problems)
        return refused.problems


@SETTINGS
@given(data=st.data())
def test_any_zip_structure_is_opened_or_refused_with_problems(tmp_path: Path, data: st.DataObject) -> None:
    source = data.draw(zips(tmp_path))
    staging = tmp_path / "staging"
    open_or_refuse(source, staging)
    assert not staging.exists() or list(staging.iterdir()) == []  # nothing unpacked is left behind


@SETTINGS
@given(document=json_values)
def test_any_json_as_the_manifest_gives_a_case_or_problems(tmp_path: Path, document: Any) -> None:
    source = tmp_path / "bundle.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("case.json", json.dumps(document))
        archive.writestr("records/001-note.txt", b"Progress note.\n")
    outcome = open_or_refuse(source, tmp_path / "staging")
    assert outcome is not None  # a case.json was there: details or problems, never "no manifest"


@pytest.fixture(scope="module")
def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = open_data_folder(tmp_path_factory.mktemp("hostile") / "data")
    yield folder
    folder.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_importing_any_zip_gives_a_case_or_a_refusal(shared_folder: Any, tmp_path: Path, data: st.DataObject) -> None:
    source = data.draw(zips(tmp_path))
    try:
        result = import_bundle(shared_folder, source)
    except BundleRefused as refused:  # CaseAlreadyImported is one: the same valid case drawn twice
        assert refused.problems
    except ManifestMissing:
        pass  # no case.json: the window asks for the details
    else:
        assert result.case_id > 0


def test_a_file_and_a_folder_of_the_same_name_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "bundle.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("case.json", json.dumps(base_manifest()))
        archive.writestr("records/a", b"a file")
        archive.writestr("records/a/b", b"a file inside a file")
    problems = open_or_refuse(source, tmp_path / "staging")
    assert any("share this name" in problem for problem in problems)
