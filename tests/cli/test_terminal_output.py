"""Nothing a vendor wrote reaches the terminal as an escape sequence: it is shown, escaped, instead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer_app.cli import main
from tests.bundle_builder import BundleSpec

CLEAR_SCREEN = "\x1b[2J"
RETITLE = "\x1b]0;owned\x07"
C1_CSI = "\x9b2J"  # one-character CSI, which JSON leaves raw
HOSTILE_REFERENCE = f"PR-{CLEAR_SCREEN}1{RETITLE}"


def _hostile_bundle(tmp_path: Path) -> Path:
    spec = BundleSpec()
    spec.manifest["case"]["reference"] = HOSTILE_REFERENCE
    spec.manifest["claimant"]["name"]["family"] = f"Doe{C1_CSI}"
    spec.files = {f"records/note{CLEAR_SCREEN}.txt": b"Progress note.\n"}
    return spec.write_folder(tmp_path / "bundle")


def _assert_no_controls(text: str) -> None:
    assert not [c for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F], repr(text)


def test_import_cases_and_show_print_escapes_visibly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["import", str(_hostile_bundle(tmp_path)), *data]) == 0
    imported = capsys.readouterr()
    assert main(["cases", *data]) == 0
    listed = capsys.readouterr()
    assert main(["show", HOSTILE_REFERENCE, *data]) == 0
    shown = capsys.readouterr()
    for output in (imported, listed, shown):
        _assert_no_controls(output.out + output.err)
        assert "PR-\\x1b[2J1\\x1b]0;owned\\x07" in output.out  # the physician still sees what was sent
    assert "Doe\\x9b2J" in listed.out and "records/note\\x1b[2J.txt" in shown.out


def test_refusals_on_stderr_are_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "import", str(tmp_path / f"nothere{RETITLE}.zip")]) == 1
    err = capsys.readouterr().err
    _assert_no_controls(err)
    assert "nothere\\x1b]0;owned\\x07.zip" in err


def test_json_output_keeps_the_values_and_no_raw_control(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["import", str(_hostile_bundle(tmp_path)), "--json", *data]) == 0
    imported = capsys.readouterr().out
    assert main(["cases", "--json", *data]) == 0
    listed = capsys.readouterr().out
    assert main(["show", HOSTILE_REFERENCE, "--json", *data]) == 0
    shown = capsys.readouterr().out
    for output in (imported, listed, shown):
        _assert_no_controls(output)
    assert json.loads(imported)["reference"] == HOSTILE_REFERENCE
    [case] = json.loads(listed)
    assert case["claimant"]["family"] == f"Doe{C1_CSI}"
    assert json.loads(shown)["records"][0]["path"] == f"records/note{CLEAR_SCREEN}.txt"
