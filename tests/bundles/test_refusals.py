"""What import must refuse (bundle-format.md), one rule at a time, through the real command line.

Every refusal must: exit with status 1 (cli-and-hooks.md), name the bundle and the offending
item on stderr in words (no traceback), and store nothing: no new case, no record file, no
unpacked leftovers in the staging folder.
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
import re
import struct
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reviewer_app.bundles import ExtractionLimits
from reviewer_app.cli import main
from reviewer_app.domain.errors import BundleRefused
from reviewer_app.services.cases import list_cases
from reviewer_app.services.data_folder import DataFolder
from reviewer_app.services.importing import import_bundle
from tests.bundle_builder import MINIMAL_PDF, BundleSpec, snapshot

REFERENCE = "PR-TEST-0001"
NOTE = "records/001-note.txt"
MIB = 1024 * 1024
DELETE = object()  # a manifest edit that removes the key


# -- the command line, in process --------------------------------------------------------------


@dataclass
class Outcome:
    code: int
    out: str
    err: str


class Cli:
    """Runs ``reviewer --data-dir DATA ...`` in process and captures what it prints."""

    def __init__(self, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.data_dir = data_dir
        self.capsys = capsys

    def __call__(self, *args: str) -> Outcome:
        self.capsys.readouterr()
        code = main(["--data-dir", str(self.data_dir), *args])
        captured = self.capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    def json(self, *args: str) -> Any:
        outcome = self(*args, "--json")
        assert outcome.code == 0, outcome.err
        return json.loads(outcome.out)

    def references(self) -> list[tuple[str, str]]:
        return sorted((c["reference"], c["vendor"]) for c in self.json("cases"))

    def stored_files(self) -> dict[str, bytes]:
        return snapshot(self.data_dir)

    def staging_leftovers(self) -> list[Path]:
        staging = self.data_dir / "staging"
        return sorted(staging.rglob("*")) if staging.exists() else []


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "data", capsys)


@pytest.fixture
def incoming(tmp_path: Path) -> Path:
    folder = tmp_path / "incoming"
    folder.mkdir()
    return folder


def assert_refused(cli: Cli, bundle: Path, *items: str, extra_args: tuple[str, ...] = ()) -> str:
    """Import ``bundle``; it must be refused naming the bundle and each item, and change nothing."""
    cases_before = cli.references()
    files_before = cli.stored_files()
    outcome = cli("import", *extra_args, str(bundle))
    assert outcome.code == 1, (outcome.out, outcome.err)
    assert outcome.out == ""
    assert bundle.name in outcome.err, outcome.err
    for item in items:
        assert item in outcome.err, f"{item!r} is not named in:\n{outcome.err}"
    assert "Traceback" not in outcome.err
    assert "unexpected error" not in outcome.err, outcome.err
    assert cli.references() == cases_before
    assert cli.stored_files() == files_before
    assert cli.staging_leftovers() == []
    return outcome.err


# -- building broken bundles -------------------------------------------------------------------


def _steps(path: str) -> list[str | int]:
    """``records[0].sha256`` -> ["records", 0, "sha256"]."""
    steps: list[str | int] = []
    for token in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        steps.append(int(token[1:-1]) if token.startswith("[") else token)
    return steps


def edit(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of ``document`` with the value at ``path`` replaced (or removed, for DELETE)."""
    document = copy.deepcopy(document)
    *parents, last = _steps(path)
    target: Any = document
    for step in parents:
        target = target[step]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return document


def manifest_of(spec: BundleSpec) -> dict[str, Any]:
    return spec.resolved_manifest()


