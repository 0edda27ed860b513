"""`reviewer review`: the physician marks a range or a whole record reviewed; `show --json` and the history agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer_app.cli import main
from tests.bundle_builder import BundleSpec
from tests.pdf_corpus import text_pdf


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(["--data-dir", str(data_dir), *args])
    except SystemExit as usage:  # argparse's wrong usage
        code = int(usage.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    spec = BundleSpec(files={})
    spec.with_file("records/001-chart.pdf", text_pdf([[f"Nursing flowsheet {n}"] for n in range(12)]))
    spec.with_file("records/002-mri.pdf", text_pdf([["MRI lumbar spine"], ["Impression: L4-5 protrusion"]]))
    assert main(["--data-dir", str(tmp_path / "data"), "import", str(spec.write_folder(tmp_path / "b"))]) == 0
    return tmp_path / "data"


def reviewed(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, int]]:
    shown = json.loads(run(data_dir, capsys, "show", "PR-TEST-0001", "--json")[1])
    return shown["pages_reviewed"], {record["path"]: record["pages_reviewed"] for record in shown["records"]}


def test_a_range_then_a_whole_record_moves_the_counts(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert reviewed(data_dir, capsys) == (0, {"records/001-chart.pdf": 0, "records/002-mri.pdf": 0})

    code, out, _ = run(data_dir, capsys, "review", "PR-TEST-0001", "records/001-chart.pdf", "--pages", "3-7", "--json")
    assert code == 0
    marked = json.loads(out)
    assert marked["newly_reviewed"] == [3, 4, 5, 6, 7] and marked["pages_reviewed"] == 5
    assert marked["case_pages"] == 14 and marked["case_pages_reviewed"] == 5
    assert reviewed(data_dir, capsys) == (5, {"records/001-chart.pdf": 5, "records/002-mri.pdf": 0})

    code, out, _ = run(data_dir, capsys, "review", "PR-TEST-0001", "records/001-chart.pdf")  # the whole record
    assert code == 0
    assert out.strip() == (
        "Marked pages 1-12 of records/001-chart.pdf reviewed (7 not reviewed before). "
        "12 of its 12 pages and 12 of the case's 14 pages are reviewed."
    )
    assert reviewed(data_dir, capsys) == (12, {"records/001-chart.pdf": 12, "records/002-mri.pdf": 0})

    # Each marking is an event in the case's history, naming the pages.
    history = json.loads(run(data_dir, capsys, "audit", "PR-TEST-0001", "--json")[1])
    events = history["events"] if isinstance(history, dict) else history
    marked_events = [e for e in events if e["kind"] == "pages_reviewed"]
    assert [e["details"]["pages"] for e in marked_events] == [5, 7]


def test_pages_outside_the_record_or_an_unknown_record_are_refused_in_words(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(data_dir, capsys, "review", "PR-TEST-0001", "records/002-mri.pdf", "--pages", "2-5")
    assert code == 1 and "Pages 2-5 are not in records/002-mri.pdf, which has 2 pages." in err
    code, _, err = run(data_dir, capsys, "review", "PR-TEST-0001", "records/nope.pdf")
    assert code == 1 and "has no record 'records/nope.pdf'" in err
    code, _, err = run(data_dir, capsys, "review", "PR-TEST-0001", "records/002-mri.pdf", "--pages", "5-2")
    assert code == 2 and "is not a page range" in err
    assert reviewed(data_dir, capsys)[0] == 0
