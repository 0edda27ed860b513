"""`reviewer billing CASE [--json]`: each billed line against the records, with its status and its pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer_app.cli import main
from tests.bundle_builder import BundleSpec
from tests.pdf_corpus import text_pdf


def therapy_note(date: str, lines: list[str]) -> list[str]:
    return [
        "Coastline Physical Therapy",
        "PHYSICAL THERAPY DAILY NOTE",
        "Patient: Jane Roe   DOB: 03/14/1978",
        f"Date of service: {date}",
        "Therapist: Elena Vasquez, DPT",
        *lines,
        f"Electronically signed by Elena Vasquez, DPT on {date}",
    ]


def office_visit(date: str, code_line: str) -> list[str]:
    return [
        "Coast Orthopedics & Spine",
        "PROGRESS NOTE",
        "Patient: Jane Roe   DOB: 03/14/1978",
        f"Date of service: {date}",
        "Provider: Alan Chu, MD",
        "Low back pain radiating to the left leg. Strength 5/5. BP 120/80.",
        code_line,
        f"Electronically signed by Alan Chu, MD on {date}",
    ]


CLAIM_FORM = [
    "HEALTH INSURANCE CLAIM FORM",
    "24. A. DATE(S) OF SERVICE  B. PLACE  D. PROCEDURES  E. DX PTR  F. $ CHARGES  G. DAYS OR UNITS  J. NPI",
    "04 02 26  04 02 26  11  99214  A  240 00  1  1234567890",
    "31. SIGNATURE OF PHYSICIAN  Alan Chu, MD",
    "33. BILLING PROVIDER INFO & PH # (562) 555-0142",
    "Coast Orthopedics & Spine",
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
    therapy = [
        therapy_note("03/16/2026", ["Therapeutic exercise 25 min", "Manual therapy 10 min"]),
        therapy_note("03/18/2026", ["97110 x2", "Pain 4/10."]),
        therapy_note("03/20/2026", ["Therapeutic exercise 30 min"]),
    ]
    spec.with_file("records/001-therapy.pdf", text_pdf(therapy))
    visits = [office_visit("04/02/2026", "E/M: 99213 established patient"), CLAIM_FORM]
    spec.with_file("records/002-ortho.pdf", text_pdf(visits))
    spec.manifest["claimant"]["date_of_injury"] = "2026-03-01"
    line = {"code_system": "CPT", "provider": "Coastline Physical Therapy", "diagnosis_codes": ["S39.012A"]}
    spec.manifest["billing"] = [
        {**line, "date_of_service": "2026-03-16", "code": "97110", "units": 2, "charge": "90.00"},
        {**line, "date_of_service": "2026-03-16", "code": "97140", "units": 1, "charge": "45.00"},
        {**line, "date_of_service": "2026-03-18", "code": "97110", "units": 4, "charge": "180.00"},
        {**line, "date_of_service": "2026-03-25", "code": "97110", "units": 2, "charge": "90.00"},
        {**line, "date_of_service": "2026-02-10", "code": "97110", "units": 2, "charge": "90.00"},
    ]
    assert main(["--data-dir", str(tmp_path / "data"), "import", str(spec.write_folder(tmp_path / "b"))]) == 0
    return tmp_path / "data"


def billing(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    code, out, err = run(data_dir, capsys, "billing", "PR-TEST-0001", "--json")
    assert code == 0, err
    return list(json.loads(out))


def test_each_billed_line_has_the_status_the_records_give_it(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = billing(data_dir, capsys)
    status = {(x["date_of_service"], x["code"]): x["status"] for x in lines if x["code"]}
    assert status[("2026-03-16", "97110")] == "documented"  # 25 minutes: two units by the 8-minute rule
    assert status[("2026-03-16", "97140")] == "documented"
    assert status[("2026-03-18", "97110")] == "units_differ"  # "97110 x2", four billed
    assert status[("2026-03-25", "97110")] == "not_documented"  # no visit that day
    assert status[("2026-02-10", "97110")] == "outside_dates"  # before the injury
    assert status[("2026-04-02", "99214")] == "code_differs"  # the claim form's line; the note says 99213
    unbilled = [x for x in lines if x["status"] == "not_billed"]
    assert [x["date_of_service"] for x in unbilled] == ["2026-03-20"]


def test_each_line_names_the_pages_that_show_it(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = billing(data_dir, capsys)
    units = next(x for x in lines if x["status"] == "units_differ")
    assert units["units_billed"] == 4 and units["units_documented"] == 2
    assert units["pages"] == [{"record": "records/001-therapy.pdf", "page": 2}]
    code = next(x for x in lines if x["status"] == "code_differs")
    assert code["code_documented"] == "99213"
    assert code["bill_pages"] == [{"record": "records/002-ortho.pdf", "page": 2}]
    assert {"record": "records/002-ortho.pdf", "page": 1} in code["pages"]  # type: ignore[operator]
    assert all(x["pages"] for x in lines if x["status"] != "not_documented" and x["status"] != "outside_dates")


def test_the_table_says_each_status_in_words(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(data_dir, capsys, "billing", "PR-TEST-0001")
    assert code == 0, err
    assert "Billing against the records for PR-TEST-0001: 6 billed line(s)" in out
    assert "Units differ" in out and "Code differs" in out and "Not billed" in out and "Outside the dates" in out
    assert "records/001-therapy.pdf p. 2" in out


def test_an_unknown_case_is_refused(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(data_dir, capsys, "billing", "NO-SUCH-CASE")
    assert code == 1
    assert "NO-SUCH-CASE" in err