def write_with_manifest(spec: BundleSpec, target: Path, document: Any) -> Path:
    return spec.write_folder(target, manifest_bytes=json.dumps(document, ensure_ascii=False).encode("utf-8"))


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def set_encryption_flag(archive: Path, entry_name: str) -> None:
    """Mark one entry as encrypted, in its local header and in the central directory."""
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as opened:
        local = opened.getinfo(entry_name).header_offset
    assert data[local : local + 4] == b"PK\x03\x04"
    data[local + 6] |= 0x01
    end = data.rfind(b"PK\x05\x06")
    position = struct.unpack_from("<I", data, end + 16)[0]
    patched = 0
    while data[position : position + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, position + 28)
        if bytes(data[position + 46 : position + 46 + name_length]) == entry_name.encode():
            data[position + 8] |= 0x01
            patched += 1
        position += 46 + name_length + extra_length + comment_length
    assert patched == 1
    archive.write_bytes(bytes(data))
    with zipfile.ZipFile(archive) as reopened:
        assert reopened.getinfo(entry_name).flag_bits & 0x01


# -- container ---------------------------------------------------------------------------------


def test_a_plain_file_is_neither_zip_nor_folder(cli: Cli, incoming: Path) -> None:
    bundle = incoming / "referral-letter.txt"
    bundle.write_text("Dear Doctor, please review the enclosed records.\n", encoding="utf-8")
    err = assert_refused(cli, bundle)
    assert "zip" in err and "folder" in err


def test_a_pdf_sent_instead_of_a_bundle_is_refused(cli: Cli, incoming: Path) -> None:
    bundle = incoming / "PR-TEST-0001.pdf"
    bundle.write_bytes(MINIMAL_PDF)
    err = assert_refused(cli, bundle)
    assert "zip" in err


def test_a_missing_path_is_refused(cli: Cli, incoming: Path) -> None:
    bundle = incoming / "never-downloaded.zip"
    err = assert_refused(cli, bundle)
    assert "no such file" in err.lower()


