"""The command line as scripts use it: exit codes, JSON on stdout only, messages on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer_app.cli import main
from tests.bundle_builder import MINIMAL_PDF, BundleSpec


def reviewer(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run the real ``reviewer`` program in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "reviewer_app", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen", "HOME": str(data_dir.parent)},
    )


def test_import_cases_and_show_in_a_real_process(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    bundle = BundleSpec().with_file("records/mri.pdf", MINIMAL_PDF).write_zip(tmp_path / "bundle.zip")

    imported = reviewer("import", str(bundle), "--json", data_dir=data_dir)
    assert imported.returncode == 0, imported.stderr
    document = json.loads(imported.stdout)
    assert document["reference"] == "PR-TEST-0001" and document["records_added"] == 2

    cases = reviewer("cases", "--json", data_dir=data_dir)
    assert cases.returncode == 0
    [case] = json.loads(cases.stdout)
    assert case["claimant"] == {"given": "Łukasz", "family": "Dvořák-Nguyễn"}
    assert case["due_at"] == "2026-11-23T17:00:00-08:00"

    shown = reviewer("show", "PR-TEST-0001", data_dir=data_dir)
    assert shown.returncode == 0
    assert "Is the requested L4-5 ESI medically necessary?" in shown.stdout
    assert "records/mri.pdf" in shown.stdout

    again = reviewer("import", str(bundle), data_dir=data_dir)
    assert again.returncode == 1
    assert "bundle.zip" in again.stderr and "already imported" in again.stderr
    assert "Traceback" not in again.stderr


def test_global_options_may_follow_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "data"
    bundle = BundleSpec().write_folder(tmp_path / "bundle")
    assert main(["import", str(bundle), "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    assert main(["show", "PR-TEST-0001", "--json", "--data-dir", str(data_dir)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [q["id"] for q in shown["questions"]] == ["q1", "q2"]
    assert shown["records"][0]["state"] == "readable"


def test_data_dir_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REVIEWER_DATA_DIR", str(tmp_path / "env-data"))
    assert main(["import", str(BundleSpec().write_folder(tmp_path / "bundle"))]) == 0
    assert (tmp_path / "env-data" / "reviewer.sqlite3").is_file()


def test_unknown_case_and_wrong_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "show", "NOPE-1"]) == 1
    assert "There is no case 'NOPE-1'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["--data-dir", str(tmp_path), "frobnicate"])
    assert usage.value.code == 2


def test_profile_set_and_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile_file = tmp_path / "profile.json"
    profile_file.write_text(
        json.dumps(
            {
                "name": "Dr. Ana Reyes",
                "credentials": "MD",
                "specialties": ["Orthopaedic Surgery"],
                "licenses": [{"state": "CA", "number": "A123", "expires": "2028-01-31"}],
                "npi": "1234567893",
            }
        ),
        encoding="utf-8",
    )
    assert main(["--data-dir", str(tmp_path), "profile", "set", str(profile_file)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "profile", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["licenses"] == [{"state": "CA", "number": "A123", "expires": "2028-01-31"}]

    profile_file.write_text(json.dumps({"npi": "42", "licenses": "CA"}), encoding="utf-8")
    assert main(["--data-dir", str(tmp_path), "profile", "set", str(profile_file)]) == 1
    error = capsys.readouterr().err
    assert "npi" in error and "licenses" in error
    assert main(["--data-dir", str(tmp_path), "profile", "show", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["npi"] == "1234567893", "a refused change changes nothing"


def test_search_prints_record_page_and_snippet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.services.test_records_workspace import MRI

    data_dir = tmp_path / "data"
    bundle = BundleSpec(files={"records/001-mri.pdf": MRI}).write_folder(tmp_path / "bundle")
    assert main(["--data-dir", str(data_dir), "import", str(bundle)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "search", "PR-TEST-0001", '"foraminal narrowing"', "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["total"] == 1 and found["per_record"] == [{"record": "records/001-mri.pdf", "hits": 1}]
    hits = found["hits"]
    assert hits == [
        {"record": "records/001-mri.pdf", "page": 2, "snippet": hits[0]["snippet"], "title": "001-mri", "ocr": False}
    ]
    assert "foraminal narrowing" in hits[0]["snippet"] and "[[" not in hits[0]["snippet"]
    assert main(["--data-dir", str(data_dir), "search", "PR-TEST-0001", "osteomyelitis"]) == 0
    assert "No page" in capsys.readouterr().out
