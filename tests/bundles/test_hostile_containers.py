"""Bundles built to hurt: odd zip entries, huge sparse files, manifests far beyond any real case.

Each is refused quickly with the offending item named (a key path for the manifest), and nothing
is stored. The caps are those of ``bundles.limits`` (documented in docs/bundle-limits.md).
"""

from __future__ import annotations

import json
import os
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.bundles import ExtractionLimits, open_bundle
from reviewer_app.bundles.limits import ManifestLimits
from reviewer_app.bundles.manifest import parse_manifest_bytes, read_manifest
from reviewer_app.domain.errors import BundleRefused
from reviewer_app.domain.progress import SilentProgress
from tests.bundle_builder import BundleSpec, base_manifest
from tests.bundles.test_refusals import Cli, assert_refused

GIB = 1024**3
CAPS = ManifestLimits()


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


def refusal(source: Path, tmp_path: Path, limits: ExtractionLimits | None = None) -> BundleRefused:
    with (
        pytest.raises(BundleRefused) as refused,
        open_bundle(source, tmp_path / "staging", limits or ExtractionLimits(), SilentProgress()),
    ):
        pass
    return refused.value


# -- the container -----------------------------------------------------------------------------


def test_a_zip_entry_with_an_empty_name_is_refused_in_words(cli: Cli, tmp_path: Path) -> None:
    bundle = BundleSpec().write_zip(tmp_path / "empty-name.zip")
    with zipfile.ZipFile(bundle, "a") as archive:
        archive.writestr(zipfile.ZipInfo(""), b"what is this?")
    err = assert_refused(cli, bundle, "an entry with no name")
    assert "IndexError" not in err


def test_a_zip_entry_whose_name_no_file_system_takes_is_refused(cli: Cli, tmp_path: Path) -> None:
    bundle = BundleSpec().write_zip(tmp_path / "long-name.zip")
    with zipfile.ZipFile(bundle, "a") as archive:
        archive.writestr("records/" + "n" * 300 + ".txt", b"Progress note\n")
    assert_refused(cli, bundle, "longer than the 255 bytes")


def test_a_ten_gigabyte_sparse_file_in_a_folder_bundle_is_refused_without_reading_it(cli: Cli, tmp_path: Path) -> None:
    folder = BundleSpec().write_folder(tmp_path / "sparse-bundle")
    huge = folder / "records" / "huge.pdf"
    huge.touch()
    os.truncate(huge, 10 * GIB)  # no disk used; reading it to the end would take minutes
    manifest = json.loads((folder / "case.json").read_text("utf-8"))
    manifest["records"].append({"path": "records/huge.pdf", "sha256": "0" * 64})
    (folder / "case.json").write_text(json.dumps(manifest), "utf-8")
    started = time.monotonic()
    err = assert_refused(cli, folder, "records/huge.pdf", "4.0 GiB")
    assert time.monotonic() - started < 10, "the sparse file was read"
    assert "more than" in err


def test_a_folder_bundle_over_the_cap_is_counted_while_hashing(tmp_path: Path) -> None:
    # A file may grow between the size check and the hash: the bytes read are counted too.
    folder = BundleSpec().with_file("records/big.txt", b"x" * 300_000).write_folder(tmp_path / "big")
    limits = ExtractionLimits(max_total_bytes=200_000)
    refused = refusal(folder, tmp_path, limits)
    assert any("records/big.txt" in p and "195.3 KiB" in p for p in refused.problems), refused.problems


def test_a_folder_bundle_without_manifest_over_the_cap_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "loose"
    folder.mkdir()
    (folder / "scan.pdf").touch()
    os.truncate(folder / "scan.pdf", 10 * GIB)
    refused = refusal(folder, tmp_path)
    assert any("scan.pdf" in p for p in refused.problems), refused.problems


def test_folders_nested_hundreds_deep_are_refused_in_words(cli: Cli, tmp_path: Path) -> None:
    # A thousand levels made Python 3.11's (recursive) os.walk raise RecursionError; 200 stay below the
    # interpreter's limit, so that pytest can remove the folder afterwards, and above the cap.
    folder = BundleSpec().write_folder(tmp_path / "deep-bundle")
    deepest = folder.joinpath(*["a"] * 200)
    deepest.mkdir(parents=True)
    (deepest / "note.txt").write_bytes(b"Progress note\n")
    assert_refused(cli, folder, "nested more than 64 deep")


