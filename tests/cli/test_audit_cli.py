"""`reviewer audit CASE [--verify] [--json]`: the case history, and every tampering with it named."""

from __future__ import annotations

import itertools
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from reviewer_app.cli import main
from reviewer_app.storage.database import DATABASE_FILE
from tests.bundle_builder import BundleSpec

REFERENCE = "PR-TEST-0001"
ANSWERS = {
    "q1.svc1.determination": "certify",
    "q1.svc1.rationale": "Radicular pain persists after six weeks of therapy.",
    "q2.opinion": "related",
}


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with a case imported and three findings set, all by the command line."""
    root = tmp_path_factory.mktemp("audit")
    data_dir = root / "data"
    bundle = BundleSpec().write_zip(root / "bundle.zip")
    answers = root / "answers.json"
    answers.write_text(json.dumps(ANSWERS), encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "import", str(bundle)]) == 0
    assert main(["--data-dir", str(data_dir), "findings", "set", REFERENCE, str(answers)]) == 0
    return data_dir


@pytest.fixture
def data_dir(filled: Path, tmp_path: Path) -> Path:
    """A copy of the filled data folder, for a test to tamper with."""
    return Path(shutil.copytree(filled, tmp_path / "data"))


def tamper(data_dir: Path, *statements: str) -> None:
    """Change the audit trail behind the application's back, as someone with the database file could."""
    with sqlite3.connect(data_dir / DATABASE_FILE) as connection:
        connection.execute("DROP TRIGGER audit_events_no_update")
        connection.execute("DROP TRIGGER audit_events_no_delete")
        for statement in statements:
            connection.execute(statement)


def test_import_and_findings_by_the_command_line_make_the_history_in_order(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(data_dir, capsys, "audit", REFERENCE, "--json")
    assert code == 0, err
    document = json.loads(out)
    assert document["chain_ok"] is True and document["problems"] == []
    events = document["events"]
    assert [(e["sequence"], e["kind"]) for e in events] == [
        (1, "case_imported"),
        (2, "finding_changed"),
        (3, "finding_changed"),
        (4, "finding_changed"),
    ]
    assert events[0]["details"]["bundle_hashed"] == "zip" and events[0]["details"]["records"] == 1
    assert [e["details"]["field_id"] for e in events[1:]] == list(ANSWERS)
    assert all(later["previous_hash"] == earlier["hash"] for earlier, later in itertools.pairwise(events))
    for value in ANSWERS.values():
        assert value not in out


def test_the_history_reads_as_a_table_and_says_the_chain_verifies(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(data_dir, capsys, "audit", REFERENCE, "--verify")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == f"History of {REFERENCE} (4 event(s))"
    assert lines[1].split() == ["#", "WHEN", "WHAT", "DETAILS"]
    assert "Case imported" in lines[2] and "SHA-256 of the bundle file" in lines[2]
    assert "Finding changed" in lines[3] and "q1.svc1.determination set" in lines[3]
    assert lines[-1] == "The chain verifies: no event was altered, removed or reordered."


def test_an_altered_event_fails_verification_naming_it(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(
        data_dir,
        "UPDATE audit_events SET details = json_set(details, '$.field_id', 'q1.svc1.guideline') WHERE sequence = 3",
    )
    code, _out, err = run(data_dir, capsys, "audit", REFERENCE, "--verify")
    assert code == 1
    assert f"the history of {REFERENCE} does not verify" in err
    assert "event #3 (finding changed," in err and "was altered" in err
    assert "#2" not in err and "#4" not in err


def test_a_removed_event_fails_verification_naming_it(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(data_dir, "DELETE FROM audit_events WHERE sequence = 2")
    code, _, err = run(data_dir, capsys, "audit", REFERENCE, "--verify")
    assert code == 1
    assert "event #2 was removed (before event #3 (finding changed," in err


def test_swapped_events_fail_verification_naming_both(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(
        data_dir,
        "UPDATE audit_events SET sequence = -1 WHERE sequence = 2",
        "UPDATE audit_events SET sequence = 2 WHERE sequence = 3",
        "UPDATE audit_events SET sequence = 3 WHERE sequence = -1",
    )
    code, _, err = run(data_dir, capsys, "audit", REFERENCE, "--verify")
    assert code == 1
    assert "event #2 (finding changed," in err and "was written as event #3" in err
    assert "event #3 (finding changed," in err and "was written as event #2" in err


def test_without_verify_a_broken_chain_is_shown_but_not_an_error(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tamper(data_dir, "DELETE FROM audit_events WHERE sequence = 3")
    code, out, _ = run(data_dir, capsys, "audit", REFERENCE)
    assert code == 0
    assert "The chain is broken (1 problem(s)):" in out and "event #3 was removed" in out
    code, out, _ = run(data_dir, capsys, "audit", REFERENCE, "--json", "--verify")
    assert code == 1
    document = json.loads(out)
    assert document["chain_ok"] is False
    assert document["problems"] == [
        {
            "sequence": 3,
            "kind": None,
            "at": None,
            "fault": "removed",
            "message": document["problems"][0]["message"],
        }
    ]


def test_an_unknown_case_is_refused(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(data_dir, capsys, "audit", "PR-NONE")
    assert code == 1 and "There is no case 'PR-NONE'" in err
