"""The signed report from the command line: draft, sign, verify, refuse edits, addendum, return package, purge.

One data folder holds both demo cases, filled as a physician would; the tests run in file
order because signing is a one-way step (each test says which state it expects).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest

from reviewer_app.cli import main
from reviewer_app.demo.bundles import write_demo_bundles
from reviewer_app.services.cases import find_case
from reviewer_app.services.data_folder import open_data_folder
from reviewer_app.services.demo import ensure_demo_cases
from reviewer_app.services.reporting import draft_preview_file
from reviewer_app.signing import certutil_path, create_nss_database
from tests.reports.demo_findings import IME, PEER_REVIEW, PHYSICIAN, fill_demo_findings

PASSWORD = "signing password 1"


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def workplace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("signed")
    folder = open_data_folder(root / "data")
    ensure_demo_cases(folder)
    fill_demo_findings(folder)
    folder.close()
    (root / "password.txt").write_text(PASSWORD + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def data_dir(workplace: Path) -> Path:
    return workplace / "data"


@pytest.fixture(scope="module")
def password_file(workplace: Path) -> Path:
    return workplace / "password.txt"


def test_a_certificate_is_created_from_the_profile(
    data_dir: Path, password_file: Path, workplace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = workplace / "me.p12"
    code, stdout, _ = run(
        data_dir, capsys, "profile", "certificate", "--out", str(out), "--password-file", str(password_file)
    )
    assert code == 0, stdout
    assert out.is_file() and "authority certificate" in stdout
    assert (data_dir / "signing" / "ca.pem").is_file()


def test_a_declaration_dated_another_day_is_flagged_but_does_not_block(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(data_dir, capsys, "check", PEER_REVIEW, "--json")
    check = json.loads(out)
    assert code == 0 and check["ready"]
    dated = [item for item in check["items"] if "Date signed" in item["text"]]
    assert dated and not dated[0]["blocking"] and "not today" in dated[0]["text"]


def test_a_draft_is_marked_on_every_page_and_is_byte_stable(
    data_dir: Path, workplace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = workplace / "draft-1.pdf", workplace / "draft-2.pdf"
    assert run(data_dir, capsys, "report", PEER_REVIEW, "--out", str(first))[0] == 0
    assert run(data_dir, capsys, "report", PEER_REVIEW, "--out", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    pages = pdftotext(first).split("\f")[:-1]
    assert len(pages) >= 2
    assert all("DRAFT" in page for page in pages)


def test_a_case_that_check_does_not_pass_is_not_signed(
    data_dir: Path, password_file: Path, workplace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, template, _ = run(data_dir, capsys, "findings", "template", IME, "--json")
    field = next(f for f in json.loads(template)["fields"] if f["required"] and f["id"].startswith("q"))
    required, label = field["id"], field["label"].split(" · ")[-1]
    _, exported, _ = run(data_dir, capsys, "findings", "export", IME)
    kept = json.loads(exported)[required]
    cleared = workplace / "cleared.json"
    cleared.write_text(json.dumps({required: None}), encoding="utf-8")
    assert run(data_dir, capsys, "findings", "set", IME, str(cleared))[0] == 0
    out = workplace / "not-ready.pdf"
    code, _, err = run(data_dir, capsys, "sign", IME, "--out", str(out), "--password-file", str(password_file))
    assert code == 1 and "not ready to sign" in err and f"\u201c{label}\u201d is not filled in" in err
    assert required not in err  # the physician reads the question and the label, not the field id
    assert not out.exists()
    cleared.write_text(json.dumps({required: kept}), encoding="utf-8")
    assert run(data_dir, capsys, "findings", "set", IME, str(cleared))[0] == 0


def test_a_wrong_password_or_an_unwritable_path_signs_nothing(
    data_dir: Path, workplace: Path, password_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = workplace / "wrong.txt"
    wrong.write_text("not the password\n", encoding="utf-8")
    out = workplace / "wrong.pdf"
    code, _, err = run(data_dir, capsys, "sign", IME, "--out", str(out), "--password-file", str(wrong))
    assert code == 1 and "password is not correct" in err
    assert not out.exists()
    code, _, err = run(
        data_dir, capsys, "sign", IME, "--out", str(workplace / "no-such-folder" / "r.pdf"),
        "--password-file", str(password_file),
    )  # fmt: skip
    assert code == 1 and "does not exist" in err
    # Nothing was locked: the findings still take changes.
    code, out_text, _ = run(data_dir, capsys, "findings", "export", IME)
    answers = json.loads(out_text)
    changes = workplace / "same.json"
    changes.write_text(json.dumps(answers), encoding="utf-8")
    assert run(data_dir, capsys, "findings", "set", IME, str(changes))[0] == 0


def test_the_signed_report_verifies_and_holds_every_question(
    data_dir: Path, workplace: Path, password_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    signed = workplace / "signed.pdf"
    code, out, err = run(
        data_dir, capsys, "sign", PEER_REVIEW, "--out", str(signed), "--password-file", str(password_file)
    )
    assert code == 0, err
    assert "locked" in out
    code, out, _ = run(data_dir, capsys, "verify", str(signed), "--json")
    check = json.loads(out)
    assert code == 0 and check["valid"] and check["trusted"] and check["covers_whole_document"]
    assert check["signer"] == PHYSICIAN

    text = pdftotext(signed)
    assert "DRAFT" not in text
    assert PHYSICIAN in text
    assert "Case history at signing" in text
    code, out, _ = run(data_dir, capsys, "show", PEER_REVIEW, "--json")
    questions = json.loads(out)["questions"]
    flat = " ".join(text.split())
    for question in questions:
        assert " ".join(question["text"].split()) in flat


@pytest.mark.skipif(shutil.which("pdfsig") is None or certutil_path() is None, reason="poppler pdfsig/certutil missing")
def test_pdfsig_finds_the_signature_valid_and_the_whole_document_signed(data_dir: Path, workplace: Path) -> None:
    nss = create_nss_database(workplace / "nss", [(data_dir / "signing" / "ca.pem").read_bytes()])
    result = subprocess.run(
        ["pdfsig", "-nssdir", str(nss), str(workplace / "signed.pdf")], capture_output=True, text=True, check=False
    )
    assert "Signature is Valid" in result.stdout, result.stdout
    assert "Total document signed" in result.stdout


@pytest.mark.parametrize("damage", ["changed byte", "appended byte"])
def test_one_changed_or_appended_byte_fails_verification(
    data_dir: Path, workplace: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    data = bytearray((workplace / "signed.pdf").read_bytes())
    if damage == "appended byte":
        data += b"\n"
    else:
        position = data.index(b"/Producer")  # inside the signed range, outside the signature's own bytes
        data[position + 1] ^= 0x01
    tampered = workplace / f"tampered-{damage.replace(' ', '-')}.pdf"
    tampered.write_bytes(bytes(data))
    code, _, err = run(data_dir, capsys, "verify", str(tampered))
    assert code == 1 and "NOT VALID" in err


def test_a_signed_case_refuses_edits_and_a_second_signature(
    data_dir: Path, workplace: Path, password_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change = workplace / "change.json"
    change.write_text(json.dumps({"q1.svc1.determination": "non_certify"}), encoding="utf-8")
    code, _, err = run(data_dir, capsys, "findings", "set", PEER_REVIEW, str(change))
    assert code == 1 and "was signed" in err
    code, _, err = run(
        data_dir,
        capsys,
        "sign",
        PEER_REVIEW,
        "--out",
        str(workplace / "again.pdf"),
        "--password-file",
        str(password_file),
    )
    assert code == 1 and "was signed" in err
    code, out, _ = run(data_dir, capsys, "cases", "--json")
    assert next(c for c in json.loads(out) if c["reference"] == PEER_REVIEW)["status"] == "signed"
    # "Before signing" no longer lists what the signature settled: one line says it is signed.
    code, out, _ = run(data_dir, capsys, "check", PEER_REVIEW, "--json")
    check = json.loads(out)
    assert code == 1 and check["signed"] is True and check["ready"] is False
    assert [item["blocking"] for item in check["items"]] == [False]
    assert check["items"][0]["text"].startswith("Report signed on ")


def test_the_return_package_holds_the_report_findings_and_records_with_their_hashes(
    data_dir: Path, workplace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = workplace / "return.zip"
    code, _, err = run(data_dir, capsys, "export", PEER_REVIEW, "--out", str(package))
    assert code == 0, err
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        assert {"report.pdf", "findings.json", "records-reviewed.json", "manifest.json"} <= names
        manifest = json.loads(archive.read("manifest.json"))
        for entry in manifest["files"]:
            assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
        assert archive.read("report.pdf") == (workplace / "signed.pdf").read_bytes()
        findings = json.loads(archive.read("findings.json"))
        records = json.loads(archive.read("records-reviewed.json"))
        chronology, chronology_csv = archive.read("chronology.json"), archive.read("chronology.csv")
        assert {"chronology.json", "chronology.csv"} <= {entry["path"] for entry in manifest["files"]}
    assert manifest["form"]["id"] == "peer_review"
    # The chronology as `reviewer chronology --json` and `--csv` give it, the corrections applied.
    code, out, _ = run(data_dir, capsys, "chronology", PEER_REVIEW, "--json", "--csv", str(workplace / "c.csv"))
    assert code == 0 and json.loads(chronology) == json.loads(out) != []
    assert chronology_csv == (workplace / "c.csv").read_bytes()
    # The signed report carries the same chronology as its table of records reviewed.
    signed_text = " ".join(pdftotext(workplace / "signed.pdf").split())
    first = json.loads(chronology)[0]
    assert "Date Provider Type Summary Pages" in signed_text and "Records received" in signed_text
    assert f"p. {first['first_page']}" in signed_text
    code, out, _ = run(data_dir, capsys, "findings", "export", PEER_REVIEW)
    assert findings == json.loads(out)
    assert records["totals"]["received"] == sum(r["pages"] or 0 for r in records["records"]) > 0


def test_new_records_for_a_signed_case_open_an_addendum_that_references_the_original(
    data_dir: Path, workplace: Path, password_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundles = write_demo_bundles(workplace / "bundles", dt.datetime.now(dt.UTC))
    bundle = next(b for b in bundles if b.name == PEER_REVIEW)
    manifest = json.loads((bundle / "case.json").read_text(encoding="utf-8"))
    letter = b"Supplemental note 11/20/2026: the claimant reports 50% relief after the injection.\n"
    (bundle / "records" / "30-supplemental-note.txt").write_bytes(letter)
    manifest["records"].append(
        {
            "path": "records/30-supplemental-note.txt",
            "sha256": hashlib.sha256(letter).hexdigest(),
            "title": "Supplemental progress note",
            "provider": "Example Pain Clinic",
            "date_from": "2026-11-20",
        }
    )
    (bundle / "case.json").write_text(json.dumps(manifest), encoding="utf-8")
    code, _, err = run(data_dir, capsys, "import", str(bundle), "--as-new-version")
    assert code == 0, err

    change = workplace / "addendum-change.json"
    change.write_text(json.dumps({"q2.svc2.approved_quantity": 8}), encoding="utf-8")
    code, _, err = run(data_dir, capsys, "findings", "set", PEER_REVIEW, str(change))
    assert code == 0, err
    addendum = workplace / "addendum.pdf"
    code, out, err = run(
        data_dir, capsys, "sign", PEER_REVIEW, "--out", str(addendum), "--password-file", str(password_file)
    )
    assert code == 0, err
    assert "Addendum" in out
    original_sha = hashlib.sha256((workplace / "signed.pdf").read_bytes()).hexdigest()
    flat = " ".join(pdftotext(addendum).split())
    assert "Addendum" in flat
    assert original_sha in flat.replace(" ", "") or original_sha[:16] in flat
    assert "Supplemental progress note" in flat
    assert "Changed answers" in flat and "Approved quantity" in flat and "Q2" in flat
    assert run(data_dir, capsys, "verify", str(addendum))[0] == 0


def test_purge_removes_record_files_and_keeps_report_findings_and_history(
    data_dir: Path, workplace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, before, _ = run(data_dir, capsys, "findings", "export", PEER_REVIEW)
    folder = open_data_folder(data_dir)
    try:
        preview = draft_preview_file(folder, find_case(folder, PEER_REVIEW))
    finally:
        folder.close()
    code, out, err = run(data_dir, capsys, "purge", PEER_REVIEW)
    assert code == 0, err
    assert "report, findings and audit trail are kept" in out
    assert not preview.exists(), "the draft preview held the same patient data"
    _, shown, _ = run(data_dir, capsys, "show", PEER_REVIEW, "--json")
    case = json.loads(shown)
    assert case["records"], "the records stay listed for the report"
    _, after, _ = run(data_dir, capsys, "findings", "export", PEER_REVIEW)
    assert json.loads(after) == json.loads(before)
    code, hits, _ = run(data_dir, capsys, "search", PEER_REVIEW, "injection", "--json")
    assert code == 0 and json.loads(hits) == {"total": 0, "per_record": [], "hits": []}
    # The signed reports are kept and still verify; the export still works.
    assert run(data_dir, capsys, "export", PEER_REVIEW, "--out", str(workplace / "after-purge.zip"))[0] == 0
    # The IME shares the MRI file with the peer review: its copy is still there.
    _, ime_hits, _ = run(data_dir, capsys, "search", IME, "protrusion", "--json")
    assert json.loads(ime_hits)["hits"]


def test_deleting_the_history_a_signed_report_vouched_for_is_reported(
    data_dir: Path, workplace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = workplace / "tampered-data"
    shutil.copytree(data_dir, copy)
    assert run(copy, capsys, "audit", PEER_REVIEW, "--verify")[0] == 0
    with sqlite3.connect(copy / "reviewer.sqlite3") as connection:
        case_id, anchored = connection.execute(
            "SELECT case_id, history_events FROM signed_reports ORDER BY number LIMIT 1"
        ).fetchone()
        connection.execute("DROP TRIGGER audit_events_no_delete")
        # Everything from the last event the report recorded onwards: a chain that is still whole.
        connection.execute("DELETE FROM audit_events WHERE case_id = ? AND sequence >= ?", (case_id, anchored))
    code, _, err = run(copy, capsys, "audit", PEER_REVIEW, "--verify")
    assert code == 1 and f"event #{anchored}" in err and "signed report" in err
