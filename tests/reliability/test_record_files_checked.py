"""A record file deleted or altered in the store is named, and blocks `check`, `sign` and `export`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer_app.cli import main
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import open_data_folder
from tests.bundle_builder import MINIMAL_PDF, BundleSpec

REFERENCE = "PR-TEST-0001"


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def stored_file(data_dir: Path, record_path: str) -> Path:
    folder = open_data_folder(data_dir)
    try:
        case = find_case(folder, REFERENCE)
        [record] = [r for r in case.records if r.path == record_path]
        return folder.store.path_for(record.sha256)
    finally:
        folder.close()


@pytest.mark.parametrize("damage", ["deleted", "altered"])
def test_a_missing_or_altered_record_file_blocks_check_and_sign(
    damage: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    bundle = BundleSpec().with_file("records/mri.pdf", MINIMAL_PDF).write_folder(tmp_path / "bundle")
    assert run(data_dir, capsys, "import", str(bundle))[0] == 0
    _, out, _ = run(data_dir, capsys, "check", REFERENCE, "--json")
    assert not any("records/mri.pdf" in item["text"] for item in json.loads(out)["items"])

    path = stored_file(data_dir, "records/mri.pdf")
    if damage == "deleted":
        path.unlink()
    else:
        path.write_bytes(path.read_bytes().replace(b"%%EOF", b"%%EOX"))

    code, out, _ = run(data_dir, capsys, "check", REFERENCE, "--json")
    assert code == 1
    [item] = [i for i in json.loads(out)["items"] if "records/mri.pdf" in i["text"]]
    assert item["blocking"] and damage.replace("deleted", "missing") in item["text"]
    password = tmp_path / "password.txt"
    password.write_text("any password", encoding="utf-8")
    code, _, err = run(
        data_dir, capsys, "sign", REFERENCE, "--out", str(tmp_path / "signed.pdf"), "--password-file", str(password)
    )
    assert code == 1 and "records/mri.pdf" in err and "not ready to sign" in err
    assert not (tmp_path / "signed.pdf").exists()


def test_a_missing_record_file_of_a_signed_case_blocks_the_return_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reviewer_app.services.demo import ensure_demo_cases
    from tests.reports.demo_findings import PEER_REVIEW, fill_demo_findings

    data_dir = tmp_path / "data"
    folder = open_data_folder(data_dir)
    ensure_demo_cases(folder)
    fill_demo_findings(folder)
    record = find_case(folder, PEER_REVIEW).records[0]
    stored = folder.store.path_for(record.sha256)
    folder.close()
    password = tmp_path / "password.txt"
    password.write_text("signing password 1", encoding="utf-8")
    made = run(
        data_dir, capsys, "profile", "certificate", "--out", str(tmp_path / "me.p12"), "--password-file", str(password)
    )
    assert made[0] == 0, made[2]
    signed = run(
        data_dir, capsys, "sign", PEER_REVIEW, "--out", str(tmp_path / "r.pdf"), "--password-file", str(password)
    )
    assert signed[0] == 0, signed[2]

    stored.unlink()
    code, _, err = run(data_dir, capsys, "export", PEER_REVIEW, "--out", str(tmp_path / "package.zip"))
    assert code == 1 and record.path in err and "missing" in err
    assert not (tmp_path / "package.zip").exists()


def test_the_readiness_refreshed_after_each_answer_looks_for_files_without_reading_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewer_app.records.store import RecordStore
    from reviewer_app.services.findings import check_case

    data_dir = tmp_path / "data"
    bundle = BundleSpec().with_file("records/mri.pdf", MINIMAL_PDF).write_folder(tmp_path / "bundle")
    assert run(data_dir, capsys, "import", str(bundle))[0] == 0
    stored_file(data_dir, "records/mri.pdf").unlink()

    def no_reading(self: RecordStore, sha256: str) -> str | None:
        raise AssertionError("the window's readiness list hashed a record file")

    monkeypatch.setattr(RecordStore, "verify", no_reading)
    folder = open_data_folder(data_dir)
    try:
        items = check_case(folder, find_case(folder, REFERENCE), read_record_files=False)
    finally:
        folder.close()
    [item] = [i for i in items if "records/mri.pdf" in i.text]
    assert item.blocking and "missing" in item.text
