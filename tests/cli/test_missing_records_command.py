"""`reviewer missing-records CASE [--json] [--letter FILE]`: what the records mention but do not contain."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from reviewer_app.cli import main
from tests.bundle_builder import BundleSpec
from tests.pdf_corpus import text_pdf
from tests.services.test_missing_records_service import MRI, NOTE


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), *args])
    return code, capsys.readouterr().out


def test_the_command_lists_each_missing_record_with_its_page_and_writes_the_letter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = BundleSpec(files={})
    spec.with_file("records/001-notes.pdf", text_pdf([NOTE]))
    spec.with_file("records/002-mri.pdf", text_pdf([MRI]))
    data = tmp_path / "data"
    assert run(data, capsys, "import", str(spec.write_folder(tmp_path / "b")))[0] == 0
    code, out = run(data, capsys, "missing-records", "PR-TEST-0001", "--json")
    assert code == 0
    listed = json.loads(out)
    assert [(m["what"], m["date"], m["provider"]) for m in listed] == [
        ("Visit", "2026-03-30", "Dr. Raman"),
        ("EMG/NCS", "2026-05-02", None),
    ]
    assert listed[1]["mentions"] == [
        {
            "record": "records/001-notes.pdf",
            "page": 1,
            "sentence": "EMG/NCS performed 5/2/26 showed a left L5 radiculopathy.",
        }
    ]
    letter = tmp_path / "request.pdf"
    code, out = run(data, capsys, "missing-records", "PR-TEST-0001", "--letter", str(letter))
    assert code == 0
    assert "EMG/NCS of 05/02/2026: records/001-notes.pdf p. 1" in out
    pdf = pdfium.PdfDocument(letter)
    text = " ".join(pdf[0].get_textpage().get_text_range().split())
    pdf.close()
    assert "Visit, 03/30/2026" in text and "EMG/NCS, 05/02/2026" in text and "MRI" not in text


def test_conflicts_are_listed_and_acknowledged_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    profile = tmp_path / "profile.json"
    profile.write_text('{"name": "Pat Reviewer", "conflicts": ["Alan Chu, MD"]}', encoding="utf-8")
    assert run(data, capsys, "profile", "set", str(profile))[0] == 0
    spec = BundleSpec(files={})
    spec.with_file("records/001-notes.pdf", text_pdf([NOTE]))
    assert run(data, capsys, "import", str(spec.write_folder(tmp_path / "b")))[0] == 0
    _, out = run(data, capsys, "conflicts", "PR-TEST-0001", "--json")
    assert json.loads(out) == [
        {
            "conflict": "Alan Chu, MD",
            "found": "Alan Chu",
            "where": "records/001-notes.pdf, page 1",
            "acknowledged": False,
        }
    ]
    _, out = run(data, capsys, "check", "PR-TEST-0001")
    assert 'Conflict of interest with "Alan Chu, MD"' in out
    args = ("conflicts", "PR-TEST-0001", "--acknowledge", "Alan Chu, MD", "--reason", "Met once at a conference")
    assert run(data, capsys, *args)[0] == 0
    _, out = run(data, capsys, "conflicts", "PR-TEST-0001", "--json")
    assert json.loads(out)[0]["acknowledged"] is True