def test_a_zip_entry_nested_a_thousand_deep_is_refused_in_words(cli: Cli, tmp_path: Path) -> None:
    bundle = BundleSpec().write_zip(tmp_path / "deep.zip")
    with zipfile.ZipFile(bundle, "a") as archive:
        archive.writestr("a/" * 1_000 + "note.txt", b"Progress note\n")
    assert_refused(cli, bundle, "nested more than 64 deep")


def test_a_huge_case_json_is_refused_without_reading_it(tmp_path: Path) -> None:
    folder = BundleSpec().write_folder(tmp_path / "huge-manifest")
    os.truncate(folder / "case.json", 10 * GIB)
    refused = refusal(folder, tmp_path)
    assert any(p.startswith("case.json: is ") and "larger than" in p for p in refused.problems), refused.problems


# -- the manifest --------------------------------------------------------------------------------


def problems_of(document: dict[str, Any]) -> list[str]:
    return read_manifest(document).problems


def test_a_megabyte_question_text_is_refused_naming_its_key_path() -> None:
    document = base_manifest()
    document["questions"][1]["text"] = "Is it related? " * 70_000
    problems = problems_of(document)
    assert any(p.startswith("questions[1].text: ") and f"{CAPS.long_text:,}" in p for p in problems), problems


def test_a_megabyte_reference_is_refused_naming_its_key_path() -> None:
    document = base_manifest()
    document["case"]["reference"] = "PR-" + "9" * 1_000_000
    problems = problems_of(document)
    assert any(p.startswith("case.reference: ") and "characters" in p for p in problems), problems


def test_a_long_claimant_name_is_refused_naming_its_key_path() -> None:
    document = base_manifest()
    document["claimant"]["name"]["family"] = "Z" * 50_000
    assert any(p.startswith("claimant.name.family: ") for p in problems_of(document))


def test_a_hundred_thousand_questions_are_refused_quickly() -> None:
    document = base_manifest()
    document["questions"] = [{"id": f"q{i}", "text": "Necessary?", "topic": "necessity"} for i in range(100_000)]
    started = time.monotonic()
    problems = problems_of(document)
    assert time.monotonic() - started < 2
    assert any(p.startswith("questions: ") and f"{CAPS.questions:,}" in p for p in problems), problems
    assert len(problems) < 5, "one problem for the list, not one per question"


def test_too_many_records_are_refused_naming_the_list() -> None:
    document = base_manifest()
    document["records"] = [{"path": f"r/{i}.txt", "sha256": "0" * 64} for i in range(CAPS.records + 1)]
    problems = problems_of(document)
    assert any(p.startswith("records: ") and f"{CAPS.records:,}" in p for p in problems), problems


def test_too_many_billing_lines_and_services_are_refused() -> None:
    document = base_manifest()
    document["billing"] = [{"code": "97110"}] * (CAPS.billing_lines + 1)
    document["requested_services"] = [{"id": f"s{i}"} for i in range(CAPS.requested_services + 1)]
    problems = problems_of(document)
    assert any(p.startswith("billing: ") for p in problems), problems
    assert any(p.startswith("requested_services: ") for p in problems), problems


def test_a_deeply_nested_extra_block_is_refused_naming_where() -> None:
    nested: Any = "bottom"
    for _ in range(200):
        nested = {"deeper": nested}
    document = base_manifest()
    document["parties"] = {"insurer": "Example Mutual", "notes": nested}
    problems = problems_of(document)
    assert any(p.startswith("parties.notes") and "nested" in p for p in problems), problems


def test_nesting_beyond_what_python_parses_is_refused_with_words() -> None:
    document, problems = parse_manifest_bytes(b'{"case": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    assert document is None
    assert problems and "nested too deeply" in problems[0]


def test_a_real_sized_case_stays_well_within_the_caps() -> None:
    # Hundreds of questions of a few KB each and thousands of records: what a big real referral holds.
    document = base_manifest()
    document["questions"] = [
        {"id": f"q{i}", "text": "Is the treatment necessary? " * 150, "topic": "necessity"} for i in range(300)
    ]
    document["records"] = [{"path": f"records/{i:05}.pdf", "sha256": "0" * 64} for i in range(5_000)]
    document["case"]["instructions"] = "Please review the enclosed records. " * 2_000
    reading = read_manifest(document)
    assert reading.problems == []