def test_a_truncated_zip_is_refused(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    spec.with_file("records/002-mri.pdf", MINIMAL_PDF)
    whole = spec.write_zip(incoming / "whole.zip").read_bytes()
    bundle = incoming / "half-downloaded.zip"
    bundle.write_bytes(whole[: len(whole) // 2])
    err = assert_refused(cli, bundle)
    assert "zip" in err


def test_a_zip_with_damaged_content_is_refused_naming_the_entry(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    bundle = incoming / "damaged-in-transit.zip"
    content = spec.files[NOTE]
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("case.json", json.dumps(manifest_of(spec)))
        archive.writestr(NOTE, content)
    data = bytearray(bundle.read_bytes())
    at = data.find(content)
    assert at > 0 and data.find(content, at + 1) == -1
    data[at] ^= 0x20  # one flipped bit in the stored bytes: the CRC no longer matches
    bundle.write_bytes(bytes(data))
    err = assert_refused(cli, bundle, NOTE)
    assert "damaged" in err


def test_an_encrypted_zip_entry_is_refused(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    bundle = spec.write_zip(incoming / "password-protected.zip")
    set_encryption_flag(bundle, NOTE)
    err = assert_refused(cli, bundle, NOTE)
    assert "encrypted" in err


@pytest.mark.parametrize("container", ["folder", "zip"])
def test_a_bundle_without_case_json_is_refused_by_the_command_line(
    cli: Cli, spec: BundleSpec, incoming: Path, container: str
) -> None:
    if container == "folder":
        bundle = incoming / "records-only"
        (bundle / "records").mkdir(parents=True)
        (bundle / NOTE).write_bytes(spec.files[NOTE])
    else:
        bundle = incoming / "records-only.zip"
        with zipfile.ZipFile(bundle, "w") as archive:
            archive.writestr(NOTE, spec.files[NOTE])
    err = assert_refused(cli, bundle, "case.json")
    assert "no case.json" in err


# -- case.json as text -------------------------------------------------------------------------


def test_case_json_that_is_not_json_is_refused_with_line_and_column(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    broken = b'{\n  "format": "reviewer-case-bundle"\n  "format_version": 1\n}\n'  # a comma missing on line 2
    bundle = spec.write_folder(incoming / "hand-edited", manifest_bytes=broken)
    err = assert_refused(cli, bundle, "case.json")
    assert "not valid JSON" in err
    assert re.search(r"line 3\b.*column 3\b", err), err


def test_case_json_in_latin_1_is_refused_with_line_and_column(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    document = manifest_of(spec)
    document["claimant"]["name"] = {"given": "José", "family": "Núñez"}
    text = json.dumps(document, ensure_ascii=False, indent=2)
    first = next(i for i, ch in enumerate(text) if ord(ch) > 127)  # the é of José
    line = text.count("\n", 0, first) + 1
    column = first - (text.rfind("\n", 0, first) + 1) + 1
    assert line > 1 and column > 1
    bundle = spec.write_folder(incoming / "windows-export", manifest_bytes=text.encode("latin-1"))
    err = assert_refused(cli, bundle, "case.json")
    assert "UTF-8" in err
    assert re.search(rf"line {line}\b.*column {column}\b", err), err


# -- format and version ------------------------------------------------------------------------


def test_wrong_format_is_refused(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    document = edit(manifest_of(spec), "format", "acme-referral-export")
    bundle = write_with_manifest(spec, incoming / "other-format", document)
    err = assert_refused(cli, bundle, "format", "acme-referral-export")
    assert "reviewer-case-bundle" in err


def test_a_newer_format_version_is_refused_naming_the_version(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    document = edit(manifest_of(spec), "format_version", 2)
    bundle = write_with_manifest(spec, incoming / "from-the-future", document)
    err = assert_refused(cli, bundle, "format_version")
    assert re.search(r"format_version\b[^\n]*\b2\b", err), err


# -- missing keys and wrong types --------------------------------------------------------------

MISSING_KEYS = [
    "format",
    "format_version",
    "case",
    "case.reference",
    "case.service",
    "claimant",
    "claimant.name",
    "claimant.name.given",
    "claimant.name.family",
    "questions",
    "questions[0].id",
    "questions[1].text",
    "records",
    "records[0].path",
    "records[0].sha256",
]


@pytest.mark.parametrize("key_path", MISSING_KEYS)
def test_a_missing_required_key_is_named(cli: Cli, spec: BundleSpec, incoming: Path, key_path: str) -> None:
    document = edit(manifest_of(spec), key_path, DELETE)
    bundle = write_with_manifest(spec, incoming / "incomplete", document)
    err = assert_refused(cli, bundle, f"{key_path}:")
    assert re.search(rf"{re.escape(key_path)}: [^\n]*missing", err), err


WRONG_VALUES = [
    ("questions[1].id", 2),
    ("case", ["PR-TEST-0001"]),
    ("claimant", "Maria Lopez"),
    ("claimant.name", "Maria Lopez"),
    ("claimant.name.family", 1978),
    ("case.reference", {"id": "PR-TEST-0001"}),
    ("case.service", "second_opinion"),
    ("questions", {"q1": "Is it necessary?"}),
    ("questions[0]", "Is it necessary?"),
    ("questions[0].services", "svc1"),
    ("requested_services", {"id": "svc1"}),
    ("requested_services[0].quantity", "one"),
    ("records", "records/001-note.txt"),
    ("records[0].sha256", 12345),
    ("records[0].sha256", "not-a-digest"),
    ("format_version", "1"),
    ("claimant.date_of_birth", "14/03/1978"),
    ("case.due_at", "next Tuesday"),
]


@pytest.mark.parametrize(("key_path", "value"), WRONG_VALUES)
def test_a_value_of_the_wrong_type_is_named(
    cli: Cli, spec: BundleSpec, incoming: Path, key_path: str, value: Any
) -> None:
    document = edit(manifest_of(spec), key_path, value)
    bundle = write_with_manifest(spec, incoming / "mistyped", document)
    assert_refused(cli, bundle, f"{key_path}:")


@pytest.mark.parametrize("key_path", ["questions", "records"])
def test_an_empty_required_list_is_refused(cli: Cli, spec: BundleSpec, incoming: Path, key_path: str) -> None:
    document = edit(manifest_of(spec), key_path, [])
    bundle = write_with_manifest(spec, incoming / "empty-list", document)
    assert_refused(cli, bundle, f"{key_path}:")


def test_an_out_of_range_number_is_named(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    document = edit(manifest_of(spec), "requested_services[0].quantity", 10**400)
    bundle = write_with_manifest(spec, incoming / "huge-quantity", document)
    assert_refused(cli, bundle, "requested_services[0].quantity")


def test_a_time_at_the_edge_of_the_calendar_is_named(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    document = edit(manifest_of(spec), "case.due_at", "0001-01-01T00:00:00")
    bundle = write_with_manifest(spec, incoming / "year-one", document)
    assert_refused(cli, bundle, "case.due_at")


def test_a_number_python_cannot_parse_is_refused_naming_case_json(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    text = json.dumps(manifest_of(spec), ensure_ascii=False).replace('"quantity": 1', '"quantity": 1' + "0" * 5000)
    bundle = spec.write_folder(incoming / "long-number", manifest_bytes=text.encode("utf-8"))
    assert_refused(cli, bundle, "case.json")


# -- duplicates and references -----------------------------------------------------------------


def test_duplicate_question_ids_are_refused(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    document = edit(manifest_of(spec), "questions[1].id", "q1")
    bundle = write_with_manifest(spec, incoming / "two-q1", document)
    err = assert_refused(cli, bundle, "questions[1].id", "'q1'")
    assert "twice" in err


def test_duplicate_requested_service_ids_are_refused(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    document = manifest_of(spec)
    second = dict(document["requested_services"][0], description="Lumbar MRI without contrast", code="72148")
    document["requested_services"].append(second)
    bundle = write_with_manifest(spec, incoming / "two-svc1", document)
    err = assert_refused(cli, bundle, "requested_services[1].id", "'svc1'")
    assert "twice" in err


def test_duplicate_record_paths_are_refused(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    document = manifest_of(spec)
    document["records"].append(dict(document["records"][0], title="Same note again"))
    bundle = write_with_manifest(spec, incoming / "listed-twice", document)
    err = assert_refused(cli, bundle, "records[1].path", NOTE)
    assert "twice" in err


def test_a_question_naming_an_unknown_service_is_refused(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    document = edit(manifest_of(spec), "questions[0].services", ["svc1", "svc9"])
    bundle = write_with_manifest(spec, incoming / "unknown-service", document)
    assert_refused(cli, bundle, "questions[0].services[1]", "svc9")


# -- record paths ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "record_path",
    [
        "/etc/passwd",
        "C:/Users/vendor/note.txt",
        "../outside.txt",
        "records/../../outside.txt",
        "records\\001-note.txt",
    ],
)
def test_unsafe_record_paths_are_refused(cli: Cli, spec: BundleSpec, incoming: Path, record_path: str) -> None:
    # The file the path points to exists next to the bundle, so only the path rule can stop it.
    secret = b"another claimant's records\n"
    (incoming / "outside.txt").write_bytes(secret)
    document = manifest_of(spec)
    document["records"].append({"path": record_path, "sha256": sha256(secret), "title": "Outside"})
    bundle = write_with_manifest(spec, incoming / "bundle", document)
    assert_refused(cli, bundle, "records[1].path", record_path.replace("\\", "\\\\"))


@pytest.mark.parametrize(
    ("link", "named", "offending"),
    [
        ("records/002-referral.txt", "records/002-referral.txt", "records/002-referral.txt"),
        ("scans", "scans/secret.txt", "scans"),
    ],
)
def test_a_folder_bundle_with_a_symlink_is_refused(
    cli: Cli, spec: BundleSpec, incoming: Path, tmp_path: Path, link: str, named: str, offending: str
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    secret = b"another claimant's records\n"
    (outside / "secret.txt").write_bytes(secret)
    document = manifest_of(spec)
    document["records"].append({"path": named, "sha256": sha256(secret), "title": "Linked"})
    bundle = write_with_manifest(spec, incoming / "linked", document)
    target = outside / "secret.txt" if link.endswith(".txt") else outside
    (bundle / link).symlink_to(target)
    # Refused either as a link or as a path resolving outside the bundle: both rules of the spec apply.
    assert_refused(cli, bundle, offending)


def _zip_with_extra_entry(spec: BundleSpec, bundle: Path, info: zipfile.ZipInfo, content: bytes) -> Path:
    spec.write_zip(bundle)
    with zipfile.ZipFile(bundle, "a") as archive:
        archive.writestr(info, content)
    return bundle


def test_a_zip_entry_that_is_a_symlink_is_refused(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    entry = zipfile.ZipInfo("records/002-passwd.txt")
    entry.external_attr = 0o120777 << 16  # a symbolic link to /etc/passwd, as `zip --symlinks` stores it
    bundle = _zip_with_extra_entry(spec, incoming / "with-symlink.zip", entry, b"/etc/passwd")
    err = assert_refused(cli, bundle, "records/002-passwd.txt")
    assert "link" in err


@pytest.mark.parametrize("entry", ["../evil.txt", "/abs.txt", "records/../../evil.txt", "..\\evil.txt"])
def test_a_zip_entry_escaping_the_root_is_refused(
    cli: Cli, spec: BundleSpec, incoming: Path, tmp_path: Path, entry: str
) -> None:
    bundle = _zip_with_extra_entry(spec, incoming / "zip-slip.zip", zipfile.ZipInfo(entry), b"pwned\n")
    with zipfile.ZipFile(bundle) as archive:
        assert entry in archive.namelist()
    assert_refused(cli, bundle, entry)
    assert [p for p in tmp_path.rglob("*") if p.name in ("evil.txt", "abs.txt")] == []


def test_every_unsafe_zip_entry_is_listed_together(cli: Cli, spec: BundleSpec, incoming: Path) -> None:
    bundle = spec.write_zip(incoming / "hostile.zip")
    link = zipfile.ZipInfo("records/link.txt")
    link.external_attr = 0o120777 << 16
    with zipfile.ZipFile(bundle, "a") as archive:
        archive.writestr("../evil.txt", b"x")
        archive.writestr("/abs.txt", b"x")
        archive.writestr(link, b"/etc/passwd")
    assert_refused(cli, bundle, "../evil.txt", "/abs.txt", "records/link.txt")


# -- record files against the manifest ---------------------------------------------------------


@pytest.mark.parametrize("container", ["folder", "zip"])
def test_a_named_record_missing_from_the_bundle_is_refused(
    cli: Cli, spec: BundleSpec, incoming: Path, container: str
) -> None:
    document = manifest_of(spec)
    document["records"].append({"path": "records/002-mri.pdf", "sha256": sha256(MINIMAL_PDF), "title": "MRI"})
    raw = json.dumps(document).encode("utf-8")
    if container == "folder":
        bundle = spec.write_folder(incoming / "incomplete", manifest_bytes=raw)
    else:
        bundle = spec.write_zip(incoming / "incomplete.zip", manifest_bytes=raw)
    err = assert_refused(cli, bundle, "records[1].path", "records/002-mri.pdf")
    assert "missing" in err


@pytest.mark.parametrize("container", ["folder", "zip"])
def test_a_record_whose_sha256_differs_is_refused(cli: Cli, spec: BundleSpec, incoming: Path, container: str) -> None:
    document = manifest_of(spec)
    spec.files[NOTE] = b"Progress note: low back pain. Amended after the manifest was written.\n"
    raw = json.dumps(document).encode("utf-8")
    if container == "folder":
        bundle = spec.write_folder(incoming / "changed", manifest_bytes=raw)
    else:
        bundle = spec.write_zip(incoming / "changed.zip", manifest_bytes=raw)
    err = assert_refused(cli, bundle, "records[0].sha256", NOTE)
    assert "SHA-256" in err


# -- zip bombs ---------------------------------------------------------------------------------


@pytest.fixture
def unpacked(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Bytes really decompressed from each zip entry during the test."""
    counts: Counter[str] = Counter()
    original = zipfile.ZipExtFile.read

    def counting_read(self: zipfile.ZipExtFile, n: int = -1) -> bytes:
        chunk = original(self, n)
        counts[self.name] += len(chunk)
        return chunk

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    return counts


def assert_nothing_stored(folder: DataFolder) -> None:
    assert list_cases(folder) == []
    assert snapshot(folder.path) == {}
    staging = folder.staging_dir
    assert not staging.exists() or list(staging.iterdir()) == []


def test_an_entry_out_of_proportion_is_refused_while_extracting(
    data_folder: DataFolder, spec: BundleSpec, incoming: Path, unpacked: Counter[str]
) -> None:
    data_folder.limits = ExtractionLimits(max_total_bytes=1024 * MIB, max_ratio=10, ratio_floor_bytes=64 * 1024)
    bomb = bytes(32 * MIB)  # zeros: compresses about a thousand to one
    spec.with_file("records/002-fax.txt", bomb).with_file("records/003-after.txt", b"After the bomb.\n")
    bundle = spec.write_zip(incoming / "bomb.zip")
    with zipfile.ZipFile(bundle) as archive:
        assert [i.filename for i in archive.infolist()][-2:] == ["records/002-fax.txt", "records/003-after.txt"]
        assert archive.getinfo("records/002-fax.txt").compress_size * 100 < len(bomb)

    with pytest.raises(BundleRefused) as refused:
        import_bundle(data_folder, bundle)

    assert refused.value.bundle_name == "bomb.zip"
    assert "bomb.zip" in str(refused.value) and "records/002-fax.txt" in str(refused.value)
    # Stopped inside the entry, long before its 32 MiB were unpacked, and never reached the next one.
    assert 0 < unpacked["records/002-fax.txt"] < len(bomb) // 4
    assert unpacked["records/003-after.txt"] == 0
    assert_nothing_stored(data_folder)


def test_a_bundle_over_the_total_cap_is_refused_before_it_is_all_unpacked(
    data_folder: DataFolder, spec: BundleSpec, incoming: Path, unpacked: Counter[str]
) -> None:
    data_folder.limits = ExtractionLimits(max_total_bytes=int(2.5 * MIB), max_ratio=200, ratio_floor_bytes=MIB)
    noise = random.Random(20261126)
    names = [f"records/00{n}-scan.bin" for n in range(2, 6)]
    for name in names:
        spec.with_file(name, noise.randbytes(MIB))  # incompressible: every entry is within the ratio
    bundle = spec.write_zip(incoming / "too-big.zip")

    with pytest.raises(BundleRefused) as refused:
        import_bundle(data_folder, bundle)

    assert "too-big.zip" in str(refused.value)
    # 1 MiB entries against a 2.5 MiB cap: at the latest the third one crosses it; the fourth is never unpacked.
    assert unpacked[names[3]] == 0
    assert_nothing_stored(data_folder)

    # The same bundle under the default caps imports: it was the cap that refused it.
    data_folder.limits = ExtractionLimits()
    assert import_bundle(data_folder, bundle).records_added == 5


def test_the_default_caps_are_those_of_the_spec(data_folder: DataFolder) -> None:
    assert data_folder.limits.max_total_bytes == 4 * 1024**3
    assert data_folder.limits.max_ratio == 200


def test_a_zip_bomb_is_refused_by_the_command_line_with_default_caps(
    cli: Cli, spec: BundleSpec, incoming: Path
) -> None:
    spec.with_file("records/002-scan.txt", bytes(48 * MIB))  # about 1000:1, well over 200:1 and the 1 MiB floor
    bundle = spec.write_zip(incoming / "default-bomb.zip")
    err = assert_refused(cli, bundle, "records/002-scan.txt")
    assert "bomb" in err


# -- the same case twice -----------------------------------------------------------------------


def test_the_same_case_from_the_same_vendor_is_refused_unless_imported_as_a_new_version(
    cli: Cli, incoming: Path
) -> None:
    first = BundleSpec().with_file("records/999-cover-letter.txt", b"Cover letter\n", listed=False)
    first.with_file("records/002-mri.pdf", MINIMAL_PDF)
    assert cli("import", str(first.write_zip(incoming / "PR-TEST-0001.zip"))).code == 0
    before = cli.json("show", REFERENCE)
    files_before = cli.stored_files()
    assert len(before["records"]) == 2 and len(before["warnings"]) == 1

    again = BundleSpec().with_file("records/002-mri.pdf", MINIMAL_PDF)
    again.with_file("records/003-pt-notes.txt", b"Physical therapy, 6 visits.\n")
    second = again.write_zip(incoming / "PR-TEST-0001-supplement.zip")
    err = assert_refused(cli, second, "case.reference", REFERENCE)
    assert "already imported" in err

    outcome = cli("import", "--as-new-version", "--json", str(second))
    assert outcome.code == 0, outcome.err
    result = json.loads(outcome.out)
    assert result["reference"] == REFERENCE
    assert result["version"] == 2
    assert result["records_added"] == 1

    after = cli.json("show", REFERENCE)
    assert cli.references() == [(REFERENCE, "Test Review Services")]
    assert after["id"] == before["id"]
    # Nothing already there is lost: the old records unchanged, the old warning kept, the old files in place.
    for record in before["records"]:
        assert record in after["records"]
    for warning in before["warnings"]:
        assert warning in after["warnings"]
    assert files_before.items() <= cli.stored_files().items()
    added = [r for r in after["records"] if r not in before["records"]]
    assert [(r["path"], r["version"]) for r in added] == [("records/003-pt-notes.txt", 2)]
    assert sha256(b"Physical therapy, 6 visits.\n") in {r["sha256"] for r in added}


def test_an_amended_record_in_a_new_version_is_not_silently_dropped(cli: Cli, incoming: Path) -> None:
    original = BundleSpec()
    assert cli("import", str(original.write_folder(incoming / "v1"))).code == 0
    amended_note = b"Progress note: low back pain. ADDENDUM: new weakness in the left leg.\n"
    amended = BundleSpec()
    amended.files[NOTE] = amended_note
    outcome = cli("import", "--as-new-version", str(amended.write_folder(incoming / "v2")))

    case = cli.json("show", REFERENCE)
    kept = sha256(amended_note) in {r["sha256"] for r in case["records"]}
    refused_naming_it = outcome.code == 1 and NOTE in outcome.err
    assert kept or refused_naming_it, (outcome, case["records"], case["warnings"])


def test_the_same_reference_from_another_vendor_is_another_case(cli: Cli, incoming: Path) -> None:
    assert cli("import", str(BundleSpec().write_folder(incoming / "a"))).code == 0
    other = BundleSpec()
    other.manifest["case"]["vendor"] = {"name": "Another Review Company"}
    outcome = cli("import", str(other.write_folder(incoming / "b")))
    assert outcome.code == 0, outcome.err
    assert cli.references() == [(REFERENCE, "Another Review Company"), (REFERENCE, "Test Review Services")]


# -- all problems together ---------------------------------------------------------------------


def test_several_manifest_problems_are_listed_together_in_one_message(
    cli: Cli, spec: BundleSpec, incoming: Path
) -> None:
    document = manifest_of(spec)
    document["questions"][1]["id"] = "q1"
    document["claimant"]["date_of_birth"] = "1978-02-30"
    document["questions"][0]["services"] = ["svc7"]
    del document["case"]["reference"]
    document["records"][0]["path"] = "../" + NOTE
    bundle = write_with_manifest(spec, incoming / "many-problems", document)
    err = assert_refused(
        cli,
        bundle,
        "questions[1].id",
        "claimant.date_of_birth",
        "1978-02-30",
        "questions[0].services[0]",
        "case.reference",
        "records[0].path",
    )
    assert err.count("\n  - ") == 5, err


def test_manifest_problems_and_record_file_problems_are_listed_together(
    cli: Cli, spec: BundleSpec, incoming: Path
) -> None:
    document = manifest_of(spec)
    document["questions"][1]["id"] = "q1"
    document["claimant"]["date_of_birth"] = "1978-02-30"
    document["records"].append({"path": "records/002-mri.pdf", "sha256": sha256(MINIMAL_PDF)})
    bundle = write_with_manifest(spec, incoming / "many-problems", document)
    assert_refused(cli, bundle, "questions[1].id", "claimant.date_of_birth", "1978-02-30", "records/002-mri.pdf")
