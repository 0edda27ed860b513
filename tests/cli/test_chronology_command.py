"""`reviewer chronology`: the case's documents in date order, and the physician's corrections kept across runs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from reviewer_app.cli import main
from tests.bundle_builder import BundleSpec
from tests.pdf_corpus import text_pdf

KEYS = ["record", "first_page", "last_page", "date", "date_to", "type", "provider", "facility", "confidence"]
KEYS += ["summary", "source", "duplicate_of"]


def visit(date: str, title: str, author: str) -> list[str]:
    return [
        "Coast Orthopedics & Spine",
        title,
        "Patient: Jane Roe   DOB: 03/14/1978",
        f"Date of service: {date}",
        author,
        "Strength 5/5 in both legs. BP 120/80.",
        f"Electronically signed by {author.split(': ')[1]} on {date}",
    ]


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(["--data-dir", str(data_dir), *args])
    except SystemExit as usage:
        code = int(usage.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    spec = BundleSpec(files={})
    chart = [
        visit("04/02/2026", "PROGRESS NOTE", "Provider: Alan Chu, MD"),
        visit("March 16, 2026", "ORTHOPEDIC CONSULTATION", "Provider: CHU, ALAN"),
        ["Assessment: lumbar radiculopathy.", "Plan: MRI lumbar spine.", "Page 2 of 2"],
        visit("2026-04-20", "PHYSICAL THERAPY DAILY NOTE", "Therapist: Maria Lopez, DPT"),
    ]
    spec.with_file("records/001-chart.pdf", text_pdf(chart))
    spec.with_file("records/002-mri.pdf", text_pdf([["MRI LUMBAR SPINE", "Impression: L4-5 protrusion"]]))
    listed = spec.resolved_manifest()["records"]
    listed[1].update({"kind": "imaging", "date_from": "2026-03-30", "date_to": "2026-03-30"})
    spec.manifest["records"] = listed
    spec.manifest["parties"] = {"treating_providers": [{"name": "Dr. Alan Chu", "facility": "Coast Orthopedics"}]}
    assert main(["--data-dir", str(tmp_path / "data"), "import", str(spec.write_folder(tmp_path / "b"))]) == 0
    return tmp_path / "data"


def chronology(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    code, out, err = run(data_dir, capsys, "chronology", "PR-TEST-0001", "--json")
    assert code == 0, err
    entries: list[dict[str, object]] = json.loads(out)
    return entries


def test_the_documents_in_date_order_with_the_contracts_keys(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entries = chronology(data_dir, capsys)
    assert all(list(entry) == KEYS for entry in entries)
    assert [(e["record"], e["first_page"], e["last_page"], e["date"], e["type"]) for e in entries] == [
        ("records/001-chart.pdf", 2, 3, "2026-03-16", "consultation"),
        ("records/002-mri.pdf", 1, 1, "2026-03-30", "imaging"),
        ("records/001-chart.pdf", 1, 1, "2026-04-02", "office_visit"),
        ("records/001-chart.pdf", 4, 4, "2026-04-20", "therapy"),
    ]
    # "Alan Chu, MD" and "CHU, ALAN" are the manifest's Dr. Alan Chu; the MRI's date is the manifest's.
    assert [e["provider"] for e in entries] == ["Dr. Alan Chu", None, "Dr. Alan Chu", "Maria Lopez"]
    assert [e["source"] for e in entries] == ["found", "manifest", "found", "found"]


def test_csv_holds_the_same_entries(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "chronology.csv"
    code, _, err = run(data_dir, capsys, "chronology", "PR-TEST-0001", "--csv", str(out))
    assert code == 0, err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == KEYS and len(rows) == 4
    assert rows[0]["date"] == "2026-03-16" and rows[0]["first_page"] == "2"


def test_a_split_and_a_re_date_are_kept_and_in_the_history(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corrections = tmp_path / "corrections.json"
    corrections.write_text(
        json.dumps(
            [
                {"record": "records/001-chart.pdf", "first_page": 2, "last_page": 2, "summary": "Consultation"},
                {"record": "records/001-chart.pdf", "first_page": 3, "last_page": 3, "date": "2026-03-17"},
                {"record": "records/001-chart.pdf", "first_page": 4, "last_page": 4, "date": "2026-04-21"},
            ]
        )
    )
    code, out, err = run(data_dir, capsys, "chronology", "set", "PR-TEST-0001", str(corrections))
    assert code == 0, err
    assert "3 correction(s) kept" in out
    entries = chronology(data_dir, capsys)  # a new run: the corrections still apply
    chart = {(e["first_page"], e["last_page"]): e for e in entries if e["record"] == "records/001-chart.pdf"}
    assert set(chart) == {(1, 1), (2, 2), (3, 3), (4, 4)}
    assert chart[(2, 2)]["summary"] == "Consultation" and chart[(2, 2)]["source"] == "corrected"
    assert chart[(3, 3)]["date"] == "2026-03-17" and chart[(4, 4)]["date"] == "2026-04-21"
    assert chart[(1, 1)]["source"] == "found"

    history = json.loads(run(data_dir, capsys, "audit", "PR-TEST-0001", "--json")[1])
    events = history["events"] if isinstance(history, dict) else history
    corrected = [e for e in events if e["kind"] == "chronology_corrected"]
    assert [e["details"]["changes"] for e in corrected] == [["split", "summary"], ["split", "date"], ["date"]]
    assert all("2026" not in json.dumps(e["details"]) for e in corrected)  # the values stay out of the history

    # The chronology sent back as printed changes nothing more.
    corrections.write_text(json.dumps(entries))
    code, out, _ = run(data_dir, capsys, "chronology", "set", "PR-TEST-0001", str(corrections))
    assert code == 0 and "Nothing changed" in out


def test_wrong_corrections_are_refused_in_words_and_nothing_is_kept(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = chronology(data_dir, capsys)
    corrections = tmp_path / "corrections.json"
    corrections.write_text(
        json.dumps(
            [
                {"record": "records/001-chart.pdf", "first_page": 1, "last_page": 1, "type": "consultation"},
                {"record": "records/001-chart.pdf", "first_page": 3, "last_page": 7},
                {"record": "records/001-chart.pdf", "first_page": 4, "last_page": 4, "date": "April 21"},
            ]
        )
    )
    code, _, err = run(data_dir, capsys, "chronology", "set", "PR-TEST-0001", str(corrections))
    assert code == 1
    assert "none of them" in err and "pages 3-7 are not a range" in err and "'April 21' is not a date" in err
    assert "Traceback" not in err
    assert chronology(data_dir, capsys) == before
    code, _, err = run(data_dir, capsys, "chronology", "set", "PR-TEST-0001")
    assert code == 2 and "set CASE FILE.json" in err
