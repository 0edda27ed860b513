"""Purge says what it did: a second purge removes nothing and says so; purged records show as purged."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from reviewer_app.cli import main
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.storage.signed_reports import SignedReportRepository
from tests.bundle_builder import MINIMAL_PDF, BundleSpec


def _signed_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """A data folder with one imported case whose report is recorded as signed (as signing leaves it)."""
    data = ["--data-dir", str(tmp_path / "data")]
    bundle = BundleSpec().with_file("records/mri.pdf", MINIMAL_PDF).write_folder(tmp_path / "bundle")
    assert main(["import", str(bundle), *data]) == 0
    folder = open_data_folder(tmp_path / "data")
    try:
        case = find_case(folder, "PR-TEST-0001")
        with folder.database.transaction() as session:
            SignedReportRepository(session).add(
                case.id,
                sha256="0" * 64,
                signed_at=dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC),
                signer="Dr Test",
                case_version=case.version,
                form_key="peer_review",
                answers={},
            )
    finally:
        folder.close()
    capsys.readouterr()
    return data


def test_a_second_purge_says_nothing_is_left(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _signed_case(tmp_path, capsys)
    store = tmp_path / "data" / "records"
    stored_before = [p for p in store.rglob("*") if p.is_file()]
    assert main(["purge", "PR-TEST-0001", *data]) == 0
    first = capsys.readouterr().out
    assert f"2 record(s), {len(stored_before)} file(s) removed" in first
    assert not [p for p in store.rglob("*") if p.is_file()]

    assert main(["purge", "PR-TEST-0001", *data]) == 0
    second = capsys.readouterr().out
    assert "Nothing is left to remove for PR-TEST-0001" in second
    assert "file(s) removed" not in second

    assert main(["audit", "PR-TEST-0001", "--json", *data]) == 0
    events = json.loads(capsys.readouterr().out)["events"]
    assert [e["kind"] for e in events].count("records_purged") == 1


def test_a_purged_record_shows_as_purged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _signed_case(tmp_path, capsys)
    assert main(["purge", "PR-TEST-0001", *data]) == 0
    capsys.readouterr()
    assert main(["show", "PR-TEST-0001", *data]) == 0
    shown = capsys.readouterr().out
    record_lines = [line for line in shown.splitlines() if line.startswith("  records/")]
    assert len(record_lines) == 2 and all("Purged" in line and "Readable" not in line for line in record_lines)
    assert main(["show", "PR-TEST-0001", "--json", *data]) == 0
    assert {r["state"] for r in json.loads(capsys.readouterr().out)["records"]} == {"purged"}
